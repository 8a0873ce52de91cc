import ArrowLite
import PlanKit
import Testing

/// End-to-end SQL semantics on the tiny catalog (see `TinyCatalog` for its rows): joins, subqueries and their null
/// rules. Every expected answer was worked out by hand from the table rows.
@Suite("Engine: joins and subqueries") struct EngineTests {
    private func rows(_ sql: String) throws -> [[String]] { try TinyCatalog.rows(sql) }

    @Test("LEFT JOIN keeps nations without a matching region (null key, missing key) with NULL region columns")
    func leftJoinKeepsUnmatched() throws {
        #expect(
            try rows(
                "select n_name, r_name from nation left join region on n_regionkey = r_regionkey order by n_nationkey")
                == [
                    ["ALGERIA", "AFRICA"], ["ARGENTINA", "AMERICA"], ["BRAZIL", "AMERICA"], ["CANADA", "NULL"],
                    ["EGYPT", "NULL"],
                ])
        // RIGHT JOIN is the mirror image: every region, ASIA without a nation.
        #expect(
            try rows(
                "select r_name, n_name from nation right join region on n_regionkey = r_regionkey order by r_name, n_name"
            )
                == [["AFRICA", "ALGERIA"], ["AMERICA", "ARGENTINA"], ["AMERICA", "BRAZIL"], ["ASIA", "NULL"]])
    }

    @Test("LEFT JOIN: an ON conjunct over the left side only selects matches, never drops left rows")
    func leftJoinOnLeftOnlyCondition() throws {
        #expect(
            try rows(
                """
                select n_name, r_name from nation left join region on n_regionkey = r_regionkey and n_nationkey > 1
                order by n_nationkey
                """) == [
                    ["ALGERIA", "NULL"], ["ARGENTINA", "NULL"], ["BRAZIL", "AMERICA"], ["CANADA", "NULL"],
                    ["EGYPT", "NULL"],
                ])
    }

    @Test("LEFT JOIN then WHERE on the optional side: IS NULL keeps the unmatched rows, = keeps matched ones")
    func whereOnOptionalSide() throws {
        let join = "select n_name from nation left join region on n_regionkey = r_regionkey"
        #expect(try rows(join + " where r_name is null order by n_name") == [["CANADA"], ["EGYPT"]])
        #expect(try rows(join + " where r_name = 'AMERICA' order by n_name") == [["ARGENTINA"], ["BRAZIL"]])
    }

    @Test("an inner join drops rows whose key is NULL on either side")
    func innerJoinDropsNullKeys() throws {
        #expect(
            try rows("select s_name, n_name from supplier, nation where s_nationkey = n_nationkey order by s_name")
                == [
                    ["S10", "ALGERIA"], ["S11", "ARGENTINA"], ["S12", "ARGENTINA"], ["S14", "BRAZIL"],
                    ["S15", "ARGENTINA"],
                ])
    }

    @Test("NOT IN over a subquery holding a NULL returns no rows; without the NULL it returns the non-members")
    func notInWithNull() throws {
        #expect(try rows("select n_name from nation where n_nationkey not in (select s_nationkey from supplier)") == [])
        #expect(
            try rows(
                """
                select n_name from nation
                where n_nationkey not in (select s_nationkey from supplier where s_nationkey is not null)
                order by n_name
                """) == [["CANADA"], ["EGYPT"]])
    }

    @Test("NOT IN with a NULL on the left is NULL against a non-empty set, true against an empty one")
    func notInWithNullOperand() throws {
        // Region keys are {0, 1, 2}: only EGYPT (4) is surely outside; CANADA's NULL key gives NULL.
        #expect(
            try rows("select n_name from nation where n_regionkey not in (select r_regionkey from region)")
                == [["EGYPT"]])
        #expect(
            try rows(
                """
                select n_name from nation
                where n_regionkey not in (select r_regionkey from region where r_regionkey > 10)
                order by n_nationkey
                """
            ).count == 5)
    }

    @Test("IN in the select list is a three-valued mark: true, false, or NULL")
    func inAsValue() throws {
        // s_nationkey is {0, 1, 2, NULL}: keys 0 to 2 are members, 3 and 4 are unknown (the NULL could match).
        #expect(
            try rows(
                "select n_nationkey, n_nationkey in (select s_nationkey from supplier) from nation order by n_nationkey"
            )
                == [["0", "true"], ["1", "true"], ["2", "true"], ["3", "NULL"], ["4", "NULL"]])
        #expect(
            try rows(
                "select r_regionkey, r_regionkey in (select n_regionkey from nation where n_regionkey is not null) "
                    + "from region order by r_regionkey") == [["0", "true"], ["1", "true"], ["2", "false"]])
    }

    @Test("IN over an uncorrelated subquery returns each matching row once")
    func inSubquery() throws {
        #expect(
            try rows(
                "select n_name from nation where n_nationkey in (select s_nationkey from supplier) order by n_name")
                == [["ALGERIA"], ["ARGENTINA"], ["BRAZIL"]])
    }

    @Test("IN over a correlated subquery with a non-equality correlation")
    func correlatedInSubquery() throws {
        // Nation 0: S10 100 > 0. Nation 1: S11 250 > 150. Nation 2: S14 300 > 300 is false.
        #expect(
            try rows(
                """
                select n_name from nation n
                where n_nationkey in (select s_nationkey from supplier where s_acctbal > n.n_nationkey * 150)
                order by n_name
                """) == [["ALGERIA"], ["ARGENTINA"]])
    }

    @Test("correlated EXISTS and NOT EXISTS split the regions into those with and without nations")
    func existsAndNotExists() throws {
        let exists =
            "select r_name from region r where exists (select * from nation n where n.n_regionkey = r.r_regionkey)"
        #expect(try rows(exists + " order by r_name") == [["AFRICA"], ["AMERICA"]])
        let notExists = exists.replacingOccurrences(of: "where exists", with: "where not exists")
        #expect(try rows(notExists) == [["ASIA"]])
    }

    @Test(
        "EXISTS outside a WHERE conjunct is true or false, never NULL, even when the subquery sees NULL keys")
    func existsAsValue() throws {
        // nation holds a NULL n_regionkey (CANADA); that must not make EXISTS unknown for ASIA.
        let values = try rows(
            """
            select r_name, exists (select * from nation where n_regionkey = r_regionkey) from region
            order by r_name
            """)
        #expect(values == [["AFRICA", "true"], ["AMERICA", "true"], ["ASIA", "false"]])
        let inDisjunction = try rows(
            """
            select r_name from region
            where r_regionkey = 0 or not exists (select * from nation where n_regionkey = r_regionkey)
            order by r_name
            """)
        #expect(inDisjunction == [["AFRICA"], ["ASIA"]])
    }

    @Test("a scalar subquery that finds no row gives NULL in the select list (correlated and uncorrelated)")
    func scalarSubqueryWithoutRow() throws {
        #expect(
            try rows(
                """
                select n_name, (select r_name from region where r_regionkey = n_regionkey) from nation
                order by n_nationkey
                """) == [
                    ["ALGERIA", "AFRICA"], ["ARGENTINA", "AMERICA"], ["BRAZIL", "AMERICA"], ["CANADA", "NULL"],
                    ["EGYPT", "NULL"],
                ])
        #expect(
            try rows("select r_name, (select n_name from nation where n_nationkey = 99) from region order by r_name")
                == [["AFRICA", "NULL"], ["AMERICA", "NULL"], ["ASIA", "NULL"]])
    }

    @Test("a correlated scalar MAX over no rows is NULL; a scalar subquery in WHERE drops rows it makes NULL")
    func correlatedScalarAggregate() throws {
        #expect(
            try rows(
                """
                select n_name, (select max(s_acctbal) from supplier where s_nationkey = n_nationkey) from nation
                order by n_nationkey
                """) == [
                    ["ALGERIA", "100"], ["ARGENTINA", "250"], ["BRAZIL", "300"], ["CANADA", "NULL"], ["EGYPT", "NULL"],
                ])
        // Nation averages are 100, 250 (NULL ignored) and 300, so >= keeps every supplier with a balance and a
        // nation; S13's NULL nation finds no row, a NULL average, and is dropped.
        #expect(
            try rows(
                """
                select s_name from supplier s
                where s_acctbal >= (select avg(s_acctbal) from supplier t where t.s_nationkey = s.s_nationkey)
                order by s_name
                """) == [["S10"], ["S11"], ["S14"], ["S15"]])
    }

    @Test(
        "a correlated scalar COUNT over no rows is 0, not NULL")
    func correlatedScalarCount() throws {
        #expect(
            try rows(
                """
                select n_name, (select count(*) from supplier where s_nationkey = n_nationkey) from nation
                order by n_nationkey
                """) == [["ALGERIA", "1"], ["ARGENTINA", "3"], ["BRAZIL", "1"], ["CANADA", "0"], ["EGYPT", "0"]])
    }

    @Test(
        "a scalar subquery returning more than one row for an outer row is an error")
    func scalarSubqueryWithSeveralRows() throws {
        #expect(throws: (any Error).self) {
            try rows("select r_name, (select n_name from nation where n_regionkey = r_regionkey) from region")
        }
    }
}
