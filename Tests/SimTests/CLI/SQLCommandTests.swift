import ArrowLite
import Foundation
import TPCH
import Testing

/// `clustersim sql` without the engine: usage errors, syntax errors reported with their place before any data is
/// generated, `--print-sql`, and the JSON and CSV renderings of a result. Tests that run queries are in
/// `SQLCommandEngineTests`.
@Suite("clustersim sql: usage, SQL errors, result rendering") struct SQLCommandTests {
    @Test("a syntax error exits 2 with the compiler-style report: message, --> query.sql:L:C, the line, a caret")
    func syntaxError() throws {
        let result = try CLI.run(["sql", "select\n    l_orderkey,\n    sum(l_quantity\nfrom lineitem"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(
            result.stderr == """
                error: expected ')' to close the '(' at line 3, column 8, found 'from'
                 --> query.sql:4:1
                  |
                4 | from lineitem
                  | ^^^^
                  = hint: every '(' needs a matching ')'; the '(' at line 3, column 8 is still open

                """)
    }

    @Test("a syntax error in --file names the file; a missing file is a usage error naming it")
    func fileErrors() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("select *\nfro nation\n".utf8).write(to: directory.appendingPathComponent("q.sql"))
        let result = try CLI.run(["sql", "--file", "q.sql"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains(" --> q.sql:2:1\n"), "\(result.stderr)")
        #expect(result.stderr.contains("2 | fro nation\n  | ^^^\n"), "\(result.stderr)")
        let missing = try CLI.run(["sql", "--file", "absent.sql"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("error: --file: ") && missing.stderr.contains("absent.sql"))
    }

    @Test("--print-sql prints exactly the text that would run (Q15 as its script) and generates nothing")
    func printSQL() throws {
        for number in [1, 15, 22] {
            let result = try CLI.run(["sql", "--tpch", String(number), "--print-sql"])
            #expect(result.status == 0)
            #expect(result.stdout == TPCHQueries.query(number) + "\n")
            #expect(result.stderr == "")
        }
        #expect(try CLI.run(["sql", "select 1", "--print-sql"]).stdout == "select 1\n")
    }

    @Test("bad usage exits 2 naming the problem: a typo'd option, no SQL, two sources, a query number out of range")
    func badUsage() throws {
        let typo = try CLI.run(["sql", "--tpch", "1", "--fromat", "csv"])
        #expect(typo.status == 2)
        #expect(typo.stderr.hasPrefix("error: unknown option --fromat (did you mean --format?)"), "\(typo.stderr)")
        let none = try CLI.run(["sql"])
        #expect(none.status == 2 && none.stderr.contains("give the SQL as one argument, or --file FILE, or --tpch N"))
        let two = try CLI.run(["sql", "select 1", "--tpch", "3"])
        #expect(two.status == 2 && two.stderr.contains("(got 2 sources)"))
        let range = try CLI.run(["sql", "--tpch", "23"])
        #expect(range.status == 2 && range.stderr.contains("--tpch expects an integer in 1...22, got '23'"))
        let format = try CLI.run(["sql", "--tpch", "1", "--format", "xml"])
        #expect(format.status == 2 && format.stderr.contains("--format expects one of table, csv, json, got 'xml'"))
    }

    @Test("--help documents the sources, formats, exit codes and examples")
    func help() throws {
        let result = try CLI.run(["sql", "--help"])
        #expect(result.status == 0)
        for text in ["--tpch N", "--print-sql", "--format", "json", "Exit codes", "Examples:"] {
            #expect(result.stdout.contains(text), "\(text)")
        }
    }

    /// Three rows of every type, with NULLs, a quote, a comma, a line break and a non-ASCII string.
    static func sample() throws -> (Schema, [RecordBatch]) {
        let schema = Schema([
            Field("id", .int64), Field("name", .utf8), Field("price", .decimal128(precision: 15, scale: 2)),
            Field("day", .date32), Field("ratio", .float64), Field("ok", .boolean), Field("n", .int32),
        ])
        var id = PrimitiveBuilder<Int64>(.int64)
        var name = StringBuilder()
        var price = PrimitiveBuilder<Int128>(.decimal128(precision: 15, scale: 2))
        var day = PrimitiveBuilder<Int32>(.date32)
        var ratio = PrimitiveBuilder<Double>(.float64)
        var ok = BooleanBuilder()
        var n = PrimitiveBuilder<Int32>(.int32)
        for value: Int64 in [1, 2, 3] { id.append(value) }
        for value in ["say \"hi\", then\nleave\\", "Zürich\t\u{01}", nil] { name.append(value) }
        for value: Int128? in [1250, -5, nil] { price.append(value) }
        for value in [Date32.days(year: 1995, month: 3, day: 15), nil, 0] { day.append(value) }
        for value in [0.1, 1e-7, nil] { ratio.append(value) }
        for value in [true, false, nil] { ok.append(value) }
        for value: Int32? in [-7, nil, 0] { n.append(value) }
        let columns: [any ArrowArray] = [
            id.finish(), name.finish(), price.finish(), day.finish(), ratio.finish(), ok.finish(), n.finish(),
        ]
        return (schema, [try RecordBatch(schema: schema, columns: columns)])
    }

    @Test("JSON rows: exact decimals and integers, ISO dates, null, escaped strings; Foundation parses it back")
    func jsonRendering() throws {
        let (schema, batches) = try Self.sample()
        let text = String(decoding: JSONRows.write(schema: schema, batches: batches), as: UTF8.self)
        #expect(
            text == """
                [
                  {"id": 1, "name": "say \\"hi\\", then\\nleave\\\\", "price": 12.50, "day": "1995-03-15", \
                "ratio": 0.1, "ok": true, "n": -7},
                  {"id": 2, "name": "Zürich\\t\\u0001", "price": -0.05, "day": null, "ratio": 1e-07, "ok": false, \
                "n": null},
                  {"id": 3, "name": null, "price": null, "day": "1970-01-01", "ratio": null, "ok": null, "n": 0}
                ]

                """)
        let parsed = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "an array of objects")
        #expect(parsed.count == 3)
        #expect(parsed[0]["name"] as? String == "say \"hi\", then\nleave\\")
        #expect(parsed[1]["name"] as? String == "Zürich\t\u{01}")
        #expect((parsed[1]["price"] as? NSNumber)?.doubleValue == -0.05)
        #expect((parsed[1]["ratio"] as? NSNumber)?.doubleValue == 1e-7)
        #expect(parsed[2]["name"] is NSNull)
        #expect(parsed[0].keys.sorted() == ["day", "id", "n", "name", "ok", "price", "ratio"])
    }

    @Test("JSON of no rows is [], and NaN and infinities, which JSON lacks, are strings")
    func jsonEdgeCases() throws {
        let schema = Schema([Field("x", .float64)])
        #expect(JSONRows.write(schema: schema, batches: []) == Array("[]\n".utf8))
        #expect(JSONRows.value(.float64(.nan)) == "\"NaN\"")
        #expect(JSONRows.value(.float64(-.infinity)) == "\"-inf\"")
        #expect(JSONRows.value(.decimal(-1, precision: 38, scale: 6)) == "-0.000001")
        #expect(JSONRows.quoted("\u{1F}\u{08}\u{0C}") == "\"\\u001f\\b\\f\"")
    }

    @Test("CSV of a result: a header, decimals with their scale, ISO dates, NULL empty, RFC 4180 quoting")
    func csvRendering() throws {
        let (schema, batches) = try Self.sample()
        let text = String(decoding: CSV.write(schema: schema, batches: batches), as: UTF8.self)
        #expect(
            text == """
                id,name,price,day,ratio,ok,n
                1,"say ""hi"", then
                leave\\",12.50,1995-03-15,0.1,true,-7
                2,Zürich\t\u{01},-0.05,,1e-07,false,
                3,,,1970-01-01,,,0

                """)
    }
}
