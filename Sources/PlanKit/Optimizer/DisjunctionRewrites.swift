import ArrowLite

/// Rewrites of OR predicates that let join ordering and pushdown see what every branch shares (TPC-H Q19 is the
/// classic case: three branches, each with the join's equality and filters on both tables).
enum DisjunctionRewrites {
    /// `(A AND B) OR (A AND C)` → `A AND (B OR C)`: conjuncts common to every branch of an OR leave it (and when
    /// a branch has nothing else, the OR is true and only the common part remains).
    static func factorCommonConjuncts(_ expression: PhysicalExpression) -> PhysicalExpression {
        expression.transformUp { node in
            guard case .or = node.node else { return node }
            let branches = node.disjuncts.map(\.conjuncts)
            let common = branches[0].filter { candidate in branches.allSatisfy { $0.contains(candidate) } }
            guard !common.isEmpty else { return node }
            let rest = branches.map { branch in branch.filter { !common.contains($0) } }
            var parts = common
            if !rest.contains(where: \.isEmpty) {
                let restBranches = rest.compactMap { PhysicalExpression.conjunction($0) }
                if let remainder = PhysicalExpression.disjunction(restBranches) { parts.append(remainder) }
            }
            return PhysicalExpression.conjunction(parts) ?? node
        }
    }

    /// A predicate over `columns` alone that `predicate` implies: for an OR whose every branch has conjuncts over
    /// `columns` only, the OR of those conjuncts. Adding it below a join filters early; the original stays.
    static func impliedFilter(_ predicate: PhysicalExpression, over columns: Set<Int>) -> PhysicalExpression? {
        guard case .or = predicate.node else { return nil }
        var branches: [PhysicalExpression] = []
        for branch in predicate.disjuncts {
            let own = branch.conjuncts.filter { !$0.columnReferences.isEmpty && $0.reads(only: columns) }
            guard let part = PhysicalExpression.conjunction(own) else { return nil }
            branches.append(part)
        }
        return PhysicalExpression.disjunction(branches)
    }
}

extension PhysicalExpression {
    /// The branches of a chain of ORs, left to right.
    var disjuncts: [PhysicalExpression] {
        if case .or(let lhs, let rhs) = node { return lhs.disjuncts + rhs.disjuncts }
        return [self]
    }

}
