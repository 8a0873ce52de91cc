import ArrowLite
import Testing

@Suite("Grouping rows by partition") struct PartitionTests {
    /// A sliced batch of every fixed-width type without nulls (the scattered path), plus a string column.
    static func fixedWidthBatch(rows: Int, seed: UInt64) throws -> RecordBatch {
        var random = SplitMix64(seed: seed)
        let schema = Schema([
            Field("a", .int32), Field("d", .date32), Field("b", .int64), Field("f", .float64),
            Field("p", .decimal128(precision: 20, scale: 2)), Field("s", .utf8),
        ])
        let values = (0..<rows).map { _ in random.next() }
        var strings = StringBuilder(capacity: rows)
        for value in values { strings.append(String(value % 1000)) }
        let columns: [any ArrowArray] = [
            Int32Array(.int32, values.map { Int32(truncatingIfNeeded: $0) }),
            Int32Array(.date32, values.map { Int32(truncatingIfNeeded: $0 >> 40) }),
            Int64Array(.int64, values.map { Int64(bitPattern: $0) }),
            Float64Array(.float64, values.map { Double($0 % 100_000) / 7 }),
            Decimal128Array(
                .decimal128(precision: 20, scale: 2), values.map { Int128($0 % 1_000_000_000) - 500_000_000 }),
            strings.finish(),
        ]
        return try RecordBatch(schema: schema, columns: columns).slice(7, rows - 20)
    }

    @Test("groupByPartition gives take by partitionPermutation's indices, byte for byte, with and without nulls")
    func matchesTakeByPermutation() throws {
        var random = SplitMix64(seed: 5)
        let batches = [
            try Self.fixedWidthBatch(rows: 300, seed: 3), IPCSamples.batch(), IPCSamples.batch().slice(3, 7),
        ]
        for batch in batches {
            for partitionCount in [1, 2, 3, 32] {
                let hashes = (0..<batch.rowCount).map { _ in random.next() }
                let (rows, offsets) = try Compute.groupByPartition(
                    batch, hashes: hashes, partitionCount: partitionCount)
                let (indices, expectedOffsets) = Compute.partitionPermutation(hashes, partitionCount: partitionCount)
                let expected = try Compute.take(batch, indices: indices)
                #expect(offsets == expectedOffsets)
                #expect(
                    try ArrowIPC.encodeBatch(rows) == ArrowIPC.encodeBatch(expected), "\(partitionCount) partitions")
                try rows.checkInvariants()
            }
        }
    }

    @Test("a batch whose rows all hash to one partition, and a batch without columns, come back as they are")
    func alreadyGrouped() throws {
        let batch = try Self.fixedWidthBatch(rows: 50, seed: 9)
        let hashes = [UInt64](repeating: 7, count: batch.rowCount)
        let (rows, offsets) = try Compute.groupByPartition(batch, hashes: hashes, partitionCount: 4)
        #expect(offsets == [0, 0, 0, 0, 30])
        #expect(try ArrowIPC.encodeBatch(rows) == ArrowIPC.encodeBatch(batch))
        let bare = RecordBatch(rowCount: 3)
        let (bareRows, bareOffsets) = try Compute.groupByPartition(bare, hashes: [0, 1, 2], partitionCount: 2)
        #expect(bareRows.rowCount == 3 && bareOffsets == [0, 2, 3])
    }
}
