/// One encapsulated message found in the input: its decoded header and where its parts lie.
struct IPCMessageFrame {
    var header: IPCMessageHeader
    /// The continuation marker.
    var start: Int
    var metadataStart: Int
    var bodyStart: Int
    var bodyLength: Int
    /// One past the body's last byte.
    var end: Int { bodyStart + bodyLength }
}

/// Where IPC bytes are read from: an array, whose body buffers are copied out, or a `Buffer`, whose body buffers
/// are handed out as views of it when they can stand as buffers of their own (`Buffer.view(of:offset:byteCount:)`).
/// Every offset is checked by the reader before these are called.
protocol IPCInput {
    var count: Int { get }
    subscript(offset: Int) -> UInt8 { get }
    /// A flatbuffer reader over `start..<end`.
    func flatBufferReader(start: Int, end: Int, context: String, locatesContext: Bool) -> FlatBufferReader
    /// The `byteCount` bytes at `offset` as a buffer.
    func buffer(at offset: Int, byteCount: Int) -> Buffer
}

extension Array: IPCInput where Element == UInt8 {
    func flatBufferReader(start: Int, end: Int, context: String, locatesContext: Bool) -> FlatBufferReader {
        FlatBufferReader(bytes: self, start: start, end: end, context: context, locatesContext: locatesContext)
    }

    func buffer(at offset: Int, byteCount: Int) -> Buffer {
        withUnsafeBytes { Buffer(copying: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + byteCount])) }
    }
}

/// A `Buffer` read as IPC bytes.
struct BufferInput: IPCInput {
    let buffer: Buffer

    var count: Int { buffer.byteCount }

    subscript(offset: Int) -> UInt8 {
        precondition(offset >= 0 && offset < buffer.byteCount, "IPC input read out of range")
        return withExtendedLifetime(buffer) { buffer.pointer.load(fromByteOffset: offset, as: UInt8.self) }
    }

    /// The flatbuffer's bytes are copied (a message's metadata is a few hundred bytes); positions stay absolute.
    func flatBufferReader(start: Int, end: Int, context: String, locatesContext: Bool) -> FlatBufferReader {
        let bytes = withExtendedLifetime(buffer) {
            [UInt8](UnsafeRawBufferPointer(start: buffer.pointer + start, count: end - start))
        }
        return FlatBufferReader(
            bytes: bytes, origin: start, start: start, end: end, context: context, locatesContext: locatesContext)
    }

    func buffer(at offset: Int, byteCount: Int) -> Buffer {
        Buffer.view(of: buffer, offset: offset, byteCount: byteCount)
            ?? withExtendedLifetime(buffer) {
                Buffer(copying: UnsafeRawBufferPointer(start: buffer.pointer + offset, count: byteCount))
            }
    }
}

/// Reads encapsulated messages and the stream and file layouts around them, bounds-checking every length.
enum IPCReader {
    static let magic: [UInt8] = Array("ARROW1".utf8)

    static func loadInt32<Input: IPCInput>(_ bytes: Input, at offset: Int) -> Int32 {
        (0..<4).reduce(Int32(0)) { $0 | Int32(truncatingIfNeeded: bytes[offset + $1]) << ($1 * 8) }
    }

    /// Reads the message at `offset`; nil when it is the end-of-stream marker.
    /// - Throws: `ArrowError.ipc` when the marker, lengths, metadata or body are missing or malformed.
    static func readMessage<Input: IPCInput>(_ bytes: Input, at offset: Int) throws -> IPCMessageFrame? {
        let remaining = bytes.count - offset
        guard remaining >= 4 else {
            throw ArrowError.ipc(
                offset: offset,
                message:
                    "expected a continuation marker 0xFFFFFFFF (4 bytes), found end of input after \(remaining) bytes; "
                    + "the input may be truncated")
        }
        let marker = UInt32(bitPattern: loadInt32(bytes, at: offset))
        guard marker == IPCWriter.continuationMarker else {
            let found = String(marker, radix: 16, uppercase: true)
            throw ArrowError.ipc(
                offset: offset, message: "expected a continuation marker 0xFFFFFFFF, found 0x\(found)")
        }
        guard remaining >= 8 else {
            throw ArrowError.ipc(
                offset: offset + 4,
                message: "expected a metadata length (int32) after the continuation marker, found end of input")
        }
        let metadataLength = Int(loadInt32(bytes, at: offset + 4))
        if metadataLength == 0 { return nil }
        let metadataStart = offset + 8
        guard metadataLength > 0, metadataLength <= bytes.count - metadataStart else {
            throw ArrowError.ipc(
                offset: offset + 4,
                message: "expected a metadata length in 1...\(bytes.count - metadataStart) (the bytes left), "
                    + "found \(metadataLength)")
        }
        let reader = bytes.flatBufferReader(
            start: metadataStart, end: metadataStart + metadataLength, context: "message metadata",
            locatesContext: true)
        let (header, bodyLength) = try IPCMessage.decode(reader)
        let bodyStart = metadataStart + metadataLength
        guard bodyLength <= bytes.count - bodyStart else {
            throw ArrowError.ipc(
                offset: bodyStart,
                message: "expected a message body of \(bodyLength) bytes, found only \(bytes.count - bodyStart) "
                    + "before end of input; the input may be truncated")
        }
        return IPCMessageFrame(
            header: header, start: offset, metadataStart: metadataStart, bodyStart: bodyStart, bodyLength: bodyLength)
    }

    /// Decodes the record batch in `frame`, or throws if the frame holds another kind of message.
    /// `checksDecimalPrecision` false skips checking that each decimal fits its precision (see `IPCStreamDecoder`).
    static func batch<Input: IPCInput>(
        _ frame: IPCMessageFrame, schema: Schema, bytes: Input, checksDecimalPrecision: Bool = true
    ) throws -> RecordBatch {
        guard case .recordBatch(let header) = frame.header else {
            throw ArrowError.ipc(
                offset: frame.start, message: "expected a record batch message, found a schema message")
        }
        return try IPCBatchDecoder.decode(
            header, schema: schema, bytes: bytes, metadataStart: frame.metadataStart, bodyStart: frame.bodyStart,
            bodyLength: frame.bodyLength, checksDecimalPrecision: checksDecimalPrecision)
    }

    /// Reads a schema message, then record batch messages up to the end-of-stream marker, which must end the input.
    static func readStream(
        _ bytes: [UInt8], checksDecimalPrecision: Bool = true
    ) throws -> (schema: Schema, batches: [RecordBatch]) {
        guard let first = try readMessage(bytes, at: 0) else {
            throw ArrowError.ipc(offset: 0, message: "expected a schema message, found the end-of-stream marker")
        }
        guard case .schema(let schema) = first.header else {
            throw ArrowError.ipc(
                offset: 0, message: "expected the stream to start with a schema message, found a record batch")
        }
        return (
            schema,
            try readBatches(bytes, from: first.end, schema: schema, checksDecimalPrecision: checksDecimalPrecision)
        )
    }

    /// Reads record batch messages from `offset` up to the end-of-stream marker, which must end the input.
    static func readBatches<Input: IPCInput>(
        _ bytes: Input, from start: Int, schema: Schema, checksDecimalPrecision: Bool = true
    ) throws -> [RecordBatch] {
        var batches: [RecordBatch] = []
        var offset = start
        while let frame = try readMessage(bytes, at: offset) {
            batches.append(
                try batch(frame, schema: schema, bytes: bytes, checksDecimalPrecision: checksDecimalPrecision))
            offset = frame.end
        }
        guard offset + 8 == bytes.count else {
            throw ArrowError.ipc(
                offset: offset + 8,
                message:
                    "expected the input to end after the end-of-stream marker, found \(bytes.count - offset - 8) more bytes"
            )
        }
        return batches
    }

    /// Reads an Arrow file: leading magic, the footer (found from the end), and each block's record batch.
    static func readFile(_ bytes: [UInt8]) throws -> (schema: Schema, batches: [RecordBatch]) {
        let count = bytes.count
        // Leading magic + padding, footer length, trailing magic.
        let minimumCount = 8 + 4 + 6
        guard count >= minimumCount else {
            throw ArrowError.ipc(
                offset: count,
                message:
                    "expected at least \(minimumCount) bytes for an Arrow file (magic, footer length, magic), found \(count)"
            )
        }
        guard Array(bytes[0..<6]) == magic else {
            throw ArrowError.ipc(
                offset: 0,
                message: "expected the magic 'ARROW1' at the start of an Arrow file (hint: an IPC stream has no magic)")
        }
        guard Array(bytes[(count - 6)...]) == magic else {
            throw ArrowError.ipc(
                offset: count - 6,
                message: "expected the magic 'ARROW1' at the end of an Arrow file; the file may be truncated")
        }
        let footerLength = Int(loadInt32(bytes, at: count - 10))
        let footerEnd = count - 10
        guard footerLength > 0, footerLength <= footerEnd - 8 else {
            throw ArrowError.ipc(
                offset: footerEnd, message: "expected a footer length in 1...\(footerEnd - 8), found \(footerLength)")
        }
        let footerStart = footerEnd - footerLength
        let reader = FlatBufferReader(bytes: bytes, start: footerStart, end: footerEnd, context: "file footer")
        let (schema, blocks) = try IPCMessage.decodeFooter(reader)
        let batches = try blocks.enumerated().map { index, block in
            try batch(at: block, index: index, schema: schema, bytes: bytes, footerStart: footerStart)
        }
        return (schema, batches)
    }

    private static func batch(
        at block: IPCFileBlock, index: Int, schema: Schema, bytes: [UInt8], footerStart: Int
    ) throws -> RecordBatch {
        guard block.offset >= 8, block.offset < footerStart, block.offset % 8 == 0 else {
            throw ArrowError.ipc(
                offset: footerStart,
                message:
                    "record batch block \(index) starts at \(block.offset), expected a multiple of 8 in 8..<\(footerStart)"
            )
        }
        guard let frame = try readMessage(bytes, at: block.offset) else {
            throw ArrowError.ipc(
                offset: block.offset, message: "record batch block \(index) points at an end-of-stream marker")
        }
        guard frame.metadataLength == block.metadataLength, frame.bodyLength == block.bodyLength,
            frame.end <= footerStart
        else {
            throw ArrowError.ipc(
                offset: block.offset,
                message:
                    "record batch block \(index) says metadata \(block.metadataLength) and body \(block.bodyLength) "
                    + "bytes, the message there has \(frame.metadataLength) and \(frame.bodyLength) "
                    + "(and must end before the footer at \(footerStart))")
        }
        return try IPCReader.batch(frame, schema: schema, bytes: bytes)
    }
}

extension IPCMessageFrame {
    /// The block's metadata length: the 8-byte prefix and the padded flatbuffer.
    var metadataLength: Int { bodyStart - start }
}
