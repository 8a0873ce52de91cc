/// Where the bytes of one body buffer come from. Each case knows its size before writing, so the message
/// metadata (which lists buffer offsets) can be written ahead of the body without a second copy.
enum IPCBodySource {
    /// A zero-length buffer (an absent validity bitmap).
    case empty
    /// `byteCount` bytes of `buffer` from `byteOffset`, copied as they are.
    case bytes(Buffer, byteOffset: Int, byteCount: Int)
    /// A bitmap, realigned to start at bit 0 (sliced arrays start mid-byte) and with its tail bits cleared.
    case bitmap(Bitmap)
    /// A string array's offsets, rebased so the first is 0 (sliced arrays start mid-data).
    case rebasedOffsets(StringArray)

    var byteCount: Int {
        switch self {
        case .empty: return 0
        case .bytes(_, _, let count): return count
        case .bitmap(let bitmap): return (bitmap.count + 7) / 8
        case .rebasedOffsets(let array): return (array.count + 1) * 4
        }
    }

    /// Writes exactly `byteCount` bytes at `destination`.
    func write(to destination: UnsafeMutableRawPointer) {
        switch self {
        case .empty: return
        case .bytes(let buffer, let byteOffset, let count):
            withExtendedLifetime(buffer) { destination.copyMemory(from: buffer.pointer + byteOffset, byteCount: count) }
        case .bitmap(let bitmap):
            withExtendedLifetime(bitmap.buffer) {
                IPCBodySource.writeRealigned(bitmap, to: destination.assumingMemoryBound(to: UInt8.self))
            }
        case .rebasedOffsets(let array):
            withExtendedLifetime(array.offsets) {
                let first = array.offset(0)
                let output = destination.assumingMemoryBound(to: Int32.self)
                for index in 0...array.count { output[index] = Int32(truncatingIfNeeded: array.offset(index) - first) }
            }
        }
    }

    /// Copies the bits of `bitmap` so that its bit 0 lands on bit 0 of `destination`, a byte at a time.
    private static func writeRealigned(_ bitmap: Bitmap, to destination: UnsafeMutablePointer<UInt8>) {
        let byteCount = (bitmap.count + 7) / 8
        guard byteCount > 0 else { return }
        let source = bitmap.buffer.pointer.assumingMemoryBound(to: UInt8.self) + (bitmap.offset >> 3)
        let shift = bitmap.offset & 7
        if shift == 0 {
            destination.initialize(from: source, count: byteCount)
        } else {
            let sourceByteCount = (shift + bitmap.count + 7) / 8
            for index in 0..<byteCount {
                let high = index + 1 < sourceByteCount ? source[index + 1] << (8 - shift) : 0
                destination[index] = (source[index] >> shift) | high
            }
        }
        let tailBits = bitmap.count & 7
        if tailBits != 0 { destination[byteCount - 1] &= UInt8((1 << tailBits) - 1) }
    }
}

/// One encapsulated IPC message, sized before any byte is written: continuation marker, metadata length, padded
/// flatbuffer (the prefix), then the body its sources fill. Streams and files are planned as a list of these and
/// written into one allocation of the exact size, each body buffer copied once.
struct IPCEncodedMessage {
    let prefix: [UInt8]
    let sources: [IPCBodySource]
    let spans: [IPCBufferSpan]
    let bodyLength: Int

    var byteCount: Int { prefix.count + bodyLength }

    /// Writes exactly `byteCount` bytes at `base`: the prefix, each source at its span, zeros in the padding.
    func write(to base: UnsafeMutableRawPointer) {
        prefix.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: prefix.count) }
        let body = base + prefix.count
        var written = 0
        for (source, span) in zip(sources, spans) {
            (body + written).initializeMemory(as: UInt8.self, repeating: 0, count: span.offset - written)
            source.write(to: body + span.offset)
            written = span.offset + span.length
        }
        (body + written).initializeMemory(as: UInt8.self, repeating: 0, count: bodyLength - written)
    }
}

/// Plans encapsulated IPC messages (`IPCEncodedMessage`) and writes them out.
enum IPCWriter {
    static let continuationMarker: UInt32 = 0xFFFF_FFFF
    /// Body buffers start on multiples of this many bytes.
    static let bufferAlignment = 8

    static func padded(_ byteCount: Int) -> Int {
        (byteCount + bufferAlignment - 1) / bufferAlignment * bufferAlignment
    }

    /// A schema message.
    static func schemaMessage(_ schema: Schema) -> IPCEncodedMessage {
        message(.schema(schema), sources: [], spans: [], bodyLength: 0)
    }

    /// A record batch message.
    /// - Throws: `ArrowError.invalidArgument` if a column is not the concrete array its type calls for.
    static func batchMessage(_ batch: RecordBatch) throws -> IPCEncodedMessage {
        var sources: [IPCBodySource] = []
        var nodes: [IPCFieldNode] = []
        for (field, column) in zip(batch.schema.fields, batch.columns) {
            nodes.append(IPCFieldNode(length: column.count, nullCount: column.nullCount))
            sources += try bodySources(of: column, name: field.name)
        }
        var spans: [IPCBufferSpan] = []
        var bodyLength = 0
        for source in sources {
            spans.append(IPCBufferSpan(offset: bodyLength, length: source.byteCount))
            bodyLength += padded(source.byteCount)
        }
        let header = IPCRecordBatchHeader(length: batch.rowCount, nodes: nodes, buffers: spans)
        return message(.recordBatch(header), sources: sources, spans: spans, bodyLength: bodyLength)
    }

    /// The end-of-stream marker: a continuation marker and a zero metadata length.
    static let endOfStream = IPCEncodedMessage(
        prefix: littleEndianBytes(of: continuationMarker) + littleEndianBytes(of: Int32(0)), sources: [], spans: [],
        bodyLength: 0)

    /// The file blocks of `messages` (their offsets and lengths) when they are written from byte `start` on.
    static func blocks(of messages: [IPCEncodedMessage], from start: Int) -> [IPCFileBlock] {
        var offset = start
        return messages.map { message in
            defer { offset += message.byteCount }
            return IPCFileBlock(offset: offset, metadataLength: message.prefix.count, bodyLength: message.bodyLength)
        }
    }

    /// `leading`, the messages and `trailing`, written into one array of exactly their size.
    static func render(_ messages: [IPCEncodedMessage], leading: [UInt8] = [], trailing: [UInt8] = []) -> [UInt8] {
        let total = leading.count + messages.reduce(0) { $0 + $1.byteCount } + trailing.count
        return [UInt8](unsafeUninitializedCapacity: total) { raw, initialized in
            guard total > 0, let base = raw.baseAddress.map(UnsafeMutableRawPointer.init) else { return }
            var position = 0
            func copy(_ bytes: [UInt8]) {
                bytes.withUnsafeBytes { (base + position).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
                position += bytes.count
            }
            if !leading.isEmpty { copy(leading) }
            for message in messages {
                message.write(to: base + position)
                position += message.byteCount
            }
            if !trailing.isEmpty { copy(trailing) }
            initialized = total
        }
    }

    private static func message(
        _ header: IPCMessageHeader, sources: [IPCBodySource], spans: [IPCBufferSpan], bodyLength: Int
    ) -> IPCEncodedMessage {
        let metadata = IPCMessage.metadata(header, bodyLength: bodyLength)
        let prefix = littleEndianBytes(of: continuationMarker) + littleEndianBytes(of: Int32(metadata.count)) + metadata
        return IPCEncodedMessage(prefix: prefix, sources: sources, spans: spans, bodyLength: bodyLength)
    }

    /// The body buffers of one column, in the order the Arrow layout defines for its type.
    private static func bodySources(of column: any ArrowArray, name: String) throws -> [IPCBodySource] {
        let validity: IPCBodySource = column.nullCount == 0 ? .empty : column.validity.map { .bitmap($0) } ?? .empty
        func mismatch() -> ArrowError {
            .invalidArgument("column '\(name)' of type \(column.dataType) is a \(type(of: column))")
        }
        switch column.dataType {
        case .boolean:
            guard let array = column as? BooleanArray else { throw mismatch() }
            return [validity, .bitmap(array.values)]
        case .int32, .date32:
            guard let array = column as? Int32Array else { throw mismatch() }
            return [validity, values(of: array)]
        case .int64:
            guard let array = column as? Int64Array else { throw mismatch() }
            return [validity, values(of: array)]
        case .float64:
            guard let array = column as? Float64Array else { throw mismatch() }
            return [validity, values(of: array)]
        case .decimal128:
            guard let array = column as? Decimal128Array else { throw mismatch() }
            return [validity, values(of: array)]
        case .utf8:
            guard let array = column as? StringArray else { throw mismatch() }
            let first = array.offset(0)
            let offsets: IPCBodySource =
                first == 0
                ? .bytes(array.offsets, byteOffset: array.offsetIndex * 4, byteCount: (array.count + 1) * 4)
                : .rebasedOffsets(array)
            return [
                validity, offsets, .bytes(array.data, byteOffset: first, byteCount: array.offset(array.count) - first),
            ]
        }
    }

    private static func values<T>(of array: PrimitiveArray<T>) -> IPCBodySource {
        let width = MemoryLayout<T>.stride
        return .bytes(array.values, byteOffset: array.valueOffset * width, byteCount: array.count * width)
    }
}
