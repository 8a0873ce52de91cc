import ArrowLite

/// Values with the order `min`/`max` use: SQL's, with float64 NaN larger than every number.
protocol OrderedValue: ArrowPrimitive {
    static func orderedLess(_ a: Self, _ b: Self) -> Bool
}
extension Int32: OrderedValue {
    static func orderedLess(_ a: Int32, _ b: Int32) -> Bool { a < b }
}
extension Int64: OrderedValue {
    static func orderedLess(_ a: Int64, _ b: Int64) -> Bool { a < b }
}
extension Int128: OrderedValue {
    static func orderedLess(_ a: Int128, _ b: Int128) -> Bool { a < b }
}
extension Double: OrderedValue {
    static func orderedLess(_ a: Double, _ b: Double) -> Bool { a < b || (b.isNaN && !a.isNaN) }
}

/// `min(x)` / `max(x)` over fixed-width values (int32, date32, int64, float64, decimal128).
final class MinMaxAccumulator<T: OrderedValue>: GroupAccumulator {
    let type: DataType
    let isMin: Bool
    private var best: [T] = []
    private var seen: [Bool] = []

    init(_ type: DataType, isMin: Bool) {
        self.type = type
        self.isMin = isMin
    }

    var heldBytes: Int { best.count * MemoryLayout<T>.stride + seen.count }

    func update(_ values: (any ArrowArray)?, groupIds: [Int32], groupCount: Int) throws {
        guard let values else { return }
        if best.count < groupCount {
            best.grow(to: groupCount, with: T.zero)
            seen.grow(to: groupCount, with: false)
        }
        let typed = try Compute.cast(values, to: type) as! PrimitiveArray<T>
        let validity = typed.nullCount > 0 ? typed.validity : nil
        let isMin = isMin
        typed.withValues { values in
            groupIds.withUnsafeBufferPointer { groups in
                best.withUnsafeMutableBufferPointer { best in
                    seen.withUnsafeMutableBufferPointer {
                        GroupKernels.minMax(values, validity, groups, isMin: isMin, best, $0)
                    }
                }
            }
        }
    }

    func merge(_ state: [any ArrowArray], groupIds: [Int32], groupCount: Int) throws {
        try update(state[0], groupIds: groupIds, groupCount: groupCount)
    }

    func state() throws -> [any ArrowArray] { [try result()] }

    /// The best values as one array, copied whole from the group state (a group never seen is null and holds 0).
    func result() throws -> any ArrowArray { GroupKernels.groupArray(type, best, seen: seen) }
}

/// `min(x)` / `max(x)` over strings, by UTF-8 bytes (code point order). A group's bytes are copied only when its
/// best value changes.
final class MinMaxStringAccumulator: GroupAccumulator {
    let isMin: Bool
    private var best: [[UInt8]?] = []
    /// The bytes of the values in `best`, kept as they change.
    private var valueBytes = 0

    init(isMin: Bool) { self.isMin = isMin }

    var heldBytes: Int { best.count * 8 + valueBytes }

    func update(_ values: (any ArrowArray)?, groupIds: [Int32], groupCount: Int) throws {
        guard let values else { return }
        if best.count < groupCount { best.grow(to: groupCount, with: nil) }
        let strings = values as! StringArray
        withExtendedLifetime(strings) {
            groupIds.forEachValid(strings) { row, group in
                let value = strings.bytes(row)
                guard let current = best[group] else {
                    best[group] = Array(value)
                    valueBytes += value.count
                    return
                }
                let order = current.withUnsafeBytes { MinMaxStringAccumulator.compare(value, $0) }
                if isMin ? order < 0 : order > 0 {
                    valueBytes += value.count - current.count
                    best[group] = Array(value)
                }
            }
        }
    }

    /// Negative, zero or positive as `a` sorts before, with or after `b`.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        for k in 0..<min(a.count, b.count) where a[k] != b[k] { return a[k] < b[k] ? -1 : 1 }
        return a.count - b.count
    }

    func merge(_ state: [any ArrowArray], groupIds: [Int32], groupCount: Int) throws {
        try update(state[0], groupIds: groupIds, groupCount: groupCount)
    }

    func state() throws -> [any ArrowArray] { [try result()] }

    func result() throws -> any ArrowArray {
        var builder = StringBuilder(capacity: best.count)
        for value in best {
            if let value { value.withUnsafeBytes { builder.append(bytes: $0) } } else { builder.appendNull() }
        }
        return builder.finish()
    }
}

/// `min(x)` (AND) / `max(x)` (OR) over booleans.
final class MinMaxBooleanAccumulator: GroupAccumulator {
    let isMin: Bool
    private var best: [Bool] = []
    private var seen: [Bool] = []

    init(isMin: Bool) { self.isMin = isMin }

    var heldBytes: Int { best.count + seen.count }

    func update(_ values: (any ArrowArray)?, groupIds: [Int32], groupCount: Int) throws {
        guard let values else { return }
        if best.count < groupCount {
            best.grow(to: groupCount, with: isMin)
            seen.grow(to: groupCount, with: false)
        }
        let booleans = values as! BooleanArray
        groupIds.forEachValid(booleans) { row, group in
            best[group] = isMin ? (best[group] && booleans.value(row)) : (best[group] || booleans.value(row))
            seen[group] = true
        }
    }

    func merge(_ state: [any ArrowArray], groupIds: [Int32], groupCount: Int) throws {
        try update(state[0], groupIds: groupIds, groupCount: groupCount)
    }

    func state() throws -> [any ArrowArray] { [try result()] }

    func result() throws -> any ArrowArray {
        // Read once: each read of a class's stored array in the loop would be a dynamic exclusivity check.
        let (best, seen) = (self.best, self.seen)
        var builder = BooleanBuilder(capacity: best.count)
        for group in best.indices { builder.append(seen[group] ? best[group] : nil) }
        return builder.finish()
    }
}

/// Passes each group's distinct non-null values to an inner accumulator once: `(group, value)` pairs are kept in a
/// `RowKeyTable`, and only pairs not seen before reach the inner accumulator.
final class DistinctAccumulator: GroupAccumulator {
    private let inner: any GroupAccumulator
    private var pairs = RowKeyTable()

    init(_ inner: any GroupAccumulator) { self.inner = inner }

    var heldBytes: Int { inner.heldBytes + pairs.heldBytes }

    func update(_ values: (any ArrowArray)?, groupIds: [Int32], groupCount: Int) throws {
        guard let values else { return }
        let groups = Int32Array(dataType: .int32, count: groupIds.count, values: Buffer(copying: groupIds))
        let keys: [any ArrowArray] = [groups, values]
        let (_, newRows) = pairs.insert(KeyRows(keys), hashes: try Compute.hashRows(keys))
        let kept = newRows.filter { values.isValid(Int($0)) }
        try inner.update(
            try Compute.take(values, indices: kept), groupIds: kept.map { groupIds[Int($0)] }, groupCount: groupCount)
    }

    func merge(_ state: [any ArrowArray], groupIds: [Int32], groupCount: Int) throws {
        throw PhysicalPlanError.invalidPlan(
            node: "HashAggregate", message: "a DISTINCT aggregate cannot merge partial states")
    }

    func state() throws -> [any ArrowArray] {
        throw PhysicalPlanError.invalidPlan(
            node: "HashAggregate", message: "a DISTINCT aggregate has no partial state")
    }

    func result() throws -> any ArrowArray { try inner.result() }
}
