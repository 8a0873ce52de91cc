import PlanKit
import Testing

/// Checks the shapes the parser builds, using fully parenthesised text (or hand-built trees) as the oracle.
@Suite("the SQL parser") struct ParserTests {
    private func expression(_ sql: String) throws -> Expression { try SQLParser.parseExpression(sql) }

    private func column(_ name: String) -> Expression {
        Expression(.column(qualifier: nil, name: name), location: .start)
    }

    @Test(
        "operator precedence matches the fully parenthesised forms",
        arguments: [
            ("a OR b AND c", "a OR (b AND c)"),
            ("-x * y", "(-x) * y"),
            ("NOT a = b", "NOT (a = b)"),
            ("NOT a AND b", "(NOT a) AND b"),
            ("a + b * c - d / e", "(a + (b * c)) - (d / e)"),
            ("a - b - c", "(a - b) - c"),
            ("a || b = c || d", "(a || b) = (c || d)"),
            ("a + b || c", "(a + b) || c"),
            ("x BETWEEN 1 + 1 AND 2 * 3 AND y", "(x BETWEEN (1 + 1) AND (2 * 3)) AND y"),
            ("a = 1 OR b LIKE 'x%' AND c IS NOT NULL", "(a = 1) OR ((b LIKE 'x%') AND (c IS NOT NULL))"),
            ("NOT x IN (1, 2)", "NOT (x IN (1, 2))"),
            ("- - x", "-(-x)"),
        ])
    func precedence(sql: String, parenthesised: String) throws {
        #expect(try expression(sql) == expression(parenthesised))
    }

    @Test("precedence builds the expected trees, not just self-consistent ones")
    func precedenceTrees() throws {
        let (a, b, c) = (column("a"), column("b"), column("c"))
        let and = Expression(.binary(.and, b, c), location: .start)
        #expect(try expression("a OR b AND c") == Expression(.binary(.or, a, and), location: .start))
        let negated = Expression(.unary(.negate, column("x")), location: .start)
        #expect(try expression("-x * y") == Expression(.binary(.multiply, negated, column("y")), location: .start))
        let equal = Expression(.binary(.equal, a, b), location: .start)
        #expect(try expression("NOT a = b") == Expression(.unary(.not, equal), location: .start))
        #expect(try expression("a OR b AND c") != expression("(a OR b) AND c"))
    }

    @Test("literals: integers and decimals as text, strings, DATE, INTERVAL in both spellings, NULL, booleans")
    func literals() throws {
        #expect(try expression("0.05").kind == .literal(.decimal("0.05")))
        #expect(try expression("date '1998-12-01'").kind == .literal(.date("1998-12-01")))
        #expect(try expression("interval '3' month").kind == .literal(.interval("3", .month)))
        #expect(try expression("INTERVAL '90 days'").kind == .literal(.interval("90", .day)))
        #expect(try expression("interval '90' day (3)").kind == .literal(.interval("90", .day)))
        #expect(try expression("null").kind == .literal(.null))
        #expect(try expression("TRUE").kind == .literal(.boolean(true)))
        #expect(try expression("'it''s'").kind == .literal(.string("it's")))
    }

    @Test("special forms: CAST with sized types, EXTRACT, both SUBSTRING spellings, CASE, count(*), count(DISTINCT)")
    func specialForms() throws {
        #expect(
            try expression("cast(x as decimal(15, 2))").kind == .cast(column("x"), .decimal(precision: 15, scale: 2)))
        #expect(try expression("CAST(x AS varchar(25))").kind == .cast(column("x"), .varchar(length: 25)))
        #expect(try expression("cast(x as double precision)").kind == .cast(column("x"), .double))
        #expect(try expression("extract(year from d)").kind == .extract(.year, column("d")))
        let one = Expression(.literal(.integer("1")), location: .start)
        let two = Expression(.literal(.integer("2")), location: .start)
        #expect(try expression("substring(p from 1 for 2)").kind == .substring(column("p"), start: one, length: two))
        #expect(try expression("substring(p, 1, 2)") == expression("SUBSTRING(p FROM 1 FOR 2)"))
        #expect(try expression("count(*)").kind == .function(FunctionCall(name: "count", arguments: [], star: true)))
        #expect(
            try expression("COUNT(DISTINCT x)").kind
                == .function(FunctionCall(name: "count", arguments: [column("x")], distinct: true)))
        let simple = try expression("case x when 1 then 'a' else 'b' end")
        guard case .caseWhen(let operand, let branches, let otherwise) = simple.kind else {
            Issue.record("not a CASE: \(simple)")
            return
        }
        #expect(operand == column("x") && branches.count == 1 && otherwise != nil)
    }

    @Test("NOT EXISTS is NOT applied to EXISTS; NOT IN, NOT LIKE and NOT BETWEEN are negated predicates")
    func negatedPredicates() throws {
        let query = try expression("not exists (select * from t)")
        guard case .unary(.not, let inner) = query.kind, case .exists = inner.kind else {
            Issue.record("NOT EXISTS parsed as \(query)")
            return
        }
        guard case .inList(_, let values, negated: true) = try expression("x not in (1, 2, 3)").kind else {
            Issue.record("NOT IN list")
            return
        }
        #expect(values.count == 3)
        guard case .like(_, _, negated: true) = try expression("x NOT LIKE 'a%'").kind else {
            Issue.record("NOT LIKE")
            return
        }
        guard case .inSubquery(_, _, negated: true) = try expression("x not in (select y from t)").kind else {
            Issue.record("NOT IN subquery")
            return
        }
    }

    @Test("joins: INNER, LEFT OUTER, CROSS, comma joins, parenthesised joins, derived tables with column aliases")
    func joins() throws {
        let statement = try SQLParser.parseStatement(
            "select * from a join b on a.x = b.x left outer join c on c.y = b.y cross join d, (select 1) as e (one)")
        guard case .query(let query) = statement.kind, case .select(let select) = query.body else {
            Issue.record("not a select")
            return
        }
        #expect(select.from.count == 2)
        guard case .join(let cross) = select.from[0].kind, case .join(let left) = cross.left.kind,
            case .join(let inner) = left.left.kind
        else {
            Issue.record("join tree: \(select.from[0])")
            return
        }
        #expect(cross.kind == .cross && cross.condition == nil)
        #expect(left.kind == .left && inner.kind == .inner)
        #expect(
            select.from[1].kind
                == .derived(
                    try #require(try SQLParser.parseStatement("select 1").queryValue),
                    alias: TableAlias(name: "e", columnNames: ["one"])))
        let nested = try SQLParser.parseStatement("select * from a join (b join c on b.x = c.x) on a.x = b.x")
        #expect(try SQLParser.parseStatement(nested.description) == nested)
    }

    @Test("implicit aliases: a bare name after a select item or table is an alias when the entry ends there")
    func implicitAliases() throws {
        #expect(
            try SQLParser.parseStatement("select a b, c year from t u, v")
                == SQLParser.parseStatement("select a as b, c as year from t as u, v"))
    }

    @Test("statements: WITH, UNION ALL, ORDER BY with NULLS, LIMIT/OFFSET, CREATE/DROP VIEW, EXPLAIN, scripts")
    func statements() throws {
        let script = try SQLParser.parseScript(
            "create or replace view v (a) as select 1;; with w as (select 2) select * from w union all select 3 "
                + "order by 1 desc nulls last limit 5 offset 1; drop view if exists v; explain analyze select 1;")
        #expect(script.count == 4)
        #expect(
            script[0].kind
                == .createView(
                    CreateView(
                        name: "v", columnNames: ["a"],
                        query: try #require(try SQLParser.parseStatement("select 1").queryValue),
                        replacesExisting: true)))
        guard case .query(let query) = script[1].kind else {
            Issue.record("not a query")
            return
        }
        #expect(query.commonTableExpressions.map(\.name) == ["w"])
        #expect(query.orderBy.first?.descending == true && query.orderBy.first?.nullsFirst == false)
        #expect(query.limit?.kind == .literal(.integer("5")) && query.offset?.kind == .literal(.integer("1")))
        guard case .union(_, _, all: true) = query.body else {
            Issue.record("not UNION ALL")
            return
        }
        #expect(script[2].kind == .dropView(name: "v", ifExists: true))
        guard case .explain(_, analyze: true) = script[3].kind else {
            Issue.record("not EXPLAIN ANALYZE")
            return
        }
    }

    @Test("unreserved keywords work as names; quoted keywords too")
    func keywordsAsNames() throws {
        #expect(
            try expression("year + \"select\"")
                == Expression(
                    .binary(.plus, column("year"), column("select")), location: .start))
        #expect(
            try SQLParser.parseStatement("select date from t where date > date '2000-01-01'").description
                == "SELECT \"date\" FROM t WHERE \"date\" > DATE '2000-01-01'")
    }

    @Test("nodes keep where they were written")
    func nodeLocations() throws {
        let parsed = try expression("a +\n  f(b)")
        guard case .binary(_, let left, let right) = parsed.kind else {
            Issue.record("not binary")
            return
        }
        #expect(left.location == SQLLocation(offset: 0, line: 1, column: 1))
        #expect(right.location == SQLLocation(offset: 6, line: 2, column: 3))
    }
}
