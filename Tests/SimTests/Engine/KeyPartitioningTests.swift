import PlanKit
import TPCH
import Testing

/// The planner leaves out exchanges whose work a hash repartition below has already done (DataFusion's
/// EnforceDistribution): a join side partitioned on its keys keeps its partitions, and an aggregate whose input is
/// partitioned on some of its group columns aggregates once. These tests check the plans; the distributed suites
/// check that the plans still give the single-node answers.
@Suite("hash partitioning: exchanges the plan has already done are not done again")
struct KeyPartitioningTests {
    /// The physical plan of `sql` over the SF 0.01 TPC-H tables in 4 partitions, without broadcast joins.
    static func plan(_ sql: String) throws -> PhysicalPlan {
        let logical = try PlanInspection.plan(sql, catalog: PlanInspection.catalog.get())
        return try PhysicalPlanner(partitionCount: 4, broadcastRowLimit: -1).plan(logical)
    }

    static func repartitions(_ plan: PhysicalPlan) -> Int {
        plan.nodes.filter { if case .hashRepartition = $0.kind { true } else { false } }.count
    }

    static func aggregateModes(_ plan: PhysicalPlan) -> [AggregateMode] {
        plan.nodes.compactMap { if case .hashAggregate(let mode, _, _, _) = $0.kind { mode } else { nil } }
    }

    @Test("Q3 without broadcasts: one exchange per join side, and the aggregate runs once over the last join")
    func q3AggregatesInPlace() throws {
        let plan = try Self.plan(TPCHQueries.query(3))
        #expect(Self.repartitions(plan) == 4)
        #expect(Self.aggregateModes(plan) == [.single])
        let aggregate = try #require(plan.nodes.first { if case .hashAggregate = $0.kind { true } else { false } })
        guard case .hashJoin = aggregate.children[0].kind else {
            Issue.record("the aggregate reads \(aggregate.children[0].name), not the join")
            return
        }
    }

    @Test("a join side an aggregate left partitioned on the key keeps its partitions; only the other side moves")
    func aggregatedSideKeepsPartitions() throws {
        let plan = try Self.plan(
            "select o_orderkey from orders where o_orderkey in "
                + "(select l_orderkey from lineitem group by l_orderkey having sum(l_quantity) > 250)")
        // The aggregate's exchange and the orders side's: the aggregated side is not hashed again.
        #expect(Self.repartitions(plan) == 2)
        #expect(Self.aggregateModes(plan) == [.final, .partial])
    }

    @Test("grouping by the key of an outer join's null-padded side exchanges again: its nulls come from everywhere")
    func paddedSideIsNotPartitioned() throws {
        let plan = try Self.plan(
            "select o_custkey, count(*) from customer left join orders on c_custkey = o_custkey group by o_custkey")
        #expect(Self.repartitions(plan) == 3)
        #expect(Self.aggregateModes(plan) == [.final, .partial])
    }

    @Test("a side partitioned on two columns does not satisfy a join or an aggregate on one of them")
    func widerPartitioningIsNotEnough() throws {
        let pairs = "(select l_orderkey, l_linenumber, count(*) as c from lineitem group by l_orderkey, l_linenumber)"
        // Rows of one order key sit in as many partitions as its line numbers hash to: group again after a shuffle.
        let grouped = try Self.plan("select l_orderkey, max(l_linenumber), sum(c) from \(pairs) group by l_orderkey")
        #expect(Self.aggregateModes(grouped) == [.final, .partial, .final, .partial])
        // The same for a join on the order key alone: both sides are hashed on it (the pairs' exchange, and two).
        let joined = try Self.plan(
            "select l_linenumber, o_totalprice from \(pairs) p, orders where p.l_orderkey = o_orderkey")
        #expect(Self.repartitions(joined) == 3)
    }

    @Test("partitioning follows a column through projections and is lost when the key is computed")
    func followsColumns() throws {
        let plan = try Self.plan(
            "select k, sum(s) from (select l_orderkey + 1 as k, l_quantity as s, l_orderkey as o from "
                + "(select l_orderkey, sum(l_quantity) as l_quantity from lineitem group by l_orderkey)) group by k")
        // l_orderkey + 1 is a new column: the outer aggregate exchanges on it.
        #expect(Self.aggregateModes(plan) == [.final, .partial, .final, .partial])
        let renamed = try Self.plan(
            "select o, sum(s) from (select l_quantity as s, l_orderkey as o from "
                + "(select l_orderkey, sum(l_quantity) as l_quantity from lineitem group by l_orderkey)) group by o")
        // A renamed column is the same column: the outer aggregate runs in place.
        #expect(Self.aggregateModes(renamed) == [.single, .final, .partial])
    }

    /// Checks the planner against its own `keyPartitioning`; whether that is true of the rows is for the execution
    /// suites (every TPC-H query without broadcasts, and the join-type queries) to show.
    @Test(
        "in every TPC-H plan, each partitioned join's sides hash matching keys (by the plan's own layouts)",
        arguments: 1...22)
    func joinSidesMatch(number: Int) throws {
        let plan = try Self.plan(PlanInspection.sql(number))
        for node in plan.nodes {
            guard case .hashJoin(_, let keys, _, _) = node.kind, node.children[0].outputPartitionCount > 1 else {
                continue
            }
            let build = try Self.hashedKeys(node.children[0], keys.map { try .cast($0.build, to: $0.commonType) })
            let probe = try Self.hashedKeys(node.children[1], keys.map { try .cast($0.probe, to: $0.commonType) })
            #expect(!build.isDisjoint(with: probe), "Q\(number): \(node.name) build \(build), probe \(probe)")
        }
    }

    /// The lists of key positions (in `keys`) whose hash chose `side`'s partitions.
    static func hashedKeys(_ side: PhysicalPlan, _ keys: [PhysicalExpression]) -> Set<[Int]> {
        var lists = Set<[Int]>()
        if case .hashRepartition(let hashed, _) = side.kind {
            let positions = hashed.compactMap { keys.firstIndex(of: $0) }
            if positions.count == hashed.count { lists.insert(positions) }
        }
        for list in side.keyPartitioning.keyLists {
            let positions = list.compactMap { column in
                keys.firstIndex { if case .column(column, _) = $0.node { true } else { false } }
            }
            if positions.count == list.count { lists.insert(positions) }
        }
        return lists
    }
}
