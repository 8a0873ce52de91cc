/// Turns a record batch header and its body into arrays, validating every buffer (in bounds, aligned, large
/// enough) and every string offset before an array is built, so no decoded array can read out of bounds.
/// Buffers are copied out of an array input into 64-byte aligned `Buffer`s; a `Buffer` input hands out views of
/// itself where it can (`IPCInput.buffer(at:byteCount:)`).
struct IPCBatchDecoder<Input: IPCInput> {
    let bytes: Input
    let header: IPCRecordBatchHeader
    /// Where the message's metadata starts, for errors about the header.
    let metadataStart: Int
    let bodyStart: Int
    let bodyLength: Int
    /// False leaves decimals unchecked against their precision (only their buffers are checked).
    let checksDecimalPrecision: Bool
    private var nextBuffer = 0

    /// Decodes one record batch of `schema`.
    /// - Throws: `ArrowError.ipc` naming the byte offset and what was expected.
    static func decode(
        _ header: IPCRecordBatchHeader, schema: Schema, bytes: Input, metadataStart: Int, bodyStart: Int,
        bodyLength: Int, checksDecimalPrecision: Bool = true
    ) throws -> RecordBatch {
        var decoder = IPCBatchDecoder(
            bytes: bytes, header: header, metadataStart: metadataStart, bodyStart: bodyStart, bodyLength: bodyLength,
            checksDecimalPrecision: checksDecimalPrecision)
        return try decoder.decode(schema)
    }

    private init(
        bytes: Input, header: IPCRecordBatchHeader, metadataStart: Int, bodyStart: Int, bodyLength: Int,
        checksDecimalPrecision: Bool
    ) {
        self.bytes = bytes
        self.header = header
        self.metadataStart = metadataStart
        self.bodyStart = bodyStart
        self.bodyLength = bodyLength
        self.checksDecimalPrecision = checksDecimalPrecision
    }

    private func headerError(_ message: String) -> ArrowError {
        .ipc(offset: metadataStart, message: "record batch: \(message)")
    }

    private mutating func decode(_ schema: Schema) throws -> RecordBatch {
        guard header.nodes.count == schema.count else {
            throw headerError(
                "expected \(schema.count) field nodes (one per schema field), found \(header.nodes.count)")
        }
        let bufferCount = schema.fields.reduce(0) { $0 + ($1.dataType == .utf8 ? 3 : 2) }
        guard header.buffers.count == bufferCount else {
            throw headerError("expected \(bufferCount) buffers for schema \(schema), found \(header.buffers.count)")
        }
        if schema.fields.isEmpty { return RecordBatch(rowCount: header.length) }
        // Every column needs at least one bit per row, so a larger length is corrupt (and must not be allocated).
        guard header.length <= bodyLength * 8 else {
            throw headerError("length \(header.length) needs more than the \(bodyLength)-byte body holds")
        }
        var columns: [any ArrowArray] = []
        for (field, node) in zip(schema.fields, header.nodes) {
            guard node.length == header.length else {
                throw headerError("column '\(field.name)' has length \(node.length), expected \(header.length)")
            }
            guard node.nullCount >= 0, node.nullCount <= node.length else {
                throw headerError(
                    "column '\(field.name)' has null count \(node.nullCount), expected 0...\(node.length)")
            }
            columns.append(try decodeColumn(field, node))
        }
        do {
            let batch = try RecordBatch(schema: schema, columns: columns)
            for column in columns {
                if !checksDecimalPrecision, case .decimal128 = column.dataType,
                    let decimals = column as? Decimal128Array
                {
                    try decimals.checkLayout()
                } else {
                    try column.checkInvariants()
                }
            }
            return batch
        } catch let error as ArrowError {
            throw headerError("decoded data is invalid: \(error)")
        }
    }

    private mutating func decodeColumn(_ field: Field, _ node: IPCFieldNode) throws -> any ArrowArray {
        let validity = try decodeValidity(node, field.name)
        switch field.dataType {
        case .boolean:
            let values = try copy(nextSpan(field.name, "values"), byteCount: (node.length + 7) / 8, field.name)
            return BooleanArray(
                values: Bitmap(buffer: values, count: node.length), validity: validity, nullCount: node.nullCount)
        case .int32, .date32: return try decodePrimitive(Int32.self, field, node, validity)
        case .int64: return try decodePrimitive(Int64.self, field, node, validity)
        case .float64: return try decodePrimitive(Double.self, field, node, validity)
        case .decimal128: return try decodePrimitive(Int128.self, field, node, validity)
        case .utf8: return try decodeString(field, node, validity)
        }
    }

    private mutating func decodeValidity(_ node: IPCFieldNode, _ name: String) throws -> Bitmap? {
        let span = try nextSpan(name, "validity")
        // As in Arrow C++: a column without nulls needs no bitmap, whatever the buffer holds.
        guard node.nullCount > 0 else { return nil }
        let bitmap = Bitmap(buffer: try copy(span, byteCount: (node.length + 7) / 8, name), count: node.length)
        let nulls = node.length - bitmap.countSetBits()
        guard nulls == node.nullCount else {
            throw IPCBatchDecoder.bodyError(
                bodyStart + span.offset, "column '\(name)' declares \(node.nullCount) nulls, its bitmap has \(nulls)")
        }
        return bitmap
    }

    private mutating func decodePrimitive<T: ArrowPrimitive>(
        _: T.Type, _ field: Field, _ node: IPCFieldNode, _ validity: Bitmap?
    ) throws -> PrimitiveArray<T> {
        let span = try nextSpan(field.name, "values")
        let values = try copy(span, byteCount: node.length * MemoryLayout<T>.stride, field.name)
        return PrimitiveArray<T>(
            dataType: field.dataType, count: node.length, values: values, validity: validity, nullCount: node.nullCount)
    }

    private mutating func decodeString(_ field: Field, _ node: IPCFieldNode, _ validity: Bitmap?) throws -> StringArray
    {
        let offsetsSpan = try nextSpan(field.name, "offsets")
        let dataSpan = try nextSpan(field.name, "data")
        // An empty column may omit its offsets buffer entirely.
        let offsets =
            node.length == 0 && offsetsSpan.length == 0
            ? Buffer(copying: [Int32(0)])
            : try copy(offsetsSpan, byteCount: (node.length + 1) * 4, field.name)
        let data = try copy(dataSpan, byteCount: dataSpan.length, field.name)
        try withExtendedLifetime(offsets) {
            let values = UnsafeBufferPointer(
                start: offsets.pointer.assumingMemoryBound(to: Int32.self), count: node.length + 1)
            var previous: Int32 = 0
            for (index, offset) in values.enumerated() {
                guard offset >= previous, Int(offset) <= data.byteCount else {
                    throw IPCBatchDecoder.bodyError(
                        bodyStart + offsetsSpan.offset + 4 * index,
                        "column '\(field.name)' offset \(index) is \(offset); expected \(previous)...\(data.byteCount) "
                            + "(non-decreasing, within the \(data.byteCount)-byte data buffer)")
                }
                previous = offset
            }
        }
        return StringArray(
            count: node.length, offsets: offsets, data: data, validity: validity, nullCount: node.nullCount)
    }

    private static func bodyError(_ offset: Int, _ message: String) -> ArrowError {
        .ipc(offset: offset, message: message)
    }

    /// The next buffer span, checked to lie inside the body and start 8-byte aligned.
    private mutating func nextSpan(_ column: String, _ role: String) throws -> IPCBufferSpan {
        let index = nextBuffer
        nextBuffer += 1
        let span = header.buffers[index]
        guard span.offset >= 0, span.length >= 0, span.offset <= bodyLength, span.length <= bodyLength - span.offset
        else {
            throw headerError(
                "buffer \(index) (\(role) of column '\(column)') at \(span.offset) with length \(span.length) "
                    + "is outside the \(bodyLength)-byte body starting at byte \(bodyStart)")
        }
        guard span.offset % 8 == 0 else {
            throw headerError(
                "buffer \(index) (\(role) of column '\(column)') starts at \(span.offset), expected a multiple of 8")
        }
        return span
    }

    /// A copy of the first `byteCount` bytes of `span`, which must hold at least that many.
    private func copy(_ span: IPCBufferSpan, byteCount: Int, _ column: String) throws -> Buffer {
        guard span.length >= byteCount else {
            throw IPCBatchDecoder.bodyError(
                bodyStart + span.offset,
                "column '\(column)' buffer has \(span.length) bytes, expected at least \(byteCount) for \(header.length) rows"
            )
        }
        return bytes.buffer(at: bodyStart + span.offset, byteCount: byteCount)
    }
}
