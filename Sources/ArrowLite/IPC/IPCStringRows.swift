/// Rows of a string array an IPC message writes: `indices[range]` when picked (a partition's rows of the batch
/// they were computed in), else the rows in `range`, in order.
struct StringRows: Sendable {
    let array: StringArray
    let indices: [Int32]?
    let range: Range<Int>

    /// All rows of `array`.
    init(_ array: StringArray) {
        self.array = array
        indices = nil
        range = 0..<array.count
    }

    /// Rows `indices[range]` of `array`; every index is a row of it (`BatchRows` guarantees it for its batch), so
    /// they are read without bounds checks.
    init(_ array: StringArray, indices: [Int32], range: Range<Int>) {
        self.array = array
        self.indices = indices
        self.range = range
    }

    var rowCount: Int { range.count }

    /// The rows' bytes as a body source: the bytes as they lie for consecutive rows, else each row's copied.
    var dataSource: IPCBodySource {
        guard indices != nil else {
            let start = array.offset(range.lowerBound)
            return .bytes(array.data, byteOffset: start, byteCount: array.offset(range.upperBound) - start)
        }
        var byteCount = 0
        forEachRow { _, length in byteCount &+= length }
        return .stringData(self, byteCount: byteCount)
    }

    /// Calls `body` with each row's data start and length, in order.
    @inline(__always)
    func forEachRow(_ body: (_ start: Int, _ length: Int) -> Void) {
        withExtendedLifetime(array.offsets) {
            guard let indices else {
                for row in range {
                    let start = array.offset(row)
                    body(start, array.offset(row &+ 1) &- start)
                }
                return
            }
            indices.withUnsafeBufferPointer { indices in
                for position in range {
                    let row = Int(indices[position])
                    let start = array.offset(row)
                    body(start, array.offset(row &+ 1) &- start)
                }
            }
        }
    }
}
