import ArrowLite
import Testing

@Suite("Partition pieces encoded straight from their batches") struct IPCBatchRowsTests {
    /// Batches of every type: fixed-width and strings without nulls, whole and sliced (gathered into the body),
    /// and columns with nulls (materialized first).
    static func batches() throws -> [RecordBatch] {
        [
            try PartitionTests.fixedWidthBatch(rows: 300, seed: 3),
            try PartitionTests.fixedWidthBatch(rows: 90, seed: 4).slice(5, 60),
            IPCSamples.batch(), IPCSamples.batch().slice(3, 7),
        ]
    }

    static func hashes(_ count: Int, _ random: inout SplitMix64) -> [UInt64] { (0..<count).map { _ in random.next() } }

    @Test("each piece of a partition assignment holds the rows groupByPartition puts in that partition")
    func piecesMatchTheGroupedRows() throws {
        var random = SplitMix64(seed: 11)
        for batch in try Self.batches() {
            for partitionCount in [1, 2, 5, 32] {
                let assignment = PartitionAssignment(
                    hashes: Self.hashes(batch.rowCount, &random), partitionCount: partitionCount)
                let grouped = try Compute.groupByPartition(batch, assignment)
                let pieces = assignment.pieces(of: batch)
                let nonEmpty = (0..<partitionCount).filter { assignment.rowCount(of: $0) > 0 }
                #expect(pieces.map(\.partition) == nonEmpty, "ascending, only non-empty partitions")
                for (partition, rows) in pieces {
                    let expected = grouped.slice(assignment.offsets[partition], assignment.rowCount(of: partition))
                    #expect(try ArrowIPC.encodeBatch(rows.materialized()) == ArrowIPC.encodeBatch(expected))
                }
            }
        }
    }

    @Test("encoding pieces gives the bytes of encoding their materialized rows, pieces of several batches mixed")
    func encodedPiecesMatchMaterializedRows() throws {
        var random = SplitMix64(seed: 12)
        for batch in try Self.batches() {
            let encoder = IPCStreamEncoder(schema: batch.schema)
            for partitionCount in [1, 3, 32] {
                let first = PartitionAssignment(
                    hashes: Self.hashes(batch.rowCount, &random), partitionCount: partitionCount
                ).pieces(of: batch)
                let second = PartitionAssignment(
                    hashes: Self.hashes(batch.rowCount, &random), partitionCount: partitionCount
                ).pieces(of: batch)
                // One group per piece, then groups mixing both batches' pieces and the whole batch.
                var groups = first.map { [$0.rows] }
                groups.append(first.map(\.rows) + second.map(\.rows))
                groups.append([second[0].rows, BatchRows(batch), first[first.count - 1].rows])
                let materialized = try groups.map { try $0.map { try $0.materialized() } }
                let fromPieces = try encoder.encodeAligned(concatenating: groups)
                let fromBatches = try encoder.encodeAligned(concatenating: materialized)
                #expect(
                    withExtendedLifetime((fromPieces, fromBatches)) {
                        fromPieces.bytes.elementsEqual(fromBatches.bytes)
                    },
                    "\(batch.rowCount) rows, \(partitionCount) partitions")
                let decoded = try IPCStreamDecoder(schema: batch.schema).decode(fromPieces)
                #expect(IPCSamples.rows(of: decoded) == IPCSamples.rows(of: try materialized.map(Compute.concat)))
            }
        }
    }

    @Test("a piece that is a whole batch is the batch itself; an assignment of no rows has no pieces")
    func wholeAndEmpty() throws {
        let batch = try PartitionTests.fixedWidthBatch(rows: 40, seed: 6)
        let one = PartitionAssignment(hashes: [UInt64](repeating: 9, count: batch.rowCount), partitionCount: 4)
        let pieces = one.pieces(of: batch)
        #expect(pieces.count == 1 && pieces[0].partition == 1 && pieces[0].rows.rowCount == batch.rowCount)
        #expect(one.singlePartition == 1)
        #expect(try ArrowIPC.encodeBatch(pieces[0].rows.materialized()) == ArrowIPC.encodeBatch(batch))
        let none = PartitionAssignment(hashes: [], partitionCount: 3)
        #expect(none.pieces(of: batch.slice(0, 0)).isEmpty && none.singlePartition == nil)
    }

    @Test("the pieces of a batch without columns keep their row counts, materialized and encoded")
    func batchWithoutColumns() throws {
        let bare = RecordBatch(rowCount: 5)
        let pieces = PartitionAssignment(hashes: [0, 1, 2, 3, 4], partitionCount: 2).pieces(of: bare)
        #expect(try pieces.map { try $0.rows.materialized().rowCount } == [3, 2])
        let stream = try IPCStreamEncoder(schema: bare.schema).encodeAligned(concatenating: [pieces.map(\.rows)])
        #expect(try IPCStreamDecoder(schema: bare.schema).decode(stream).map(\.rowCount) == [5])
    }
}
