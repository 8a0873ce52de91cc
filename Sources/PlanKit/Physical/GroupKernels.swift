import ArrowLite

/// The per-row loops of the group accumulators, over raw buffers: no exclusivity checks, no array bounds checks
/// in the loop, and pre-specialised for every value type (the accumulators are generic classes called through
/// existentials, whose unspecialised loops looked up type metadata per row).
enum GroupKernels {
    /// Adds each valid `values[row]` to `sums[groups[row]]`, marking the group seen.
    /// - Returns: false when a sum overflowed.
    @_specialize(where T == Int64)
    @_specialize(where T == Int128)
    @_specialize(where T == Double)
    static func sum<T: SumValue>(
        _ values: UnsafeBufferPointer<T>, _ validity: Bitmap?, _ groups: UnsafeBufferPointer<Int32>,
        _ sums: UnsafeMutableBufferPointer<T>, _ seen: UnsafeMutableBufferPointer<Bool>
    ) -> Bool {
        let count = min(values.count, groups.count)
        for row in 0..<count where validity?[row] ?? true {
            let group = Int(groups[row])
            guard let sum = T.checkedSum(sums[group], values[row]) else { return false }
            sums[group] = sum
            seen[group] = true
        }
        return true
    }

    /// Keeps in `best[groups[row]]` the smallest (`isMin`) or largest valid value of each group.
    @_specialize(where T == Int32)
    @_specialize(where T == Int64)
    @_specialize(where T == Int128)
    @_specialize(where T == Double)
    static func minMax<T: OrderedValue>(
        _ values: UnsafeBufferPointer<T>, _ validity: Bitmap?, _ groups: UnsafeBufferPointer<Int32>, isMin: Bool,
        _ best: UnsafeMutableBufferPointer<T>, _ seen: UnsafeMutableBufferPointer<Bool>
    ) {
        let count = min(values.count, groups.count)
        for row in 0..<count where validity?[row] ?? true {
            let group = Int(groups[row])
            let value = values[row]
            let better = isMin ? T.orderedLess(value, best[group]) : T.orderedLess(best[group], value)
            if !seen[group] || better {
                best[group] = value
                seen[group] = true
            }
        }
    }

    /// Adds `increments[row]` (1 when nil) to `counts[groups[row]]` for each valid row.
    static func count(
        _ increments: UnsafeBufferPointer<Int64>?, _ validity: Bitmap?, _ groups: UnsafeBufferPointer<Int32>,
        _ counts: UnsafeMutableBufferPointer<Int64>
    ) {
        for row in 0..<groups.count where validity?[row] ?? true {
            counts[Int(groups[row])] &+= increments?[row] ?? 1
        }
    }

    /// The first group `seen` whose sum's magnitude reaches `limit` (a decimal sum beyond its precision), if any.
    @_specialize(where T == Int128)
    static func firstReaching<T: SumValue>(
        _ limit: Int128, _ sums: UnsafeBufferPointer<T>, _ seen: UnsafeBufferPointer<Bool>
    ) -> Int? {
        for group in 0..<min(sums.count, seen.count) where seen[group] && sums[group].reaches(limit) { return group }
        return nil
    }

    /// The groups' values as one array, copied whole; a group never `seen` is null (its state holds zero there,
    /// as a builder's null slot would).
    static func groupArray<T: ArrowPrimitive>(_ type: DataType, _ values: [T], seen: [Bool]) -> PrimitiveArray<T> {
        PrimitiveArray(dataType: type, count: values.count, values: Buffer(copying: values), validity: validity(seen))
    }

    /// The validity bitmap of `seen`, or nil when every group was seen.
    static func validity(_ seen: [Bool]) -> Bitmap? {
        seen.contains(false) ? Bitmap(bits: seen) : nil
    }
}

extension Array {
    /// Appends `value` until the array has `count` elements, in one bulk fill (group state grows as groups appear;
    /// `append(contentsOf: repeatElement(...))` iterated element by element in the unspecialised generic classes).
    /// Specialised for the group state's element types: unspecialised, every reallocation moved the elements one
    /// value-witness call at a time.
    @_specialize(where Element == Int128)
    @_specialize(where Element == Int64)
    @_specialize(where Element == Int32)
    @_specialize(where Element == Double)
    @_specialize(where Element == Bool)
    mutating func grow(to count: Int, with value: Element) {
        guard count > self.count else { return }
        append(contentsOf: [Element](repeating: value, count: count - self.count))
    }
}
