import ArrowLite
import Testing

/// Damaged inputs give an `ArrowError.ipc` whose offset is the damaged byte and whose message says what was
/// expected there.
@Suite("Arrow IPC errors name the byte offset and the expectation") struct IPCErrorTests {
    let schema = IPCSamples.schema

    /// Runs `read` and checks that it throws `.ipc` at `offset` with every fragment in its message.
    func expectIPCError(
        offset: Int, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation,
        _ read: () throws -> Any
    ) {
        let error = #expect(throws: ArrowError.self, sourceLocation: sourceLocation) { _ = try read() }
        guard case .ipc(let found, let message)? = error else {
            Issue.record("expected an IPC error, got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        #expect(found == offset, "\(message)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(message.contains(fragment), "'\(message)' lacks '\(fragment)'", sourceLocation: sourceLocation)
        }
    }

    /// The offset of the first record batch message in a stream of `schema` (just after the schema message).
    var firstBatchOffset: Int { (try? ArrowIPC.writeStream(schema: schema, batches: []).count - 8) ?? 0 }

    func int32(_ bytes: [UInt8], at offset: Int) -> Int {
        Int(Int32(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << ($1 * 8) }))
    }

    @Test("a file truncated by any amount fails at its end, expecting the trailing magic")
    func truncatedFile() throws {
        let bytes = try ArrowIPC.writeFile(schema: schema, batches: [IPCSamples.batch()])
        for cut in [1, 7, 100, bytes.count / 2] {
            let truncated = Array(bytes.dropLast(cut))
            expectIPCError(offset: truncated.count - 6, ["ARROW1", "truncated"]) { try ArrowIPC.readFile(truncated) }
        }
        let tiny = Array(bytes.prefix(10))
        expectIPCError(offset: 10, ["at least 18 bytes"]) { try ArrowIPC.readFile(tiny) }
    }

    @Test("a stream truncated inside a body fails at the body's start, naming the bytes expected and found")
    func truncatedStreamBody() throws {
        let bytes = try ArrowIPC.writeStream(schema: schema, batches: [IPCSamples.batch()])
        let batchStart = firstBatchOffset
        let bodyStart = batchStart + 8 + int32(bytes, at: batchStart + 4)
        let truncated = Array(bytes.prefix(bodyStart + 10))
        expectIPCError(offset: bodyStart, ["body of", "found only 10", "truncated"]) {
            try ArrowIPC.readStream(truncated)
        }
        let noEndMarker = Array(bytes.dropLast(8))
        expectIPCError(offset: noEndMarker.count, ["continuation marker", "end of input"]) {
            try ArrowIPC.readStream(noEndMarker)
        }
        let halfMetadata = Array(bytes.prefix(batchStart + 20))
        expectIPCError(offset: batchStart + 4, ["metadata length"]) { try ArrowIPC.readStream(halfMetadata) }
    }

    @Test("a decimal beyond its precision is rejected naming the row; a null slot's value is not checked")
    func decimalBeyondPrecision() throws {
        let type = DataType.decimal128(precision: 5, scale: 2)
        let schema = Schema([Field("price", type)])
        var validity = BitmapBuilder(capacity: 3)
        for bit in [true, false, true] { validity.append(bit) }
        let nullSlotHuge = Decimal128Array(
            dataType: type, count: 3, values: Buffer(copying: [Int128(99_999), 10_000_000, -99_999]),
            validity: validity.finish())
        let fine = try ArrowIPC.writeStream(
            schema: schema, batches: [try RecordBatch(schema: schema, columns: [nullSlotHuge])])
        #expect(try ArrowIPC.readStream(fine).batches[0].columns[0].nullCount == 1)
        let tooWide = Decimal128Array(type, [1, -2, 100_000])
        let bytes = try ArrowIPC.writeStream(
            schema: schema, batches: [try RecordBatch(schema: schema, columns: [tooWide])])
        let error = #expect(throws: ArrowError.self) { try ArrowIPC.readStream(bytes) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("decimal value at 2 exceeds precision 5"))
        // The check covers exactly the array's own values: -10^5 fails, a bad value before a slice's start does not.
        #expect(throws: ArrowError.self) { try Decimal128Array(type, [1, -100_000]).checkInvariants() }
        try Decimal128Array(type, [100_000, 1, -99_999]).slice(1, 2).checkInvariants()
    }

    @Test("a bad magic number fails at byte 0; a stream read as a file gets a hint")
    func badMagic() throws {
        var bytes = try ArrowIPC.writeFile(schema: schema, batches: [IPCSamples.batch()])
        bytes[0] = UInt8(ascii: "X")
        expectIPCError(offset: 0, ["magic 'ARROW1'"]) { try ArrowIPC.readFile(bytes) }
        let stream = try ArrowIPC.writeStream(schema: schema, batches: [IPCSamples.batch()])
        expectIPCError(offset: 0, ["an IPC stream has no magic"]) { try ArrowIPC.readFile(stream) }
    }

    @Test("a bad continuation marker fails at the marker, showing what was found")
    func badContinuation() throws {
        var bytes = try ArrowIPC.writeStream(schema: schema, batches: [IPCSamples.batch()])
        bytes[0] = 0
        expectIPCError(offset: 0, ["expected a continuation marker 0xFFFFFFFF", "found 0xFFFFFF00"]) {
            try ArrowIPC.readStream(bytes)
        }
        bytes[0] = 0xFF
        bytes[firstBatchOffset + 3] = 0x7F
        expectIPCError(offset: firstBatchOffset, ["found 0x7FFFFFFF"]) { try ArrowIPC.readStream(bytes) }
        let file = try ArrowIPC.writeFile(schema: schema, batches: [])
        expectIPCError(offset: 0, ["continuation marker", "found 0x4F525241"]) { try ArrowIPC.readStream(file) }
    }

    @Test("bytes after the end-of-stream marker, a bad footer length and a wrong schema are reported")
    func otherDamage() throws {
        let stream = try ArrowIPC.writeStream(schema: schema, batches: [])
        expectIPCError(offset: stream.count, ["end after the end-of-stream marker", "3 more bytes"]) {
            try ArrowIPC.readStream(stream + [1, 2, 3])
        }
        var file = try ArrowIPC.writeFile(schema: schema, batches: [])
        file.replaceSubrange((file.count - 10)..<(file.count - 6), with: [0xFF, 0xFF, 0xFF, 0x7F])
        expectIPCError(offset: file.count - 10, ["footer length", "found 2147483647"]) { try ArrowIPC.readFile(file) }
        let message = try ArrowIPC.encodeBatch(IPCSamples.batch())
        expectIPCError(offset: 8, ["expected 1 field nodes", "found 7"]) {
            try ArrowIPC.decodeBatch(message, schema: Schema([Field("x", .int64)]))
        }
        expectIPCError(offset: message.count, ["1 more bytes"]) {
            try ArrowIPC.decodeBatch(message + [0], schema: schema)
        }
    }

    @Test("a string offset pointing past the data buffer is rejected before any array is built")
    func stringOffsetPastData() throws {
        let strings = Schema([Field("s", .utf8)])
        let batch = try RecordBatch(schema: strings, columns: [StringArray(["ab", "cd"])])
        var bytes = try ArrowIPC.encodeBatch(batch)
        let bodyStart = 8 + int32(bytes, at: 4)
        // Body: validity (empty), offsets [0, 2, 4] at body offset 0, data "abcd" at 16.
        #expect(Array(bytes[(bodyStart + 8)..<(bodyStart + 12)]) == [4, 0, 0, 0])
        bytes[bodyStart + 8] = 5
        expectIPCError(offset: bodyStart + 8, ["offset 2 is 5", "within the 4-byte data buffer"]) {
            try ArrowIPC.decodeBatch(bytes, schema: strings)
        }
    }
}
