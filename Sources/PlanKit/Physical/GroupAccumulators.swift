import ArrowLite

/// Per-group running state of one aggregate, updated a batch at a time: `groupIds[i]` is the group of row `i`,
/// and each update is one typed loop over the column's contiguous values.
protocol GroupAccumulator: AnyObject {
    /// Folds raw argument values (nil for `count(*)`) into groups `0..<groupCount`.
    func update(_ values: (any ArrowArray)?, groupIds: [Int32], groupCount: Int) throws
    /// Folds partial states (columns as `AggregateExpression.stateFields`) into groups `0..<groupCount`.
    func merge(_ state: [any ArrowArray], groupIds: [Int32], groupCount: Int) throws
    /// The partial state of every group, one column per state field.
    func state() throws -> [any ArrowArray]
    /// The final value of every group.
    func result() throws -> any ArrowArray
    /// Bytes held by the per-group arrays.
    var heldBytes: Int { get }
}

/// Builds the accumulator for `aggregate` (a distinct aggregate is wrapped to see each value once per group).
func makeAccumulator(_ aggregate: AggregateExpression) throws -> any GroupAccumulator {
    let plain = try makePlainAccumulator(aggregate)
    return aggregate.distinct ? DistinctAccumulator(plain) : plain
}

private func makePlainAccumulator(_ aggregate: AggregateExpression) throws -> any GroupAccumulator {
    switch aggregate.function {
    case .count: return CountAccumulator()
    case .sum: return try makeSum(aggregate.sumType)
    case .avg: return AvgAccumulator(sum: try makeSum(aggregate.sumType), resultType: aggregate.resultType)
    case .min, .max: return makeMinMax(aggregate.resultType, isMin: aggregate.function == .min)
    case .single: return SingleValueAccumulator(makeMinMax(aggregate.resultType, isMin: true), name: aggregate.name)
    }
}

private func makeMinMax(_ type: DataType, isMin: Bool) -> any GroupAccumulator {
    switch type {
    case .int32, .date32: return MinMaxAccumulator<Int32>(type, isMin: isMin)
    case .int64: return MinMaxAccumulator<Int64>(type, isMin: isMin)
    case .float64: return MinMaxAccumulator<Double>(type, isMin: isMin)
    case .decimal128: return MinMaxAccumulator<Int128>(type, isMin: isMin)
    case .utf8: return MinMaxStringAccumulator(isMin: isMin)
    case .boolean: return MinMaxBooleanAccumulator(isMin: isMin)
    }
}

/// An accumulator of a value and a per-group count, whose partial state is both columns: the shared shape of
/// `avg` (a sum and its non-null count) and `single_value` (a value and the group's row count). Subclasses give the
/// final value from both.
class ValueCountAccumulator: GroupAccumulator {
    let value: any GroupAccumulator
    let count = CountAccumulator()
    /// True to count every row (`single_value`), false to count non-null values (`avg`).
    private let countsRows: Bool

    init(value: any GroupAccumulator, countsRows: Bool) {
        self.value = value
        self.countsRows = countsRows
    }

    var heldBytes: Int { value.heldBytes + count.heldBytes }

    func update(_ values: (any ArrowArray)?, groupIds: [Int32], groupCount: Int) throws {
        try value.update(values, groupIds: groupIds, groupCount: groupCount)
        try count.update(countsRows ? nil : values, groupIds: groupIds, groupCount: groupCount)
    }

    func merge(_ state: [any ArrowArray], groupIds: [Int32], groupCount: Int) throws {
        try value.merge([state[0]], groupIds: groupIds, groupCount: groupCount)
        try count.merge([state[1]], groupIds: groupIds, groupCount: groupCount)
    }

    func state() throws -> [any ArrowArray] { [try value.result(), try count.result()] }

    func result() throws -> any ArrowArray { try value.result() }
}

/// `single_value(x)`: the group's value, counting the group's rows; a group with more than one row is an error
/// when the result is read (a scalar subquery must not return several rows).
final class SingleValueAccumulator: ValueCountAccumulator {
    private let name: String

    init(_ value: any GroupAccumulator, name: String) {
        self.name = name
        super.init(value: value, countsRows: true)
    }

    override func result() throws -> any ArrowArray {
        if let rows = count.values.first(where: { $0 > 1 }) {
            throw PhysicalPlanError.moreThanOneRow("\(name): a scalar subquery returned \(rows) rows for one value")
        }
        return try value.result()
    }
}

private func makeSum(_ type: DataType) throws -> any SumAccumulating {
    switch type {
    case .int64: return SumAccumulator<Int64>(type)
    case .float64: return SumAccumulator<Double>(type)
    case .decimal128: return SumAccumulator<Int128>(type)
    default: throw PhysicalPlanError.invalidExpression("sum of \(type)", hint: "sum needs a number")
    }
}

extension Array where Element == Int32 {
    /// Calls `body(row, group)` for every row whose value is valid in `values` (every row when it has no nulls).
    @inline(__always)
    func forEachValid(_ values: any ArrowArray, _ body: (Int, Int) throws -> Void) rethrows {
        if let validity = values.validity {
            for row in indices where validity[row] { try body(row, Int(self[row])) }
        } else {
            for row in indices { try body(row, Int(self[row])) }
        }
    }
}

/// `count(x)` (non-null values) and `count(*)` (rows).
final class CountAccumulator: GroupAccumulator {
    private var counts: [Int64] = []

    var heldBytes: Int { counts.count * 8 }

    func update(_ values: (any ArrowArray)?, groupIds: [Int32], groupCount: Int) throws {
        grow(groupCount)
        let validity = (values?.nullCount ?? 0) > 0 ? values?.validity : nil
        groupIds.withUnsafeBufferPointer { groups in
            counts.withUnsafeMutableBufferPointer { GroupKernels.count(nil, validity, groups, $0) }
        }
    }

    func merge(_ state: [any ArrowArray], groupIds: [Int32], groupCount: Int) throws {
        grow(groupCount)
        let partial = try Compute.cast(state[0], to: .int64) as! Int64Array
        let validity = partial.nullCount > 0 ? partial.validity : nil
        partial.withValues { values in
            groupIds.withUnsafeBufferPointer { groups in
                counts.withUnsafeMutableBufferPointer { GroupKernels.count(values, validity, groups, $0) }
            }
        }
    }

    func state() throws -> [any ArrowArray] { [try result()] }

    func result() throws -> any ArrowArray {
        Int64Array(dataType: .int64, count: counts.count, values: Buffer(copying: counts))
    }

    /// The count of each group so far (used by `avg`).
    var values: [Int64] { counts }

    private func grow(_ groupCount: Int) {
        if counts.count < groupCount { counts.grow(to: groupCount, with: 0) }
    }
}

/// Values a sum can add with overflow detection.
protocol SumValue: ArrowPrimitive {
    /// `a + b`, or nil when it overflows.
    static func checkedSum(_ a: Self, _ b: Self) -> Self?
    /// Whether the value's magnitude reaches `limit` (10^precision of a decimal sum; other types never do).
    func reaches(_ limit: Int128) -> Bool
}
extension Int64: SumValue {
    static func checkedSum(_ a: Int64, _ b: Int64) -> Int64? {
        let (r, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : r
    }
    func reaches(_ limit: Int128) -> Bool { false }
}
extension Int128: SumValue {
    static func checkedSum(_ a: Int128, _ b: Int128) -> Int128? {
        let (r, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : r
    }
    func reaches(_ limit: Int128) -> Bool { self >= limit || self <= -limit }
}
extension Double: SumValue {
    static func checkedSum(_ a: Double, _ b: Double) -> Double? { a + b }
    func reaches(_ limit: Int128) -> Bool { false }
}

/// A sum that `avg` can read back group by group.
protocol SumAccumulating: GroupAccumulator {}

/// `sum(x)` at the sum type (int64, float64 or a widened decimal); null for a group with no non-null value.
final class SumAccumulator<T: SumValue>: SumAccumulating {
    let type: DataType
    private var sums: [T] = []
    private var seen: [Bool] = []

    init(_ type: DataType) { self.type = type }

    var heldBytes: Int { sums.count * MemoryLayout<T>.stride + seen.count }

    func update(_ values: (any ArrowArray)?, groupIds: [Int32], groupCount: Int) throws {
        guard let values else { return }
        try add(values, groupIds, groupCount)
    }

    func merge(_ state: [any ArrowArray], groupIds: [Int32], groupCount: Int) throws {
        try add(state[0], groupIds, groupCount)
    }

    private func add(_ column: any ArrowArray, _ groupIds: [Int32], _ groupCount: Int) throws {
        if sums.count < groupCount {
            sums.grow(to: groupCount, with: T.zero)
            seen.grow(to: groupCount, with: false)
        }
        let typed = try Compute.cast(column, to: type) as! PrimitiveArray<T>
        let validity = typed.nullCount > 0 ? typed.validity : nil
        let added = typed.withValues { values in
            groupIds.withUnsafeBufferPointer { groups in
                sums.withUnsafeMutableBufferPointer { sums in
                    seen.withUnsafeMutableBufferPointer { GroupKernels.sum(values, validity, groups, sums, $0) }
                }
            }
        }
        guard added else { throw PhysicalPlanError.aggregateOverflow("sum exceeds \(type)") }
    }

    func state() throws -> [any ArrowArray] { [try result()] }

    /// The sums as one array, copied whole from the group state (a group never added to is null and holds 0).
    func result() throws -> any ArrowArray {
        if case .decimal128(let precision, _) = type {
            let limit = Decimal128.powerOfTen(precision)
            let group = sums.withUnsafeBufferPointer { sums in
                seen.withUnsafeBufferPointer { GroupKernels.firstReaching(limit, sums, $0) }
            }
            if let group { throw PhysicalPlanError.aggregateOverflow("sum \(sums[group]) exceeds \(type)") }
        }
        return GroupKernels.groupArray(type, sums, seen: seen)
    }
}

/// `avg(x)`: a sum and a count; the final value is sum / count (float64, or decimal truncated toward zero).
final class AvgAccumulator: ValueCountAccumulator {
    let resultType: DataType

    init(sum: any SumAccumulating, resultType: DataType) {
        self.resultType = resultType
        super.init(value: sum, countsRows: false)
    }

    override func result() throws -> any ArrowArray {
        let sums = try value.result()
        let counts = count.values
        switch (sums.dataType, resultType) {
        case (.decimal128(_, let sumScale), .decimal128(let precision, let scale)):
            let typed = sums as! Decimal128Array
            let factor = Decimal128.powerOfTen(scale - sumScale)
            let limit = Decimal128.powerOfTen(precision)
            var builder = PrimitiveBuilder<Int128>(resultType, capacity: typed.count)
            for group in 0..<typed.count {
                guard let value = typed[group], counts[group] > 0 else {
                    builder.appendNull()
                    continue
                }
                let (scaled, overflow) = value.multipliedReportingOverflow(by: factor)
                let quotient = scaled / Int128(counts[group])
                guard !overflow, quotient < limit, quotient > -limit else {
                    throw PhysicalPlanError.aggregateOverflow("avg exceeds \(resultType)")
                }
                builder.append(quotient)
            }
            return builder.finish()
        default:
            let typed = try Compute.cast(sums, to: .float64) as! Float64Array
            var builder = PrimitiveBuilder<Double>(.float64, capacity: typed.count)
            for group in 0..<typed.count {
                if let value = typed[group], counts[group] > 0 {
                    builder.append(value / Double(counts[group]))
                } else {
                    builder.appendNull()
                }
            }
            return builder.finish()
        }
    }
}
