/// Where the bytes of one body buffer come from. Each case knows its size before writing, so the message
/// metadata (which lists buffer offsets) can be written ahead of the body without a second copy.
enum IPCBodySource: Sendable {
    /// A zero-length buffer (an absent validity bitmap).
    case empty
    /// `byteCount` bytes of `buffer` from `byteOffset`, copied as they are.
    case bytes(Buffer, byteOffset: Int, byteCount: Int)
    /// A bitmap, realigned to start at bit 0 (sliced arrays start mid-byte) and with its tail bits cleared.
    case bitmap(Bitmap)
    /// The offsets of the rows of string arrays written as one array's: starting at 0, each row's end its
    /// start plus its length, whichever rows of whichever arrays they are (sliced arrays start mid-data, picked
    /// rows anywhere); `rowCount` rows in all.
    case stringOffsets([StringRows], rowCount: Int)
    /// The bytes of the rows of a string array, end to end (`byteCount` in all).
    case stringData(StringRows, byteCount: Int)
    /// Several sources written back to back as one buffer (a column of several batches written as one), and
    /// their total size (made by `joined`).
    case pieces([IPCBodySource], byteCount: Int)
    /// Fixed-width values gathered from `buffer` (element 0 at `byteOffset`): element `indices[k]` for each `k` in
    /// `range`, `width` bytes each (a partition's rows copied straight from the batch they were computed in).
    case gathered(Buffer, byteOffset: Int, width: Int, indices: [Int32], range: Range<Int>)

    var byteCount: Int {
        switch self {
        case .empty: return 0
        case .bytes(_, _, let count): return count
        case .bitmap(let bitmap): return (bitmap.count + 7) / 8
        case .stringOffsets(_, let rowCount): return (rowCount + 1) * 4
        case .stringData(_, let count): return count
        case .pieces(_, let count): return count
        case .gathered(_, _, let width, _, let range): return range.count * width
        }
    }

    /// `sources` written back to back: the one source itself, or `.pieces` with their total size.
    static func joined(_ sources: [IPCBodySource]) -> IPCBodySource {
        sources.count == 1 ? sources[0] : .pieces(sources, byteCount: sources.reduce(0) { $0 + $1.byteCount })
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
        case .stringOffsets(let pieces, _):
            let output = destination.assumingMemoryBound(to: Int32.self)
            output[0] = 0
            var written = 1
            var end: Int32 = 0
            for rows in pieces {
                rows.forEachRow { start, length in
                    end &+= Int32(truncatingIfNeeded: length)
                    output[written] = end
                    written &+= 1
                }
            }
        case .stringData(let rows, _):
            var position = destination
            withExtendedLifetime(rows.array.data) {
                let data = UnsafeRawPointer(rows.array.data.pointer)
                rows.forEachRow { start, length in
                    position.copyMemory(from: data + start, byteCount: length)
                    position += length
                }
            }
        case .pieces(let pieces, _):
            var position = destination
            for piece in pieces {
                piece.write(to: position)
                position += piece.byteCount
            }
        case .gathered(let buffer, let byteOffset, let width, let indices, let range):
            withExtendedLifetime(buffer) {
                let source = buffer.pointer + byteOffset
                switch width {
                case 4: IPCBodySource.gather(UInt32.self, words: 1, source, indices, range, to: destination)
                case 8: IPCBodySource.gather(UInt64.self, words: 1, source, indices, range, to: destination)
                case 16: IPCBodySource.gather(UInt64.self, words: 2, source, indices, range, to: destination)
                default: preconditionFailure("no gather for \(width)-byte values")
                }
            }
        }
    }

    /// Value `k` of the destination is value `indices[range.lowerBound + k]` of the source, each value `words`
    /// (1 or 2) words of type `Word`, read and written as raw bytes (any alignment, any element type). The indices
    /// are rows of the source array by construction (`BatchRows` takes them from a `PartitionAssignment` of its
    /// batch), so the loop reads without bounds checks.
    private static func gather<Word: FixedWidthInteger>(
        _: Word.Type, words: Int, _ source: UnsafeRawPointer, _ indices: [Int32], _ range: Range<Int>,
        to destination: UnsafeMutableRawPointer
    ) {
        let size = MemoryLayout<Word>.size
        indices.withUnsafeBufferPointer { indices in
            guard let base = indices.baseAddress else { return }
            let start = range.lowerBound
            if words == 1 {
                for k in 0..<range.count {
                    let value = source.loadUnaligned(fromByteOffset: Int(base[start &+ k]) &* size, as: Word.self)
                    destination.storeBytes(of: value, toByteOffset: k &* size, as: Word.self)
                }
            } else {
                for k in 0..<range.count {
                    let from = Int(base[start &+ k]) &* (2 &* size)
                    let low = source.loadUnaligned(fromByteOffset: from, as: Word.self)
                    let high = source.loadUnaligned(fromByteOffset: from &+ size, as: Word.self)
                    destination.storeBytes(of: low, toByteOffset: k &* (2 &* size), as: Word.self)
                    destination.storeBytes(of: high, toByteOffset: k &* (2 &* size) &+ size, as: Word.self)
                }
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
struct IPCEncodedMessage: Sendable {
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

    /// The message with `padding` zero bytes more after its flatbuffer, counted in the metadata length (which the
    /// format allows: the length covers the flatbuffer and its padding), so its body starts that much later.
    /// - Precondition: `padding` is a multiple of 8 (the body stays 8-byte aligned).
    func withMetadataPadding(_ padding: Int) -> IPCEncodedMessage {
        precondition(padding >= 0 && padding % 8 == 0, "metadata padding must keep 8-byte alignment")
        guard padding > 0, prefix.count >= 8 else { return self }
        var longer = Array(prefix[0..<4])
        longer.reserveCapacity(prefix.count + padding)
        longer.appendLittleEndian(Int32(prefix.count - 8 + padding))
        longer += prefix[8...]
        longer += repeatElement(0, count: padding)
        return IPCEncodedMessage(prefix: longer, sources: sources, spans: spans, bodyLength: bodyLength)
    }
}

/// Plans encapsulated IPC messages (`IPCEncodedMessage`) and writes them out.
enum IPCWriter {
    static let continuationMarker: UInt32 = 0xFFFF_FFFF
    /// Body buffers start on multiples of this many bytes, unless a writer asks for more.
    static let bufferAlignment = 8

    static func padded(_ byteCount: Int, to alignment: Int = bufferAlignment) -> Int {
        (byteCount + alignment - 1) / alignment * alignment
    }

    /// A schema message.
    static func schemaMessage(_ schema: Schema) -> IPCEncodedMessage {
        message(.schema(schema), sources: [], spans: [], bodyLength: 0)
    }

    /// A record batch message.
    /// - Throws: `ArrowError.invalidArgument` if a column is not the concrete array its type calls for.
    static func batchMessage(_ batch: RecordBatch) throws -> IPCEncodedMessage {
        try batchMessage(concatenating: [BatchRows(batch)])
    }

    /// One record batch message holding `pieces` (one schema, at least one piece) one after another: the bytes
    /// `Compute.concat` of their materialized rows and then `batchMessage` would give. Fixed-width and string
    /// columns without nulls are copied once, from their batches into the body; other columns of picked rows are
    /// materialized first.
    /// - Throws: `ArrowError.invalidArgument` if a column is not the concrete array its type calls for.
    static func batchMessage(
        concatenating pieces: [BatchRows], alignment: Int = bufferAlignment
    ) throws -> IPCEncodedMessage {
        var sources: [IPCBodySource] = []
        var nodes: [IPCFieldNode] = []
        for (index, field) in pieces[0].schema.fields.enumerated() {
            let (node, columnSources) = try columnBody(pieces, column: index, name: field.name)
            nodes.append(node)
            sources += columnSources
        }
        let rowCount = pieces.reduce(0) { $0 + $1.rowCount }
        var spans: [IPCBufferSpan] = []
        var bodyLength = 0
        for source in sources {
            spans.append(IPCBufferSpan(offset: bodyLength, length: source.byteCount))
            bodyLength += padded(source.byteCount, to: alignment)
        }
        let header = IPCRecordBatchHeader(length: rowCount, nodes: nodes, buffers: spans)
        return message(.recordBatch(header), sources: sources, spans: spans, bodyLength: bodyLength)
    }

    /// The field node and body buffers of column `column` of `pieces`. Fixed-width and string values without nulls
    /// are gathered straight from the pieces' batches; any other column of picked rows is materialized first.
    private static func columnBody(
        _ pieces: [BatchRows], column: Int, name: String
    ) throws -> (IPCFieldNode, [IPCBodySource]) {
        if pieces.contains(where: { $0.selection != nil }) {
            let rowCount = pieces.reduce(0) { $0 + $1.rowCount }
            if let values = gatheredValues(pieces, column: column) {
                return (IPCFieldNode(length: rowCount, nullCount: 0), [.empty, values])
            }
            if let strings = gatheredStrings(pieces, column: column) {
                let sources = try stringSources(strings, name: name)
                return (IPCFieldNode(length: rowCount, nullCount: 0), [.empty] + sources)
            }
            let arrays = try pieces.map { try $0.column(column) }
            return (node(of: arrays), try bodySources(of: arrays, name: name))
        }
        let columns = pieces.map { $0.batch.columns[column] }
        return (node(of: columns), try bodySources(of: columns, name: name))
    }

    private static func node(of arrays: [any ArrowArray]) -> IPCFieldNode {
        IPCFieldNode(length: arrays.reduce(0) { $0 + $1.count }, nullCount: arrays.reduce(0) { $0 + $1.nullCount })
    }

    /// The values of column `column` of `pieces` when it is fixed-width without nulls, each piece's rows read
    /// where they are (through `fixedWidthValues`, no cast per piece); nil for any other column.
    private static func gatheredValues(_ pieces: [BatchRows], column: Int) -> IPCBodySource? {
        var sources: [IPCBodySource] = []
        sources.reserveCapacity(pieces.count)
        for piece in pieces {
            let array = piece.batch.columns[column]
            guard array.nullCount == 0, let (buffer, byteOffset, width) = array.fixedWidthValues else { return nil }
            if let (indices, range) = piece.selection {
                sources.append(
                    .gathered(buffer, byteOffset: byteOffset, width: width, indices: indices, range: range))
            } else {
                sources.append(.bytes(buffer, byteOffset: byteOffset, byteCount: array.count * width))
            }
        }
        return .joined(sources)
    }

    /// The rows of column `column` of `pieces` when it is utf8 without nulls, each piece's rows read where they
    /// are; nil for any other column.
    private static func gatheredStrings(_ pieces: [BatchRows], column: Int) -> [StringRows]? {
        var rows: [StringRows] = []
        rows.reserveCapacity(pieces.count)
        for piece in pieces {
            guard let array = piece.batch.columns[column] as? StringArray, array.nullCount == 0 else { return nil }
            if let (indices, range) = piece.selection {
                rows.append(StringRows(array, indices: indices, range: range))
            } else {
                rows.append(StringRows(array))
            }
        }
        return rows
    }

    /// The offsets and data of string rows (no validity here), as one utf8 array's.
    /// - Throws: `ArrowError.invalidArgument` past utf8's 2 GiB of data in one batch.
    private static func stringSources(_ rows: [StringRows], name: String) throws -> [IPCBodySource] {
        let data = rows.map(\.dataSource)
        let totalBytes = data.reduce(0) { $0 + $1.byteCount }
        guard totalBytes <= Int(Int32.max) else {
            throw ArrowError.invalidArgument(
                "column '\(name)': \(totalBytes) bytes of strings exceed utf8's 2 GiB limit for one batch")
        }
        let rowCount = rows.reduce(0) { $0 + $1.rowCount }
        // One whole array (all its rows, not picked) whose offsets start at 0 keeps its offsets buffer as it is.
        let array = rows[0].array
        let offsets: IPCBodySource =
            rows.count == 1 && rows[0].indices == nil && array.offset(0) == 0
            ? .bytes(array.offsets, byteOffset: array.offsetIndex * 4, byteCount: (array.count + 1) * 4)
            : .stringOffsets(rows, rowCount: rowCount)
        return [offsets, .joined(data)]
    }

    /// The end-of-stream marker: a continuation marker and a zero metadata length.
    static var endOfStream: IPCEncodedMessage {
        IPCEncodedMessage(
            prefix: littleEndianBytes(of: continuationMarker) + littleEndianBytes(of: Int32(0)), sources: [],
            spans: [], bodyLength: 0)
    }

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

    /// `messages` written one after another into a `Buffer`, each message with a body padded (see
    /// `IPCEncodedMessage.withMetadataPadding`) so the body starts at a multiple of `alignment` bytes from the
    /// buffer's 64-byte aligned start. With bodies planned at that alignment too, every body buffer is a valid
    /// `Buffer` view of the result.
    /// - Precondition: `alignment` is a multiple of 8 and divides 64.
    static func renderAligned(_ messages: [IPCEncodedMessage], alignment: Int) -> Buffer {
        precondition(alignment % 8 == 0 && 64 % alignment == 0, "alignment must be 8, 16, 32 or 64")
        var position = 0
        let placed = messages.map { message -> IPCEncodedMessage in
            let bodyStart = position + message.prefix.count
            let padded =
                message.bodyLength == 0
                ? message
                : message.withMetadataPadding(
                    IPCWriter.padded(bodyStart, to: alignment) - bodyStart)
            position += padded.byteCount
            return padded
        }
        return Buffer(byteCount: position) { base in
            var offset = 0
            for message in placed {
                message.write(to: base + offset)
                offset += message.byteCount
            }
        }
    }

    private static func message(
        _ header: IPCMessageHeader, sources: [IPCBodySource], spans: [IPCBufferSpan], bodyLength: Int
    ) -> IPCEncodedMessage {
        let metadata = IPCMessage.metadata(header, bodyLength: bodyLength)
        var prefix: [UInt8] = []
        prefix.reserveCapacity(8 + metadata.count)
        prefix.appendLittleEndian(continuationMarker)
        prefix.appendLittleEndian(Int32(metadata.count))
        prefix += metadata
        return IPCEncodedMessage(prefix: prefix, sources: sources, spans: spans, bodyLength: bodyLength)
    }

    /// The body buffers of one column made of `pieces` (the column of each batch, one type), in the order the
    /// Arrow layout defines for its type.
    private static func bodySources(of pieces: [any ArrowArray], name: String) throws -> [IPCBodySource] {
        let first = pieces[0]
        let bitmap = pieces.count == 1 ? (first.nullCount > 0 ? first.validity : nil) : Compute.concatValidity(pieces)
        let validity = bitmap.map { IPCBodySource.bitmap($0) } ?? .empty
        func typed<A: ArrowArray>(_: A.Type) throws -> [A] {
            try pieces.map { piece in
                guard let array = piece as? A else {
                    throw ArrowError.invalidArgument(
                        "column '\(name)' of type \(piece.dataType) is a \(type(of: piece))")
                }
                return array
            }
        }
        switch first.dataType {
        case .boolean:
            let arrays = try typed(BooleanArray.self)
            let values =
                arrays.count == 1
                ? arrays[0].values : Compute.typed(try Compute.concat(arrays), as: BooleanArray.self).values
            return [validity, .bitmap(values)]
        case .int32, .date32, .int64, .float64, .decimal128:
            return [validity, try fixedWidthValues(of: pieces, name: name)]
        case .utf8:
            return [validity] + (try stringSources(typed(StringArray.self).map(StringRows.init), name: name))
        }
    }

    /// The values of fixed-width arrays, each copied as it lies in its buffer.
    /// - Throws: `ArrowError.invalidArgument` for an array that does not expose them (not a `PrimitiveArray`).
    private static func fixedWidthValues(of arrays: [any ArrowArray], name: String) throws -> IPCBodySource {
        .joined(
            try arrays.map { array in
                guard let (buffer, byteOffset, width) = array.fixedWidthValues else {
                    throw ArrowError.invalidArgument(
                        "column '\(name)' of type \(array.dataType) is a \(type(of: array))")
                }
                return .bytes(buffer, byteOffset: byteOffset, byteCount: array.count * width)
            })
    }
}
