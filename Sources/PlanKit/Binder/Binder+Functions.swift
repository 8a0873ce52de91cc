import ArrowLite

extension Binder {
    /// The aggregate functions, by SQL name.
    static let aggregateFunctions: [String: AggregateFunction] = [
        "count": .count, "sum": .sum, "avg": .avg, "min": .min, "max": .max,
    ]
    /// Scalar functions with a constant string argument.
    static let stringFunctions: [String: PhysicalExpression.StringMatch] = [
        "starts_with": .startsWith, "ends_with": .endsWith, "contains": .contains,
    ]
    /// Every function name, for "did you mean".
    static var functionNames: [String] {
        ["avg", "contains", "count", "ends_with", "max", "min", "starts_with", "substring", "sum"]
    }

    func bindFunction(
        _ call: FunctionCall, at location: SourceLocation, _ context: inout ExpressionContext
    ) throws -> PhysicalExpression {
        let name = call.name.lowercased()
        if let function = Binder.aggregateFunctions[name] {
            return try bindAggregate(function, call, at: location, &context)
        }
        if let match = Binder.stringFunctions[name] {
            guard call.arguments.count == 2, case .literal(.string(let argument)) = call.arguments[1].kind else {
                throw SQLError(
                    "\(name) takes a string and a constant string", at: location, hint: "\(name)(column, 'text')")
            }
            let value = try bindExpression(call.arguments[0], &context)
            return try typed(location) { try .stringMatch(match, value, argument) }
        }
        if name == "substring" || name == "substr", (2...3).contains(call.arguments.count) {
            let value = try bindExpression(call.arguments[0], &context)
            let start = try constantInteger(call.arguments[1])
            let length = call.arguments.count == 3 ? try constantInteger(call.arguments[2]) : nil
            return try typed(location) { try .substring(value, start: start, length: length) }
        }
        let suggestion = Suggestion.closest(to: name, among: Binder.functionNames)
        throw SQLError(
            "unknown function '\(call.name)'", at: location, width: call.name.count,
            hint: suggestion.map { "did you mean \($0)?" }
                ?? "known functions: " + Binder.functionNames.joined(separator: ", "))
    }

    private func bindAggregate(
        _ function: AggregateFunction, _ call: FunctionCall, at location: SourceLocation,
        _ context: inout ExpressionContext
    ) throws -> PhysicalExpression {
        guard let collector = context.aggregates else {
            throw SQLError(
                "aggregate \(call.name)() is not allowed here", at: location, width: call.name.count,
                hint:
                    "aggregates belong in the select list, HAVING or ORDER BY, not inside WHERE, GROUP BY or another aggregate"
            )
        }
        var argument: PhysicalExpression?
        if call.star {
            guard function == .count else {
                throw SQLError("\(call.name)(*) is not an aggregate", at: location, hint: "only count takes *")
            }
        } else {
            guard call.arguments.count == 1 else {
                throw SQLError(
                    "\(call.name) takes one argument, \(call.arguments.count) given", at: location,
                    hint: "write \(call.name)(column)")
            }
            var inner = context
            inner.aggregates = nil
            inner.pendingJoins = []
            argument = try bindExpression(call.arguments[0], &inner)
            context.pendingJoins += inner.pendingJoins
        }
        let name = SQLFormatter.format(Expression(.function(call), location: location))
        let aggregate: AggregateExpression
        do {
            aggregate = try AggregateExpression(function, argument, distinct: call.distinct, name: name)
        } catch let error as PhysicalPlanError {
            if case .invalidExpression(let message, let hint) = error {
                throw SQLError(message, at: location, hint: hint)
            }
            throw error
        }
        return collector.column(for: aggregate, self).reference
    }

    func bindCase(
        _ operand: Expression?, _ branches: [CaseBranch], _ otherwise: Expression?, at location: SourceLocation,
        _ context: inout ExpressionContext
    ) throws -> PhysicalExpression {
        let subject = try operand.map { try bindExpression($0, &context) }
        var bound: [PhysicalExpression.CaseBranch] = []
        for branch in branches {
            var condition = try bindExpression(branch.condition, &context)
            if let subject {
                let (l, r) = try coerced(subject, condition, at: branch.condition.location)
                condition = try typed(branch.condition.location) { try .compare(l, .equal, r) }
            }
            let value = try bindExpression(branch.result, &context)
            bound.append(PhysicalExpression.CaseBranch(when: condition, then: value))
        }
        var fallback = try otherwise.map { try bindExpression($0, &context) }
        // A NULL literal takes the type of the first other value, so CASE ... ELSE NULL END works for any type.
        if let typedValue = (bound.map(\.value) + (fallback.map { [$0] } ?? [])).first(where: { !$0.isNullLiteral }) {
            bound = try bound.map {
                PhysicalExpression.CaseBranch(
                    when: $0.condition, then: try coerced($0.value, typedValue, at: location).0)
            }
            fallback = try fallback.map { try coerced($0, typedValue, at: location).0 }
        }
        return try typed(location) { try .caseWhen(bound, otherwise: fallback) }
    }

    func bindInList(
        _ operand: Expression, _ items: [Expression], negated: Bool, at location: SourceLocation,
        _ context: inout ExpressionContext
    ) throws -> PhysicalExpression {
        let value = try bindExpression(operand, &context)
        let bound = try items.map { try coerced(try bindExpression($0, &context), value, at: $0.location).0 }
        let constants = bound.compactMap { item -> Scalar? in
            if case .literal(let scalar) = item.node { return scalar }
            return nil
        }
        if constants.count == bound.count {
            return try typed(location) { try .inList(value, constants, negated: negated) }
        }
        var result = try typed(location) { try .compare(value, .equal, bound[0]) }
        for item in bound.dropFirst() {
            let equal = try typed(location) { try .compare(value, .equal, item) }
            result = try typed(location) { try .or(result, equal) }
        }
        return negated ? try typed(location) { try .not(result) } : result
    }
}

extension PhysicalExpression {
    /// True for a NULL constant.
    var isNullLiteral: Bool {
        if case .literal(let scalar) = node { return scalar.isNull }
        return false
    }
}
