import ArrowLite
import PlanKit
import Testing

/// Properties of the optimised logical plans of the 22 TPC-H queries (Q15 as its `WITH` variant), read off the
/// plan tree: joins have equality keys, single-table filters sit on their scans, scans read only what is used,
/// constants are folded, and the plans are self-contained.
@Suite("Optimiser: properties of the TPC-H plans") struct OptimizerTests {
    static let numbers = Array(1...22)

    @Test("every plan is self-contained: each expression reads only ids its inputs produce, ids are unique")
    func plansAreSound() throws {
        for number in Self.numbers {
            let plan = try PlanInspection.tpch(number)
            for problem in plan.soundnessProblems { Issue.record("Q\(number): \(problem)") }
        }
    }

    @Test("the binder's plans before optimisation are already self-contained (decorrelated) and well formed")
    func boundPlansAreSound() throws {
        for number in Self.numbers {
            let statement = try SQLParser.parseStatement(PlanInspection.sql(number))
            let query = try #require(statement.queryValue)
            let bound = try Binder(catalog: PlanInspection.catalog.get()).bind(query)
            for problem in bound.plan.soundnessProblems { Issue.record("Q\(number): \(problem)") }
        }
    }

    @Test("the soundness check flags an expression reading a column its input lacks, and a repeated output id")
    func soundnessCheckCanFail() throws {
        let source = try #require(try TinyCatalog.catalog.get().table("region"))
        let key = LogicalColumn(id: 1, name: "r_regionkey", dataType: .int32, nullable: false)
        let scan = LogicalPlan.scan(table: "region", source: source, columns: [key], tableIndices: [0])
        #expect(scan.soundnessProblems.isEmpty)
        let outer = LogicalColumn(id: 7, name: "outer_flag", dataType: .boolean, nullable: true)
        #expect(LogicalPlan.filter(outer.reference, scan).soundnessProblems.count == 1)
        let twice = LogicalPlan.projection([key.reference, key.reference], [key, key], scan)
        #expect(twice.soundnessProblems.count == 1)
    }

    @Test("inner joins have an equality between their sides, except with a one-row aggregate (Q11, Q22)")
    func noCrossJoins() throws {
        var withoutEquality: [Int] = []
        for number in Self.numbers {
            for join in try PlanInspection.tpch(number).joins
            where join.type == .inner && join.crossSideEqualities.isEmpty {
                withoutEquality.append(number)
                #expect(
                    join.left.isAtMostOneAggregateRow || join.right.isAtMostOneAggregateRow,
                    "Q\(number): a cross join of two inputs that may have many rows: \(join.condition as Any)")
            }
        }
        // Q11's HAVING compares with an uncorrelated scalar aggregate, Q22 its WHERE; Q15 compares with `=`, so
        // its one-row aggregate is joined on an equality.
        #expect(withoutEquality == [11, 22])
    }

    @Test("semi, anti, mark and left joins all have an equality between their sides")
    func otherJoinsHaveKeys() throws {
        for number in Self.numbers {
            for join in try PlanInspection.tpch(number).joins where join.type != .inner {
                #expect(!join.crossSideEqualities.isEmpty, "Q\(number): \(join.type) join on \(join.condition as Any)")
            }
        }
    }

    @Test("no filter above a join and no join condition holds a conjunct over one table's scan alone")
    func singleTablePredicatesSitOnScans() throws {
        for number in Self.numbers {
            let plan = try PlanInspection.tpch(number)
            var scanOf: [Int: Int] = [:]
            for (index, node) in plan.allNodes.enumerated() {
                if case .scan(_, _, let columns, _) = node { for column in columns { scanOf[column.id] = index } }
            }
            func overOneScan(_ conjunct: PhysicalExpression) -> Bool {
                let scans = Set(conjunct.columnReferences.map { scanOf[$0] })
                return scans.count == 1 && !scans.contains(nil)
            }
            for node in plan.allNodes {
                var misplaced: [PhysicalExpression] = []
                switch node {
                case .filter(let predicate, let input) where input.scannedTable == nil:
                    misplaced = predicate.conjuncts.filter(overOneScan)
                case .join(let type, _, let right, let condition?, _):
                    let rightIDs = Set(right.output.map(\.id))
                    misplaced = condition.conjuncts.filter {
                        overOneScan($0) && (type == .inner || $0.columnReferences.allSatisfy(rightIDs.contains))
                    }
                default: break
                }
                #expect(misplaced.isEmpty, "Q\(number): \(misplaced) not pushed to its scan")
            }
        }
    }

    @Test("Q6's whole WHERE is one filter on the lineitem scan; Q3's market segment filter sits on customer")
    func filtersOnTheirScans() throws {
        let q6 = try PlanInspection.tpch(6).filtersOnScan(of: "lineitem")
        #expect(q6.count == 1)
        // BETWEEN gives two conjuncts: two on l_shipdate, two on l_discount, one on l_quantity.
        #expect(q6.first?.conjuncts.count == 5)
        let q3 = try PlanInspection.tpch(3)
        let customer = q3.filtersOnScan(of: "customer")
        #expect(customer.map(\.columnNames) == [["c_mktsegment"]])
        #expect(customer.first?.description.hasSuffix(" = 'BUILDING')") == true)
        #expect(q3.filtersOnScan(of: "orders").map(\.columnNames) == [["o_orderdate"]])
        #expect(q3.filtersOnScan(of: "lineitem").map(\.columnNames) == [["l_shipdate"]])
    }

    @Test("projection pruning: Q6 reads exactly its 4 lineitem columns, Q1 its 7")
    func scansReadOnlyWhatIsUsed() throws {
        #expect(
            try PlanInspection.tpch(6).scans.map(\.columns) == [
                ["l_quantity", "l_extendedprice", "l_discount", "l_shipdate"]
            ])
        #expect(
            try PlanInspection.tpch(1).scans.map(\.columns) == [
                ["l_quantity", "l_extendedprice", "l_discount", "l_tax", "l_returnflag", "l_linestatus", "l_shipdate"]
            ])
    }

    @Test("no join or filter of the 22 plans passes on a column nothing above it reads (except to a projection)")
    func joinsOutputOnlyWhatIsReadAbove() throws {
        for number in Self.numbers {
            let plan = try PlanInspection.tpch(number)
            // `readAbove`: the result columns and every id an ancestor's expressions read (ids are query-wide).
            func visit(_ node: LogicalPlan, readAbove: Set<Int>, underReader: Bool) {
                // A projection or an aggregate reads only its own columns and copies nothing; under anything else
                // (a join, a shuffle, a sort), every column a join or a filter outputs is copied.
                var checked = false
                if case .join = node { checked = !underReader }
                if case .filter = node { checked = !underReader }
                // A projection of plain columns right over a join or a filter (pruning's) keeps only what is read.
                if case .projection(let expressions, _, let input) = node,
                    expressions.allSatisfy({ if case .column = $0.node { true } else { false } })
                {
                    switch input {
                    case .join, .filter: checked = true
                    default: break
                    }
                }
                let unread = node.output.filter { !readAbove.contains($0.id) }
                if checked && node.output.count > 1 {
                    #expect(unread.isEmpty, "Q\(number): \(unread) leave a join or filter but nothing above reads them")
                }
                var reads = readAbove.union(node.ownExpressions.expressions.flatMap(\.columnReferences))
                var reader = false
                switch node {
                case .projection, .aggregate: reader = true
                case .union: reads.formUnion(node.children.flatMap { $0.output.map(\.id) })
                default: break
                }
                for child in node.children { visit(child, readAbove: reads, underReader: reader) }
            }
            visit(plan, readAbove: Set(plan.output.map(\.id)), underReader: false)
        }
    }

    @Test("pruning drops a filter's own column after it: Q3's lineitem leaves its filter without l_shipdate")
    func filterColumnsAreDroppedAfterTheFilter() throws {
        let q3 = try PlanInspection.tpch(3)
        let narrowed = q3.allNodes.compactMap { node -> [String]? in
            guard case .projection(_, let columns, let input) = node, case .filter(_, let scan) = input,
                scan.scannedTable == "lineitem"
            else { return nil }
            return columns.map(\.name)
        }
        #expect(narrowed == [["l_orderkey", "l_extendedprice", "l_discount"]])
    }

    @Test("a UNION ALL whose reader uses one column reads only that column in each input, and answers the same")
    func unionInputsArePruned() throws {
        let sql = """
            select count(*), sum(k) from (select n_regionkey as k, n_name as name from nation
            union all select r_regionkey, r_name from region) u
            """
        let plan = try PlanInspection.plan(sql, catalog: PlanInspection.catalog.get())
        #expect(plan.scans.map(\.columns) == [["n_regionkey"], ["r_regionkey"]])
        for problem in plan.soundnessProblems { Issue.record("\(problem)") }
        // TPC-H: 25 nations, 5 in each region 0…4 (sum 50), and the 5 regions 0…4 (sum 10).
        let engine = QueryEngine(catalog: try PlanInspection.catalog.get())
        #expect(rowTexts(try engine.run(sql).batches) == [["30", "60"]])
    }

    @Test("every column any scan of the 22 plans reads is used by some expression or is a result column")
    func everyScannedColumnIsUsed() throws {
        for number in Self.numbers {
            let plan = try PlanInspection.tpch(number)
            var used = Set(plan.output.map(\.id))
            for node in plan.allNodes { used.formUnion(node.ownExpressions.expressions.flatMap(\.columnReferences)) }
            for node in plan.allNodes {
                guard case .scan(let table, _, let columns, _) = node else { continue }
                let unused = columns.filter { !used.contains($0.id) }
                #expect(unused.isEmpty, "Q\(number): the \(table) scan reads unused \(unused)")
            }
        }
    }

    @Test("constant folding: Q1's DATE '1998-12-01' - INTERVAL '90' DAY becomes DATE '1998-09-02'")
    func dateArithmeticIsFolded() throws {
        let filters = try PlanInspection.tpch(1).filtersOnScan(of: "lineitem")
        let day = try Date32.parse("1998-09-02")
        guard filters.count == 1, case .comparison(let column, .lessOrEqual, let bound) = filters[0].node else {
            Issue.record("expected one l_shipdate <= constant filter, found \(filters)")
            return
        }
        #expect(column.description.hasPrefix("l_shipdate@"))
        #expect(bound.node == .literal(.date32(day)))
    }

    /// The column-free subexpressions of `expression` that are not literals (constants left to evaluate per row).
    private func unfoldedConstants(_ expression: PhysicalExpression) -> [PhysicalExpression] {
        if case .literal = expression.node { return [] }
        if expression.columnReferences.isEmpty { return [expression] }
        return expression.children.flatMap(unfoldedConstants)
    }

    @Test("constant folding: no filter, projection or join condition of the 22 plans keeps an unevaluated constant")
    func everyConstantIsFolded() throws {
        for number in Self.numbers {
            for node in try PlanInspection.tpch(number).allNodes {
                let expressions: [PhysicalExpression]
                switch node {
                case .filter, .projection, .join: expressions = node.ownExpressions.expressions
                default: continue
                }
                let constants = expressions.flatMap(unfoldedConstants)
                #expect(constants.isEmpty, "Q\(number): \(constants) not folded")
            }
        }
    }

    @Test("constant folding reaches aggregate arguments: Q8's and Q14's CASE ... ELSE 0 has a decimal literal")
    func aggregateArgumentsAreFolded() throws {
        for number in [8, 14] {
            let arguments = try PlanInspection.tpch(number).allNodes.flatMap { node -> [PhysicalExpression] in
                guard case .aggregate(_, _, let aggregates, _, _) = node else { return [] }
                return aggregates.compactMap(\.argument)
            }
            #expect(arguments.contains { $0.description.contains("CASE") }, "Q\(number) sums a CASE")
            #expect(arguments.flatMap(unfoldedConstants).isEmpty, "Q\(number)")
        }
    }
}
