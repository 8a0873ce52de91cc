import PlanKit
import Testing

/// SQL that parses but does not bind (unknown or ambiguous names, misplaced aggregates, type errors, bad constants)
/// gives an `SQLError` at the place in the text where the mistake is, with a hint that helps fix it. Expected
/// lines, columns and offsets were counted by hand.
@Suite("Binder errors") struct BinderErrorTests {
    /// The error for `sql`, checked to be at `line`:`column` (and at the matching byte offset).
    private func error(
        _ sql: String, line: Int = 1, column: Int, offset: Int? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> SQLError? {
        guard let error = TinyCatalog.error(sql, sourceLocation: sourceLocation) else { return nil }
        let expected = SQLLocation(offset: offset ?? column - 1, line: line, column: column)
        #expect(error.location == expected, "\(error)", sourceLocation: sourceLocation)
        return error
    }

    @Test("an unknown column is located at its name, hints the closest column and renders a caret under it")
    func unknownColumn() {
        let sql = "select n_nme from nation"
        let error = error(sql, column: 8)
        #expect(error?.message == "unknown column 'n_nme'")
        #expect(error?.hint == "did you mean n_name?")
        #expect(
            error?.render(sql: sql) == """
                error: unknown column 'n_nme'
                 --> query.sql:1:8
                  |
                1 | select n_nme from nation
                  |        ^^^^^
                  = hint: did you mean n_name?
                """)
    }

    @Test("an unknown column with no close name lists the columns in scope")
    func unknownColumnWithoutSuggestion() {
        let error = error("select zzz from region", column: 8)
        #expect(error?.hint == "columns in scope: r_regionkey, r_name")
    }

    @Test("an unknown table is located at its name and hints the closest table")
    func unknownTable() {
        let sql = "select * from natoin"
        let error = error(sql, column: 15)
        #expect(error?.message == "unknown table 'natoin'")
        #expect(error?.hint == "did you mean nation?")
        #expect(error?.render(sql: sql).contains("1 | select * from natoin\n  |               ^^^^^^\n") == true)
    }

    @Test("a column in two FROM entries is ambiguous and the hint lists both qualified candidates")
    func ambiguousColumn() {
        let error = error("select n_nationkey from nation n1, nation n2", column: 8)
        #expect(error?.message == "column 'n_nationkey' is ambiguous")
        #expect(error?.hint == "qualify it: n1.n_nationkey or n2.n_nationkey")
    }

    @Test("an unknown qualifier is located at the qualifier and hints the closest alias, or the tables in scope")
    func unknownQualifier() {
        let close = error("select n3.n_name from nation n1, nation n2", column: 8)
        #expect(close?.message == "unknown table or alias 'n3' in n3.n_name")
        #expect(close?.hint == "did you mean n1?")
        #expect(close?.width == 2)
        let far = error("select x.n_name from nation", column: 8)
        #expect(far?.hint == "tables in scope: nation")
    }

    @Test("a column neither grouped nor aggregated next to an aggregate must appear in GROUP BY")
    func ungroupedColumn() {
        let error = error("select n_name, count(*) from nation", column: 8)
        #expect(error?.message.contains("'n_name' must appear in GROUP BY") == true)
        #expect(error?.hint?.contains("add n_name to GROUP BY") == true)
        // Grouping by it makes the same select list valid.
        #expect(throws: Never.self) { try TinyCatalog.rows("select n_name, count(*) from nation group by n_name") }
    }

    @Test("an aggregate in WHERE is rejected at the aggregate's name")
    func aggregateInWhere() {
        let error = error("select n_name from nation where count(*) > 1", column: 33)
        #expect(error?.message == "aggregate count() is not allowed here")
        #expect(error?.hint?.contains("HAVING") == true)
    }

    @Test("comparing a string with a number is a type error located at the comparison")
    func comparisonTypeError() {
        let error = error("select n_name from nation where n_name > 5", column: 33)
        #expect(error?.message.contains("cannot compare utf8 with int32") == true)
        #expect(error?.hint == "cast one side")
    }

    @Test("adding a number to a string is a type error located at the arithmetic")
    func arithmeticTypeError() {
        let error = error("select n_nationkey, n_name + 1 from nation", column: 21)
        #expect(error?.message.contains("utf8 + int32") == true)
        #expect(error?.hint?.contains("numbers") == true)
    }

    @Test("a DATE literal naming a day that does not exist is rejected at the literal")
    func badDateLiteral() {
        let error = error("select n_name from nation where n_nationkey < date '1998-02-30'", column: 47)
        #expect(error?.message == "'1998-02-30' is not a date")
        #expect(error?.hint?.contains("YYYY-MM-DD") == true)
    }

    @Test("IN with a subquery that selects two columns is rejected at the IN expression")
    func inSubqueryWithTwoColumns() {
        let error = error(
            "select n_name from nation where n_regionkey in (select r_regionkey, r_name from region)", column: 33)
        #expect(error?.message == "IN must select exactly one column")
        #expect(error?.hint == "select one expression")
    }

    @Test("LIMIT and OFFSET need a non-negative integer constant, not a column or an expression")
    func nonConstantLimit() {
        let column = error("select n_name from nation limit n_nationkey", column: 33)
        #expect(column?.message == "LIMIT needs a non-negative integer constant")
        #expect(column?.hint == "write a number such as LIMIT 10")
        #expect(error("select n_name from nation limit 1 + 1", column: 33) != nil)
        let offset = error("select n_name from nation limit 1 offset n_nationkey", column: 42)
        #expect(offset?.message == "OFFSET needs a non-negative integer constant")
    }

    @Test("an unknown function is located at its name and hints the closest known function")
    func unknownFunction() {
        let error = error("select summ(n_nationkey) from nation", column: 8)
        #expect(error?.message == "unknown function 'summ'")
        #expect(error?.hint == "did you mean sum?")
        #expect(error?.width == 4)
    }

    @Test("WHERE with a non-boolean condition names the clause and the type")
    func nonBooleanWhere() {
        let error = error("select n_name from nation where n_nationkey", column: 33)
        #expect(error?.message == "WHERE needs a boolean condition, this is int32")
    }

    private static let unionTypes = "select n_name from nation union select r_regionkey from region"
    private static let distinctOrder = "select distinct n_name from nation order by n_nationkey"

    @Test("UNION of different column types, and DISTINCT ordered by an unselected column, are errors with a hint")
    func setOperationErrors() {
        let union = TinyCatalog.error(Self.unionTypes)
        #expect(union?.message == "UNION inputs have different column types: [\"utf8\"] and [\"int32\"]")
        #expect(union?.hint == "cast the columns so both sides have the same types")
        let distinct = TinyCatalog.error(Self.distinctOrder)
        #expect(distinct?.message == "with SELECT DISTINCT, ORDER BY expressions must appear in the select list")
    }

    @Test(
        "those errors are located at the second SELECT and at the ORDER BY item")
    func setOperationErrorLocations() {
        _ = error(Self.unionTypes, column: 33)
        _ = error(Self.distinctOrder, column: 45)
    }

    @Test("an error on line 3 of a multi-line query is reported at line 3 and rendered with that line")
    func errorOnThirdLine() {
        let sql = "select n_name,\n       r_name\nfrom nation join region on n_regionkey = r_regionky"
        // Line 1 has 15 bytes with its line break, line 2 has 14: line 3 starts at offset 29.
        let error = error(sql, line: 3, column: 42, offset: 29 + 41)
        #expect(error?.hint == "did you mean r_regionkey?")
        #expect(
            error?.render(sql: sql) == """
                error: unknown column 'r_regionky'
                 --> query.sql:3:42
                  |
                3 | from nation join region on n_regionkey = r_regionky
                  |                                          ^^^^^^^^^^
                  = hint: did you mean r_regionkey?
                """)
    }

    @Test("an unknown column inside a correlated subquery is located inside the subquery, on its line")
    func errorInsideSubquery() {
        let sql = "select r_name from region\nwhere exists (select * from nation\n  where n_regionkey = r_regionkye)"
        // Lines 1 and 2 have 26 and 35 bytes with their line breaks.
        let error = error(sql, line: 3, column: 23, offset: 26 + 35 + 22)
        #expect(error?.hint == "did you mean r_regionkey?")
    }
}
