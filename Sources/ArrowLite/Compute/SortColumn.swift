extension Compute {
    /// The stable row order of one column under `key`.
    static func sortColumn(_ column: any ArrowArray, _ key: SortKey) -> [Int32] {
        switch column.dataType {
        case .int32, .date32: return sortPrimitive(typed(column, as: Int32Array.self), key)
        case .int64: return sortPrimitive(typed(column, as: Int64Array.self), key)
        case .float64: return sortPrimitive(typed(column, as: Float64Array.self), key)
        case .decimal128: return sortPrimitive(typed(column, as: Decimal128Array.self), key)
        case .boolean: return sortBooleans(typed(column, as: BooleanArray.self), key)
        case .utf8: return sortStrings(typed(column, as: StringArray.self), key)
        }
    }

    /// The null rows (in input order) and the rest.
    static func splitNulls(_ column: any ArrowArray) -> (nulls: [Int32], valid: [Int32]) {
        var nulls: [Int32] = []
        var valid: [Int32] = []
        valid.reserveCapacity(column.count - column.nullCount)
        for i in 0..<column.count {
            if column.isNull(i) { nulls.append(Int32(i)) } else { valid.append(Int32(i)) }
        }
        return (nulls, valid)
    }

    /// Nulls are placed apart; valid rows sort as (value, row) pairs so ties keep input order.
    static func sortPrimitive<T: SortableValue & ArrowPrimitive>(_ array: PrimitiveArray<T>, _ key: SortKey) -> [Int32]
    {
        let (nulls, valid) = splitNulls(array)
        let sorted = array.withValues { values in
            sortPairs(valid.map { (values[Int($0)], $0) }, ascending: key.ascending)
        }
        return key.nullsFirst ? nulls + sorted : sorted + nulls
    }

    /// A stable partition: false rows, then true rows (reversed groups when descending), nulls placed by the key.
    static func sortBooleans(_ array: BooleanArray, _ key: SortKey) -> [Int32] {
        let (nulls, valid) = splitNulls(array)
        let trues = valid.filter { array.values[Int($0)] }
        let falses = valid.filter { !array.values[Int($0)] }
        let sorted = key.ascending ? falses + trues : trues + falses
        return key.nullsFirst ? nulls + sorted : sorted + nulls
    }

    /// Valid rows sorted by UTF-8 bytes with the row as tie-breaker; nulls placed by the key.
    static func sortStrings(_ array: StringArray, _ key: SortKey) -> [Int32] {
        var (nulls, valid) = splitNulls(array)
        let direction = key.ascending ? 1 : -1
        withExtendedLifetime(array) {
            valid.sort { a, b in
                let order = compareBytes(array.bytes(Int(a)), array.bytes(Int(b))) * direction
                return order < 0 || (order == 0 && a < b)
            }
        }
        return key.nullsFirst ? nulls + valid : valid + nulls
    }

    /// Each row's dense rank under `key` (equal values share a rank; all nulls share one) and the number of ranks.
    /// Ranks follow the key's order, so direction and null placement are folded in.
    static func denseRanks(_ column: any ArrowArray, _ key: SortKey) -> (ranks: [UInt32], distinct: Int) {
        let order = sortColumn(column, key)
        guard !order.isEmpty else { return ([], 0) }
        switch column.dataType {
        case .int32, .date32: return primitiveRanks(typed(column, as: Int32Array.self), order)
        case .int64: return primitiveRanks(typed(column, as: Int64Array.self), order)
        case .float64: return primitiveRanks(typed(column, as: Float64Array.self), order)
        case .decimal128: return primitiveRanks(typed(column, as: Decimal128Array.self), order)
        case .boolean:
            let array = typed(column, as: BooleanArray.self)
            return ranks(order, array) { array.value($0) == array.value($1) }
        case .utf8:
            let array = typed(column, as: StringArray.self)
            return withExtendedLifetime(array) {
                ranks(order, array) { compareBytes(array.bytes($0), array.bytes($1)) == 0 }
            }
        }
    }

    /// Ranks of a primitive column from its sorted order, comparing values in place (no closure per row).
    static func primitiveRanks<T: SortableValue & ArrowPrimitive>(_ array: PrimitiveArray<T>, _ order: [Int32])
        -> (ranks: [UInt32], distinct: Int)
    {
        var ranks = [UInt32](repeating: 0, count: array.count)
        var rank: UInt32 = 0
        array.withValues { values in
            for k in 1..<order.count {
                let (previous, current) = (Int(order[k - 1]), Int(order[k]))
                let (previousNull, currentNull) = (array.isNull(previous), array.isNull(current))
                let same =
                    previousNull
                    ? currentNull : (!currentNull && T.sortEqual(values[previous], values[current]))
                if !same { rank += 1 }
                ranks[current] = rank
            }
        }
        return (ranks, Int(rank) + 1)
    }

    /// Ranks from a sorted order and an equality of two valid rows.
    static func ranks(_ order: [Int32], _ column: any ArrowArray, same: (Int, Int) -> Bool)
        -> (ranks: [UInt32], distinct: Int)
    {
        var ranks = [UInt32](repeating: 0, count: column.count)
        var rank: UInt32 = 0
        for k in 1..<order.count {
            let (previous, current) = (Int(order[k - 1]), Int(order[k]))
            let (previousNull, currentNull) = (column.isNull(previous), column.isNull(current))
            let equal = previousNull ? currentNull : (!currentNull && same(previous, current))
            if !equal { rank += 1 }
            ranks[current] = rank
        }
        return (ranks, Int(rank) + 1)
    }
}
