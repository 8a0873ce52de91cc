/// Splits CSV bytes into records of fields, tracking line and column for error messages.
///
/// Fields are reported as byte ranges into the input; a quoted field containing doubled quotes is unescaped into a
/// scratch buffer kept per field position and reused from record to record. Lines end with LF or CRLF; blank lines
/// are skipped.
struct CSVTokenizer {
    /// One field of the current record.
    struct FieldSpan {
        /// Start and end byte offsets of the raw field text (inside quotes for quoted fields).
        var start: Int
        var end: Int
        /// True for a quoted field (never NULL).
        var quoted: Bool
        /// True when `unescaped` holds the field's value (a quoted field with doubled quotes).
        var usesScratch: Bool
        /// The 1-based line where the field starts, and the byte offsets of that line's start and of the field's
        /// first byte (its opening quote, when quoted).
        var line: Int
        var lineStart: Int
        var firstByte: Int
    }

    let bytes: UnsafeRawBufferPointer
    let options: CSVOptions
    let fileName: String
    private(set) var position = 0
    private(set) var line = 1
    private var lineStart = 0
    /// The fields of the record last returned by `nextRecord`.
    private(set) var fields: [FieldSpan] = []
    /// Unescaped text of quoted fields with doubled quotes, indexed by field number.
    private(set) var unescaped: [[UInt8]] = []
    /// The line on which the last record started.
    private(set) var recordLine = 1

    init(bytes: UnsafeRawBufferPointer, options: CSVOptions, fileName: String) {
        self.bytes = bytes
        self.options = options
        self.fileName = fileName
    }

    /// Reads the next record into `fields`; false at the end of input.
    /// - Throws: `ArrowError.csv` for an unterminated quote or text after a closing quote.
    mutating func nextRecord() throws -> Bool {
        // Skip blank lines.
        while position < bytes.count, bytes[position] == 0x0A || isCRLF(at: position) {
            position += bytes[position] == 0x0A ? 1 : 2
            line += 1
            lineStart = position
        }
        guard position < bytes.count else { return false }
        fields.removeAll(keepingCapacity: true)
        recordLine = line
        while true {
            try readField()
            if position >= bytes.count { return true }
            let byte = bytes[position]
            if byte == options.delimiter {
                position += 1
                if position >= bytes.count || bytes[position] == 0x0A || isCRLF(at: position) {
                    // A delimiter at the end of a line opens one last, empty field.
                    appendField(start: position, end: position, quoted: false, scratch: false)
                    consumeLineEnd()
                    return true
                }
                continue
            }
            consumeLineEnd()
            return true
        }
    }

    /// The 1-based column (in characters) of a field, for error messages.
    func characterColumn(of field: FieldSpan) -> Int {
        characterColumn(lineStart: field.lineStart, offset: field.firstByte)
    }

    /// The 1-based character column of byte `offset` on the line starting at byte `lineStart`.
    func characterColumn(lineStart: Int, offset: Int) -> Int {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<offset]), as: UTF8.self).count + 1
    }

    private func isCRLF(at index: Int) -> Bool {
        bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A
    }

    private mutating func consumeLineEnd() {
        guard position < bytes.count else { return }
        position += bytes[position] == 0x0A ? 1 : 2
        line += 1
        lineStart = position
    }

    private mutating func appendField(start: Int, end: Int, quoted: Bool, scratch: Bool) {
        fields.append(
            FieldSpan(
                start: start, end: end, quoted: quoted, usesScratch: scratch, line: line, lineStart: lineStart,
                firstByte: start))
    }

    private mutating func readField() throws {
        if position < bytes.count && bytes[position] == options.quote {
            try readQuotedField()
            return
        }
        let start = position
        position = unquotedFieldEnd(from: start)
        appendField(start: start, end: position, quoted: false, scratch: false)
    }

    /// The offset of the delimiter, LF or CRLF that ends the unquoted field starting at `start` (or the input's end).
    /// Skips eight bytes at a time while none of them is the delimiter, LF or CR.
    private func unquotedFieldEnd(from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let end = bytes.count
        let delimiter = options.delimiter
        var index = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let delimiters = ones &* UInt64(delimiter)
        let lineFeeds = ones &* 0x0A
        let carriageReturns = ones &* 0x0D
        /// True when some byte of `word` is zero (exact, the classic bit trick).
        func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highBits != 0 }
        while index &+ 8 <= end {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if hasZeroByte(word ^ delimiters) || hasZeroByte(word ^ lineFeeds) || hasZeroByte(word ^ carriageReturns) {
                break
            }
            index &+= 8
        }
        while index < end {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte == delimiter || byte == 0x0A { break }
            if byte == 0x0D && index &+ 1 < end && base.load(fromByteOffset: index &+ 1, as: UInt8.self) == 0x0A {
                break
            }
            index &+= 1
        }
        return index
    }

    private mutating func readQuotedField() throws {
        let openLine = line
        let openLineStart = lineStart
        let openByte = position
        position += 1
        let start = position
        // After the first doubled quote, the unescaped text goes to this field's reused scratch buffer.
        let index = fields.count
        var usesScratch = false
        while true {
            guard position < bytes.count else {
                throw ArrowError.csv(
                    file: fileName, line: openLine, column: characterColumn(lineStart: openLineStart, offset: openByte),
                    message: "the quoted field opened here never closes (expected a closing quote before the end)")
            }
            let byte = bytes[position]
            if byte == 0x0A {
                line += 1
                lineStart = position + 1
            }
            if byte == options.quote {
                if position + 1 < bytes.count && bytes[position + 1] == options.quote {
                    if !usesScratch {
                        while unescaped.count <= index { unescaped.append([]) }
                        unescaped[index].removeAll(keepingCapacity: true)
                        unescaped[index].append(contentsOf: bytes[start..<position])
                        usesScratch = true
                    }
                    unescaped[index].append(options.quote)
                    position += 2
                    continue
                }
                break
            }
            if usesScratch { unescaped[index].append(byte) }
            position += 1
        }
        let end = position
        position += 1  // the closing quote
        if position < bytes.count, bytes[position] != options.delimiter, bytes[position] != 0x0A, !isCRLF(at: position)
        {
            let found = String(decoding: [bytes[position]], as: UTF8.self)
            throw ArrowError.csv(
                file: fileName, line: line, column: characterColumn(lineStart: lineStart, offset: position),
                message: "expected a delimiter or the end of the line after a closing quote, found '\(found)'")
        }
        fields.append(
            FieldSpan(
                start: start, end: end, quoted: true, usesScratch: usesScratch, line: openLine,
                lineStart: openLineStart, firstByte: openByte))
    }
}
