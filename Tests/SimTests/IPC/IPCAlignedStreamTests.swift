import ArrowLite
import Foundation
import Testing

@Suite("aligned IPC streams decoded without copying") struct IPCAlignedStreamTests {
    let schema = IPCSamples.schema
    let batches = [IPCSamples.batch(Array(IPCSamples.rows[0..<4])), IPCSamples.batch().slice(3, 7)]

    /// Every buffer of every column of `batches`.
    static func buffers(_ batches: [RecordBatch]) -> [Buffer] {
        batches.flatMap { batch in
            batch.columns.flatMap { column -> [Buffer] in
                var found: [Buffer] = column.validity.map { [$0.buffer] } ?? []
                switch column {
                case let array as StringArray: found += [array.offsets, array.data]
                case let array as BooleanArray: found.append(array.values.buffer)
                case let array as Int32Array: found.append(array.values)
                case let array as Int64Array: found.append(array.values)
                case let array as Float64Array: found.append(array.values)
                case let array as Decimal128Array: found.append(array.values)
                default: Issue.record("unexpected array \(type(of: column))")
                }
                return found
            }
        }
    }

    @Test("encodeAligned gives the rows encode gives, in a 64-aligned Buffer any reader reads as a stream")
    func alignedStreamReadsLikeTheOrdinaryOne() throws {
        let encoder = IPCStreamEncoder(schema: schema)
        let groups = [[batches[0]], [batches[1], batches[0]]]
        let aligned = try encoder.encodeAligned(concatenating: groups)
        let ordinary = try encoder.encode(concatenating: groups)
        #expect(UInt(bitPattern: aligned.pointer) % 64 == 0)
        #expect(aligned.byteCount > ordinary.count && aligned.byteCount % 8 == 0)
        let read = try ArrowIPC.readStream(withExtendedLifetime(aligned) { [UInt8](aligned.bytes) })
        #expect(read.schema == schema)
        #expect(IPCSamples.rows(of: read.batches) == IPCSamples.rows(of: try ArrowIPC.readStream(ordinary).batches))
    }

    @Test("decoding an aligned stream Buffer hands out 64-aligned views of it, which keep it alive, and only them")
    func decodedArraysAreViewsThatOutliveTheStream() throws {
        var decoded: [RecordBatch] = []
        var range = 0..<0
        weak var released: Buffer?
        do {
            let stream = try IPCStreamEncoder(schema: schema).encodeAligned(concatenating: [[batches[0]], [batches[1]]])
            decoded = try IPCStreamDecoder(schema: schema).decode(stream)
            let start = Int(bitPattern: stream.pointer)
            range = start..<start + stream.byteCount
            released = stream
        }
        #expect(released != nil, "the decoded arrays keep the stream alive")
        do {
            let buffers = Self.buffers(decoded)
            #expect(!buffers.isEmpty)
            for buffer in buffers {
                #expect(buffer.isView)
                #expect(range.contains(Int(bitPattern: buffer.pointer)) && Int(bitPattern: buffer.pointer) % 64 == 0)
            }
        }
        for batch in decoded { try batch.checkInvariants() }
        #expect(IPCSamples.rows(of: decoded) == IPCSamples.rows(of: [batches[0], batches[1]]))
        decoded = []
        #expect(released == nil, "the stream is freed with the last array")
    }

    @Test("aligned streams of an empty batch and of no batches decode from a Buffer as from their bytes")
    func emptyAlignedStreams() throws {
        let encoder = IPCStreamEncoder(schema: schema)
        let decoder = IPCStreamDecoder(schema: schema)
        for groups in [[[IPCSamples.batch([])]], []] {
            let stream = try encoder.encodeAligned(concatenating: groups)
            let fromBuffer = try decoder.decode(stream)
            let fromBytes = try decoder.decode(withExtendedLifetime(stream) { [UInt8](stream.bytes) })
            #expect(fromBuffer.map(\.rowCount) == groups.map { _ in 0 })
            #expect(fromBuffer.map(\.rowCount) == fromBytes.map(\.rowCount))
            for batch in fromBuffer { try batch.checkInvariants() }
        }
    }

    @Test(
        "a Buffer of encode's 8-aligned bytes decodes by copying what is not aligned; pyarrow's (other schema bytes) via its bytes"
    )
    func unalignedBuffersAreCopied() throws {
        let ordinary = try IPCStreamEncoder(schema: schema).encode(concatenating: [[batches[0]], [batches[1]]])
        let decoder = IPCStreamDecoder(schema: schema)
        let fromBuffer = try decoder.decode(ordinary.withUnsafeBytes { Buffer(copying: $0) })
        #expect(IPCSamples.rows(of: fromBuffer) == IPCSamples.rows(of: try decoder.decode(ordinary)))
        #expect(Self.buffers(fromBuffer).contains { !$0.isView })
        let url = try #require(
            Bundle.module.url(forResource: "sample", withExtension: "arrows", subdirectory: "Fixtures/ipc"))
        let pyarrow = try decoder.decode(Data(contentsOf: url).withUnsafeBytes { Buffer(copying: $0) })
        #expect(IPCSamples.rows(of: pyarrow) == IPCSamples.rows)
    }

    @Test("a damaged or cut aligned stream gives the same error from a Buffer as from its bytes")
    func damagedBuffersFailAsBytesDo() throws {
        let decoder = IPCStreamDecoder(schema: schema)
        let stream = try IPCStreamEncoder(schema: schema).encodeAligned(concatenating: [[batches[0]], [batches[1]]])
        let bytes = withExtendedLifetime(stream) { [UInt8](stream.bytes) }
        var cases: [[UInt8]] = stride(from: 1, to: bytes.count, by: 37).map { Array(bytes[0..<$0]) }
        for index in stride(from: 0, to: bytes.count, by: 29) {
            var damaged = bytes
            damaged[index] ^= 0xA5
            cases.append(damaged)
        }
        var failures = 0
        for input in cases {
            let fromBytes = Result { try decoder.decode(input) }
            let fromBuffer = Result { try decoder.decode(input.withUnsafeBytes { Buffer(copying: $0) }) }
            switch (fromBytes, fromBuffer) {
            case (.failure(let a as ArrowError), .failure(let b as ArrowError)):
                #expect(a == b)
                failures += 1
            case (.success(let a), .success(let b)):
                #expect(IPCSamples.rows(of: a) == IPCSamples.rows(of: b))
            default:
                Issue.record("bytes and Buffer disagree: \(fromBytes) vs \(fromBuffer)")
            }
        }
        #expect(failures > cases.count / 2)
    }
}

@Suite("buffer views") struct BufferViewTests {
    @Test("a view needs a 64-aligned start and zero padding inside its buffer; a view of a view shares the owner")
    func viewConditions() {
        let buffer = Buffer(byteCount: 256) { base in
            for index in 0..<256 {
                base.storeBytes(of: UInt8(index < 128 ? 0 : 1), toByteOffset: index, as: UInt8.self)
            }
            base.storeBytes(of: UInt8(7), toByteOffset: 0, as: UInt8.self)
        }
        let view = Buffer.view(of: buffer, offset: 0, byteCount: 1)
        #expect(view?.isView == true && view?.pointer == buffer.pointer && view?.capacity == 64)
        #expect(Buffer.view(of: buffer, offset: 8, byteCount: 8) == nil, "not 64-byte aligned")
        #expect(Buffer.view(of: buffer, offset: 128, byteCount: 10) == nil, "non-zero padding")
        #expect(Buffer.view(of: buffer, offset: 192, byteCount: 64) != nil, "exactly to the end")
        #expect(Buffer.view(of: buffer, offset: 64, byteCount: 0) != nil)
        let inner = Buffer.view(of: buffer, offset: 64, byteCount: 64).flatMap {
            Buffer.view(of: $0, offset: 0, byteCount: 3)
        }
        #expect(inner?.pointer == buffer.pointer + 64)
    }
}
