import ArrowLite
import Foundation
import Testing

@Suite("IPC stream encoder and decoder of one schema") struct IPCStreamCodecTests {
    let schema = IPCSamples.schema
    let batches = [IPCSamples.batch(Array(IPCSamples.rows[0..<4])), IPCSamples.batch().slice(3, 7)]

    @Test("the encoder writes the pinned stream bytes, and a group as the concatenated batch, again and again")
    func encoderMatchesIndependentPaths() throws {
        let encoder = IPCStreamEncoder(schema: schema)
        for _ in 0..<2 {
            // The hash IPCRoundTripTests pins for these batches (from the writer before the encoder existed).
            let stream = try encoder.encode(concatenating: batches.map { [$0] })
            #expect(SHA256.hex(stream) == "c3aac4f36c9838983c581150399dc28daa015b6e504b35b28b7bd8adb8869570")
            let concatenated = try Compute.concat(batches)
            #expect(try encoder.encode(concatenating: [batches]) == encoder.encode(concatenating: [[concatenated]]))
            #expect(
                try encoder.encode(concatenating: [[batches[0]], [], []])
                    == encoder.encode(concatenating: [[batches[0]]]))
        }
    }

    @Test("the encoder rejects a batch of another schema, naming the batch")
    func encoderRejectsOtherSchema() throws {
        let other = try RecordBatch(schema: Schema([Field("x", .int32)]), columns: [Int32Array(.int32, [1])])
        #expect {
            try IPCStreamEncoder(schema: schema).encode(concatenating: [[batches[0]], [other]])
        } throws: { "\($0)".contains("batch 1 has schema") }
    }

    @Test("the decoder reads what the encoder writes to the hand-written rows, as readStream does")
    func decoderReadsEncoderOutput() throws {
        let bytes = try IPCStreamEncoder(schema: schema).encode(concatenating: [[batches[0]], [batches[1]]])
        let decoded = try IPCStreamDecoder(schema: schema).decode(bytes)
        #expect(decoded.map(\.rowCount) == [4, 7])
        #expect(IPCSamples.rows(of: decoded) == IPCSamples.rows(of: try ArrowIPC.readStream(bytes).batches))
        for batch in decoded { try batch.checkInvariants() }
    }

    @Test("a pyarrow stream of the same schema (other schema bytes) is parsed and read")
    func decoderParsesOtherSchemaBytes() throws {
        let url = try #require(
            Bundle.module.url(forResource: "sample", withExtension: "arrows", subdirectory: "Fixtures/ipc"))
        let bytes = [UInt8](try Data(contentsOf: url))
        let ours = try IPCStreamEncoder(schema: schema).encode(concatenating: [])
        #expect(bytes.count < ours.count - 8 || Array(bytes[0..<(ours.count - 8)]) != Array(ours.dropLast(8)))
        let decoded = try IPCStreamDecoder(schema: schema).decode(bytes)
        #expect(IPCSamples.rows(of: decoded) == IPCSamples.rows)
    }

    @Test("a stream of another schema, a damaged batch after a matching schema and a cut stream are errors")
    func decoderRejectsBadStreams() throws {
        let decoder = IPCStreamDecoder(schema: schema)
        let other = Schema([Field("x", .int32)])
        let otherStream = try ArrowIPC.writeStream(
            schema: other, batches: [try RecordBatch(schema: other, columns: [Int32Array(.int32, [1])])])
        #expect { try decoder.decode(otherStream) } throws: { "\($0)".contains("expected a stream of schema") }
        var bytes = try IPCStreamEncoder(schema: schema).encode(concatenating: [[batches[0]]])
        let schemaLength = try IPCStreamEncoder(schema: schema).encode(concatenating: []).count - 8
        bytes[schemaLength] = 0x00  // the batch's continuation marker
        #expect { try decoder.decode(bytes) } throws: { "\($0)".contains("continuation marker") }
        #expect(throws: ArrowError.self) { try decoder.decode(Array(bytes[0..<(schemaLength / 2)])) }
    }

    @Test("a decoder for a schema the reader rejects (decimal precision 50) parses every stream, and so rejects it")
    func decoderDoesNotTrustAnUnreadableSchema() throws {
        let bad = Schema([Field("d", .decimal128(precision: 50, scale: 2))])
        let stream = try IPCStreamEncoder(schema: bad).encode(concatenating: [])
        #expect(throws: ArrowError.self) { try ArrowIPC.readStream(stream) }
        #expect(throws: ArrowError.self) { try IPCStreamDecoder(schema: bad).decode(stream) }
    }

    @Test("without the precision check a decimal beyond it decodes, from bytes or a buffer; a short body still fails")
    func decoderWithoutPrecisionCheck() throws {
        let type = DataType.decimal128(precision: 5, scale: 2)
        let schema = Schema([Field("price", type)])
        let batch = try RecordBatch(schema: schema, columns: [Decimal128Array(type, [1, -2, 100_000])])
        let stream = try IPCStreamEncoder(schema: schema).encode(concatenating: [[batch]])
        let strict = IPCStreamDecoder(schema: schema)
        for decode in [{ try strict.decode(stream) }, { try strict.decode(Buffer(copying: stream)) }] {
            #expect { try decode() } throws: { "\($0)".contains("decimal value at 2 exceeds precision 5") }
        }
        let lenient = IPCStreamDecoder(schema: schema, checksDecimalPrecision: false)
        for batches in [try lenient.decode(stream), try lenient.decode(Buffer(copying: stream))] {
            #expect(batches.count == 1)
            #expect(batches.first?.columns[0].scalar(at: 2) == .decimal(100_000, precision: 5, scale: 2))
        }
        // A stream cut short is rejected either way (by its framing, before any array is built).
        let schemaLength = try IPCStreamEncoder(schema: schema).encode(concatenating: []).count - 8
        let truncated = Array(stream[0..<(stream.count - 8 - 16)])
        #expect(truncated.count > schemaLength)
        #expect(throws: ArrowError.self) { try lenient.decode(truncated) }
    }
}
