import ArrowLite

/// Moves every filter conjunct as close to the scans as it can go — through projections (substituting their
/// expressions), aggregates (conjuncts on group keys), sorts, unions and into the preserved side of joins — and
/// orders each region of inner joins greedily by estimated size (GOO: join the connected pair with the smallest
/// result first), placing each conjunct at the lowest join that has its columns. Only a region that is really
/// disconnected gets a cross join.
struct PredicatePushdown {
    let estimator: CardinalityEstimator

    /// `plan` with `predicates` (conjuncts over its output) applied, pushed as deep as they go.
    func push(_ plan: LogicalPlan, _ predicates: [PhysicalExpression]) -> LogicalPlan {
        switch plan {
        case .filter(let predicate, let input):
            if case .join(.inner, _, _, _, _) = input { return reorder(plan, predicates) }
            return push(input, predicates + predicate.conjuncts)
        case .projection(let expressions, let columns, let input):
            var substitution: [Int: PhysicalExpression] = [:]
            for (expression, column) in zip(expressions, columns) { substitution[column.id] = expression }
            let rewritten = predicates.map { $0.replacingColumns { substitution[$0] } }
            return .projection(expressions, columns, push(input, rewritten))
        case .aggregate(let groups, let groupColumns, let aggregates, let aggregateColumns, let input):
            var substitution: [Int: PhysicalExpression] = [:]
            for (group, column) in zip(groups, groupColumns) { substitution[column.id] = group }
            let groupIDs = Set(groupColumns.map(\.id))
            let below = predicates.filter { $0.reads(only: groupIDs) && !$0.columnReferences.isEmpty }
            let above = predicates.filter { !($0.reads(only: groupIDs) && !$0.columnReferences.isEmpty) }
            let pushed = LogicalPlan.aggregate(
                groups: groups, groupColumns: groupColumns, aggregates: aggregates,
                aggregateColumns: aggregateColumns,
                push(input, below.map { $0.replacingColumns { substitution[$0] } }))
            return filtered(pushed, above)
        case .join(.inner, _, _, _, _):
            return reorder(plan, predicates)
        case .join(let type, let left, let right, let condition, let mark):
            return pushIntoJoin(type, left, right, condition, mark, predicates)
        case .sort(let order, let input):
            return .sort(order, push(input, predicates))
        case .limit(let offset, let fetch, let input):
            return filtered(.limit(offset: offset, fetch: fetch, push(input, [])), predicates)
        case .union(let inputs, let columns):
            let pushed = inputs.map { input in
                var substitution: [Int: PhysicalExpression] = [:]
                for (column, inner) in zip(columns, input.output) { substitution[column.id] = inner.reference }
                return push(input, predicates.map { $0.replacingColumns { substitution[$0] } })
            }
            return .union(pushed, columns: columns)
        case .scan, .oneRow:
            return filtered(plan, predicates)
        }
    }

    /// A left, semi, anti or mark join: conjuncts over the kept left side go below it; the condition's conjuncts
    /// over the right side alone filter the right input (and for semi joins those over the left, the left).
    private func pushIntoJoin(
        _ type: LogicalJoinType, _ left: LogicalPlan, _ right: LogicalPlan, _ condition: PhysicalExpression?,
        _ mark: LogicalColumn?, _ predicates: [PhysicalExpression]
    ) -> LogicalPlan {
        let leftIDs = Set(left.output.map(\.id))
        let rightIDs = Set(right.output.map(\.id))
        var leftPredicates = predicates.filter { $0.reads(only: leftIDs) }
        let above = predicates.filter { !$0.reads(only: leftIDs) }
        var rightPredicates: [PhysicalExpression] = []
        var remaining: [PhysicalExpression] = []
        for conjunct in condition?.conjuncts ?? [] {
            let refs = conjunct.columnReferences
            if !refs.isEmpty && conjunct.reads(only: rightIDs) {
                rightPredicates.append(conjunct)
            } else if type == .semi && !refs.isEmpty && conjunct.reads(only: leftIDs) {
                leftPredicates.append(conjunct)
            } else {
                remaining.append(conjunct)
            }
        }
        let joined = LogicalPlan.join(
            type, push(left, leftPredicates), push(right, rightPredicates),
            condition: .conjunction(remaining), mark: mark)
        return filtered(joined, above)
    }

    /// Every semi, anti and mark join of `plan` moved down as `sink` says. Run after a first pushdown, so the
    /// estimates it compares are those of ordered joins with their filters in place, not of cross products.
    func sinkSemiJoins(_ plan: LogicalPlan) -> LogicalPlan {
        plan.transformUp { node in
            guard case .join(let type, let left, let right, let condition, let mark) = node,
                type == .semi || type == .anti || type == .mark
            else { return node }
            return sink(type, left, right, condition, mark)
        }
    }

    /// A semi, anti or mark join moved down through inner joins and filters to the input that
    /// has every left column its condition reads: `semi(A ⋈ B, R)` becomes `semi(A, R) ⋈ B` when the condition
    /// reads only A and R is smaller than A, so a selective `IN` / `EXISTS` shrinks A before the other joins.
    private func sink(
        _ type: LogicalJoinType, _ left: LogicalPlan, _ right: LogicalPlan, _ condition: PhysicalExpression?,
        _ mark: LogicalColumn?
    ) -> LogicalPlan {
        let rightIDs = Set(right.output.map(\.id))
        let needed = Set((condition?.columnReferences ?? []).filter { !rightIDs.contains($0) })
        // Only a cheap filter is worth moving below joins that may shrink its input first: the right side must be
        // estimated smaller than the input it would filter.
        let rightRows = estimator.rows(right)
        func covers(_ plan: LogicalPlan) -> Bool {
            needed.isSubset(of: Set(plan.output.map(\.id))) && rightRows < estimator.rows(plan)
        }
        switch left {
        case .join(.inner, let a, let b, let innerCondition, _) where !needed.isEmpty:
            if covers(a) {
                return .join(.inner, sink(type, a, right, condition, mark), b, condition: innerCondition, mark: nil)
            }
            if covers(b) {
                return .join(.inner, a, sink(type, b, right, condition, mark), condition: innerCondition, mark: nil)
            }
        case .filter(let predicate, let input):
            return .filter(predicate, sink(type, input, right, condition, mark))
        default:
            break
        }
        return .join(type, left, right, condition: condition, mark: mark)
    }

    private func filtered(_ plan: LogicalPlan, _ predicates: [PhysicalExpression]) -> LogicalPlan {
        guard let predicate = PhysicalExpression.conjunction(predicates) else { return plan }
        return .filter(predicate, plan)
    }

    // MARK: - Join ordering

    /// A region of inner joins and filters: its inputs and every conjunct over them.
    private func flatten(
        _ plan: LogicalPlan, _ inputs: inout [LogicalPlan], _ predicates: inout [PhysicalExpression]
    ) {
        switch plan {
        case .join(.inner, let left, let right, let condition, _):
            flatten(left, &inputs, &predicates)
            flatten(right, &inputs, &predicates)
            predicates += condition?.conjuncts ?? []
        case .filter(let predicate, let input):
            predicates += predicate.conjuncts
            flatten(input, &inputs, &predicates)
        default:
            inputs.append(plan)
        }
    }

    private func reorder(_ plan: LogicalPlan, _ outside: [PhysicalExpression]) -> LogicalPlan {
        var inputs: [LogicalPlan] = []
        var predicates = outside
        flatten(plan, &inputs, &predicates)
        var items: [(plan: LogicalPlan, ids: Set<Int>)] = inputs.map { input in
            let ids = Set(input.output.map(\.id))
            let own = predicates.filter { !$0.columnReferences.isEmpty && $0.reads(only: ids) }
            predicates.removeAll { !$0.columnReferences.isEmpty && $0.reads(only: ids) }
            // Implied filters are added once: a later pass finds them already below (as filter conjuncts).
            let present = Set(input.filterConjuncts)
            let implied = predicates.compactMap { DisjunctionRewrites.impliedFilter($0, over: ids) }
                .filter { !present.contains($0) && !own.contains($0) }
            return (push(input, own + implied), ids)
        }
        while items.count > 1 {
            let (i, j, used) = cheapestPair(items, predicates)
            let (a, b) = estimator.rows(items[i].plan) >= estimator.rows(items[j].plan) ? (i, j) : (j, i)
            let joined = LogicalPlan.join(
                .inner, items[a].plan, items[b].plan, condition: .conjunction(used.map { predicates[$0] }), mark: nil)
            let merged = (joined, items[i].ids.union(items[j].ids))
            predicates = predicates.indices.filter { !used.contains($0) }.map { predicates[$0] }
            items.remove(at: j)
            items[i] = merged
        }
        return filtered(items[0].plan, predicates)
    }

    /// The pair of items (i < j) to join next: the connected pair with the smallest estimated result, else the
    /// pair with the smallest cross product; ties go to the earliest pair. Also the predicates that become its
    /// join condition.
    private func cheapestPair(
        _ items: [(plan: LogicalPlan, ids: Set<Int>)], _ predicates: [PhysicalExpression]
    ) -> (Int, Int, [Int]) {
        var best: (i: Int, j: Int, used: [Int], rows: Double, connected: Bool)?
        for i in items.indices {
            for j in items.indices where j > i {
                let ids = items[i].ids.union(items[j].ids)
                let used = predicates.indices.filter {
                    let p = predicates[$0]
                    return p.reads(only: ids) && p.reads(any: items[i].ids) && p.reads(any: items[j].ids)
                }
                let connected = used.contains { index in
                    if case .comparison(let a, .equal, let b) = predicates[index].node {
                        return JoinKeys.sides(a, b, items[i].ids, items[j].ids) != nil
                    }
                    return false
                }
                let rows = estimator.innerJoinRows(
                    items[i].plan, items[j].plan, .conjunction(used.map { predicates[$0] }))
                let better: Bool
                if let current = best {
                    better = connected != current.connected ? connected : rows < current.rows
                } else {
                    better = true
                }
                if better { best = (i, j, used, rows, connected) }
            }
        }
        guard let best else { return (0, 1, []) }
        return (best.i, best.j, best.used)
    }
}

extension LogicalPlan {
    /// Every conjunct of every filter in the plan (for membership tests only).
    var filterConjuncts: [PhysicalExpression] {
        var result: [PhysicalExpression] = []
        if case .filter(let predicate, _) = self { result = predicate.conjuncts }
        return result + children.flatMap(\.filterConjuncts)
    }
}
