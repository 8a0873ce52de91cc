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

    @Test("CSV output has the schema's header and reads back to the generator's values, commas in text and all")
    func csvReadsBack() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run([
            "data", "gen", "--scale", "0.01", "--tables", "supplier,orders", "--format", "csv", "--out",
            directory.path,
        ])
        #expect(result.status == 0)
        let generator = try TPCHGenerator(scale: 0.01)
        for table in [TPCHTable.supplier, .orders] {
            let bytes = Array(try Data(contentsOf: directory.appendingPathComponent("\(table.rawValue).csv")))
            #expect(try CSV.readHeader(bytes) == table.schema.fields.map(\.name))
            let parsed = try CSV.read(bytes, schema: table.schema, batchSize: 1 << 20)
            let generated = generator.batches(table, batchSize: 1 << 20)
            #expect(parsed.map(\.rowCount) == generated.map(\.rowCount), "\(table)")
            for (theirs, ours) in zip(parsed, generated) {
                for column in 0..<table.schema.count {
                    let mismatch = (0..<ours.rowCount).first {
                        ours.columns[column].scalar(at: $0) != theirs.columns[column].scalar(at: $0)
                    }
                    #expect(mismatch == nil, "\(table) column \(column) row \(mismatch ?? -1)")
                }
            }
        }
        // Supplier addresses and comments hold commas, so the CSV writer must have quoted them.
        #expect(
            try String(contentsOf: directory.appendingPathComponent("supplier.csv"), encoding: .utf8).contains("\""))
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
