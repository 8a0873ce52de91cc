import Foundation

/// Writes Arrow IPC streams of one schema, again and again: the schema message is encoded once, when the encoder
/// is made, instead of once per stream. A shuffle sends each consumer many small streams of one schema, and
/// encoding the schema's flatbuffer cost as much as a record batch's.
///
/// `encode` writes exactly the bytes of `ArrowIPC.writeStream(schema:concatenating:)`; `encodeAligned` writes the
/// same batches laid out for decoding without copies (longer by its padding).
public struct IPCStreamEncoder: Sendable {
    public let schema: Schema
    private let schemaMessage: IPCEncodedMessage

    public init(schema: Schema) {
        self.schema = schema
        schemaMessage = IPCWriter.schemaMessage(schema)
    }

    /// A stream with one record batch per group, holding the group's rows one after another (empty groups skipped).
    /// - Throws: `ArrowError.invalidArgument` if a batch's schema differs from `schema`.
    public func encode(concatenating groups: [[RecordBatch]]) throws -> [UInt8] {
        IPCWriter.render(try messages(groups.map { $0.map(BatchRows.init) }, alignment: IPCWriter.bufferAlignment))
    }

    /// The same stream laid out for reading without copies, in a `Buffer`: every record batch body starts at a
    /// multiple of 64 bytes (its metadata is padded, as the format allows) and every body buffer is padded to a
    /// multiple of 64 (Arrow's recommended alignment), so `IPCStreamDecoder.decode(_: Buffer)` hands the body
    /// buffers out as views. Any Arrow reader reads it; it is a little longer than `encode`'s bytes.
    /// - Throws: `ArrowError.invalidArgument` if a batch's schema differs from `schema`.
    public func encodeAligned(concatenating groups: [[RecordBatch]]) throws -> Buffer {
        try encodeAligned(concatenating: groups.map { $0.map(BatchRows.init) })
    }

    /// `encodeAligned` of rows not yet copied out of their batches: the same bytes as encoding the materialized
    /// rows, with every fixed-width value without nulls copied once, from its batch into the body.
    /// - Throws: `ArrowError.invalidArgument` if a batch's schema differs from `schema`.
    public func encodeAligned(concatenating groups: [[BatchRows]]) throws -> Buffer {
        IPCWriter.renderAligned(try messages(groups, alignment: 64), alignment: 64)
    }

    /// The stream's messages: the schema, one record batch per non-empty group (body buffers padded to
    /// `alignment`), the end marker.
    private func messages(_ groups: [[BatchRows]], alignment: Int) throws -> [IPCEncodedMessage] {
        try ArrowIPC.checkSchemas(schema, groups.joined().map(\.batch))
        let batches = try groups.filter { !$0.isEmpty }.map {
            try IPCWriter.batchMessage(concatenating: $0, alignment: alignment)
        }
        return [schemaMessage] + batches + [IPCWriter.endOfStream]
    }
}

/// Reads Arrow IPC streams that must carry one known schema. A stream whose schema message is byte for byte the
/// one `IPCStreamEncoder` writes for that schema skips parsing it; any other schema message is parsed, and a
/// schema other than the expected one is an error. Every record batch is decoded and validated as by
/// `ArrowIPC.readStream`, except that a decoder made with `checksDecimalPrecision: false` does not check each
/// decimal against its precision.
public struct IPCStreamDecoder: Sendable {
    public let schema: Schema
    /// Whether every decimal value is checked to fit its type's precision (a pass over each decimal column).
    /// Buffers, offsets and null counts are checked either way, so no decoded array can read out of bounds. The
    /// kernels assume decimals fit their precision, so turn it off only for bytes an `IPCStreamEncoder` wrote from
    /// arrays this library's kernels made (they keep decimals within their precision) and nobody changed since, as
    /// the simulator's links carry them. (Arrow C++'s and arrow-rs's IPC readers never make this check; here it is
    /// on unless asked otherwise.)
    public let checksDecimalPrecision: Bool
    /// The schema message as written (continuation marker, metadata length, flatbuffer; a schema has no body), or
    /// nil when reading it back would not give `schema` (then every stream's schema is parsed and compared).
    private let schemaMessage: [UInt8]?

    public init(schema: Schema, checksDecimalPrecision: Bool = true) {
        self.schema = schema
        self.checksDecimalPrecision = checksDecimalPrecision
        let bytes = IPCWriter.render([IPCWriter.schemaMessage(schema)])
        let readBack = (try? IPCReader.readMessage(bytes, at: 0))?.header
        if case .schema(let read)? = readBack, read == schema {
            schemaMessage = bytes
        } else {
            schemaMessage = nil
        }
    }

    /// The record batches of `bytes`, a whole stream.
    /// - Throws: `ArrowError.ipc` naming the byte offset and what was expected, for damaged bytes and for a stream
    ///   of another schema.
    public func decode(_ bytes: [UInt8]) throws -> [RecordBatch] {
        if let schemaMessage, bytes.withUnsafeBytes({ IPCStreamDecoder.starts($0, with: schemaMessage) }) {
            return try IPCReader.readBatches(
                bytes, from: schemaMessage.count, schema: schema, checksDecimalPrecision: checksDecimalPrecision)
        }
        let (found, batches) = try IPCReader.readStream(bytes, checksDecimalPrecision: checksDecimalPrecision)
        guard found == schema else {
            throw ArrowError.ipc(offset: 0, message: "expected a stream of schema \(schema), found \(found)")
        }
        return batches
    }

    /// The record batches of `buffer`, a whole stream, as `decode(_: [UInt8])` gives them, except that body buffers
    /// which start at a multiple of 64 bytes with zero padding after them (as `IPCStreamEncoder.encodeAligned`
    /// writes them) become the arrays' buffers without a copy: the arrays then keep all of `buffer` alive. A stream
    /// whose schema message is not byte for byte the expected one is copied out and read as `decode(_: [UInt8])`.
    /// - Throws: as `decode(_: [UInt8])`.
    public func decode(_ buffer: Buffer) throws -> [RecordBatch] {
        let matches = withExtendedLifetime(buffer) {
            schemaMessage.map { IPCStreamDecoder.starts(buffer.bytes, with: $0) } ?? false
        }
        guard let schemaMessage, matches else {
            return try decode(withExtendedLifetime(buffer) { [UInt8](buffer.bytes) })
        }
        return try IPCReader.readBatches(
            BufferInput(buffer: buffer), from: schemaMessage.count, schema: schema,
            checksDecimalPrecision: checksDecimalPrecision)
    }

    /// Whether `bytes` begin with `prefix` (one `memcmp`: a shuffle compares the schema message of every stream).
    private static func starts(_ bytes: UnsafeRawBufferPointer, with prefix: [UInt8]) -> Bool {
        guard bytes.count >= prefix.count else { return false }
        guard !prefix.isEmpty else { return true }
        // Both are non-empty here, so both have a base address.
        return prefix.withUnsafeBytes { memcmp(bytes.baseAddress!, $0.baseAddress!, prefix.count) == 0 }
    }
}
