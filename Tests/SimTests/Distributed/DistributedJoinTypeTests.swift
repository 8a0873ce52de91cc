import PlanKit
import TPCH
import Testing

/// Join types and query shapes the 22 TPC-H queries exercise little, split over 2 and 3 workers with 2 fixed
/// tasks per stage, with broadcast joins on and off, run by the in-process driver: each gives the single-node
/// answer. Joins that report unmatched build rows must not be broadcast (every task would report them again).
@Suite("outer, semi, anti and mark joins and edge-case queries split over workers give the single-node answer")
struct DistributedJoinTypeTests {
    static let queries = [
        "select n_name, r_name from nation left join region on n_regionkey = r_regionkey and r_name <> 'ASIA'",
        "select n_name, r_name from region left join nation on n_regionkey = r_regionkey and n_name < 'F'",
        "select n_name, r_name from region right join nation on n_regionkey = r_regionkey and r_name <> 'ASIA'",
        "select r_name from region where exists (select 1 from nation where n_regionkey = r_regionkey and n_name < 'C')",
        "select r_name from region where not exists (select 1 from nation where n_regionkey = r_regionkey and n_name < 'C')",
        "select n_name from nation where n_regionkey in (select r_regionkey from region where r_name < 'B')",
        "select n_name from nation where n_regionkey not in (select r_regionkey from region where r_name < 'B')",
        "select count(*) from nation, region",
        "select c_custkey, count(o_orderkey) from customer left join orders on c_custkey = o_custkey "
            + "group by c_custkey order by 2 desc, 1 limit 5",
        "select 1 as one",
        "select n_name from nation union all select r_name from region",
        "select distinct n_regionkey from nation",
        "select count(*), sum(n_nationkey) from nation where n_nationkey > 100",
        "select n_name from nation where 1 = 0",
        "select n_name from nation order by n_name limit 3 offset 20",
        // Estimating a top-k of Int.max rows over several partitions overflowed (Int.max × partitions).
        "select n_name from nation order by n_name limit 9223372036854775807",
        // Kept partitions: an aggregate over a join's key, a join over an aggregate's key, a join on two keys
        // whose one side is partitioned on one of them, grouping by the key of an outer join's null-padded side.
        "select o_orderkey, count(*), sum(l_quantity) from orders, lineitem where o_orderkey = l_orderkey "
            + "group by o_orderkey order by 3 desc, 1 limit 5",
        "select o_orderkey, o_totalprice from orders where o_orderkey in "
            + "(select l_orderkey from lineitem group by l_orderkey having sum(l_quantity) > 250)",
        "select count(*) from (select l_orderkey as k, l_linenumber as n from orders, lineitem "
            + "where o_orderkey = l_orderkey and o_orderstatus = 'F') a, lineitem b "
            + "where a.k = b.l_orderkey and a.n = b.l_linenumber",
        "select o_custkey, count(*) from customer left join orders on c_custkey = o_custkey "
            + "group by o_custkey order by 2 desc, 1 limit 5",
        "select c_custkey, count(*) from orders right join customer on c_custkey = o_custkey "
            + "group by c_custkey order by 2 desc, 1 limit 5",
        // Partitioned on two columns, grouped or joined on one of them: not partitioned enough.
        "select l_orderkey, max(l_linenumber), sum(c) from (select l_orderkey, l_linenumber, count(*) as c "
            + "from lineitem group by l_orderkey, l_linenumber) group by l_orderkey order by 3 desc, 1 limit 5",
        "select count(*), sum(o_totalprice), sum(l_linenumber) from (select l_orderkey, l_linenumber from lineitem "
            + "group by l_orderkey, l_linenumber) p, orders where p.l_orderkey = o_orderkey",
        // The padded build side of a left join whose preserved side probes.
        "select o_orderkey, count(*) from lineitem left join (select o_orderkey from orders "
            + "where o_orderdate < date '1993-01-01') o on l_orderkey = o_orderkey group by o_orderkey "
            + "order by 2 desc, 1 limit 5",
        "select c_custkey, count(*) from orders left join customer on o_custkey = c_custkey "
            + "and c_mktsegment = 'BUILDING' group by c_custkey order by 2 desc, 1 limit 5",
        // A side kept on two columns joined with keys in the other order; then with its groups in the other order.
        "select count(*), sum(c) from (select l_orderkey as k, l_suppkey as s, count(*) as c from lineitem "
            + "group by l_orderkey, l_suppkey) a, (select l_suppkey as s2, l_orderkey as k2 from lineitem "
            + "where l_quantity > 10) b where a.s = b.s2 and a.k = b.k2",
        "select count(*), sum(c) from (select l_orderkey as k, l_suppkey as s, count(*) as c from lineitem "
            + "group by l_suppkey, l_orderkey) a, (select l_suppkey as s2, l_orderkey as k2 from lineitem "
            + "where l_quantity > 10) b where a.s = b.s2 and a.k = b.k2",
    ]

    @Test("each query × {2, 3} workers × broadcast on/off gives the single-node rows", arguments: queries.indices)
    func matchesSingleNode(index: Int) throws {
        let catalog = try DistributedTestSupport.catalog.get()
        let sql = Self.queries[index]
        let single = QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 1))
        let expected = try StageDriverTests.rows(single.run(sql)).sorted()
        for workers in [2, 3] {
            for broadcastRowLimit in [20_000, nil] as [Double?] {
                let engine = QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 2))
                let plan = try engine.distributedPlan(
                    sql, workers: StaticWorkerResolver(count: workers).workerAddresses(),
                    options: DistributedPlannerOptions(estimator: FixedTaskEstimator(count: 2)),
                    broadcastRowLimit: broadcastRowLimit)
                try plan.checkInvariants()
                let actual = try StageDriverTests.rows(StageDriver().run(plan)).sorted()
                #expect(
                    actual == expected,
                    "\(workers) workers, broadcast ≤ \(String(describing: broadcastRowLimit)): \(sql)")
            }
        }
    }
}
