import PlanKit
import Testing

/// Printer edge cases: each expression prints to text that parses back to the same tree.
@Suite("the SQL printer") struct SQLFormatterTests {
    @Test(
        "tricky expressions survive print and parse",
        arguments: [
            "- -x", "-(-1)", "NOT NOT a", "a - (b - c)", "(a = b) = c", "a = (b = c)", "-(a * b)", "(NOT a) IS NULL",
            "x BETWEEN (a AND b) AND c", "(x LIKE y) LIKE z", "x LIKE (y LIKE z)", "'it''s' || \"Weird \"\"Name\"",
            "\"cast\"(x)", "\"select\".\"from\" + \"Year\"", "a - -b", "(a OR b) AND (c OR d)", "NOT (a AND b)",
            "case when a is null then -1 end", "x in ((select 1), 2)", "(select 1) + 1",
        ])
    func roundTrip(sql: String) throws {
        let parsed = try SQLParser.parseExpression(sql)
        #expect(try SQLParser.parseExpression(SQLFormatter.format(parsed)) == parsed, "\(parsed)")
        let indented = SQLFormatter(layout: .indented).format(parsed)
        #expect(try SQLParser.parseExpression(indented) == parsed, "\(indented)")
    }

    @Test(
        "the printer adds only the parentheses precedence needs",
        arguments: [
            ("((a + b)) * c", "(a + b) * c"),
            ("a + (b * c)", "a + b * c"),
            ("(a - b) - c", "a - b - c"),
            ("not (a = b)", "NOT a = b"),
            ("(-x) * y", "-x * y"),
            ("(a or b) and c", "(a OR b) AND c"),
        ])
    func minimalParentheses(sql: String, printed: String) throws {
        #expect(try SQLFormatter.format(SQLParser.parseExpression(sql)) == printed)
    }

    @Test("parenthesizesEverything makes every operator expression explicit and still parses to the same tree")
    func explicitParentheses() throws {
        let parsed = try SQLParser.parseExpression("a + b * -c = d OR NOT e AND f IS NULL")
        let explicit = SQLFormatter(parenthesizesEverything: true).format(parsed)
        #expect(explicit == "((a + (b * (-c))) = d) OR ((NOT e) AND (f IS NULL))")
        #expect(try SQLParser.parseExpression(explicit) == parsed)
    }
}
