/// Drives the tokenizer and the column accumulators for `CSV.read`.
///
/// The accumulators live in a local of `readAll` and are passed `inout`, never stored in `self`: a closure that
/// captured `self` while a field's bytes were borrowed from it would copy them (and every column) on each value.
struct CSVReader {
    var tokenizer: CSVTokenizer
    let schema: Schema
    let options: CSVOptions
    let nullToken: [UInt8]

    init(bytes: UnsafeRawBufferPointer, schema: Schema, options: CSVOptions, fileName: String) {
        tokenizer = CSVTokenizer(bytes: bytes, options: options, fileName: fileName)
        self.schema = schema
        self.options = options
        nullToken = Array(options.nullToken.utf8)
    }

    mutating func readAll(batchSize: Int) throws -> [RecordBatch] {
        if options.hasHeader { try checkHeader() }
        let capacity = min(batchSize, max(16, tokenizer.bytes.count / max(1, 8 * schema.count)))
        var columns = schema.fields.map { CSVColumn(field: $0, capacity: capacity) }
        var batches: [RecordBatch] = []
        var rows = 0
        while try tokenizer.nextRecord() {
            try appendRecord(to: &columns)
            rows += 1
            if rows == batchSize {
                batches.append(try finishBatch(&columns))
                rows = 0
            }
        }
        if rows > 0 || batches.isEmpty { batches.append(try finishBatch(&columns)) }
        return batches
    }

    private func finishBatch(_ columns: inout [CSVColumn]) throws -> RecordBatch {
        let arrays = columns.indices.map { columns[$0].finish() }
        return try RecordBatch(schema: schema, columns: arrays)
    }

    private mutating func checkHeader() throws {
        guard try tokenizer.nextRecord() else { return }
        let count = fieldCount()
        guard count == schema.count else {
            throw error(
                at: count > schema.count ? schema.count : count - 1,
                "expected a header of \(schema.count) column names, found \(count)\(layoutHint)")
        }
        for (index, field) in schema.fields.enumerated() {
            let name = CSVReader.text(of: index, in: tokenizer)
            guard name == field.name else {
                throw error(
                    at: index, "the header names column \(index + 1) '\(name)', the schema calls it '\(field.name)'")
            }
        }
    }

    /// The delimiter as text for messages (`\t` for a tab).
    private var delimiterText: String {
        options.delimiter == 0x09 ? "\\t" : String(decoding: [options.delimiter], as: UTF8.self)
    }

    /// Why a field count may be off: the delimiter, quoting, and the trailing delimiter of `.tbl`.
    private var layoutHint: String {
        let trailing = options.trailingDelimiter ? ", every line ending with it" : ""
        return " (fields are separated by '\(delimiterText)'\(trailing); check the delimiter and quoting)"
    }

    /// True when the record ends with the empty field a trailing delimiter leaves.
    private var endsWithTrailingDelimiter: Bool {
        guard let last = tokenizer.fields.last, tokenizer.fields.count > 1 else { return false }
        return last.start == last.end && !last.quoted
    }

    /// The record's field count, less the empty field a trailing delimiter leaves.
    private func fieldCount() -> Int {
        options.trailingDelimiter && endsWithTrailingDelimiter ? tokenizer.fields.count - 1 : tokenizer.fields.count
    }

    private func appendRecord(to columns: inout [CSVColumn]) throws {
        let count = fieldCount()
        guard count == schema.count else {
            // Point at the first extra field, or at the last field of a short line.
            let index = count > schema.count ? schema.count : count - 1
            throw error(at: index, "expected \(schema.count) fields, found \(count)\(layoutHint)")
        }
        if options.trailingDelimiter && !endsWithTrailingDelimiter {
            throw error(
                at: count - 1,
                "expected the line to end with the delimiter '\(delimiterText)' after field \(count), found the end of the line (TPC-H .tbl lines end with '|')"
            )
        }
        for index in 0..<count {
            let span = tokenizer.fields[index]
            if span.usesScratch {
                try tokenizer.unescaped[index].withUnsafeBytes {
                    try appendValue($0, quoted: true, at: index, to: &columns)
                }
            } else {
                let text = UnsafeRawBufferPointer(rebasing: tokenizer.bytes[span.start..<span.end])
                try appendValue(text, quoted: span.quoted, at: index, to: &columns)
            }
        }
    }

    /// Appends one field's text to its column: NULL when it is the unquoted null token, else the parsed value.
    @inline(__always)
    private func appendValue(
        _ text: UnsafeRawBufferPointer, quoted: Bool, at index: Int, to columns: inout [CSVColumn]
    ) throws {
        if !quoted && text.count == nullToken.count && (nullToken.isEmpty || text.elementsEqual(nullToken)) {
            guard schema.fields[index].nullable else {
                let name = schema.fields[index].name
                throw error(
                    at: index,
                    "expected a value in field '\(name)' (\(index + 1) of \(schema.count)), which is not nullable, "
                        + "found the null token '\(options.nullToken)'")
            }
            columns[index].appendNull()
            return
        }
        guard columns[index].append(text) else { throw valueError(at: index, text) }
    }

    static func text(of index: Int, in tokenizer: CSVTokenizer) -> String {
        let span = tokenizer.fields[index]
        if span.usesScratch { return String(decoding: tokenizer.unescaped[index], as: UTF8.self) }
        return String(decoding: UnsafeRawBufferPointer(rebasing: tokenizer.bytes[span.start..<span.end]), as: UTF8.self)
    }

    private func valueError(at index: Int, _ text: UnsafeRawBufferPointer) -> ArrowError {
        let field = schema.fields[index]
        let found = String(decoding: text.prefix(80), as: UTF8.self)
        return error(
            at: index,
            "expected \(CSVReader.expectation(field.dataType)) in field '\(field.name)' (\(index + 1) of \(schema.count)), found '\(found)'"
        )
    }

    private func error(at index: Int, _ message: String) -> ArrowError {
        let fields = tokenizer.fields
        guard !fields.isEmpty else {
            return ArrowError.csv(file: tokenizer.fileName, line: tokenizer.recordLine, column: 1, message: message)
        }
        let span = fields[max(0, min(index, fields.count - 1))]
        let column = tokenizer.characterColumn(of: span)
        return ArrowError.csv(file: tokenizer.fileName, line: span.line, column: column, message: message)
    }

    static func expectation(_ type: DataType) -> String {
        switch type {
        case .boolean: return "a boolean (true, false, t, f, 1, 0)"
        case .int32: return "an int32 (a whole number from -2147483648 to 2147483647)"
        case .int64: return "an int64 (a whole number from -9223372036854775808 to 9223372036854775807)"
        case .float64: return "a float64 (a number)"
        case .decimal128(let p, let s): return "a decimal128(\(p), \(s)) (at most \(p - s) digits before the point)"
        case .date32: return "a date32 (YYYY-MM-DD, a day that exists)"
        case .utf8: return "valid UTF-8 text"
        }
    }
}
