import ArrowLite
import Foundation
import Testing

@Suite("clustersim data convert and data cat") struct DataCommandTests {
    static let csv = "id,name,price,day\n1,apple,1.50,2024-01-31\n2,\"pear, ripe\",,2024-02-29\n3,,0.05,\n"
    static let spec = "int64,utf8,decimal(15,2),date32"

    func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(DataCommandTests.csv.utf8).write(to: directory.appendingPathComponent("t.csv"))
        try body(directory)
    }

    @Test("CSV → .arrow → .arrows → CSV gives back the same text, and the Arrow file keeps schema and values")
    func roundTrip() throws {
        try withDirectory { directory in
            #expect(
                try CLI.run(["data", "convert", "t.csv", "t.arrow", "--schema", DataCommandTests.spec], in: directory)
                    .status == 0)
            #expect(try CLI.run(["data", "convert", "t.arrow", "copy.arrow"], in: directory).status == 0)
            #expect(try CLI.run(["data", "convert", "copy.arrow", "t.arrows"], in: directory).status == 0)
            #expect(try CLI.run(["data", "convert", "t.arrows", "back.csv"], in: directory).status == 0)
            let back = try String(contentsOf: directory.appendingPathComponent("back.csv"), encoding: .utf8)
            #expect(back == DataCommandTests.csv)
            let original = try TableFile.read(path: directory.appendingPathComponent("t.arrow").path, format: .arrow)
            let copy = try TableFile.read(path: directory.appendingPathComponent("copy.arrow").path, format: .arrow)
            #expect(original.schema == copy.schema)
            #expect(
                original.schema.fields.map(\.dataType) == [
                    .int64, .utf8, .decimal128(precision: 15, scale: 2), .date32,
                ])
            let values = { (t: (schema: Schema, batches: [RecordBatch])) in
                t.batches.flatMap { b in (0..<b.rowCount).flatMap { r in b.columns.map { $0.scalar(at: r) } } }
            }
            #expect(values(original) == values(copy))
        }
    }

    @Test("a failed conversion exits 2, names file:line:col, and leaves no output file")
    func failedConversionLeavesNothing() throws {
        try withDirectory { directory in
            try Data("id,name\n1,a\n2,b,c\n".utf8).write(to: directory.appendingPathComponent("bad.csv"))
            let result = try CLI.run(
                ["data", "convert", "bad.csv", "out.arrow", "--schema", "int64,utf8"], in: directory)
            #expect(result.status == 2)
            #expect(result.stderr.contains("bad.csv:3:5: expected 2 fields, found 3"))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            #expect(leftovers == ["bad.csv", "t.csv"])
        }
    }

    @Test("data cat prints an aligned table with NULLs and a row count, and CSV with --format csv --limit")
    func cat() throws {
        try withDirectory { directory in
            _ = try CLI.run(["data", "convert", "t.csv", "t.arrows", "--schema", DataCommandTests.spec], in: directory)
            let table = try CLI.run(["data", "cat", "t.arrows"], in: directory)
            #expect(table.status == 0)
            #expect(
                table.stdout == """
                    id | name       | price | day
                    ---+------------+-------+-----------
                     1 | apple      |  1.50 | 2024-01-31
                     2 | pear, ripe |  NULL | 2024-02-29
                     3 | NULL       |  0.05 | NULL
                    (3 rows)

                    """)
            let csv = try CLI.run(["data", "cat", "t.arrows", "--format", "csv", "--limit", "1"], in: directory)
            #expect(csv.stdout == "id,name,price,day\n1,apple,1.50,2024-01-31\n")
        }
    }

    @Test("bad usage exits 2 with a precise message: a missing schema, a typo'd option, an unknown extension")
    func badUsage() throws {
        try withDirectory { directory in
            let noSchema = try CLI.run(["data", "convert", "t.csv", "t.arrow"], in: directory)
            #expect(noSchema.status == 2 && noSchema.stderr.contains("needs --schema"))
            let typo = try CLI.run(["data", "cat", "t.csv", "--limt", "3"], in: directory)
            #expect(typo.status == 2 && typo.stderr.contains("did you mean --limit?"))
            let unknown = try CLI.run(["data", "cat", "t.parquet"], in: directory)
            #expect(unknown.status == 2 && unknown.stderr.contains("cannot tell the format"))
            let missing = try CLI.run(["data", "cat", "missing.arrow"], in: directory)
            #expect(missing.status == 2 && missing.stderr.contains("missing.arrow"))
        }
    }
}
