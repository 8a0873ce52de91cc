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

/// Values with the total order SQL comparisons and sorts use: for float64, NaN equals NaN and is larger than every
/// number, and -0.0 equals 0.0 (as in PostgreSQL and DuckDB).
protocol SortableValue: Comparable {
    static func sortLess(_ a: Self, _ b: Self) -> Bool
    static func sortEqual(_ a: Self, _ b: Self) -> Bool
}
extension SortableValue {
    @inline(__always) static func sortLess(_ a: Self, _ b: Self) -> Bool { a < b }
    @inline(__always) static func sortEqual(_ a: Self, _ b: Self) -> Bool { a == b }
}
extension Int32: SortableValue {}
extension Int64: SortableValue {}
extension Int128: SortableValue {}
extension UInt64: SortableValue {}
extension Double: SortableValue {
    @inline(__always) static func sortLess(_ a: Double, _ b: Double) -> Bool { a < b || (b.isNaN && !a.isNaN) }
    @inline(__always) static func sortEqual(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
}

extension Compute {
    /// The row order that sorts `columns` by `keys` (first column first), as indices into the columns. The sort is
    /// stable: rows that compare equal on every key keep their input order.
    /// - Parameters:
    ///   - columns: equal-length columns, each of any type (strings by UTF-8 bytes, booleans false < true).
    ///   - keys: one key per column.
    /// - Returns: `count` distinct row indices.
    /// - Throws: `ArrowError.invalidArgument` when counts differ or the row count exceeds `Int32.max`.
    /// - Complexity: O(n log n) comparisons per column; a primitive column sorts (value, row) pairs directly.
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
        if columns.count == 1 { return sortColumn(columns[0], keys[0]) }
        // Several columns: each column becomes dense ranks (one fast single-column sort each), then the rows sort
        // by their rank tuples, packed into one UInt64 when the rank counts' product fits.
        let ranked = zip(columns, keys).map { denseRanks($0, $1) }
        var product: UInt64 = 1
        var fits = true
        for column in ranked {
            let (p, overflow) = product.multipliedReportingOverflow(by: UInt64(max(column.distinct, 1)))
            fits = fits && !overflow
            product = p
        }
        if fits {
            var packed = [UInt64](repeating: 0, count: n)
            for column in ranked {
                let width = UInt64(max(column.distinct, 1))
                column.ranks.withUnsafeBufferPointer { ranks in
                    for i in 0..<n { packed[i] = packed[i] &* width &+ UInt64(ranks[i]) }
                }
            }
            // When rank tuple and row index fit in 64 bits together, plain integers sort with no comparator and
            // the row index makes every key distinct, so the order is stable by construction.
            let (bound, overflow) = product.multipliedReportingOverflow(by: UInt64(n))
            if !overflow && bound > 0 {
                let rows = UInt64(n)
                for i in 0..<n { packed[i] = packed[i] &* rows &+ UInt64(i) }
                packed.sort()
                return packed.map { Int32(truncatingIfNeeded: $0 % rows) }
            }
            return sortPairs(packed.enumerated().map { ($0.element, Int32($0.offset)) }, ascending: true)
        }
        var indices = (0..<Int32(n)).map { $0 }
        indices.sort { a, b in
            for column in ranked where column.ranks[Int(a)] != column.ranks[Int(b)] {
                return column.ranks[Int(a)] < column.ranks[Int(b)]
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
    /// - Throws: `ArrowError.invalidArgument` for a column index outside the batch; as `sortToIndices(_:keys:)`.
    public static func sort(_ batch: RecordBatch, by columnIndices: [Int], keys: [SortKey]) throws -> RecordBatch {
        for index in columnIndices where !batch.columns.indices.contains(index) {
            throw ArrowError.invalidArgument("sort: column \(index) does not exist in \(batch.schema)")
        }
        let order = try sortToIndices(columnIndices.map { batch.columns[$0] }, keys: keys)
        return try take(batch, indices: order)
    }

    /// Sorts (key, row) pairs by key, then row, so equal keys keep input order.
    static func sortPairs<T: SortableValue>(_ pairs: [(value: T, index: Int32)], ascending: Bool) -> [Int32] {
        var pairs = pairs
        if ascending {
            pairs.sort { T.sortLess($0.value, $1.value) || (!T.sortLess($1.value, $0.value) && $0.index < $1.index) }
        } else {
            pairs.sort { T.sortLess($1.value, $0.value) || (!T.sortLess($0.value, $1.value) && $0.index < $1.index) }
        }
        return pairs.map(\.index)
    }
}
