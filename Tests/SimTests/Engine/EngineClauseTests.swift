import ArrowLite
import PlanKit
import Testing

/// End-to-end semantics of the clauses around a query on the tiny catalog (see `TinyCatalog` for its rows):
/// aggregates, ordering, DISTINCT, UNION, LIMIT, CASE, views, EXPLAIN and partitioning. Expected answers were
/// worked out by hand.
@Suite("Engine: clauses, views and partitioning") struct EngineClauseTests {
    private func rows(_ sql: String) throws -> [[String]] { try TinyCatalog.rows(sql) }

    @Test("COUNT(DISTINCT x) counts distinct non-null values; COUNT(x) non-null values; COUNT(*) rows")
    func countDistinct() throws {
        #expect(
            try rows(
                "select count(distinct s_nationkey), count(s_nationkey), count(*), count(distinct s_acctbal) from supplier"
            ) == [["3", "5", "6", "4"]])
    }

    @Test("aggregates without GROUP BY over no rows give one row: COUNT 0, SUM and MAX NULL")
    func aggregatesOverNoRows() throws {
        #expect(
            try rows(
                "select count(*), count(n_name), sum(n_nationkey), max(n_name) from nation where n_nationkey > 100")
                == [["0", "0", "NULL", "NULL"]])
        #expect(try rows("select n_name, count(*) from nation where n_nationkey > 100 group by n_name") == [])
    }

    @Test("GROUP BY puts NULL keys in one group; HAVING filters groups on an aggregate, also one not selected")
    func groupByHaving() throws {
        #expect(
            try rows("select s_nationkey, count(*) from supplier group by s_nationkey order by s_nationkey")
                == [["0", "1"], ["1", "3"], ["2", "1"], ["NULL", "1"]])
        // Sums ignore NULL: nation 1 sums 250 + 250; the NULL nation's 50 fails the HAVING.
        #expect(
            try rows(
                """
                select s_nationkey, count(*), sum(s_acctbal) from supplier
                group by s_nationkey having sum(s_acctbal) > 60 order by s_nationkey
                """) == [["0", "1", "100"], ["1", "3", "500"], ["2", "1", "300"]])
        #expect(try rows("select s_nationkey from supplier group by s_nationkey having count(*) > 1") == [["1"]])
    }

    @Test("ORDER BY an expression or column not in the select list sorts by a hidden key that is not returned")
    func hiddenSortKey() throws {
        let result = try QueryEngine(catalog: TinyCatalog.catalog.get()).run(
            "select n_name from nation order by -n_nationkey")
        #expect(result.schema.fields.map(\.name) == ["n_name"])
        #expect(rowTexts(try result.concatenated()) == [["EGYPT"], ["CANADA"], ["BRAZIL"], ["ARGENTINA"], ["ALGERIA"]])
        // Descending puts NULL first by default.
        #expect(
            try rows("select n_name from nation order by n_regionkey desc, n_name")
                == [["CANADA"], ["EGYPT"], ["ARGENTINA"], ["BRAZIL"], ["ALGERIA"]])
        // An aggregate as the hidden key.
        #expect(
            try rows("select s_nationkey from supplier group by s_nationkey order by count(*) desc, s_nationkey")
                == [["1"], ["0"], ["2"], ["NULL"]])
    }

    @Test("ORDER BY a select-list position sorts by that output column")
    func orderByPosition() throws {
        #expect(
            try rows("select n_name, n_nationkey * 2 from nation order by 2 desc limit 2")
                == [["EGYPT", "8"], ["CANADA", "6"]])
    }

    @Test("SELECT DISTINCT removes duplicate rows, treating NULLs as equal")
    func selectDistinct() throws {
        #expect(
            try rows("select distinct s_nationkey from supplier order by s_nationkey")
                == [["0"], ["1"], ["2"], ["NULL"]])
        #expect(
            try rows("select distinct s_acctbal, s_nationkey from supplier order by 1, 2")
                == [["50", "NULL"], ["100", "0"], ["250", "1"], ["300", "2"], ["NULL", "1"]])
    }

    @Test("UNION ALL keeps every row of both inputs; UNION removes duplicates (NULLs included)")
    func unions() throws {
        let inputs = "select n_regionkey as k from nation union all select r_regionkey from region"
        #expect(try rows(inputs + " order by k") == [["0"], ["0"], ["1"], ["1"], ["1"], ["2"], ["4"], ["NULL"]])
        let distinct = inputs.replacingOccurrences(of: "union all", with: "union")
        #expect(try rows(distinct + " order by k") == [["0"], ["1"], ["2"], ["4"], ["NULL"]])
    }

    @Test(
        "ORDER BY a position after UNION sorts by that output column")
    func unionOrderByPosition() throws {
        #expect(
            try rows("select n_regionkey from nation union select r_regionkey from region order by 1 desc")
                == [["NULL"], ["4"], ["2"], ["1"], ["0"]])
    }

    @Test("LIMIT and OFFSET skip then keep rows of the ordered result")
    func limitOffset() throws {
        let ordered = "select n_name from nation order by n_name"
        #expect(try rows(ordered + " limit 2 offset 1") == [["ARGENTINA"], ["BRAZIL"]])
        #expect(try rows(ordered + " limit 10 offset 3") == [["CANADA"], ["EGYPT"]])
        #expect(try rows(ordered + " offset 4") == [["EGYPT"]])
        #expect(try rows(ordered + " limit 0") == [])
        #expect(try rows(ordered + " offset 10") == [])
    }

    @Test("CASE with ELSE NULL or without ELSE gives NULL where no branch matches, also for a NULL operand")
    func caseWithNull() throws {
        #expect(
            try rows(
                "select n_name, case when n_regionkey = 1 then 'americas' else null end from nation order by n_nationkey"
            )
                == [
                    ["ALGERIA", "NULL"], ["ARGENTINA", "americas"], ["BRAZIL", "americas"], ["CANADA", "NULL"],
                    ["EGYPT", "NULL"],
                ])
        #expect(
            try rows(
                "select case n_regionkey when 0 then 'zero' when 1 then 'one' end from nation order by n_nationkey")
                == [["zero"], ["one"], ["one"], ["NULL"], ["NULL"]])
        #expect(
            try rows("select case when s_acctbal > 200 then s_acctbal else null end from supplier order by s_suppkey")
                == [["NULL"], ["250"], ["NULL"], ["NULL"], ["300"], ["250"]])
    }

    @Test("CREATE VIEW, a query over it and DROP VIEW run as one ';'-separated script; the view is gone after")
    func viewLifecycle() throws {
        let engine = QueryEngine(catalog: try TinyCatalog.catalog.get())
        let result = try engine.run(
            """
            create view americas (name) as select n_name from nation where n_regionkey = 1;
            select count(*), min(name) from americas;
            drop view americas
            """)
        #expect(rowTexts(try result.concatenated()) == [["2", "ARGENTINA"]])
        #expect(engine.views.isEmpty)
        let error = #expect(throws: SQLError.self) { try engine.run("select * from americas") }
        #expect(error?.message == "unknown table 'americas'")
        #expect(throws: SQLError.self) { try engine.run("drop view americas") }
        #expect(throws: Never.self) { try engine.run("drop view if exists americas") }
    }

    @Test("EXPLAIN returns one utf8 column 'plan' with the logical and physical plans, the join as a HashJoin")
    func explain() throws {
        let result = try QueryEngine(catalog: TinyCatalog.catalog.get()).run(
            "explain select n_name, r_name from nation, region where n_regionkey = r_regionkey")
        #expect(result.schema.fields.map(\.name) == ["plan"])
        #expect(result.schema.fields.map(\.dataType) == [.utf8])
        let text = rowTexts(try result.concatenated()).map { $0[0] }.joined(separator: "\n")
        #expect(text.contains("logical plan:"))
        #expect(text.contains("physical plan:"))
        #expect(text.contains("HashJoin("))
        #expect(!text.contains("(cross)"))
    }

    @Test("the same queries give the same rows in 1, 3 and 8 partitions and with one-row batches")
    func partitionCountsAgree() throws {
        // Suppliers per region: S10 → AFRICA; S11, S12, S14, S15 → AMERICA (sum ignores S12's NULL); S13 has
        // no nation.
        let perRegion = """
            select r_name, count(*), sum(s_acctbal) from supplier
            join nation on s_nationkey = n_nationkey join region on n_regionkey = r_regionkey
            group by r_name order by r_name
            """
        let nonMembers = """
            select n_name from nation where n_nationkey not in (select s_nationkey from supplier where s_acctbal > 100)
            order by n_name
            """
        let expected = [
            (perRegion, [["AFRICA", "1", "100"], ["AMERICA", "4", "800"]]),
            (nonMembers, [["ALGERIA"], ["CANADA"], ["EGYPT"]]),
        ]
        let options =
            [1, 3, 8].map { QueryOptions(partitionCount: $0) } + [QueryOptions(partitionCount: 3, batchRowCount: 1)]
        for (sql, answer) in expected {
            for option in options {
                #expect(
                    try TinyCatalog.rows(sql, options: option) == answer,
                    "\(option.partitionCount) partitions, \(option.batchRowCount)-row batches")
            }
        }
    }
}
