import ArrowLite
import Testing

@Suite("Arrow IPC round trips") struct IPCRoundTripTests {
    let schema = IPCSamples.schema

    @Test("a stream of every type with nulls reads back to the same schema and hand-written rows")
    func streamRoundTrip() throws {
        let batches = [IPCSamples.batch(Array(IPCSamples.rows[0..<4])), IPCSamples.batch(Array(IPCSamples.rows[4...]))]
        let bytes = try ArrowIPC.writeStream(schema: schema, batches: batches)
        let (readSchema, readBatches) = try ArrowIPC.readStream(bytes)
        #expect(readSchema == schema)
        #expect(readBatches.map(\.rowCount) == [4, 7])
        #expect(IPCSamples.rows(of: readBatches) == IPCSamples.rows)
        for batch in readBatches { try batch.checkInvariants() }
    }

    @Test("the bytes written for every type (stream, file, a mid-byte slice, a batch message) stay as pinned")
    func pinnedBytes() throws {
        // Pinned from the general flatbuffer builder: a faster encoder must write the very same bytes.
        let batches = [IPCSamples.batch(Array(IPCSamples.rows[0..<4])), IPCSamples.batch().slice(3, 7)]
        let stream = try ArrowIPC.writeStream(schema: schema, batches: batches)
        let file = try ArrowIPC.writeFile(schema: schema, batches: batches)
        let message = try ArrowIPC.encodeBatch(batches[1])
        #expect(SHA256.hex(stream) == "c3aac4f36c9838983c581150399dc28daa015b6e504b35b28b7bd8adb8869570")
        #expect(SHA256.hex(file) == "6e0c6b32c9ad591f0dd6e5a74e3d912e2a7551c3a472b9091f2ca386415cfb8a")
        #expect(SHA256.hex(message) == "179924f47f522b5f04191f0ea3b9417cb63b3f071df8a1614a3ce8669e97220b")
    }

    @Test("a file of every type with nulls reads back to the same schema and hand-written rows")
    func fileRoundTrip() throws {
        let batches = [IPCSamples.batch(Array(IPCSamples.rows[0..<6])), IPCSamples.batch(Array(IPCSamples.rows[6...]))]
        let bytes = try ArrowIPC.writeFile(schema: schema, batches: batches)
        #expect(Array(bytes[0..<8]) == Array("ARROW1".utf8) + [0, 0])
        #expect(Array(bytes[(bytes.count - 6)...]) == Array("ARROW1".utf8))
        let (readSchema, readBatches) = try ArrowIPC.readFile(bytes)
        #expect(readSchema == schema)
        #expect(readBatches.map(\.rowCount) == [6, 5])
        #expect(IPCSamples.rows(of: readBatches) == IPCSamples.rows)
    }

    @Test("slices starting mid-byte are written as if built fresh: realigned bitmaps, rebased string offsets")
    func slicesMatchFreshBatches() throws {
        let whole = IPCSamples.batch()
        for (start, length) in [(3, 7), (1, 10), (5, 0), (9, 2), (0, 11), (7, 1)] {
            let slice = whole.slice(start, length)
            let expected = Array(IPCSamples.rows[start..<start + length])
            let fresh = IPCSamples.batch(expected)
            #expect(try ArrowIPC.encodeBatch(slice) == ArrowIPC.encodeBatch(fresh), "slice \(start)+\(length)")
            let (_, streamed) = try ArrowIPC.readStream(ArrowIPC.writeStream(schema: schema, batches: [slice]))
            #expect(IPCSamples.rows(of: streamed) == expected, "slice \(start)+\(length)")
            let (_, filed) = try ArrowIPC.readFile(ArrowIPC.writeFile(schema: schema, batches: [slice]))
            #expect(IPCSamples.rows(of: filed) == expected, "slice \(start)+\(length)")
        }
    }

    @Test("writeStream(concatenating:) writes groups of slices as Compute.concat then writeStream would, byte for byte")
    func concatenatingMatchesConcat() throws {
        // Pieces come from two batches with different buffers (the sample rows and their reverse).
        let sources = [IPCSamples.batch(), try Compute.take(IPCSamples.batch(), indices: (0..<11).reversed())]
        let whole = sources[0]
        var random = SplitMix64(seed: 5)
        for _ in 0..<60 {
            let groups = (0..<Int(random.next() % 4)).map { _ in
                (0..<Int(random.next() % 4 + 1)).map { _ -> RecordBatch in
                    let start = Int(random.next() % 11)
                    return sources[Int(random.next() % 2)].slice(start, Int(random.next() % UInt64(12 - start)))
                }
            }
            let expected = try ArrowIPC.writeStream(schema: schema, batches: groups.map(Compute.concat))
            #expect(try ArrowIPC.writeStream(schema: schema, concatenating: groups) == expected)
        }
        let skipped = try ArrowIPC.writeStream(schema: schema, concatenating: [[], [whole], []])
        #expect(skipped == (try ArrowIPC.writeStream(schema: schema, batches: [whole])))
        let noColumns = [[RecordBatch(rowCount: 3), RecordBatch(rowCount: 4)]]
        let counted = try ArrowIPC.writeStream(schema: Schema([]), concatenating: noColumns)
        #expect(counted == (try ArrowIPC.writeStream(schema: Schema([]), batches: noColumns.map(Compute.concat))))
        #expect(try ArrowIPC.readStream(counted).batches.map(\.rowCount) == [7])
    }

    @Test("an empty batch, zero batches, and a batch without columns round-trip in both formats")
    func emptyShapes() throws {
        let empty = IPCSamples.batch([])
        for batches in [[], [empty], [empty, IPCSamples.batch(), empty]] {
            let stream = try ArrowIPC.readStream(ArrowIPC.writeStream(schema: schema, batches: batches))
            let file = try ArrowIPC.readFile(ArrowIPC.writeFile(schema: schema, batches: batches))
            for (readSchema, read) in [stream, file] {
                #expect(readSchema == schema)
                #expect(read.map(\.rowCount) == batches.map(\.rowCount))
                #expect(IPCSamples.rows(of: read) == IPCSamples.rows(of: batches))
            }
        }
        let noColumns = RecordBatch(rowCount: 5)
        let (readSchema, read) = try ArrowIPC.readFile(ArrowIPC.writeFile(schema: Schema([]), batches: [noColumns]))
        #expect(readSchema == Schema([]))
        #expect(read.map(\.rowCount) == [5])
    }

    @Test("encodeBatch/decodeBatch carry one batch without its schema, and a stream's end marker is 8 bytes")
    func singleBatchMessages() throws {
        let batch = IPCSamples.batch()
        let bytes = try ArrowIPC.encodeBatch(batch)
        #expect(Array(bytes[0..<4]) == [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(bytes.count % 8 == 0)
        let decoded = try ArrowIPC.decodeBatch(bytes, schema: schema)
        #expect(IPCSamples.rows(of: [decoded]) == IPCSamples.rows)
        let stream = try ArrowIPC.writeStream(schema: schema, batches: [])
        #expect(Array(stream.suffix(8)) == [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
    }

    @Test("decimal128(38, s) extremes, non-nullable fields and nulls-free columns round-trip")
    func decimalExtremesAndNullability() throws {
        let limit = Decimal128.powerOfTen(38) - 1
        let type = DataType.decimal128(precision: 38, scale: 10)
        let schema = Schema([Field("d", type, nullable: false), Field("s", .utf8, nullable: false)])
        let batch = try RecordBatch(
            schema: schema,
            columns: [Decimal128Array(type, [limit, -limit, 0, 1]), StringArray(["a", "", "ccc", "d"])])
        let (readSchema, read) = try ArrowIPC.readFile(ArrowIPC.writeFile(schema: schema, batches: [batch]))
        #expect(readSchema == schema)
        #expect(IPCSamples.rows(of: read) == IPCSamples.rows(of: [batch]))
        #expect(read[0].columns[0].validity == nil)
    }

    @Test("writers reject a batch whose schema differs from the stream's")
    func schemaMismatchIsRejected() throws {
        let other = Schema([Field("x", .int32)])
        #expect(throws: ArrowError.self) { try ArrowIPC.writeStream(schema: other, batches: [IPCSamples.batch()]) }
        #expect(throws: ArrowError.self) { try ArrowIPC.writeFile(schema: other, batches: [IPCSamples.batch()]) }
    }
}
