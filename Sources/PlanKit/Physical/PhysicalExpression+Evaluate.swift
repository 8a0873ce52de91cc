import ArrowLite

extension PhysicalExpression {
    /// Evaluates the expression over every row of `batch`.
    /// - Returns: a column of `batch.rowCount` elements of type `dataType`.
    /// - Throws: kernel errors on data (`ArrowError.overflow`, `.divideByZero`, `.invalidValue` for bad casts).
    /// - Complexity: one kernel call per node, each a typed loop over the batch.
    public func evaluate(_ batch: RecordBatch) throws -> any ArrowArray {
        let count = batch.rowCount
        switch node {
        case .column(let index, _):
            return batch.columns[index]
        case .literal(let value):
            return Compute.broadcast(value, count: count, nullType: dataType)
        case .comparison(let lhs, let op, let rhs):
            if case .literal(let value) = rhs.node {
                return try Compute.compare(lhs.evaluate(batch), op, value)
            }
            return try Compute.compare(lhs.evaluate(batch), op, rhs.evaluate(batch))
        case .arithmetic(let lhs, let op, let rhs):
            let result = try Compute.arithmetic(lhs.evaluate(batch), op, rhs.evaluate(batch))
            return try Compute.cast(result, to: dataType)
        case .negate(let operand):
            return try Compute.negate(operand.evaluate(batch))
        case .and(let lhs, let rhs):
            return try Compute.and(lhs.evaluateBoolean(batch), rhs.evaluateBoolean(batch))
        case .or(let lhs, let rhs):
            return try Compute.or(lhs.evaluateBoolean(batch), rhs.evaluateBoolean(batch))
        case .not(let operand):
            return Compute.not(try operand.evaluateBoolean(batch))
        case .isNull(let operand):
            return Compute.isNull(try operand.evaluate(batch))
        case .isNotNull(let operand):
            return Compute.isNotNull(try operand.evaluate(batch))
        case .like(let operand, let pattern, let negated):
            let matched = try Compute.like(operand.evaluate(batch), pattern: pattern)
            return negated ? Compute.not(matched) : matched
        case .inList(let operand, let values, let negated):
            let column = try operand.evaluate(batch)
            var result = try Compute.compare(column, .equal, values[0])
            for value in values.dropFirst() { result = try Compute.or(result, Compute.compare(column, .equal, value)) }
            return negated ? Compute.not(result) : result
        case .caseWhen(let branches, let otherwise):
            return try evaluateCase(branches, otherwise, batch)
        case .cast(let operand):
            return try Compute.cast(operand.evaluate(batch), to: dataType)
        case .extract(let part, let operand):
            return try Compute.extract(part, from: operand.evaluate(batch))
        case .substring(let operand, let start, let length):
            return try Compute.substring(operand.evaluate(batch), start: start, length: length)
        case .stringMatch(let kind, let operand, let argument):
            let column = try operand.evaluate(batch)
            switch kind {
            case .startsWith: return try Compute.startsWith(column, argument)
            case .endsWith: return try Compute.endsWith(column, argument)
            case .contains: return try Compute.contains(column, argument)
            }
        case .dateAdd(let operand, let amount, let unit):
            let column = try operand.evaluate(batch)
            switch unit {
            case .days: return try Compute.addDays(column, amount)
            case .months: return try Compute.addMonths(column, amount)
            case .years: return try Compute.addYears(column, amount)
            }
        }
    }

    /// Evaluates a boolean expression to a `BooleanArray`.
    /// - Throws: as `evaluate(_:)`; `PhysicalPlanError.invalidExpression` if the expression is not boolean.
    public func evaluateBoolean(_ batch: RecordBatch) throws -> BooleanArray {
        guard let result = try evaluate(batch) as? BooleanArray else {
            throw PhysicalPlanError.invalidExpression("\(self) is \(dataType), not boolean", hint: "")
        }
        return result
    }

    /// CASE: each branch's condition sees only the rows no earlier branch took, and its value is computed only on
    /// the rows it selects (so `CASE WHEN x = 0 THEN 0 ELSE 1 / x END` never divides by zero). The pieces are then
    /// put back in row order with one `take`.
    private func evaluateCase(
        _ branches: [CaseBranch], _ otherwise: PhysicalExpression?, _ batch: RecordBatch
    ) throws -> any ArrowArray {
        var remainingRows = (0..<Int32(batch.rowCount)).map { $0 }
        var remaining = batch
        var pieces: [any ArrowArray] = []
        var positions: [Int32] = []
        for branch in branches where !remainingRows.isEmpty {
            let condition = try branch.condition.evaluateBoolean(remaining)
            let selected = Compute.selectedIndices(condition)
            if selected.isEmpty { continue }
            let rows = try Compute.take(remaining, indices: selected)
            pieces.append(try branch.value.evaluate(rows))
            positions.append(contentsOf: selected.map { remainingRows[Int($0)] })
            let kept = Compute.selectedIndices(Compute.not(condition.withNullsAsFalse()))
            remaining = try Compute.take(remaining, indices: kept)
            remainingRows = kept.map { remainingRows[Int($0)] }
        }
        if !remainingRows.isEmpty {
            pieces.append(
                try otherwise?.evaluate(remaining) ?? Compute.nullArray(dataType, count: remainingRows.count))
            positions.append(contentsOf: remainingRows)
        }
        if pieces.isEmpty { return Compute.nullArray(dataType, count: 0) }
        let combined = try Compute.concat(pieces)
        var inverse = [Int32](repeating: 0, count: positions.count)
        for (k, position) in positions.enumerated() { inverse[Int(position)] = Int32(k) }
        return try Compute.take(combined, indices: inverse)
    }
}

extension BooleanArray {
    /// The same values with every null replaced by false.
    func withNullsAsFalse() -> BooleanArray {
        guard nullCount > 0 else { return self }
        var builder = BooleanBuilder(capacity: count)
        for i in 0..<count { builder.append(isValid(i) && value(i)) }
        return builder.finish()
    }
}
