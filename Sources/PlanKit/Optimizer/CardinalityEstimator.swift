import ArrowLite

/// Estimates the rows a logical plan yields and the distinct values of its columns, from table statistics and
/// fixed selectivities (System R's classic defaults). Join ordering compares alternatives with it; the physical
/// planner picks build sides and broadcasts with it. Estimates only steer choices: results never depend on them.
public struct CardinalityEstimator: Sendable {
    /// The rows assumed for a table without statistics.
    public var unknownTableRows: Double = 1000

    public init() {}

    /// The estimated number of rows `plan` yields (at least 1).
    public func rows(_ plan: LogicalPlan) -> Double {
        max(1, rawRows(plan))
    }

    private func rawRows(_ plan: LogicalPlan) -> Double {
        switch plan {
        case .scan(_, let source, _, _): return Double(source.statistics?.rowCount ?? Int(unknownTableRows))
        case .oneRow: return 1
        case .filter(let predicate, let input): return rows(input) * selectivity(predicate, input)
        case .projection(_, _, let input), .sort(_, let input): return rows(input)
        case .aggregate(let groups, _, _, _, let input):
            guard !groups.isEmpty else { return 1 }
            let inputRows = rows(input)
            let product = groups.reduce(1.0) { $0 * distinct($1, in: input) }
            return min(inputRows, product)
        case .join(let type, let left, let right, let condition, _):
            let l = rows(left)
            switch type {
            case .semi: return l * 0.5
            case .anti: return l * 0.5
            case .mark: return l
            case .inner, .left:
                let matched = innerJoinRows(left, right, condition)
                return type == .left ? max(l, matched) : matched
            }
        case .limit(_, let fetch, let input): return min(rows(input), Double(fetch ?? Int.max))
        case .union(let inputs, _): return inputs.reduce(0) { $0 + rows($1) }
        }
    }

    /// `|L| × |R|` divided by the largest distinct count among the two sides of its equalities (several equalities
    /// are usually one composite key, as `partsupp ⋈ lineitem`: dividing by each would underestimate by orders of
    /// magnitude), then scaled by the selectivity of the other conjuncts.
    func innerJoinRows(_ left: LogicalPlan, _ right: LogicalPlan, _ condition: PhysicalExpression?) -> Double {
        var result = rows(left) * rows(right)
        let leftIDs = Set(left.output.map(\.id))
        let rightIDs = Set(right.output.map(\.id))
        var divisor = 1.0
        for conjunct in condition?.conjuncts ?? [] {
            if case .comparison(let a, .equal, let b) = conjunct.node,
                let (l, r) = JoinKeys.sides(a, b, leftIDs, rightIDs)
            {
                divisor = max(divisor, distinct(l, in: left), distinct(r, in: right))
            } else {
                result *= 0.5
            }
        }
        return max(1, result / divisor)
    }

    /// The estimated distinct values of `expression` over `plan`'s rows.
    public func distinct(_ expression: PhysicalExpression, in plan: LogicalPlan) -> Double {
        let total = rows(plan)
        guard case .column(let id, _) = expression.node else { return max(1, total / 10) }
        return max(1, min(total, baseDistinct(id, plan) ?? total))
    }

    /// The distinct count of column `id` where it is made: a table's statistics, an aggregate's group count.
    private func baseDistinct(_ id: Int, _ plan: LogicalPlan) -> Double? {
        switch plan {
        case .scan(_, let source, let columns, _):
            guard let column = columns.first(where: { $0.id == id }), let statistics = source.statistics else {
                return nil
            }
            return Double(statistics.distinctCount(column.name))
        case .projection(let expressions, let columns, let input):
            guard let index = columns.firstIndex(where: { $0.id == id }) else { return nil }
            if case .column(let inner, _) = expressions[index].node { return baseDistinct(inner, input) }
            return nil
        case .aggregate(_, let groupColumns, _, _, _):
            return groupColumns.contains { $0.id == id } ? rows(plan) : nil
        default:
            for child in plan.children where child.output.contains(where: { $0.id == id }) {
                return baseDistinct(id, child).map { min($0, rows(child)) }
            }
            return nil
        }
    }

    /// The fraction of `input`'s rows for which `predicate` holds.
    public func selectivity(_ predicate: PhysicalExpression, _ input: LogicalPlan) -> Double {
        switch predicate.node {
        case .and(let l, let r): return selectivity(l, input) * selectivity(r, input)
        case .or(let l, let r):
            let a = selectivity(l, input)
            let b = selectivity(r, input)
            return min(1, a + b - a * b)
        case .not(let e): return 1 - selectivity(e, input)
        case .comparison(let l, let op, let r):
            let literalSide = l.isLiteral || r.isLiteral
            switch op {
            case .equal:
                let column = l.isLiteral ? r : l
                return literalSide ? 1 / distinct(column, in: input) : 0.1
            case .notEqual: return 0.9
            default: return 1.0 / 3
            }
        case .like(_, let pattern, let negated):
            let s = pattern.hasPrefix("%") ? 0.1 : 0.05
            return negated ? 1 - s : s
        case .inList(let e, let values, let negated):
            let s = min(1, Double(values.count) / distinct(e, in: input))
            return negated ? 1 - s : s
        case .isNull: return 0.1
        case .isNotNull: return 0.9
        case .literal(let value): return value == .boolean(true) ? 1 : 0
        case .stringMatch: return 0.1
        default: return 0.5
        }
    }
}

extension PhysicalExpression {
    /// True for a constant.
    var isLiteral: Bool {
        if case .literal = node { return true }
        return false
    }
}

/// Splitting join conditions into equi-join keys and the rest.
enum JoinKeys {
    /// `(a, b)` ordered as (left side, right side) when one reads only `left` columns and the other only `right`.
    static func sides(
        _ a: PhysicalExpression, _ b: PhysicalExpression, _ left: Set<Int>, _ right: Set<Int>
    ) -> (PhysicalExpression, PhysicalExpression)? {
        let aRefs = a.columnReferences
        let bRefs = b.columnReferences
        guard !aRefs.isEmpty, !bRefs.isEmpty else { return nil }
        if a.reads(only: left) && b.reads(only: right) { return (a, b) }
        if a.reads(only: right) && b.reads(only: left) { return (b, a) }
        return nil
    }

    /// The equalities of `condition` between the sides as (left, right) pairs, and the remaining conjuncts.
    static func split(
        _ condition: PhysicalExpression?, left: Set<Int>, right: Set<Int>
    ) -> (keys: [(PhysicalExpression, PhysicalExpression)], residual: [PhysicalExpression]) {
        var keys: [(PhysicalExpression, PhysicalExpression)] = []
        var residual: [PhysicalExpression] = []
        for conjunct in condition?.conjuncts ?? [] {
            if case .comparison(let a, .equal, let b) = conjunct.node, let pair = sides(a, b, left, right) {
                keys.append(pair)
            } else {
                residual.append(conjunct)
            }
        }
        return (keys, residual)
    }
}
