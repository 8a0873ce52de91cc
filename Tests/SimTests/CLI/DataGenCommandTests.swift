import ArrowLite
import Foundation
import TPCH
import Testing

@Suite("clustersim data gen") struct DataGenCommandTests {
    @Test("a generated .tbl file equals the library's bytes, made in another process")
    func tblInAnotherProcess() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run([
            "data", "gen", "--scale", "0.01", "--tables", "supplier,nation", "--out", directory.path,
        ])
        #expect(result.status == 0)
        #expect(result.stderr.contains("supplier: 100 rows"))
        let file = try Data(contentsOf: directory.appendingPathComponent("supplier.tbl"))
        #expect(try Array(file) == TPCHGenerator(scale: 0.01).tbl(.supplier))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [
                "nation.tbl", "supplier.tbl",
            ])
    }

    @Test("--parts writes one file per part in a folder per table, and Arrow output reads back")
    func partsAndArrow() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run([
            "data", "gen", "--scale", "0.01", "--tables", "region,customer", "--parts", "3", "--format", "arrow",
            "--out", directory.path,
        ])
        #expect(result.status == 0)
        let files = try FileManager.default.contentsOfDirectory(
            atPath: directory.appendingPathComponent("customer").path
        ).sorted()
        #expect(files == ["customer.1.arrow", "customer.2.arrow", "customer.3.arrow"])
        var rows = 0
        for file in files {
            let table = try TableFile.read(
                path: directory.appendingPathComponent("customer/\(file)").path, format: .arrow)
            #expect(table.schema == TPCHTable.customer.schema)
            rows += table.batches.reduce(0) { $0 + $1.rowCount }
        }
        #expect(rows == 1_500)
    }

    @Test("bad arguments exit 2 with a precise message and write nothing")
    func badArguments() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let typo = try CLI.run(["data", "gen", "--scale", "1", "--tables", "lineitems", "--out", directory.path])
        #expect(typo.status == 2 && typo.stderr.contains("did you mean lineitem?"))
        let zero = try CLI.run(["data", "gen", "--scale", "0", "--out", directory.path])
        #expect(zero.status == 2 && zero.stderr.contains("--scale expects a positive number"))
        let format = try CLI.run(["data", "gen", "--scale", "1", "--format", "parquet", "--out", directory.path])
        #expect(format.status == 2 && format.stderr.contains("tbl, csv, arrow"))
        let tiny = try CLI.run(["data", "gen", "--scale", "0.00001", "--out", directory.path])
        #expect(tiny.status == 2 && tiny.stderr.contains("out of range: expected 0.0001 to 100000"))
        let arrow = try CLI.run([
            "data", "gen", "--scale", "3", "--format", "arrow", "--tables", "lineitem", "--out", directory.path,
        ])
        #expect(arrow.status == 2 && arrow.stderr.contains("a lineitem file would have 17996609 rows"))
        #expect(arrow.stderr.contains("add --parts 3 or more"))
        let missing = try CLI.run(["data", "gen", "--scale", "1"])
        #expect(missing.status == 2 && missing.stderr.contains("--out is required"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
