import ArrowLite
import PlanKit
import Testing

/// How the subqueries and ORs of the TPC-H queries end up in the optimised logical plans: subqueries become semi,
/// anti, mark and left joins or aggregates joined on their correlation keys, and Q19's OR gives up its join
/// equality and per-table filters.
@Suite("Optimiser: decorrelation and OR factoring") struct DecorrelationTests {
    /// The non-inner joins of each query's plan, by type, sorted; queries not listed have only inner joins.
    static let expectedOuterJoins: [Int: [String]] = [
        4: ["semi"],  // EXISTS
        13: ["left"],  // LEFT OUTER JOIN
        16: ["mark"],  // NOT IN (a null in the subquery must make the row vanish)
        18: ["semi"],  // IN (grouped subquery)
        20: ["semi", "semi"],  // IN (IN ...)
        21: ["anti", "semi"],  // EXISTS and NOT EXISTS
        22: ["anti"],  // NOT EXISTS
    ]

    @Test("the subqueries of the 22 queries become exactly the expected semi, anti, mark and left joins")
    func joinTypes() throws {
        for number in 1...22 {
            let types = try PlanInspection.tpch(number).joins.filter { $0.type != .inner }.map(\.type.rawValue)
            #expect(types.sorted() == Self.expectedOuterJoins[number] ?? [], "Q\(number)")
        }
    }

    @Test("Q4's EXISTS is a semi join of orders with lineitem on l_orderkey = o_orderkey")
    func q4SemiJoin() throws {
        let semi = try #require(try PlanInspection.tpch(4).joins.first { $0.type == .semi })
        #expect(semi.crossSideEqualities.map(\.columnNames) == [["l_orderkey", "o_orderkey"]])
        #expect(semi.left.scans.map(\.table) == ["orders"])
        #expect(semi.right.scans.map(\.table) == ["lineitem"])
    }

    @Test("Q21's EXISTS and NOT EXISTS are a semi and an anti join on the order key with a <> residual")
    func q21SemiAndAnti() throws {
        let joins = try PlanInspection.tpch(21).joins
        for type in [LogicalJoinType.semi, .anti] {
            let join = try #require(joins.first { $0.type == type })
            #expect(join.crossSideEqualities.count == 1, "\(type)")
            #expect(join.condition?.conjuncts.count == 2, "\(type): the equality and l_suppkey <> l_suppkey")
            #expect(join.right.scans.map(\.table) == ["lineitem"], "\(type)")
        }
    }

    @Test("Q16's NOT IN is a mark join whose mark a NOT filter reads right above it")
    func q16MarkJoin() throws {
        let plan = try PlanInspection.tpch(16)
        let markFilter = plan.allNodes.first { node in
            guard case .filter(let predicate, .join(.mark, _, _, _, let mark?)) = node,
                case .not(let operand) = predicate.node
            else { return false }
            return operand.columnReferences == [mark.id]
        }
        #expect(markFilter != nil, "expected Filter (NOT mark) over the mark join")
    }

    @Test("Q22's NOT EXISTS is an anti join of customer with orders on o_custkey = c_custkey")
    func q22AntiJoin() throws {
        let anti = try #require(try PlanInspection.tpch(22).joins.first { $0.type == .anti })
        #expect(anti.crossSideEqualities.count == 1)
        #expect(anti.right.scans.map(\.table) == ["orders"])
        #expect(anti.left.scans.map(\.table).contains("customer"))
    }

    /// For each inner join with a grouped aggregate (under projections and filters) on one side: the equalities
    /// that join a group column of that aggregate, as "group column = other side's column" by name, sorted.
    private func aggregateJoinKeys(_ plan: LogicalPlan) -> [String] {
        var keys: [String] = []
        for join in plan.joins where join.type == .inner {
            for side in [join.left, join.right] {
                guard let groups = side.topGroupColumns, !groups.isEmpty else { continue }
                for equality in join.crossSideEqualities {
                    guard case .comparison(let a, .equal, let b) = equality.node else { continue }
                    let ids = Set(groups.map(\.id))
                    for (mine, other) in [(a, b), (b, a)] {
                        if case .column(let id, let name) = mine.node, ids.contains(id),
                            case .column(_, let otherName) = other.node
                        {
                            keys.append("\(name) = \(otherName)")
                        }
                    }
                }
            }
        }
        return keys.sorted()
    }

    @Test("correlated scalar aggregates (Q2, Q17, Q20) are grouped by their correlation key and joined on it")
    func aggregatesJoinedOnCorrelationKeys() throws {
        #expect(aggregateJoinKeys(try PlanInspection.tpch(2)) == ["ps_partkey = p_partkey"])
        #expect(aggregateJoinKeys(try PlanInspection.tpch(17)) == ["l_partkey = p_partkey"])
        #expect(
            aggregateJoinKeys(try PlanInspection.tpch(20)) == ["l_partkey = ps_partkey", "l_suppkey = ps_suppkey"])
    }

    @Test("Q19's OR: p_partkey = l_partkey is factored out as a hash key and implied filters sit on both scans")
    func q19FactoredDisjunction() throws {
        let plan = try PlanInspection.tpch(19)
        let join = try #require(plan.joins.first)
        let keys = join.crossSideEqualities.map(\.description)
        #expect(keys.count == 1 && keys[0].contains("p_partkey@") && keys[0].contains("l_partkey@"), "\(keys)")
        func isOr(_ conjunct: PhysicalExpression) -> Bool {
            if case .or = conjunct.node { return true }
            return false
        }
        let part = plan.filtersOnScan(of: "part").flatMap(\.conjuncts)
        let lineitem = plan.filtersOnScan(of: "lineitem").flatMap(\.conjuncts)
        #expect(part.contains(where: isOr), "an OR of the brand / container / size branches on part")
        #expect(lineitem.contains(where: isOr), "an OR of the quantity ranges on lineitem")
        // Conjuncts common to all three branches leave the OR and become plain filters.
        #expect(lineitem.contains { $0.description.hasSuffix(" = 'DELIVER IN PERSON')") && !isOr($0) })
        #expect(part.contains { $0.columnNames == ["p_size"] && $0.description.hasSuffix(" >= 1)") })
        // The physical hash join hashes on the part key, not on the constant key of a cross join.
        let physical = try QueryEngine(catalog: PlanInspection.catalog.get()).physicalPlan(PlanInspection.sql(19))
        let hashJoins = physical.nodes.compactMap { node -> [JoinKey]? in
            if case .hashJoin(_, let keys, _, _) = node.kind { return keys }
            return nil
        }
        #expect(hashJoins.count == 1)
        #expect(hashJoins.first?.map(\.description).joined().contains("partkey") == true)
    }

    /// The conjuncts of the filters and join conditions of `plan` that repeat an earlier one in the same node.
    private func repeatedConjuncts(_ plan: LogicalPlan) -> [PhysicalExpression] {
        plan.allNodes.flatMap { node -> [PhysicalExpression] in
            let conjuncts: [PhysicalExpression]
            switch node {
            case .filter(let predicate, _): conjuncts = predicate.conjuncts
            case .join(_, _, _, let condition?, _): conjuncts = condition.conjuncts
            default: return []
            }
            return conjuncts.indices.filter { conjuncts[..<$0].contains(conjuncts[$0]) }.map { conjuncts[$0] }
        }
    }

    @Test("no filter or join condition of the plans other than Q7 and Q19 repeats a conjunct")
    func noRepeatedConjuncts() throws {
        for number in 1...22 where number != 7 && number != 19 {
            #expect(repeatedConjuncts(try PlanInspection.tpch(number)).isEmpty, "Q\(number)")
        }
    }

    @Test("the implied per-table ORs of Q7 and Q19 are added once, not once per pushdown pass")
    func impliedFiltersOnce() throws {
        for number in [7, 19] {
            let plan = try PlanInspection.tpch(number)
            #expect(repeatedConjuncts(plan).isEmpty, "Q\(number)")
        }
    }
}

extension LogicalPlan {
    /// The group columns of the aggregate at the top of the plan (under projections and filters), nil when there
    /// is none.
    var topGroupColumns: [LogicalColumn]? {
        switch self {
        case .aggregate(_, let groupColumns, _, _, _): return groupColumns
        case .projection(_, _, let input), .filter(_, let input): return input.topGroupColumns
        default: return nil
        }
    }
}
