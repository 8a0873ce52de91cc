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
        withExtendedLifetime(batch) {
            let columns = batch.columns.map(CSVColumnView.init)
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
}

/// A column's buffers as raw pointers, read once per batch: writing a value is then a switch on a plain enum, with
/// no dynamic cast and no reference counting. Valid only while the array it was made from is alive.
struct CSVColumnView {
    enum Kind { case boolean, int32, int64, float64, decimal128, date32, utf8 }

    let kind: Kind
    let scale: Int
    /// Fixed-width values (element 0 first), or the boolean value bits.
    let values: UnsafeRawPointer
    /// The bit index of element 0 in `values`, for booleans.
    let valueBitOffset: Int
    let validity: UnsafeRawPointer?
    let validityBitOffset: Int
    /// utf8: the offset of element 0's start in `offsets`, and the string bytes.
    let offsets: UnsafeRawPointer?
    let data: UnsafeRawPointer?

    init(_ column: any ArrowArray) {
        validity = column.validity.map { UnsafeRawPointer($0.buffer.pointer) }
        validityBitOffset = column.validity?.offset ?? 0
        var scale = 0
        var bitOffset = 0
        var offsets: UnsafeRawPointer? = nil
        var data: UnsafeRawPointer? = nil
        switch column {
        case let a as BooleanArray:
            kind = .boolean
            values = UnsafeRawPointer(a.values.buffer.pointer)
            bitOffset = a.values.offset
        case let a as StringArray:
            kind = .utf8
            values = UnsafeRawPointer(a.offsets.pointer)
            offsets = UnsafeRawPointer(a.offsets.pointer) + a.offsetIndex * 4
            data = UnsafeRawPointer(a.data.pointer)
        case let a as Int32Array:
            kind = a.dataType == .date32 ? .date32 : .int32
            values = UnsafeRawPointer(a.values.pointer) + a.valueOffset * 4
        case let a as Int64Array:
            kind = .int64
            values = UnsafeRawPointer(a.values.pointer) + a.valueOffset * 8
        case let a as Float64Array:
            kind = .float64
            values = UnsafeRawPointer(a.values.pointer) + a.valueOffset * 8
        case let a as Decimal128Array:
            kind = .decimal128
            if case .decimal128(_, let s) = a.dataType { scale = s }
            values = UnsafeRawPointer(a.values.pointer) + a.valueOffset * 16
        default:
            preconditionFailure("CSV cannot write a \(column.dataType) column stored as \(type(of: column))")
        }
        self.scale = scale
        valueBitOffset = bitOffset
        self.offsets = offsets
        self.data = data
    }

    @inline(__always)
    static func bit(_ base: UnsafeRawPointer, _ index: Int) -> Bool {
        base.load(fromByteOffset: index >> 3, as: UInt8.self) & (1 << UInt8(index & 7)) != 0
    }

    @inline(__always)
    func isNull(_ row: Int) -> Bool {
        guard let validity else { return false }
        return !CSVColumnView.bit(validity, validityBitOffset &+ row)
    }

    @inline(__always)
    func load<T: BitwiseCopyable>(_ row: Int, as type: T.Type) -> T {
        values.loadUnaligned(fromByteOffset: row &* MemoryLayout<T>.stride, as: T.self)
    }

    /// The bytes of string `row`.
    @inline(__always)
    func bytes(_ row: Int) -> UnsafeRawBufferPointer {
        let start = Int(offsets!.load(fromByteOffset: row &* 4, as: Int32.self))
        let end = Int(offsets!.load(fromByteOffset: (row &+ 1) &* 4, as: Int32.self))
        return UnsafeRawBufferPointer(start: data! + start, count: end &- start)
    }
}

/// Writes single field values as CSV text under one set of options.
struct CSVFieldWriter {
    let options: CSVOptions
    let nullToken: [UInt8]
    /// The bytes that force quotes (delimiter, quote, CR, LF) as a 256-bit set, four words of 64.
    private let special: SIMD4<UInt64>

    init(options: CSVOptions) {
        self.options = options
        nullToken = Array(options.nullToken.utf8)
        var special = SIMD4<UInt64>(repeating: 0)
        for byte in [options.delimiter, options.quote, 0x0A, 0x0D] {
            special[Int(byte >> 6)] |= 1 << UInt64(byte & 63)
        }
        self.special = special
    }

    /// Appends the text of row `row` of `column` (the null token for NULL).
    @inline(__always)
    func append(_ column: CSVColumnView, _ row: Int, to output: inout [UInt8]) {
        if column.isNull(row) { return output.append(contentsOf: nullToken) }
        switch column.kind {
        case .boolean:
            appendPlain(CSVColumnView.bit(column.values, column.valueBitOffset &+ row) ? "true" : "false", to: &output)
        case .int32: appendNumber(Int128(column.load(row, as: Int32.self)), scale: 0, to: &output)
        case .int64: appendNumber(Int128(column.load(row, as: Int64.self)), scale: 0, to: &output)
        case .decimal128: appendNumber(column.load(row, as: Int128.self), scale: column.scale, to: &output)
        case .date32: appendDate(column.load(row, as: Int32.self), to: &output)
        case .float64:
            let value = column.load(row, as: Double.self)
            // Scalar.format prints -0.0 as "0"; CSV keeps the sign so the value reads back bit for bit.
            var text = value == 0 && value.sign == .minus ? "-0" : Scalar.format(value)
            text.withUTF8 { appendText(UnsafeRawBufferPointer($0), to: &output) }
        case .utf8: appendText(column.bytes(row), to: &output)
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
        for byte in bytes where (special[Int(byte &>> 6)] &>> UInt64(byte & 63)) & 1 != 0 { return true }
        return false
    }
}
