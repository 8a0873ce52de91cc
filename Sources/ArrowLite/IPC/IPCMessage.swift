/// One buffer's place in a message body, relative to the body's start (Schema.fbs `struct Buffer`).
struct IPCBufferSpan: Equatable {
    var offset: Int
    var length: Int
}

/// One column's length and null count (Message.fbs `struct FieldNode`).
struct IPCFieldNode: Equatable {
    var length: Int
    var nullCount: Int
}

/// The header of a record batch message (Message.fbs `table RecordBatch`).
struct IPCRecordBatchHeader {
    var length: Int
    var nodes: [IPCFieldNode]
    var buffers: [IPCBufferSpan]
}

/// The header union of a message, restricted to what ArrowLite reads and writes.
enum IPCMessageHeader {
    case schema(Schema)
    case recordBatch(IPCRecordBatchHeader)
}

/// Where a record batch lies in an Arrow file (File.fbs `struct Block`): `offset` is the continuation marker,
/// `metadataLength` counts the 8-byte prefix and the padded flatbuffer, `bodyLength` the body that follows.
struct IPCFileBlock: Equatable {
    var offset: Int
    var metadataLength: Int
    var bodyLength: Int
}

/// The `Message` and `Footer` tables of Message.fbs and File.fbs.
enum IPCMessage {
    /// MetadataVersion V5.
    static let version: Int16 = 4
    static let headerSchema: UInt8 = 1
    static let headerDictionaryBatch: UInt8 = 2
    static let headerRecordBatch: UInt8 = 3

    // MARK: Writing

    /// The flatbuffer bytes of a `Message`, padded to a multiple of 8.
    static func metadata(_ header: IPCMessageHeader, bodyLength: Int) -> [UInt8] {
        var message = FlatTable()
        message.set(0, int16: version)
        switch header {
        case .schema(let schema):
            message.set(1, uint8: headerSchema)
            message.set(2, .table(IPCSchema.table(for: schema)))
        case .recordBatch(let batch):
            message.set(1, uint8: headerRecordBatch)
            message.set(2, .table(table(for: batch)))
        }
        message.set(3, int64: Int64(bodyLength))
        return FlatBufferBuilder.build(root: message)
    }

    private static func table(for batch: IPCRecordBatchHeader) -> FlatTable {
        var table = FlatTable()
        table.set(0, int64: Int64(batch.length))
        let nodes = structBytes(batch.nodes.map { (Int64($0.length), Int64($0.nullCount)) })
        table.set(1, .structs(bytes: nodes, count: batch.nodes.count))
        let buffers = structBytes(batch.buffers.map { (Int64($0.offset), Int64($0.length)) })
        table.set(2, .structs(bytes: buffers, count: batch.buffers.count))
        return table
    }

    /// The little-endian bytes of 16-byte structs of two 64-bit fields (`FieldNode`, `Buffer`), written in place:
    /// a record batch header has a few per column, and appending them 8 bytes at a time cost more than the rest of
    /// the header.
    private static func structBytes(_ pairs: [(Int64, Int64)]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 16 * pairs.count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for (index, pair) in pairs.enumerated() {
                raw.storeBytes(of: pair.0.littleEndian, toByteOffset: 16 * index, as: Int64.self)
                raw.storeBytes(of: pair.1.littleEndian, toByteOffset: 16 * index + 8, as: Int64.self)
            }
            initialized = 16 * pairs.count
        }
    }

    /// The flatbuffer bytes of a file `Footer`.
    static func footer(schema: Schema, blocks: [IPCFileBlock]) -> [UInt8] {
        var footer = FlatTable()
        footer.set(0, int16: version)
        footer.set(1, .table(IPCSchema.table(for: schema)))
        footer.set(2, .structs(bytes: [], count: 0))
        var blockBytes: [UInt8] = []
        for block in blocks {
            blockBytes.appendLittleEndian(Int64(block.offset))
            blockBytes.appendLittleEndian(Int32(block.metadataLength))
            blockBytes.appendLittleEndian(Int32(0))
            blockBytes.appendLittleEndian(Int64(block.bodyLength))
        }
        footer.set(3, .structs(bytes: blockBytes, count: blocks.count))
        return FlatBufferBuilder.build(root: footer)
    }

    // MARK: Reading

    /// Reads a `Message`: its header and body length.
    /// - Throws: `ArrowError.ipc` for malformed metadata, versions before V4, and unsupported headers.
    static func decode(_ reader: FlatBufferReader) throws -> (header: IPCMessageHeader, bodyLength: Int) {
        let message = try reader.root()
        try checkVersion(try message.integer(0, default: Int16(0)), reader: reader)
        let bodyLength = Int(try message.integer(3, default: Int64(0)))
        guard bodyLength >= 0 else { throw reader.error(at: message.position, "negative body length \(bodyLength)") }
        let tag = try message.integer(1, default: UInt8(0))
        guard let header = try message.table(2, "message header") else {
            throw reader.error(at: message.position, "message has no header")
        }
        switch tag {
        case headerSchema: return (.schema(try IPCSchema.schema(from: header)), bodyLength)
        case headerRecordBatch: return (.recordBatch(try recordBatch(from: header)), bodyLength)
        case headerDictionaryBatch:
            throw reader.error(at: header.position, "dictionary batches are not supported; expected a record batch")
        default:
            throw reader.error(
                at: message.position, "expected a Schema (1) or RecordBatch (3) header, found tag \(tag)")
        }
    }

    private static func checkVersion(_ version: Int16, reader: FlatBufferReader) throws {
        guard version == 3 || version == 4 else {
            throw reader.error(at: reader.start, "expected metadata version V4 or V5, found enum value \(version)")
        }
    }

    private static func recordBatch(from table: FlatTableReader) throws -> IPCRecordBatchHeader {
        let reader = table.reader
        let length = Int(try table.integer(0, default: Int64(0)))
        guard length >= 0 else { throw reader.error(at: table.position, "negative record batch length \(length)") }
        guard try table.table(3, "body compression") == nil else {
            throw reader.error(at: table.position, "compressed bodies are not supported; expected uncompressed buffers")
        }
        let nodes = try pairs(table, slot: 1, "field nodes").map { IPCFieldNode(length: $0, nullCount: $1) }
        let buffers = try pairs(table, slot: 2, "buffers").map { IPCBufferSpan(offset: $0, length: $1) }
        return IPCRecordBatchHeader(length: length, nodes: nodes, buffers: buffers)
    }

    /// A vector of 16-byte structs of two int64 values.
    private static func pairs(_ table: FlatTableReader, slot: Int, _ name: String) throws -> [(Int, Int)] {
        guard let (first, count) = try table.vector(slot, elementSize: 16, name) else { return [] }
        let reader = table.reader
        return (0..<count).map { index in
            let at = first + 16 * index
            return (Int(reader.load(Int64.self, at: at)), Int(reader.load(Int64.self, at: at + 8)))
        }
    }

    /// Reads a file `Footer`: the schema and the record batch blocks.
    /// - Throws: `ArrowError.ipc` for malformed footers and files with dictionaries.
    static func decodeFooter(_ reader: FlatBufferReader) throws -> (schema: Schema, blocks: [IPCFileBlock]) {
        let footer = try reader.root()
        try checkVersion(try footer.integer(0, default: Int16(0)), reader: reader)
        guard let schemaTable = try footer.table(1, "footer schema") else {
            throw reader.error(at: footer.position, "footer has no schema")
        }
        let schema = try IPCSchema.schema(from: schemaTable)
        if let (at, count) = try footer.vector(2, elementSize: 24, "dictionary blocks"), count > 0 {
            throw reader.error(at: at, "file has \(count) dictionary blocks; dictionaries are not supported")
        }
        guard let (first, count) = try footer.vector(3, elementSize: 24, "record batch blocks") else {
            return (schema, [])
        }
        let blocks = (0..<count).map { index in
            let at = first + 24 * index
            return IPCFileBlock(
                offset: Int(reader.load(Int64.self, at: at)),
                metadataLength: Int(reader.load(Int32.self, at: at + 8)),
                bodyLength: Int(reader.load(Int64.self, at: at + 16)))
        }
        return (schema, blocks)
    }
}
