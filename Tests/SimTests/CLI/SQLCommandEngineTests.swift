import Foundation
import Testing

/// `clustersim sql` running queries through the engine: each format's output, errors found while binding
/// (exit 2, with their place) and while running (exit 1). Nation and region are the same at every scale factor, so
/// most tests use the smallest one.
@Suite("clustersim sql: running queries") struct SQLCommandEngineTests {
    static let nations = "select n_nationkey, n_name from nation where n_nationkey < 2 order by n_nationkey"

    @Test("JSON output is an array of one object per row, keyed by column name")
    func json() throws {
        let result = try CLI.run(["sql", Self.nations, "--scale", "0.001", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                [
                  {"n_nationkey": 0, "n_name": "ALGERIA"},
                  {"n_nationkey": 1, "n_name": "ARGENTINA"}
                ]

                """)
    }

    @Test("CSV output has a header and the rows; the table counts every row and shows --limit of them")
    func csvAndTable() throws {
        let csv = try CLI.run(["sql", Self.nations, "--scale", "0.001", "--format", "csv"])
        #expect(csv.stdout == "n_nationkey,n_name\n0,ALGERIA\n1,ARGENTINA\n")
        let table = try CLI.run(["sql", "select r_name from region order by r_name", "--scale", "0.001"])
        #expect(
            table.stdout == """
                r_name
                -----------
                AFRICA
                AMERICA
                ASIA
                EUROPE
                MIDDLE EAST
                (5 rows)

                """)
        let limited = try CLI.run(["sql", "select n_name from nation", "--scale", "0.001", "--limit", "2"])
        #expect(limited.stdout.hasSuffix("(25 rows, 2 shown)\n"), "\(limited.stdout)")
    }

    @Test("TPC-H Q1 at SF 0.01 prints DuckDB's first row, the same in one partition as in four")
    func tpchQuery() throws {
        let four = try CLI.run(["sql", "--tpch", "1", "--format", "csv"])
        #expect(four.status == 0, "\(four.stderr)")
        let lines = four.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.first?.hasPrefix("l_returnflag,l_linestatus,sum_qty,sum_base_price,") == true)
        #expect(lines.dropFirst().first?.hasPrefix("A,F,380456.00,532348211.65,") == true, "\(four.stdout)")
        let one = try CLI.run(["sql", "--tpch", "1", "--format", "csv", "--partitions", "1"])
        #expect(one.stdout == four.stdout)
    }

    @Test("an unknown column exits 2 with its place and a caret under it")
    func bindError() throws {
        let result = try CLI.run(["sql", "select n_nam\nfrom nation", "--scale", "0.001"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("error: "), "\(result.stderr)")
        #expect(result.stderr.contains(" --> query.sql:1:8\n"), "\(result.stderr)")
        #expect(result.stderr.contains("1 | select n_nam\n  |        ^^^^^\n"), "\(result.stderr)")
    }

    @Test("a failure while running (division by zero) exits 1 with the message on stderr")
    func runtimeFailure() throws {
        let sql = "select n_nationkey / (n_nationkey - n_nationkey) from nation"
        let result = try CLI.run(["sql", sql, "--scale", "0.001"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("error: query failed: "), "\(result.stderr)")
    }
}
