import ArrowLite
import Foundation
import Testing

/// The CSV options of `data convert` and `data cat`, run through the built binary.
@Suite("clustersim data options: --schema @file, --delimiter, --null, --no-header, --from/--to, TPC-H .tbl")
struct DataOptionsTests {
    /// dbgen's region.tbl, byte for byte (note the trailing space in AFRICA's comment).
    static let region = """
        0|AFRICA|lar deposits. blithely final packages cajole. regular waters are final requests. regular accounts are according to |
        1|AMERICA|hs use ironic, even requests. s|
        2|ASIA|ges. thinly even pinto beans ca|
        3|EUROPE|ly final courts cajole furiously final excuse|
        4|MIDDLE EAST|uickly special accounts cajole carefully blithely close requests. carefully final asymptotes haggle furiousl|

        """

    func withDirectory(_ files: [String: String], _ body: (URL) throws -> Void) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        try body(directory)
    }

    @Test("a TPC-H .tbl file needs no --schema and converts to Arrow and back byte for byte")
    func tpchTbl() throws {
        try withDirectory(["region.tbl": DataOptionsTests.region]) { directory in
            let toArrow = try CLI.run(["data", "convert", "region.tbl", "region.arrow"], in: directory)
            #expect(toArrow.status == 0, "\(toArrow.stderr)")
            #expect(toArrow.stdout.contains("wrote 5 rows"))
            #expect(try CLI.run(["data", "convert", "region.arrow", "back.tbl"], in: directory).status == 0)
            let back = try String(contentsOf: directory.appendingPathComponent("back.tbl"), encoding: .utf8)
            #expect(back == DataOptionsTests.region)
            let table = try TableFile.read(path: directory.appendingPathComponent("region.arrow").path, format: .arrow)
            #expect(table.schema.fields.map(\.name) == ["r_regionkey", "r_name", "r_comment"])
        }
    }

    @Test("--schema @file, --delimiter ';', --null NULL and --no-header read a headerless file; quoted \"\" stays text")
    func csvOptions() throws {
        let files = ["in.txt": "1;NULL;x\n2;3;\"\"\n", "spec": "id:int64, n:int32, s:utf8\n"]
        try withDirectory(files) { directory in
            let convert = try CLI.run(
                [
                    "data", "convert", "in.txt", "out.dat", "--from", "csv", "--to", "arrows", "--schema", "@spec",
                    "--delimiter", ";", "--null", "NULL", "--no-header",
                ], in: directory)
            #expect(convert.status == 0, "\(convert.stderr)")
            let csv = try CLI.run(["data", "cat", "out.dat", "--from", "arrows", "--format", "csv"], in: directory)
            #expect(csv.stdout == "id,n,s\n1,,x\n2,3,\"\"\n")
            let table = try CLI.run(["data", "cat", "out.dat", "--from", "arrows"], in: directory)
            #expect(table.stdout == "id | n    | s\n---+------+--\n 1 | NULL | x\n 2 |    3 |\n(2 rows)\n")
        }
    }

    @Test("schema names come from the CSV header when the spec gives only types; a header-only file has 0 rows")
    func namesFromHeader() throws {
        try withDirectory(["h.csv": "when,amount\n", "rows.csv": "when,amount\n2024-02-29,-1.5\n"]) { directory in
            #expect(
                try CLI.run(["data", "convert", "h.csv", "h.arrow", "--schema", "date32,decimal(5,2)"], in: directory)
                    .status == 0)
            let empty = try CLI.run(["data", "cat", "h.arrow"], in: directory)
            #expect(empty.stdout == "when | amount\n-----+-------\n(0 rows)\n")
            let cat = try CLI.run(["data", "cat", "rows.csv", "--schema", "date32,decimal(5,2)"], in: directory)
            #expect(cat.stdout == "when       | amount\n-----------+-------\n2024-02-29 |  -1.50\n(1 row)\n")
        }
    }

    @Test("a bad --schema, a bad value and a wrong delimiter each exit 2 with a precise message and no output file")
    func badInput() throws {
        try withDirectory(["a.csv": "id,day\n1,2024-01-01\n2,2024-13-01\n"]) { directory in
            let badType = try CLI.run(
                ["data", "convert", "a.csv", "a.arrow", "--schema", "int64,datetime"], in: directory)
            #expect(badType.status == 2 && badType.stderr.contains("datetime"))
            let badValue = try CLI.run(
                ["data", "convert", "a.csv", "a.arrow", "--schema", "int64,date32"], in: directory)
            #expect(badValue.status == 2)
            #expect(
                badValue.stderr.contains(
                    "a.csv:3:3: expected a date32 (YYYY-MM-DD, a day that exists) in field 'day' (2 of 2), found '2024-13-01'"
                ))
            let wrongDelimiter = try CLI.run(
                ["data", "convert", "a.csv", "a.arrow", "--schema", "int64,date32", "--delimiter", ";"], in: directory)
            #expect(
                wrongDelimiter.status == 2
                    && wrongDelimiter.stderr.contains("a.csv:1:1: expected a header of 2 column names, found 1"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["a.csv"])
        }
    }

    @Test("a delimiter that is the quote or several characters, and a null token holding the delimiter, are refused")
    func badOptions() throws {
        try withDirectory(["a.csv": "id\n1\n"]) { directory in
            let cases: [([String], String)] = [
                (["--delimiter", "\""], "--delimiter cannot be the quote or a line break"),
                (["--delimiter", "ab"], "--delimiter expects one ASCII character"),
                (["--null", "a,b"], "--null cannot contain the delimiter"),
            ]
            for (options, message) in cases {
                let result = try CLI.run(["data", "cat", "a.csv", "--schema", "int64"] + options, in: directory)
                #expect(result.status == 2 && result.stderr.contains(message), "\(options): \(result.stderr)")
            }
        }
    }

    @Test("each data command's --help exits 0 and shows an example")
    func help() throws {
        for words in [["data", "convert"], ["data", "cat"]] {
            let result = try CLI.run(words + ["--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("Example") && result.stdout.contains("--schema"))
        }
    }
}
