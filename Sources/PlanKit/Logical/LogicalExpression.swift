import ArrowLite

/// Helpers for expressions in logical plans, where `.column(index:)` holds a column id.
extension PhysicalExpression {
    /// The column ids (or, in a physical plan, indices) the expression reads, in reading order, with repeats.
    public var columnReferences: [Int] {
        if case .column(let index, _) = node { return [index] }
        return children.flatMap(\.columnReferences)
    }

    /// True when every column the expression reads is in `columns`.
    func reads(only columns: Set<Int>) -> Bool { columnReferences.allSatisfy(columns.contains) }

    /// True when the expression reads at least one of `columns`.
    func reads(any columns: Set<Int>) -> Bool { columnReferences.contains(where: columns.contains) }

    /// The parts of a chain of ANDs, left to right (the expression itself when it is no AND).
    public var conjuncts: [PhysicalExpression] {
        if case .and(let lhs, let rhs) = node { return lhs.conjuncts + rhs.conjuncts }
        return [self]
    }

    /// The AND of `parts`, left-deep; nil for none.
    static func conjunction(_ parts: [PhysicalExpression]) -> PhysicalExpression? { chain(parts, Node.and) }

    /// The OR of `parts`, left-deep; nil for none.
    static func disjunction(_ parts: [PhysicalExpression]) -> PhysicalExpression? { chain(parts, Node.or) }

    /// `parts` combined left-deep by a boolean connective.
    private static func chain(
        _ parts: [PhysicalExpression], _ connective: (PhysicalExpression, PhysicalExpression) -> Node
    ) -> PhysicalExpression? {
        guard var result = parts.first else { return nil }
        for part in parts.dropFirst() {
            result = PhysicalExpression(connective(result, part), .boolean, nullable: result.nullable || part.nullable)
        }
        return result
    }

    /// The same node over new children (as many as `children`, in the same order and types); nullability is
    /// recomputed from them.
    func withChildren(_ new: [PhysicalExpression]) -> PhysicalExpression {
        let rebuilt: Node
        switch node {
        case .column, .literal: return self
        case .comparison(_, let op, _): rebuilt = .comparison(new[0], op, new[1])
        case .arithmetic(_, let op, _): rebuilt = .arithmetic(new[0], op, new[1])
        case .and: rebuilt = .and(new[0], new[1])
        case .or: rebuilt = .or(new[0], new[1])
        case .negate: rebuilt = .negate(new[0])
        case .not: rebuilt = .not(new[0])
        case .isNull: return PhysicalExpression(.isNull(new[0]), dataType, nullable: false)
        case .isNotNull: return PhysicalExpression(.isNotNull(new[0]), dataType, nullable: false)
        case .like(_, let pattern, let negated): rebuilt = .like(new[0], pattern: pattern, negated: negated)
        case .inList(_, let values, let negated): rebuilt = .inList(new[0], values: values, negated: negated)
        case .caseWhen(let branches, let otherwise):
            var pairs: [CaseBranch] = []
            for index in branches.indices { pairs.append(CaseBranch(when: new[2 * index], then: new[2 * index + 1])) }
            let newOtherwise = otherwise == nil ? nil : new[2 * branches.count]
            let nullable = newOtherwise?.nullable ?? true
            return PhysicalExpression(
                .caseWhen(branches: pairs, otherwise: newOtherwise), dataType,
                nullable: nullable || pairs.contains { $0.value.nullable })
        case .cast: rebuilt = .cast(new[0])
        case .extract(let part, _): rebuilt = .extract(part, new[0])
        case .substring(_, let start, let length): rebuilt = .substring(new[0], start: start, length: length)
        case .stringMatch(let kind, _, let argument): rebuilt = .stringMatch(kind, new[0], argument)
        case .dateAdd(_, let amount, let unit): rebuilt = .dateAdd(new[0], amount: amount, unit: unit)
        }
        let nullable = new.contains { $0.nullable } || (literalNullable)
        return PhysicalExpression(rebuilt, dataType, nullable: nullable)
    }

    /// True for an IN list holding a null (the only node nullable without a nullable child).
    private var literalNullable: Bool {
        if case .inList(_, let values, _) = node { return values.contains { $0.isNull } }
        return false
    }

    /// Rewrites the tree bottom-up: `transform` sees each node after its children were rewritten.
    func transformUp(_ transform: (PhysicalExpression) throws -> PhysicalExpression) rethrows -> PhysicalExpression {
        let current = children.isEmpty ? self : withChildren(try children.map { try $0.transformUp(transform) })
        return try transform(current)
    }

    /// Replaces every column reference by what `replacement` returns for it (kept when nil).
    func replacingColumns(_ replacement: (Int) throws -> PhysicalExpression?) rethrows -> PhysicalExpression {
        try transformUp { expression in
            if case .column(let index, _) = expression.node, let new = try replacement(index) { return new }
            return expression
        }
    }

    /// Replaces subtrees equal to a key of `replacements`, outermost first.
    func replacingSubtrees(_ replacements: [PhysicalExpression: PhysicalExpression]) -> PhysicalExpression {
        if let new = replacements[self] { return new }
        if children.isEmpty { return self }
        return withChildren(children.map { $0.replacingSubtrees(replacements) })
    }

    /// The expression bound to positions: each column id becomes its index in `columns`, with that column's
    /// nullability.
    /// - Throws: `invalidPlan` when an id is not among `columns` (a planner bug, reported rather than trapped).
    func bound(to columns: [LogicalColumn]) throws -> PhysicalExpression {
        var positions: [Int: Int] = [:]
        for (position, column) in columns.enumerated() where positions[column.id] == nil {
            positions[column.id] = position
        }
        return try replacingColumns { id in
            guard let position = positions[id] else {
                throw PhysicalPlanError.invalidPlan(
                    node: "binding", message: "column #\(id) is not among \(columns.map(\.description))")
            }
            let column = columns[position]
            return PhysicalExpression(
                .column(index: position, name: column.name), column.dataType,
                nullable: column.nullable)
        }
    }
}
