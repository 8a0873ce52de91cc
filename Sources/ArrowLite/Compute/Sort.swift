/// The direction and null placement of one sort column (SQL `ORDER BY x [ASC|DESC] [NULLS FIRST|LAST]`).
public struct SortKey: Sendable, Hashable {
    public var ascending: Bool
    public var nullsFirst: Bool

    /// Without an explicit null placement, nulls sort as larger than every value: last when ascending, first when
    /// descending (PostgreSQL's and DataFusion's default).
    public init(ascending: Bool = true, nullsFirst: Bool? = nil) {
        self.ascending = ascending
        self.nullsFirst = nullsFirst ?? !ascending
    }
}

/// Values with a total order for sorting: float64 NaN sorts after every number (as in PostgreSQL and DataFusion).
protocol SortableValue: ArrowPrimitive {
    static func sortLess(_ a: Self, _ b: Self) -> Bool
}
extension SortableValue {
    @inline(__always) static func sortLess(_ a: Self, _ b: Self) -> Bool { a < b }
}
extension Int32: SortableValue {}
extension Int64: SortableValue {}
extension Int128: SortableValue {}
extension Double: SortableValue {
    @inline(__always) static func sortLess(_ a: Double, _ b: Double) -> Bool { a < b || (b.isNaN && !a.isNaN) }
}

extension Compute {
    /// The row order that sorts `columns` by `keys` (first column first), as indices into the columns. The sort is
    /// stable: rows that compare equal on every key keep their input order.
    /// - Parameters:
    ///   - columns: equal-length columns, each of any type (strings by UTF-8 bytes, booleans false < true).
    ///   - keys: one key per column.
    /// - Returns: `count` distinct row indices.
    /// - Throws: `ArrowError.invalidArgument` when counts differ or the row count exceeds `Int32.max`.
    /// - Complexity: O(n log n) comparisons; a single primitive column sorts (value, index) pairs without closures.
    public static func sortToIndices(_ columns: [any ArrowArray], keys: [SortKey]) throws -> [Int32] {
        guard !columns.isEmpty, columns.count == keys.count else {
            throw ArrowError.invalidArgument(
                "sort needs one key per column, got \(columns.count) columns and \(keys.count) keys")
        }
        let n = columns[0].count
        guard n <= Int(Int32.max) else { throw ArrowError.invalidArgument("sort: \(n) rows exceed Int32 indices") }
        for column in columns where column.count != n {
            throw ArrowError.invalidArgument("sort: columns have \(n) and \(column.count) rows")
        }
        if columns.count == 1 {
            switch columns[0].dataType {
            case .int32, .date32: return sortPrimitive(typed(columns[0], as: Int32Array.self), keys[0])
            case .int64: return sortPrimitive(typed(columns[0], as: Int64Array.self), keys[0])
            case .float64: return sortPrimitive(typed(columns[0], as: Float64Array.self), keys[0])
            case .decimal128: return sortPrimitive(typed(columns[0], as: Decimal128Array.self), keys[0])
            default: break
            }
        }
        let comparators = zip(columns, keys).map { rowComparator($0, $1) }
        var indices = (0..<Int32(n)).map { $0 }
        indices.sort { a, b in
            for compare in comparators {
                let order = compare(Int(a), Int(b))
                if order != 0 { return order < 0 }
            }
            return a < b
        }
        return indices
    }

    /// The row order of one column.
    /// - Throws: as `sortToIndices(_:keys:)`.
    public static func sortToIndices(_ column: any ArrowArray, key: SortKey = SortKey()) throws -> [Int32] {
        try sortToIndices([column], keys: [key])
    }

    /// The batch's rows reordered by the given columns.
    /// - Throws: as `sortToIndices(_:keys:)`.
    public static func sort(_ batch: RecordBatch, by columnIndices: [Int], keys: [SortKey]) throws -> RecordBatch {
        let order = try sortToIndices(columnIndices.map { batch.columns[$0] }, keys: keys)
        return try take(batch, indices: order)
    }

    /// Nulls are placed apart; valid rows sort as (value, index) pairs so ties keep input order.
    static func sortPrimitive<T: SortableValue>(_ array: PrimitiveArray<T>, _ key: SortKey) -> [Int32] {
        var nulls: [Int32] = []
        var pairs: [(value: T, index: Int32)] = []
        pairs.reserveCapacity(array.count - array.nullCount)
        array.withValues { values in
            for i in 0..<array.count {
                if array.isNull(i) { nulls.append(Int32(i)) } else { pairs.append((values[i], Int32(i))) }
            }
        }
        if key.ascending {
            pairs.sort { T.sortLess($0.value, $1.value) || (!T.sortLess($1.value, $0.value) && $0.index < $1.index) }
        } else {
            pairs.sort { T.sortLess($1.value, $0.value) || (!T.sortLess($0.value, $1.value) && $0.index < $1.index) }
        }
        let sorted = pairs.map(\.index)
        return key.nullsFirst ? nulls + sorted : sorted + nulls
    }

    /// A three-way comparison of two rows of one column that applies the key's direction and null placement.
    static func rowComparator(_ column: any ArrowArray, _ key: SortKey) -> (Int, Int) -> Int {
        let values: (Int, Int) -> Int
        switch column.dataType {
        case .int32, .date32: values = primitiveOrder(typed(column, as: Int32Array.self))
        case .int64: values = primitiveOrder(typed(column, as: Int64Array.self))
        case .float64: values = primitiveOrder(typed(column, as: Float64Array.self))
        case .decimal128: values = primitiveOrder(typed(column, as: Decimal128Array.self))
        case .boolean:
            let bits = typed(column, as: BooleanArray.self).values
            values = { a, b in (bits[a] ? 1 : 0) - (bits[b] ? 1 : 0) }
        case .utf8:
            let strings = typed(column, as: StringArray.self)
            values = { a, b in withExtendedLifetime(strings) { compareBytes(strings.bytes(a), strings.bytes(b)) } }
        }
        let direction = key.ascending ? 1 : -1
        guard let validity = column.validity else { return { a, b in values(a, b) * direction } }
        let nullOrder = key.nullsFirst ? -1 : 1
        return { a, b in
            switch (validity[a], validity[b]) {
            case (true, true): return values(a, b) * direction
            case (false, false): return 0
            case (false, true): return nullOrder
            case (true, false): return -nullOrder
            }
        }
    }

    static func primitiveOrder<T: SortableValue>(_ array: PrimitiveArray<T>) -> (Int, Int) -> Int {
        { a, b in
            let (x, y) = (array.value(a), array.value(b))
            return T.sortLess(x, y) ? -1 : (T.sortLess(y, x) ? 1 : 0)
        }
    }
}
