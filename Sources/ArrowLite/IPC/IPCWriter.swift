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

/// Writes encapsulated IPC messages (continuation marker, metadata length, padded flatbuffer, body) into a
/// growing byte array.
enum IPCWriter {
    static let continuationMarker: UInt32 = 0xFFFF_FFFF
    /// Body buffers start on multiples of this many bytes.
    static let bufferAlignment = 8

    static func padded(_ byteCount: Int) -> Int {
        (byteCount + bufferAlignment - 1) / bufferAlignment * bufferAlignment
    }

    /// Appends a schema message.
    static func appendSchema(_ schema: Schema, to output: inout [UInt8]) {
        _ = appendMessage(.schema(schema), sources: [], spans: [], bodyLength: 0, to: &output)
    }

    /// Appends a record batch message; returns its file block.
    /// - Throws: `ArrowError.invalidArgument` if a column is not the concrete array its type calls for.
    static func appendBatch(_ batch: RecordBatch, to output: inout [UInt8]) throws -> IPCFileBlock {
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
        return appendMessage(.recordBatch(header), sources: sources, spans: spans, bodyLength: bodyLength, to: &output)
    }

    /// Appends the end-of-stream marker: a continuation marker and a zero metadata length.
    static func appendEndOfStream(to output: inout [UInt8]) {
        output += littleEndianBytes(of: continuationMarker) + littleEndianBytes(of: Int32(0))
    }

    private static func appendMessage(
        _ header: IPCMessageHeader, sources: [IPCBodySource], spans: [IPCBufferSpan], bodyLength: Int,
        to output: inout [UInt8]
    ) -> IPCFileBlock {
        let metadata = IPCMessage.metadata(header, bodyLength: bodyLength)
        let prefix = littleEndianBytes(of: continuationMarker) + littleEndianBytes(of: Int32(metadata.count)) + metadata
        let bodyStart = prefix.count
        // One allocation, filled with memcpy (zeros only in the padding): no per-byte work for a large body.
        let message = [UInt8](unsafeUninitializedCapacity: bodyStart + bodyLength) { raw, initialized in
            let base = UnsafeMutableRawPointer(raw.baseAddress!)
            prefix.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: bodyStart) }
            var written = 0
            for (source, span) in zip(sources, spans) {
                (base + bodyStart + written).initializeMemory(
                    as: UInt8.self, repeating: 0, count: span.offset - written)
                source.write(to: base + bodyStart + span.offset)
                written = span.offset + span.length
            }
            (base + bodyStart + written).initializeMemory(as: UInt8.self, repeating: 0, count: bodyLength - written)
            initialized = bodyStart + bodyLength
        }
        let start = output.count
        if output.isEmpty { output = message } else { output += message }
        return IPCFileBlock(offset: start, metadataLength: bodyStart, bodyLength: bodyLength)
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
