import ArrowLite
import PlanKit
import TPCH
import Testing

/// The 22 TPC-H queries parse, print back to text that parses to the same trees, and parse the same in any letter
/// case and layout.
@Suite("the TPC-H queries through the SQL front end") struct TPCHQueryParsingTests {
    static let numbers = Array(1...22)

    private func parse(_ number: Int) throws -> [Statement] {
        try SQLParser.parseScript(TPCHQueries.query(number))
    }

    @Test("every TPC-H query parses (Q15 as CREATE VIEW, query, DROP VIEW)", arguments: numbers)
    func parses(number: Int) throws {
        let statements = try parse(number)
        #expect(statements.count == (number == 15 ? 3 : 1))
        #expect(statements.contains { $0.queryValue != nil })
    }

    @Test("parse, print, parse gives the same tree", arguments: numbers)
    func roundTrip(number: Int) throws {
        let statements = try parse(number)
        let printed = statements.map(SQLFormatter.format).joined(separator: ";\n")
        #expect(try SQLParser.parseScript(printed) == statements)
        #expect(!printed.contains("  "), "printing is one line per statement with single spaces")
        let indented = statements.map(SQLFormatter(layout: .indented).format).joined(separator: ";\n")
        #expect(try SQLParser.parseScript(indented) == statements)
    }

    @Test("the indented layout prints Q4 one clause per line, conditions by AND, the subquery nested")
    func indentedQ4() throws {
        #expect(
            try parse(4).map(SQLFormatter(layout: .indented).format) == [
                """
                SELECT
                    o_orderpriority,
                    count(*) AS order_count
                FROM
                    orders
                WHERE
                    o_orderdate >= DATE '1993-07-01'
                    AND o_orderdate < DATE '1993-07-01' + INTERVAL '3' MONTH
                    AND EXISTS (
                        SELECT
                            *
                        FROM
                            lineitem
                        WHERE
                            l_orderkey = o_orderkey
                            AND l_commitdate < l_receiptdate
                    )
                GROUP BY
                    o_orderpriority
                ORDER BY
                    o_orderpriority
                """
            ])
    }

    @Test("letter case, white space and comments do not change the tree", arguments: numbers)
    func layoutVariations(number: Int) throws {
        let original = try parse(number)
        var random = SplitMix64(seed: UInt64(number))
        for _ in 0..<5 {
            let variant = try Self.relayout(TPCHQueries.query(number), random: &random)
            #expect(try SQLParser.parseScript(variant) == original, "\(variant)")
        }
    }

    @Test("Q6 prints as the expected canonical text")
    func canonicalQ6() throws {
        #expect(
            try parse(6).map(SQLFormatter.format) == [
                "SELECT sum(l_extendedprice * l_discount) AS revenue FROM lineitem WHERE l_shipdate >= DATE "
                    + "'1994-01-01' AND l_shipdate < DATE '1994-01-01' + INTERVAL '1' YEAR AND l_discount BETWEEN "
                    + "0.06 - 0.01 AND 0.06 + 0.01 AND l_quantity < 24"
            ])
    }

    @Test("Q1's filter is l_shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY")
    func q1Filter() throws {
        guard let query = try parse(1).first?.queryValue, case .select(let select) = query.body else {
            Issue.record("Q1 is not a select")
            return
        }
        #expect(
            select.condition == (try SQLParser.parseExpression("l_shipdate <= (date '1998-12-01' - interval '90' day)"))
        )
        #expect(select.items.count == 10 && select.groupBy.count == 2 && query.orderBy.count == 2)
    }

    @Test("Q13 is a LEFT OUTER JOIN inside a derived table with column aliases")
    func q13Shape() throws {
        guard let query = try parse(13).first?.queryValue, case .select(let outer) = query.body,
            case .derived(let inner, let alias) = outer.from.first?.kind, case .select(let innerSelect) = inner.body,
            case .join(let join) = innerSelect.from.first?.kind
        else {
            Issue.record("Q13 shape")
            return
        }
        #expect(alias == TableAlias(name: "c_orders", columnNames: ["c_custkey", "c_count"]))
        #expect(join.kind == .left)
        guard case .binary(.and, _, let notLike) = join.condition?.kind else {
            Issue.record("Q13 join condition")
            return
        }
        #expect(
            notLike.kind
                == .like(
                    Expression(.column(qualifier: nil, name: "o_comment"), location: .start),
                    pattern: Expression(.literal(.string("%special%requests%")), location: .start), negated: true))
    }

    @Test("Q15 as a view script and as a WITH query share the same view definition and outer query")
    func q15Variants() throws {
        let script = try parse(15)
        guard case .createView(let view) = script[0].kind, let outer = script[1].queryValue else {
            Issue.record("Q15 script shape")
            return
        }
        #expect(script[2].kind == .dropView(name: "revenue0", ifExists: false))
        let withQuery = try #require(try SQLParser.parseStatement(TPCHQueries.q15WithClause).queryValue)
        let entry = try #require(withQuery.commonTableExpressions.first)
        #expect(entry.name == view.name && entry.columnNames == view.columnNames && entry.query == view.query)
        var withoutCommonTables = withQuery
        withoutCommonTables.commonTableExpressions = []
        #expect(withoutCommonTables == outer)
    }

    @Test("subquery kinds: Q2 scalar, Q4 EXISTS, Q16 NOT IN, Q18 IN, Q21 EXISTS and NOT EXISTS, Q22 SUBSTRING")
    func subqueryKinds() throws {
        func printed(_ number: Int) throws -> String { try parse(number).map(SQLFormatter.format).joined() }
        #expect(try printed(2).contains("ps_supplycost = (SELECT min(ps_supplycost) FROM"))
        #expect(try printed(4).contains("AND EXISTS (SELECT * FROM lineitem WHERE"))
        #expect(try printed(16).contains("count(DISTINCT ps_suppkey) AS supplier_cnt"))
        #expect(try printed(16).contains("ps_suppkey NOT IN (SELECT s_suppkey FROM supplier"))
        #expect(try printed(18).contains("o_orderkey IN (SELECT l_orderkey FROM lineitem GROUP BY l_orderkey HAVING"))
        #expect(try printed(21).contains("AND NOT EXISTS (SELECT * FROM lineitem AS l3 WHERE"))
        #expect(try printed(22).contains("SUBSTRING(c_phone FROM 1 FOR 2) AS cntrycode"))
        #expect(try printed(8).contains("sum(CASE WHEN nation = 'BRAZIL' THEN volume ELSE 0 END) / sum(volume)"))
        #expect(try printed(7).contains("EXTRACT(YEAR FROM l_shipdate) AS l_year"))
    }

    @Test(
        "other engines' spellings of TPC-H constructs parse and round-trip",
        arguments: [
            // DataFusion's Q12 join and Q1 interval; DuckDB's Q15 derived tables with CAST; a Q22 function-style
            // substring; explicit INNER JOIN chains.
            "select l_shipmode, count(*) from lineitem join orders on l_orderkey = o_orderkey group by l_shipmode",
            "select * from lineitem where l_shipdate <= date '1998-12-01' - interval '68 days'",
            "select s_suppkey, total_revenue from supplier, (select l_suppkey as supplier_no, "
                + "sum(l_extendedprice * (1 - l_discount)) as total_revenue from lineitem where l_shipdate >= "
                + "cast('1996-01-01' as date) and l_shipdate < cast('1996-04-01' as date) group by supplier_no) "
                + "revenue0 where s_suppkey = supplier_no",
            "select substring(c_phone, 1, 2) as cntrycode from customer",
            "SELECT * FROM customer INNER JOIN orders ON c_custkey = o_custkey INNER JOIN lineitem ON l_orderkey = "
                + "o_orderkey WHERE c_mktsegment = 'BUILDING';",
        ])
    func otherSpellings(sql: String) throws {
        let statement = try SQLParser.parseStatement(sql)
        #expect(try SQLParser.parseStatement(SQLFormatter.format(statement)) == statement)
    }

    /// Re-spells `sql` token by token: random letter case for keywords and unquoted names, random white space and
    /// comments between tokens. Strings and quoted names are left as they are.
    static func relayout(_ sql: String, random: inout SplitMix64) throws -> String {
        let separators = [" ", "\n", "\t", "  \n    ", " /* c */ ", " -- c\n"]
        var output = ""
        for token in try Lexer.tokenize(sql) where token.kind != .endOfInput {
            switch token.kind {
            case .keyword, .identifier:
                output += String(
                    token.text.map { random.below(2) == 0 ? Character($0.uppercased()) : Character($0.lowercased()) })
            default:
                output += token.text
            }
            output += separators[random.below(separators.count)]
        }
        return output
    }
}
