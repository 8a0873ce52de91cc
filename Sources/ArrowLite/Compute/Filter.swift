extension Compute {
    /// Keeps the elements whose mask value is true; a false or null mask element drops the row (SQL `WHERE`).
    /// - Throws: `ArrowError.invalidArgument` when the mask's length differs from the array's.
    /// - Complexity: O(n); an all-true mask returns the input unchanged (zero-copy).
    public static func filter(_ array: any ArrowArray, _ mask: BooleanArray) throws -> any ArrowArray {
        try requireSameLength(array, mask, "filter")
        let selected = selectedIndices(mask)
        if selected.count == array.count { return array }
        return try take(array, indices: selected)
    }

    /// Keeps the rows of a batch whose mask value is true (false and null drop the row).
    /// - Throws: `ArrowError.invalidArgument` when the mask's length differs from the batch's row count.
    public static func filter(_ batch: RecordBatch, _ mask: BooleanArray) throws -> RecordBatch {
        guard mask.count == batch.rowCount else {
            throw ArrowError.invalidArgument("filter: mask has \(mask.count) elements for \(batch.rowCount) rows")
        }
        let selected = selectedIndices(mask)
        if selected.count == batch.rowCount { return batch }
        return try take(batch, indices: selected)
    }

    /// The positions where the mask is valid and true, in ascending order. Whole zero bytes are skipped at once.
    public static func selectedIndices(_ mask: BooleanArray) -> [Int32] {
        let n = mask.count
        let allValid = mask.validity == nil
        let validity = mask.validity ?? mask.values
        return withAlignedBytes(mask.values) { values in
            withAlignedBytes(validity) { valid in
                var result: [Int32] = []
                result.reserveCapacity(n)
                let byteCount = (n + 7) / 8
                for j in 0..<byteCount {
                    var byte = allValid ? values[j] : values[j] & valid[j]
                    if j == byteCount - 1 && n & 7 != 0 { byte &= UInt8((1 << (n & 7)) - 1) }
                    while byte != 0 {
                        result.append(Int32(j * 8 + byte.trailingZeroBitCount))
                        byte &= byte &- 1
                    }
                }
                return result
            }
        }
    }
}
