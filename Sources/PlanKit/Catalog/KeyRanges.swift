/// A split of an integer key domain `low...high` into contiguous ranges of (nearly) equal width: part `p` of `n`
/// holds the keys from `boundary(p, of: n)` up to the next boundary, the first part also every key below `low`
/// and the last part every key above `high`. Two tables split by equal `KeyRanges` into the same number of parts
/// put equal keys in parts of the same index, so a join or an aggregate on those keys needs no exchange: the
/// co-partitioned (bucketed) tables of Spark and Hive, the range-clustered files of a lakehouse.
public struct KeyRanges: Sendable, Hashable, CustomStringConvertible {
    /// The smallest key of the domain (keys below it go to the first part).
    public let low: Int64
    /// The largest key of the domain (keys above it go to the last part).
    public let high: Int64

    /// The domain `low...high`.
    /// - Throws: `PhysicalPlanError.invalidPlan` when `low > high`.
    public init(low: Int64, high: Int64) throws {
        guard low <= high else {
            throw PhysicalPlanError.invalidPlan(
                node: "KeyRanges", message: "the domain \(low)...\(high) is empty; low must not exceed high")
        }
        self.low = low
        self.high = high
    }

    public var description: String { "\(low)...\(high)" }

    /// The first key of part `part` of `parts` (for part 0, `low`), for `0 <= part <= parts`; part `parts` gives
    /// one past `high`, saturated at `Int64.max`.
    /// - Precondition: `parts >= 1` and `0 <= part <= parts`.
    public func boundary(_ part: Int, of parts: Int) -> Int64 {
        precondition(parts >= 1 && (0...parts).contains(part), "part \(part) of \(parts) is outside the split")
        let width = Int128(high) - Int128(low) + 1
        let key = Int128(low) + width * Int128(part) / Int128(parts)
        return key > Int128(Int64.max) ? .max : Int64(key)
    }

    /// The part of `parts` that holds `key`.
    /// - Precondition: `parts >= 1`.
    public func part(of key: Int64, parts: Int) -> Int {
        precondition(parts >= 1, "a split needs at least one part")
        if key < low { return 0 }
        if key > high { return parts - 1 }
        let width = Int128(high) - Int128(low) + 1
        // The largest p with boundary(p) <= key: boundary(p) = low + floor(width * p / parts).
        let part = ((Int128(key) - Int128(low) + 1) * Int128(parts) - 1) / width
        return Swift.min(Int(part), parts - 1)
    }
}

/// How a table's rows are laid out for splitting: sorted on an integer column, and split into parts by key
/// ranges of that column rather than by row counts (`KeyRangeTable`).
public struct TableClustering: Sendable, Hashable {
    /// The position of the key column in the table's schema.
    public let column: Int
    /// The key ranges the table's parts follow.
    public let ranges: KeyRanges

    public init(column: Int, ranges: KeyRanges) {
        self.column = column
        self.ranges = ranges
    }
}
