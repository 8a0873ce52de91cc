extension CSV {
    /// Formats batches as CSV text: a header row when `options.hasHeader`, then one line per row (LF endings).
    /// Dates are ISO (`YYYY-MM-DD`), decimals keep their scale, floats print the shortest text that reads back
    /// exactly, NULL is the null token, and fields are quoted when they hold the delimiter, a quote, a line break,
    /// leading or trailing spaces, or text equal to the null token.
    public static func write(schema: Schema, batches: [RecordBatch], options: CSVOptions = .init()) -> [UInt8] {
        var output: [UInt8] = []
        if options.hasHeader {
            for (index, field) in schema.fields.enumerated() {
                if index > 0 { output.append(options.delimiter) }
                appendField(Array(field.name.utf8), options: options, to: &output)
            }
            if options.trailingDelimiter { output.append(options.delimiter) }
            output.append(0x0A)
        }
        for batch in batches { append(batch: batch, options: options, to: &output) }
        return output
    }

    /// Appends the rows of one batch (no header) to `output`.
    public static func append(batch: RecordBatch, options: CSVOptions, to output: inout [UInt8]) {
        let nullToken = Array(options.nullToken.utf8)
        for row in 0..<batch.rowCount {
            for (index, column) in batch.columns.enumerated() {
                if index > 0 { output.append(options.delimiter) }
                if column.isNull(row) {
                    output.append(contentsOf: nullToken)
                } else {
                    appendValue(column, row, options: options, nullToken: nullToken, to: &output)
                }
            }
            if options.trailingDelimiter { output.append(options.delimiter) }
            output.append(0x0A)
        }
    }

    private static func appendValue(
        _ column: any ArrowArray, _ row: Int, options: CSVOptions, nullToken: [UInt8], to output: inout [UInt8]
    ) {
        switch column {
        case let strings as StringArray:
            withExtendedLifetime(strings) {
                let bytes = strings.bytes(row)
                if needsQuotes(bytes, options: options, nullToken: nullToken) {
                    appendQuoted(bytes, options: options, to: &output)
                } else {
                    output.append(contentsOf: bytes)
                }
            }
        default:
            // Numbers, dates and booleans never hold the delimiter, quotes or spaces; quote one only when its text
            // equals the null token, so it reads back as a value.
            let text = Array(column.scalar(at: row).description.utf8)
            if text == nullToken {
                text.withUnsafeBytes { appendQuoted($0, options: options, to: &output) }
            } else {
                output.append(contentsOf: text)
            }
        }
    }

    private static func appendField(_ bytes: [UInt8], options: CSVOptions, to output: inout [UInt8]) {
        bytes.withUnsafeBytes { raw in
            if needsQuotes(raw, options: options, nullToken: []) {
                appendQuoted(raw, options: options, to: &output)
            } else {
                output.append(contentsOf: raw)
            }
        }
    }

    private static func needsQuotes(_ bytes: UnsafeRawBufferPointer, options: CSVOptions, nullToken: [UInt8]) -> Bool {
        if bytes.elementsEqual(nullToken) { return true }
        if let first = bytes.first, first == 0x20 || first == options.quote { return true }
        if let last = bytes.last, last == 0x20 { return true }
        for byte in bytes where byte == options.delimiter || byte == options.quote || byte == 0x0A || byte == 0x0D {
            return true
        }
        return false
    }

    private static func appendQuoted(_ bytes: UnsafeRawBufferPointer, options: CSVOptions, to output: inout [UInt8]) {
        output.append(options.quote)
        for byte in bytes {
            if byte == options.quote { output.append(options.quote) }
            output.append(byte)
        }
        output.append(options.quote)
    }
}
