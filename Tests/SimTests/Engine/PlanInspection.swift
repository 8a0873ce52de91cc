import ArrowLite
import PlanKit
import TPCH

/// Plans of the TPC-H queries and helpers that read properties off a `LogicalPlan` tree, for the optimiser tests.
enum PlanInspection {
    /// The SF 0.01 catalog (only its statistics matter for planning), generated once per test process.
    static let catalog = Result { try Catalog.tpch(scale: 0.01) }

    /// The text of TPC-H query `number` as one statement (Q15 as its `WITH` variant).
    static func sql(_ number: Int) -> String {
        number == 15 ? TPCHQueries.q15WithClause : TPCHQueries.query(number)
    }

    /// The optimised logical plan of `sql` over `catalog`.
    static func plan(_ sql: String, catalog: Catalog) throws -> LogicalPlan {
        let statement = try SQLParser.parseStatement(sql)
        guard case .query(let query) = statement.kind else {
            throw SQLError("not a query", at: statement.location)
        }
        return try QueryEngine(catalog: catalog).logicalPlan(query)
    }

    /// The optimised logical plan of TPC-H query `number` over the SF 0.01 catalog.
    static func tpch(_ number: Int) throws -> LogicalPlan {
        try plan(sql(number), catalog: catalog.get())
    }
}

/// One join of a plan with its inputs, as the tests look at it.
struct JoinNode {
    let type: LogicalJoinType
    let left: LogicalPlan
    let right: LogicalPlan
    let condition: PhysicalExpression?

    var leftIDs: Set<Int> { Set(left.output.map(\.id)) }
    var rightIDs: Set<Int> { Set(right.output.map(\.id)) }

    /// The conjuncts of the condition that are `a = b` with `a` over one side only and `b` over the other side only
    /// (both reading at least one column): the equalities a hash join can use as keys.
    var crossSideEqualities: [PhysicalExpression] {
        (condition?.conjuncts ?? []).filter { conjunct in
            guard case .comparison(let a, .equal, let b) = conjunct.node else { return false }
            func only(_ e: PhysicalExpression, _ ids: Set<Int>) -> Bool {
                !e.columnReferences.isEmpty && e.columnReferences.allSatisfy(ids.contains)
            }
            return (only(a, leftIDs) && only(b, rightIDs)) || (only(a, rightIDs) && only(b, leftIDs))
        }
    }
}

extension LogicalPlan {
    /// Every node in pre-order.
    var allNodes: [LogicalPlan] { [self] + children.flatMap(\.allNodes) }

    /// Every join in pre-order.
    var joins: [JoinNode] {
        allNodes.compactMap { node in
            guard case .join(let type, let left, let right, let condition, _) = node else { return nil }
            return JoinNode(type: type, left: left, right: right, condition: condition)
        }
    }

    /// The table name of a scan node, nil for other nodes.
    var scannedTable: String? {
        if case .scan(let table, _, _, _) = self { return table }
        return nil
    }

    /// Every scan as (table, column names), in pre-order.
    var scans: [(table: String, columns: [String])] {
        allNodes.compactMap { node in
            guard case .scan(let table, _, let columns, _) = node else { return nil }
            return (table, columns.map(\.name))
        }
    }

    /// The predicates of the filters that sit directly on a scan of `table`.
    func filtersOnScan(of table: String) -> [PhysicalExpression] {
        allNodes.compactMap { node in
            guard case .filter(let predicate, let input) = node, input.scannedTable == table else { return nil }
            return predicate
        }
    }

    /// True when the plan yields at most one row because of an aggregate without groups: that aggregate, under
    /// any projections and filters (which cannot add rows).
    var isAtMostOneAggregateRow: Bool {
        switch self {
        case .aggregate(let groups, _, _, _, _): return groups.isEmpty
        case .projection(_, _, let input), .filter(_, let input): return input.isAtMostOneAggregateRow
        default: return false
        }
    }

    /// Every expression the node itself evaluates (not its children's), with the ids it may read: its inputs'
    /// output columns.
    var ownExpressions: (expressions: [PhysicalExpression], readable: Set<Int>) {
        let inputIDs = Set(children.flatMap { $0.output.map(\.id) })
        switch self {
        case .scan, .oneRow, .limit, .union: return ([], inputIDs)
        case .filter(let predicate, _): return ([predicate], inputIDs)
        case .projection(let expressions, _, _): return (expressions, inputIDs)
        case .aggregate(let groups, _, let aggregates, _, _):
            return (groups + aggregates.compactMap(\.argument), inputIDs)
        case .join(_, _, _, let condition, _): return (condition.map { [$0] } ?? [], inputIDs)
        case .sort(let order, _): return (order.map(\.expression), inputIDs)
        }
    }

    /// Every place where the plan is not self-contained or not well formed, as readable sentences: an expression
    /// reading a column id its inputs do not produce (something still correlated or a lost column), a node whose
    /// output repeats a column id, a union input whose columns differ in count or type from the union's. Empty
    /// for a sound plan.
    var soundnessProblems: [String] {
        var problems: [String] = []
        for node in allNodes {
            let (expressions, readable) = node.ownExpressions
            for expression in expressions {
                let unknown = expression.columnReferences.filter { !readable.contains($0) }
                if !unknown.isEmpty {
                    problems.append("\(node.explain().prefix { $0 != "\n" }) reads \(unknown) not produced below it")
                }
            }
            let ids = node.output.map(\.id)
            if Set(ids).count != ids.count {
                problems.append("\(node.explain().prefix { $0 != "\n" }) outputs a column id twice: \(ids)")
            }
            if case .union(let inputs, let columns) = node {
                for input in inputs where input.output.map(\.dataType) != columns.map(\.dataType) {
                    problems.append("union input \(input.output) does not match \(columns)")
                }
            }
        }
        return problems
    }
}

extension PhysicalExpression {
    /// The names of the columns the expression reads, without repeats, in reading order.
    var columnNames: [String] {
        var names: [String] = []
        func visit(_ expression: PhysicalExpression) {
            if case .column(_, let name) = expression.node, !names.contains(name) { names.append(name) }
            expression.children.forEach(visit)
        }
        visit(self)
        return names
    }
}
