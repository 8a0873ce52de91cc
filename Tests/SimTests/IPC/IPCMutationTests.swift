import ArrowLite
import Foundation
import Testing

/// Feeds seeded mutations of valid IPC bytes to the readers. Each input must decode to batches that pass
/// `checkInvariants()` and whose every value can be read, or throw an `ArrowError`; a trap ends the test run.
@Suite("Arrow IPC readers survive seeded mutations") struct IPCMutationTests {
    /// Values that tend to break length and offset arithmetic.
    static let boundaryWords: [UInt64] = [
        0, 1, 7, 8, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
        0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, UInt64.max,
    ]

    /// One random damage: a bit flip, a truncation, inserted bytes, or an overwrite with a boundary value.
    static func mutate(_ input: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = input
        guard !bytes.isEmpty else { return [UInt8(truncatingIfNeeded: random.next())] }
        let at = random.below(bytes.count)
        // Truncations and insertions shift everything after them, so they are rarer than in-place damage.
        switch random.below(8) {
        case 0, 1, 2:
            bytes[at] ^= UInt8(1) << random.below(8)
        case 3:
            bytes.removeSubrange(at...)
        case 4:
            let count = 1 + random.below(8)
            bytes.insert(contentsOf: (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: at)
        default:
            let word = boundaryWords[random.below(boundaryWords.count)]
            let width = [1, 2, 4, 8][random.below(4)]
            for index in 0..<min(width, bytes.count - at) {
                bytes[at + index] = UInt8(truncatingIfNeeded: word >> (index * 8))
            }
        }
        return bytes
    }

    /// Decodes every mutation of `input`; returns how many decoded and how many threw. `check` validates each
    /// decoded batch (all its invariants unless told otherwise).
    static func run(
        _ input: [UInt8], count: Int, seed: UInt64, check: (RecordBatch) throws -> Void = { try $0.checkInvariants() },
        read: ([UInt8]) throws -> [RecordBatch]
    ) -> (decoded: Int, rejected: Int) {
        var random = SplitMix64(seed: seed)
        var decoded = 0
        var rejected = 0
        for iteration in 0..<count {
            var bytes = input
            for _ in 0...random.below(2) { bytes = mutate(bytes, &random) }
            do {
                let batches = try read(bytes)
                for batch in batches {
                    try check(batch)
                    for column in batch.columns {
                        for row in 0..<column.count { _ = column.scalar(at: row) }
                    }
                }
                decoded += 1
            } catch is ArrowError {
                rejected += 1
            } catch {
                Issue.record("seed \(seed) iteration \(iteration): a non-ArrowError was thrown: \(error)")
            }
        }
        return (decoded, rejected)
    }

    /// Sample batches covering every type, nulls and a mid-byte slice.
    static var batches: [RecordBatch] {
        [IPCSamples.batch(Array(IPCSamples.rows[0..<4])), IPCSamples.batch().slice(3, 7), IPCSamples.batch([])]
    }

    @Test("20,000 seeded mutations of an IPC stream decode to valid batches or throw ArrowError")
    func mutatedStreams() throws {
        let input = try ArrowIPC.writeStream(schema: IPCSamples.schema, batches: Self.batches)
        let (decoded, rejected) = Self.run(input, count: 20_000, seed: 0x5EED_0001) {
            try ArrowIPC.readStream($0).batches
        }
        #expect(decoded + rejected == 20_000)
        // Both outcomes must occur, or the mutations are not exercising the reader.
        #expect(decoded > 0 && rejected > 0, "decoded \(decoded), rejected \(rejected)")
    }

    @Test("mutated streams through a decoder without the decimal check: well-formed arrays, readable, or ArrowError")
    func mutatedStreamsWithoutPrecisionCheck() throws {
        let aligned = try IPCStreamEncoder(schema: IPCSamples.schema).encodeAligned(
            concatenating: Self.batches.map { [$0] })
        let input = withExtendedLifetime(aligned) { [UInt8](aligned.bytes) }
        let decoder = IPCStreamDecoder(schema: IPCSamples.schema, checksDecimalPrecision: false)
        // Every array's buffers and null count are right (a decimal may exceed its precision, nothing else).
        let layout: (RecordBatch) throws -> Void = { batch in
            for column in batch.columns {
                if let decimals = column as? Decimal128Array {
                    try decimals.checkLayout()
                } else {
                    try column.checkInvariants()
                }
            }
        }
        for (index, fromBuffer) in [false, true].enumerated() {
            let (decoded, rejected) = Self.run(
                input, count: 10_000, seed: 0x5EED_0005 + UInt64(index), check: layout
            ) { bytes in
                fromBuffer ? try decoder.decode(Buffer(copying: bytes)) : try decoder.decode(bytes)
            }
            #expect(decoded + rejected == 10_000)
            #expect(decoded > 0 && rejected > 0, "decoded \(decoded), rejected \(rejected)")
        }
    }

    @Test("20,000 seeded mutations of an IPC file decode to valid batches or throw ArrowError")
    func mutatedFiles() throws {
        let input = try ArrowIPC.writeFile(schema: IPCSamples.schema, batches: Self.batches)
        let (decoded, rejected) = Self.run(input, count: 20_000, seed: 0x5EED_0002) {
            try ArrowIPC.readFile($0).batches
        }
        #expect(decoded + rejected == 20_000)
        #expect(decoded > 0 && rejected > 0, "decoded \(decoded), rejected \(rejected)")
    }

    @Test("10,000 seeded mutations of a single batch message decode to a valid batch or throw ArrowError")
    func mutatedBatchMessages() throws {
        let input = try ArrowIPC.encodeBatch(IPCSamples.batch())
        let (decoded, rejected) = Self.run(input, count: 10_000, seed: 0x5EED_0003) {
            [try ArrowIPC.decodeBatch($0, schema: IPCSamples.schema)]
        }
        #expect(decoded + rejected == 10_000)
        #expect(decoded > 0 && rejected > 0, "decoded \(decoded), rejected \(rejected)")
    }

    @Test("5,000 seeded mutations of pyarrow-written files (a second writer's layout) are survived")
    func mutatedPyarrowFiles() throws {
        let url = try #require(
            Bundle.module.url(forResource: "sample", withExtension: "arrow", subdirectory: "Fixtures/ipc"))
        let input = try FileIO.readAll(path: url.path)
        let (decoded, rejected) = Self.run(input, count: 5_000, seed: 0x5EED_0004) { try ArrowIPC.readFile($0).batches }
        #expect(decoded + rejected == 5_000)
        #expect(decoded > 0 && rejected > 0, "decoded \(decoded), rejected \(rejected)")
    }
}
