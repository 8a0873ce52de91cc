/// Accumulates one column's parsed values while the CSV reader fills a batch, then freezes them into an array.
/// Exactly one of the typed value arrays is used, chosen by the field's type.
struct CSVColumn {
    let field: Field
    private let capacity: Int
    private var booleans: [Bool] = []
    private var int32s: [Int32] = []  // int32 and date32
    private var int64s: [Int64] = []
    private var doubles: [Double] = []
    private var decimals: [Int128] = []
    private var stringData: [UInt8] = []
    private var stringOffsets: [Int32] = [0]
    /// Element validity, kept only once a NULL has arrived (`count` elements then).
    private var validity: [Bool] = []
    private var count = 0
    private var nullCount = 0
    private var doubleScratch = [CChar](repeating: 0, count: 64)

    /// An empty column expecting about `capacity` values per batch.
    init(field: Field, capacity: Int = 1024) {
        self.field = field
        self.capacity = capacity
        reserve()
    }

    private mutating func reserve() {
        switch field.dataType {
        case .boolean: booleans.reserveCapacity(capacity)
        case .int32, .date32: int32s.reserveCapacity(capacity)
        case .int64: int64s.reserveCapacity(capacity)
        case .float64: doubles.reserveCapacity(capacity)
        case .decimal128: decimals.reserveCapacity(capacity)
        case .utf8: stringOffsets.reserveCapacity(capacity + 1)
        }
    }

    /// Appends a NULL.
    mutating func appendNull() {
        if nullCount == 0 {
            validity.reserveCapacity(capacity)
            validity.append(contentsOf: repeatElement(true, count: count))
        }
        nullCount += 1
        count += 1
        validity.append(false)
        switch field.dataType {
        case .boolean: booleans.append(false)
        case .int32, .date32: int32s.append(0)
        case .int64: int64s.append(0)
        case .float64: doubles.append(0)
        case .decimal128: decimals.append(0)
        case .utf8: stringOffsets.append(Int32(stringData.count))
        }
    }

    /// Parses `text` as the column's type and appends it; returns false (appending nothing) when the text is not a
    /// valid value of the type.
    mutating func append(_ text: UnsafeRawBufferPointer) -> Bool {
        switch field.dataType {
        case .boolean:
            guard let b = CSVColumn.parseBoolean(text) else { return false }
            booleans.append(b)
        case .int32:
            guard let n = Compute.parseInteger(text), let m = Int32(exactly: n) else { return false }
            int32s.append(m)
        case .int64:
            guard let n = Compute.parseInteger(text) else { return false }
            int64s.append(n)
        case .float64:
            guard let d = Compute.parseDouble(text, &doubleScratch) else { return false }
            doubles.append(d)
        case .decimal128(let p, let s):
            guard
                let d = CSVColumn.parseShortDecimal(text, precision: p, scale: s)
                    ?? Decimal128.parse(bytes: text, precision: p, scale: s)
            else { return false }
            decimals.append(d)
        case .date32:
            guard let d = Date32.parse(bytes: text) else { return false }
            int32s.append(d)
        case .utf8:
            guard CSVColumn.isValidUTF8(text), stringData.count + text.count <= Int(Int32.max) else { return false }
            stringData.append(contentsOf: text)
            stringOffsets.append(Int32(stringData.count))
        }
        count += 1
        if nullCount > 0 { validity.append(true) }
        return true
    }

    /// Freezes the accumulated values into an array and empties the column for the next batch.
    mutating func finish() -> any ArrowArray {
        let count = self.count
        let nulls = nullCount
        let bitmap: Bitmap? = nulls == 0 ? nil : Bitmap(bits: validity)
        let type = field.dataType
        let array: any ArrowArray
        switch type {
        case .boolean:
            array = BooleanArray(values: Bitmap(bits: booleans), validity: bitmap, nullCount: nulls)
        case .int32, .date32:
            array = Int32Array(dataType: type, count: count, values: Buffer(copying: int32s), validity: bitmap)
        case .int64:
            array = Int64Array(dataType: type, count: count, values: Buffer(copying: int64s), validity: bitmap)
        case .float64:
            array = Float64Array(dataType: type, count: count, values: Buffer(copying: doubles), validity: bitmap)
        case .decimal128:
            array = Decimal128Array(dataType: type, count: count, values: Buffer(copying: decimals), validity: bitmap)
        case .utf8:
            array = StringArray(
                count: count, offsets: Buffer(copying: stringOffsets), data: Buffer(copying: stringData),
                validity: bitmap, nullCount: nulls)
        }
        self = CSVColumn(field: field, capacity: capacity)
        return array
    }

    /// `true`/`false`/`t`/`f`/`1`/`0`, any letter case, surrounding spaces allowed. Allocates nothing.
    static func parseBoolean(_ text: UnsafeRawBufferPointer) -> Bool? {
        let t = Compute.trimmed(text)
        func equalsIgnoringCase(_ word: StaticString) -> Bool {
            guard t.count == word.utf8CodeUnitCount else { return false }
            let letters = word.utf8Start
            for k in 0..<t.count where t[k] | 0x20 != letters[k] { return false }
            return true
        }
        if equalsIgnoringCase("true") || equalsIgnoringCase("t") || (t.count == 1 && t[0] == UInt8(ascii: "1")) {
            return true
        }
        if equalsIgnoringCase("false") || equalsIgnoringCase("f") || (t.count == 1 && t[0] == UInt8(ascii: "0")) {
            return false
        }
        return nil
    }

    /// The common decimal text (`-12.34`: an optional `-`, at most 18 digits, at most `scale` of them after the
    /// point, nothing else) parsed in 64-bit arithmetic; nil for anything else, which `Decimal128.parse` then
    /// handles (spaces, `+`, rounding of extra digits, wide values, errors). Agrees with it wherever it answers.
    static func parseShortDecimal(_ text: UnsafeRawBufferPointer, precision: Int, scale: Int) -> Int128? {
        var index = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { index = 1 }
        guard text.count - index <= 18, index < text.count else { return nil }
        var value: Int64 = 0
        var digits = 0
        var fractionDigits = -1  // -1 until the point
        while index < text.count {
            let byte = text[index]
            index += 1
            if byte == UInt8(ascii: ".") {
                guard fractionDigits < 0 else { return nil }
                fractionDigits = 0
                continue
            }
            let digit = byte &- 48
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int64(digit)
            digits += 1
            if fractionDigits >= 0 { fractionDigits += 1 }
        }
        let fraction = max(0, fractionDigits)
        guard digits > 0, fraction <= scale else { return nil }
        // At most precision - scale digits before the point keeps the scaled value below 10^precision <= 10^38.
        guard digits - fraction <= precision - scale else { return nil }
        let (scaled, overflow) = Int128(value).multipliedReportingOverflow(by: Decimal128.powerOfTen(scale - fraction))
        guard !overflow, scaled < Decimal128.powerOfTen(precision) else { return nil }
        return negative ? -scaled : scaled
    }

    /// True when the bytes are valid UTF-8 (ASCII fast path; never allocates).
    static func isValidUTF8(_ text: UnsafeRawBufferPointer) -> Bool {
        if text.allSatisfy({ $0 < 0x80 }) { return true }
        // The standard library's decoder checks overlong forms, surrogates and truncation without allocating.
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = text.makeIterator()
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
