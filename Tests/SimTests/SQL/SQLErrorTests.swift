import PlanKit
import Testing

/// Malformed SQL gives an `SQLError` whose rendering shows the line, a caret under the exact place, the line and
/// column, and a hint. Expected places were counted by hand.
@Suite("SQL error messages") struct SQLErrorTests {
    private func rendered(_ sql: String) -> String? {
        sqlError { () throws(SQLError) in _ = try SQLParser.parseScript(sql) }?.render(sql: sql)
    }

    @Test("a misspelt FROM after the select list: did you mean FROM?")
    func fromTypo() {
        #expect(
            rendered("select\n    l_returnflag\nFORM lineitem") == """
                error: expected FROM after the select list, found 'FORM'
                 --> query.sql:3:1
                  |
                3 | FORM lineitem
                  | ^^^^
                  = hint: did you mean FROM?
                """)
    }

    @Test("a misspelt WHERE or GROUP after the FROM list is not taken for a table alias")
    func clauseTypos() {
        #expect(
            rendered("select a from lineitem WERE a = 1") == """
                error: expected WHERE, GROUP BY, ORDER BY or the end of the query after the FROM list, found 'WERE'
                 --> query.sql:1:24
                  |
                1 | select a from lineitem WERE a = 1
                  |                        ^^^^
                  = hint: did you mean WHERE?
                """)
        #expect(rendered("select a from t GRUOP BY a")?.hasSuffix("= hint: did you mean GROUP?") == true)
        #expect(rendered("SELCT a FROM t")?.hasSuffix("  | ^^^^^\n  = hint: did you mean SELECT?") == true)
    }

    @Test("a missing ')' names the line and column where the '(' opened")
    func missingParenthesis() {
        #expect(
            rendered("select count(*\nfrom lineitem") == """
                error: expected ')' to close the '(' at line 1, column 13, found 'from'
                 --> query.sql:2:1
                  |
                2 | from lineitem
                  | ^^^^
                  = hint: every '(' needs a matching ')'; the '(' at line 1, column 13 is still open
                """)
        #expect(
            rendered("select (1 + 2") == """
                error: expected ')' to close the '(' at line 1, column 8, found end of input
                 --> query.sql:1:14
                  |
                1 | select (1 + 2
                  |              ^
                  = hint: the input ends while the '(' at line 1, column 8 is still open; add ')'
                """)
    }

    @Test("an extra ')' is reported where it stands")
    func extraParenthesis() {
        #expect(
            rendered("select a from t)") == """
                error: unexpected ')' with no matching '('
                 --> query.sql:1:16
                  |
                1 | select a from t)
                  |                ^
                  = hint: remove it, or add the '(' it was meant to close
                """)
    }

    @Test("an unterminated string points at its opening quote; tabs are expanded so the caret lines up")
    func unterminatedString() {
        #expect(
            rendered("select\tx,\t'abc") == """
                error: unterminated string literal
                 --> query.sql:1:11
                  |
                1 | select    x,    'abc
                  |                 ^
                  = hint: close it with '; write '' for a ' inside it
                """)
    }

    @Test("an unterminated comment points at its /*")
    func unterminatedComment() {
        #expect(
            rendered("select 1\n  /* note") == """
                error: unterminated comment
                 --> query.sql:2:3
                  |
                2 |   /* note
                  |   ^^
                  = hint: a comment that starts with /* must end with */
                """)
    }

    @Test("trailing garbage after a complete condition or statement")
    func trailingGarbage() {
        #expect(
            rendered("select a from t where a = 1 b") == """
                error: expected GROUP BY, ORDER BY or the end of the query after the WHERE condition, found 'b'
                 --> query.sql:1:29
                  |
                1 | select a from t where a = 1 b
                  |                             ^
                  = hint: combine conditions with AND or OR
                """)
        let error = sqlError { () throws(SQLError) in _ = try SQLParser.parseStatement("select 1; select 2") }
        #expect(error?.message == "expected the end of the statement, found 'select'")
        #expect(error?.location == SQLLocation(offset: 10, line: 1, column: 11))
    }

    @Test("empty input and input with only a comment: no statement", arguments: ["", "  \n", "-- only a comment\n"])
    func emptyInput(sql: String) {
        let error = sqlError { () throws(SQLError) in _ = try SQLParser.parseScript(sql) }
        #expect(
            error?.message
                == "expected a statement (SELECT, WITH, CREATE VIEW, DROP VIEW or EXPLAIN), found end of input")
        #expect(error?.location == .start)
        #expect(error?.hint == "the input holds no SQL statement, only white space or comments")
    }

    @Test("an interval without a unit, an unclosed CASE and a join without ON")
    func incompleteConstructs() {
        #expect(
            rendered("select interval '90'")?.hasPrefix(
                "error: expected YEAR, MONTH or DAY after the interval, found end of input\n --> query.sql:1:17")
                == true)
        #expect(
            rendered("select case when a then b")?.hasSuffix("= hint: the CASE that starts at 1:8 needs END") == true)
        #expect(
            rendered("select * from a join b where x") == """
                error: expected ON and a join condition after the joined table, found 'where'
                 --> query.sql:1:24
                  |
                1 | select * from a join b where x
                  |                        ^^^^^
                """)
    }

    @Test("a stray character gets a hint about what SQL writes instead")
    func strayCharacter() {
        #expect(rendered("select a ! b")?.hasSuffix("  |          ^\n  = hint: write <> or != for 'not equal'") == true)
    }

    @Test("deep nesting is an error, not a stack overflow; long lines are cut around the caret")
    func deepNesting() {
        let sql = "select " + String(repeating: "(", count: 10_000) + "1"
        let error = sqlError { () throws(SQLError) in _ = try SQLParser.parseScript(sql) }
        #expect(error?.message == "the SQL nests more than 100 levels deep")
        #expect(error?.location.column == 7 + SQLParser.maximumNestingDepth)
        let lines = error?.render(sql: sql).split(separator: "\n") ?? []
        #expect(lines.count == 6 && lines[3].count < 120)
        let caret = Array(lines[4]).firstIndex(of: "^") ?? 0
        #expect(Array(lines[3])[caret] == "(" && Array(lines[3]).prefix(caret).contains("."), "cut before the caret")
    }
}

@Suite("SQL error hints for common slips") struct SQLHintTests {
    private func error(_ sql: String) -> SQLError? {
        sqlError { () throws(SQLError) in _ = try SQLParser.parseScript(sql) }
    }

    @Test("a comma before FROM, typographic quotes, a keyword used as a name")
    func slips() {
        let comma = error("select a, from t")
        #expect(comma?.message == "expected an expression, found 'from'")
        #expect(comma?.location == SQLLocation(offset: 10, line: 1, column: 11))
        #expect(comma?.hint == "remove the ',' before from")
        let quote = error("select * from t where a = ‘x’")
        #expect(quote?.message == "unexpected typographic quote '‘'")
        #expect(quote?.location == SQLLocation(offset: 26, line: 1, column: 27))
        let keyword = error("select a from select")
        #expect(keyword?.message == "expected a table name or '(' in the FROM list, found 'select'")
        #expect(keyword?.location.column == 15)
    }

    @Test("table aliases remember where they were written")
    func aliasLocation() throws {
        let statement = try SQLParser.parseStatement("select *\nfrom nation as n1, nation n2")
        guard case .select(let select) = statement.queryValue?.body else {
            Issue.record("not a select")
            return
        }
        let aliases = select.from.compactMap { reference -> TableAlias? in
            if case .table(_, let alias) = reference.kind { return alias }
            return nil
        }
        #expect(
            aliases.map(\.location) == [
                SQLLocation(offset: 24, line: 2, column: 16), SQLLocation(offset: 35, line: 2, column: 27),
            ])
    }
}
