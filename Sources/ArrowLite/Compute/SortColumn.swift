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
    static func denseRanks(_ column: any ArrowArray, _ key: SortKey) -> (ranks: [UInt32], distinct: Int) {
        let order = sortColumn(column, key)
        guard !order.isEmpty else { return ([], 0) }
        let same = sameValue(column)
        var ranks = [UInt32](repeating: 0, count: column.count)
        var rank: UInt32 = 0
        for k in 1..<order.count {
            let (previous, current) = (Int(order[k - 1]), Int(order[k]))
            let bothNull = column.isNull(previous) && column.isNull(current)
            let bothValid = column.isValid(previous) && column.isValid(current)
            if !(bothNull || (bothValid && same(previous, current))) { rank += 1 }
            ranks[current] = rank
        }
        return (ranks, Int(rank) + 1)
    }

    /// Equality of two valid rows' values (NaN equals NaN, as in sorting).
    static func sameValue(_ column: any ArrowArray) -> (Int, Int) -> Bool {
        switch column.dataType {
        case .int32, .date32: return samePrimitive(typed(column, as: Int32Array.self))
        case .int64: return samePrimitive(typed(column, as: Int64Array.self))
        case .float64: return samePrimitive(typed(column, as: Float64Array.self))
        case .decimal128: return samePrimitive(typed(column, as: Decimal128Array.self))
        case .boolean:
            let values = typed(column, as: BooleanArray.self).values
            return { values[$0] == values[$1] }
        case .utf8:
            let strings = typed(column, as: StringArray.self)
            return { a, b in withExtendedLifetime(strings) { compareBytes(strings.bytes(a), strings.bytes(b)) == 0 } }
        }
    }

    static func samePrimitive<T: SortableValue & ArrowPrimitive>(_ array: PrimitiveArray<T>) -> (Int, Int) -> Bool {
        { a, b in
            let (x, y) = (array.value(a), array.value(b))
            return T.sortEqual(x, y)
        }
    }
}
