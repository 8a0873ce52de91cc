extension CSV {
    /// Formats batches as CSV text: a header row when `options.hasHeader`, then one line per row (LF endings).
    ///
    /// Dates are ISO (`YYYY-MM-DD`), decimals keep their scale, floats print the shortest text that reads back
    /// exactly, NULL is the null token. A field is quoted when it holds the delimiter, the quote, a line break,
    /// leading or trailing spaces, or text equal to the null token. In the `.tbl` layout (`trailingDelimiter`)
    /// spaces are not quoted: `.tbl` readers (dbgen's consumers, and ours) keep text verbatim, so TPC-H comments such
    /// as `"ly final dependencies: slyly bold "` round-trip byte for byte.
    /// - Complexity: O(bytes written); no allocation per value except for float64 text.
    public static func write(schema: Schema, batches: [RecordBatch], options: CSVOptions = .init()) -> [UInt8] {
        var output: [UInt8] = []
        let estimate = batches.reduce(0) { $0 + $1.rowCount } * max(1, schema.count) * 8
        output.reserveCapacity(estimate)
        if options.hasHeader {
            let writer = CSVFieldWriter(options: options)
            for (index, field) in schema.fields.enumerated() {
                if index > 0 { output.append(options.delimiter) }
                var name = field.name
                name.withUTF8 { writer.appendText(UnsafeRawBufferPointer($0), to: &output) }
            }
            if options.trailingDelimiter { output.append(options.delimiter) }
            output.append(0x0A)
        }
        for batch in batches { append(batch: batch, options: options, to: &output) }
        return output
    }

    /// Appends the rows of one batch (no header) to `output`, formatted as `write` does.
    public static func append(batch: RecordBatch, options: CSVOptions, to output: inout [UInt8]) {
        let writer = CSVFieldWriter(options: options)
        let columns = batch.columns.map(CSVColumnText.init)
        for row in 0..<batch.rowCount {
            for index in columns.indices {
                if index > 0 { output.append(options.delimiter) }
                writer.append(columns[index], row, to: &output)
            }
            if options.trailingDelimiter { output.append(options.delimiter) }
            output.append(0x0A)
        }
    }
}

/// A column cast once to its concrete array type, so writing a value is an enum switch, not a dynamic cast.
enum CSVColumnText {
    case boolean(BooleanArray)
    case int32(Int32Array)
    case int64(Int64Array)
    case float64(Float64Array)
    case decimal128(Decimal128Array, scale: Int)
    case date32(Date32Array)
    case utf8(StringArray)

    init(_ column: any ArrowArray) {
        switch column.dataType {
        case .boolean: self = .boolean(column as! BooleanArray)
        case .int32: self = .int32(column as! Int32Array)
        case .int64: self = .int64(column as! Int64Array)
        case .float64: self = .float64(column as! Float64Array)
        case .decimal128(_, let scale): self = .decimal128(column as! Decimal128Array, scale: scale)
        case .date32: self = .date32(column as! Date32Array)
        case .utf8: self = .utf8(column as! StringArray)
        }
    }
}

/// Writes single field values as CSV text under one set of options.
struct CSVFieldWriter {
    let options: CSVOptions
    let nullToken: [UInt8]

    init(options: CSVOptions) {
        self.options = options
        nullToken = Array(options.nullToken.utf8)
    }

    /// Appends the text of row `row` of `column` (the null token for NULL).
    @inline(__always)
    func append(_ column: CSVColumnText, _ row: Int, to output: inout [UInt8]) {
        switch column {
        case .boolean(let a):
            if a.isNull(row) { return appendNull(to: &output) }
            appendPlain(a.value(row) ? "true" : "false", to: &output)
        case .int32(let a):
            if a.isNull(row) { return appendNull(to: &output) }
            appendNumber(Int128(a.value(row)), scale: 0, to: &output)
        case .int64(let a):
            if a.isNull(row) { return appendNull(to: &output) }
            appendNumber(Int128(a.value(row)), scale: 0, to: &output)
        case .decimal128(let a, let scale):
            if a.isNull(row) { return appendNull(to: &output) }
            appendNumber(a.value(row), scale: scale, to: &output)
        case .date32(let a):
            if a.isNull(row) { return appendNull(to: &output) }
            appendDate(a.value(row), to: &output)
        case .float64(let a):
            if a.isNull(row) { return appendNull(to: &output) }
            let value = a.value(row)
            // Scalar.format prints -0.0 as "0"; CSV keeps the sign so the value reads back bit for bit.
            var text = value == 0 && value.sign == .minus ? "-0" : Scalar.format(value)
            text.withUTF8 { appendText(UnsafeRawBufferPointer($0), to: &output) }
        case .utf8(let a):
            if a.isNull(row) { return appendNull(to: &output) }
            withExtendedLifetime(a) { appendText(a.bytes(row), to: &output) }
        }
    }

    private func appendNull(to output: inout [UInt8]) { output.append(contentsOf: nullToken) }

    /// Appends ASCII text that needs quotes only when it equals the null token (numbers, dates, booleans).
    private func appendPlain(_ text: StaticString, to output: inout [UInt8]) {
        appendText(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount), to: &output)
    }

    /// Appends `value / 10^scale` with exactly `scale` fraction digits, digit by digit (no String).
    private func appendNumber(_ value: Int128, scale: Int, to output: inout [UInt8]) {
        // 39 digits, a sign, a point and a leading zero fit in 48 bytes.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            var wide = value.magnitude
            var end = 48
            var written = 0
            func put(_ digit: UInt8) {
                if scale > 0 && written == scale {
                    end -= 1
                    buffer[end] = UInt8(ascii: ".")
                }
                end -= 1
                buffer[end] = 48 + digit
                written += 1
            }
            // 128-bit division is slow: divide in 128 bits only while the value does not fit 64.
            while wide > UInt128(UInt64.max) {
                put(UInt8(wide % 10))
                wide /= 10
            }
            var narrow = UInt64(wide)
            while narrow > 0 || written <= scale {
                put(UInt8(narrow % 10))
                narrow /= 10
            }
            if value < 0 {
                end -= 1
                buffer[end] = UInt8(ascii: "-")
            }
            appendText(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[end..<48])), to: &output)
        }
    }

    /// Appends a date as `Date32.format` does, without a String for the usual four-digit years.
    private func appendDate(_ days: Int32, to output: inout [UInt8]) {
        let (year, month, day) = Date32.civil(days)
        guard (0...9999).contains(year) else {
            var text = Date32.format(days)
            return text.withUTF8 { appendText(UnsafeRawBufferPointer($0), to: &output) }
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { buffer in
            for (index, value) in [(0, year / 100), (2, year % 100), (5, month), (8, day)] {
                buffer[index] = UInt8(48 + value / 10)
                buffer[index + 1] = UInt8(48 + value % 10)
            }
            buffer[4] = UInt8(ascii: "-")
            buffer[7] = UInt8(ascii: "-")
            appendText(UnsafeRawBufferPointer(buffer), to: &output)
        }
    }

    /// Appends text, quoted (with doubled quotes) when it would not read back as itself.
    func appendText(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        guard needsQuotes(bytes) else { return output.append(contentsOf: bytes) }
        output.append(options.quote)
        for byte in bytes {
            if byte == options.quote { output.append(options.quote) }
            output.append(byte)
        }
        output.append(options.quote)
    }

    private func needsQuotes(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if bytes.count == nullToken.count && bytes.elementsEqual(nullToken) { return true }
        if !options.trailingDelimiter {
            if let first = bytes.first, first == 0x20 { return true }
            if let last = bytes.last, last == 0x20 { return true }
        }
        if let first = bytes.first, first == options.quote { return true }
        for byte in bytes where byte == options.delimiter || byte == options.quote || byte == 0x0A || byte == 0x0D {
            return true
        }
        return false
    }
}
