import PlanKit
import TPCH
import Testing

/// The planner over key-range tables: sides split by equal ranges on the join keys meet without an exchange, an
/// aggregate over them runs once, and sides split by different ranges, or by ranges on other columns, are hashed as
/// before. The execution suites (`KeyRangeRunTests`) show the answers stay the single-node ones.
@Suite("key-range planning: no exchange between sides split by the same key ranges")
struct KeyRangePlanningTests {
    static let catalog = Result { try Catalog.tpch(scale: 0.01, keyRanges: true) }

    /// The physical plan of `sql` over the SF 0.01 key-range tables in 4 partitions, without broadcast joins.
    static func plan(_ sql: String) throws -> PhysicalPlan {
        let logical = try PlanInspection.plan(sql, catalog: catalog.get())
        return try PhysicalPlanner(partitionCount: 4, broadcastRowLimit: -1).plan(logical)
    }

    @Test("Q18's subquery aggregates lineitem once per part and meets orders without an exchange")
    func q18StaysInPlace() throws {
        let plan = try Self.plan(TPCHQueries.query(18))
        let semi = try #require(
            plan.nodes.first { if case .hashJoin(.probeSemi, _, _, _) = $0.kind { true } else { false } })
        #expect(KeyPartitioningTests.repartitions(semi) == 0)
        #expect(KeyPartitioningTests.aggregateModes(semi) == [.single])
        guard case .keyRanges = semi.keyPartitioning.scheme else {
            Issue.record("the semi join's output is \(semi.keyPartitioning), not split by key ranges")
            return
        }
        #expect(plan.explain().contains("Scan table=lineitem projection=[0, 4] key_ranges=l_orderkey@0"))
    }

    @Test("orders join lineitem on the order key with no exchange; on the part key, both sides are hashed")
    func onlyTheRangeKeyJoinsInPlace() throws {
        let onKey = try Self.plan("select count(*) from orders, lineitem where o_orderkey = l_orderkey")
        #expect(KeyPartitioningTests.repartitions(onKey) == 0)
        let offKey = try Self.plan("select count(*) from part, lineitem where p_partkey = l_partkey")
        #expect(KeyPartitioningTests.repartitions(offKey) == 2)
    }

    @Test("sides split by different ranges (order keys against part keys) are hashed, not trusted to align")
    func differentRangesDoNotAlign() throws {
        let plan = try Self.plan("select count(*) from partsupp, lineitem where ps_partkey = l_orderkey")
        #expect(KeyPartitioningTests.repartitions(plan) == 2)
    }

    @Test("a side split by key ranges is hashed to meet a side hashed on the key: the two schemes never mix")
    func rangeSideFollowsAHashedSide() throws {
        // Grouping orders by o_orderkey after a join on o_custkey leaves them hashed on the order key.
        let plan = try Self.plan(
            "select count(*) from (select o_orderkey as k, count(*) as c from orders, customer "
                + "where o_custkey = c_custkey group by o_orderkey) m, lineitem where m.k = l_orderkey")
        let join = try #require(
            plan.nodes.first { node in
                guard case .hashJoin = node.kind else { return false }
                return node.nodes.contains { if case .hashAggregate(.final, _, _, _) = $0.kind { true } else { false } }
            })
        #expect(join.children.allSatisfy { $0.keyPartitioning.scheme == .hash })
        let lineitem = try #require(join.children.first { $0.explain().contains("table=lineitem") })
        guard case .hashRepartition = lineitem.kind else {
            Issue.record("lineitem meets the hashed side as \(lineitem.name), split as \(lineitem.keyPartitioning)")
            return
        }
    }

    /// Checks the planner against its own layouts: a join side that is not hashed for the join keeps a layout of
    /// the other side's scheme.
    @Test("in every TPC-H plan over key-range tables, partitioned join sides share one scheme", arguments: 1...22)
    func joinSidesShareAScheme(number: Int) throws {
        let plan = try Self.plan(PlanInspection.sql(number))
        for node in plan.nodes {
            guard case .hashJoin(_, let keys, _, _) = node.kind, node.children[0].outputPartitionCount > 1 else {
                continue
            }
            let build = try KeyPartitioningTests.hashedKeys(
                node.children[0], keys.map { try .cast($0.build, to: $0.commonType) })
            let probe = try KeyPartitioningTests.hashedKeys(
                node.children[1], keys.map { try .cast($0.probe, to: $0.commonType) })
            #expect(!build.isDisjoint(with: probe), "Q\(number): \(node.name) build \(build), probe \(probe)")
            let schemes = node.children.map { child -> KeyPartitioning.Scheme in
                if case .hashRepartition = child.kind { return .hash }
                return child.keyPartitioning.scheme
            }
            #expect(schemes[0] == schemes[1], "Q\(number): \(node.name) sides split by \(schemes)")
        }
    }
}
