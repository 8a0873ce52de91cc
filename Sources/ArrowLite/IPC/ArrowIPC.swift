/// Arrow IPC: the stream and file formats of the Arrow columnar specification, byte-compatible with other Arrow
/// implementations (pyarrow reads what this writes and the other way round), for every ArrowLite type.
///
/// - A **stream** is a schema message, record batch messages, and the end-of-stream marker
///   (`0xFFFFFFFF 0x00000000`). Each message is a continuation marker, an int32 metadata length, a flatbuffer
///   `Message` padded so the body starts 8-byte aligned, then the body (buffers padded to 8 bytes).
/// - A **file** is `ARROW1` and two padding bytes, a stream, a flatbuffer `Footer` (schema and record batch
///   blocks), the footer's int32 length, and `ARROW1`.
/// - A **batch message** (`encodeBatch`) is a single record batch message without schema, for callers where both
///   ends know the schema.
/// - `IPCStreamEncoder` / `IPCStreamDecoder` write and read many streams of one schema (the simulator's shuffle
///   messages) without encoding or parsing the same schema message each time.
///
/// Readers never trust their input: every offset and length is checked, buffers are copied into aligned memory
/// (or, from an aligned `Buffer`, viewed in place: `IPCStreamDecoder.decode(_: Buffer)`) and validated (each
/// decimal against its precision too, unless an `IPCStreamDecoder` is told its bytes come from this library's own
/// encoder), and any damage is a thrown `ArrowError.ipc(offset:message:)` naming the byte and what was expected.
/// Dictionaries, compression and types outside ArrowLite's set are rejected with such an error.
public enum ArrowIPC {
    /// Serialises `batches` as an Arrow IPC stream.
    /// - Throws: `ArrowError.invalidArgument` if a batch's schema differs from `schema`.
    /// - Complexity: O(total bytes); buffers are copied whole, not per element (sliced bitmaps are shifted
    ///   a byte at a time, sliced string offsets rebased).
    public static func writeStream(schema: Schema, batches: [RecordBatch]) throws -> [UInt8] {
        try writeStream(schema: schema, concatenating: batches.map { [$0] })
    }

    /// Serialises an Arrow IPC stream with one record batch per group, holding the group's rows one after another:
    /// the bytes `writeStream(schema:batches: groups.map(Compute.concat))` gives, without building the
    /// concatenated batches (each buffer is copied once, straight into the output). Empty groups are skipped.
    /// - Throws: `ArrowError.invalidArgument` if a batch's schema differs from `schema`.
    /// (`IPCStreamEncoder` writes many streams of one schema without encoding the schema each time.)
    public static func writeStream(schema: Schema, concatenating groups: [[RecordBatch]]) throws -> [UInt8] {
        try IPCStreamEncoder(schema: schema).encode(concatenating: groups)
    }

    /// Parses an Arrow IPC stream.
    /// - Throws: `ArrowError.ipc` naming the byte offset and what was expected when the bytes are truncated,
    ///   corrupt, or use features ArrowLite does not support.
    public static func readStream(_ bytes: [UInt8]) throws -> (schema: Schema, batches: [RecordBatch]) {
        try IPCReader.readStream(bytes)
    }

    /// Serialises `batches` as an Arrow IPC file (the `.arrow` / Feather V2 format).
    /// - Throws: `ArrowError.invalidArgument` if a batch's schema differs from `schema`.
    public static func writeFile(schema: Schema, batches: [RecordBatch]) throws -> [UInt8] {
        try checkSchemas(schema, batches)
        let leading = IPCReader.magic + [0, 0]
        let batchMessages = try batches.map(IPCWriter.batchMessage)
        let schemaMessage = IPCWriter.schemaMessage(schema)
        let blocks = IPCWriter.blocks(of: batchMessages, from: leading.count + schemaMessage.byteCount)
        let footer = IPCMessage.footer(schema: schema, blocks: blocks)
        return IPCWriter.render(
            [schemaMessage] + batchMessages + [IPCWriter.endOfStream], leading: leading,
            trailing: footer + littleEndianBytes(of: Int32(footer.count)) + IPCReader.magic)
    }

    /// Parses an Arrow IPC file.
    /// - Throws: `ArrowError.ipc` naming the byte offset and what was expected when the bytes are truncated,
    ///   corrupt, or use features ArrowLite does not support.
    public static func readFile(_ bytes: [UInt8]) throws -> (schema: Schema, batches: [RecordBatch]) {
        try IPCReader.readFile(bytes)
    }

    /// Serialises one batch as a single encapsulated record batch message, without the schema.
    /// - Throws: `ArrowError.invalidArgument` if a column is not the array its type calls for.
    public static func encodeBatch(_ batch: RecordBatch) throws -> [UInt8] {
        IPCWriter.render([try IPCWriter.batchMessage(batch)])
    }

    /// Parses the output of `encodeBatch`: exactly one record batch message, whose columns must match `schema`.
    /// - Throws: `ArrowError.ipc` naming the byte offset and what was expected.
    public static func decodeBatch(_ bytes: [UInt8], schema: Schema) throws -> RecordBatch {
        guard let frame = try IPCReader.readMessage(bytes, at: 0) else {
            throw ArrowError.ipc(offset: 0, message: "expected a record batch message, found the end-of-stream marker")
        }
        guard frame.end == bytes.count else {
            throw ArrowError.ipc(
                offset: frame.end,
                message: "expected the input to end after one message, found \(bytes.count - frame.end) more bytes")
        }
        return try IPCReader.batch(frame, schema: schema, bytes: bytes)
    }

    /// Throws `invalidArgument` naming the first batch (counted across `batches`) whose schema is not `schema`.
    static func checkSchemas<Batches: Sequence<RecordBatch>>(_ schema: Schema, _ batches: Batches) throws {
        for (index, batch) in batches.enumerated() where batch.schema != schema {
            throw ArrowError.invalidArgument("batch \(index) has schema \(batch.schema), expected \(schema)")
        }
    }
}
