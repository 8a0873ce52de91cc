/// One value of any ArrowLite type, or null. Used for column–scalar kernels, literals and display.
public enum Scalar: Hashable, Sendable, CustomStringConvertible {
    case null
    case boolean(Bool)
    case int32(Int32)
    case int64(Int64)
    case float64(Double)
    /// An unscaled 128-bit value with its precision and scale.
    case decimal(Int128, precision: Int, scale: Int)
    /// Days since 1970-01-01.
    case date32(Int32)
    case utf8(String)

    /// The type of a non-null scalar; nil for `.null`.
    public var dataType: DataType? {
        switch self {
        case .null: return nil
        case .boolean: return .boolean
        case .int32: return .int32
        case .int64: return .int64
        case .float64: return .float64
        case .decimal(_, let p, let s): return .decimal128(precision: p, scale: s)
        case .date32: return .date32
        case .utf8: return .utf8
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The text form used by `data cat`, CSV and SQL results: ISO dates, decimals with their scale.
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .boolean(let b): return b ? "true" : "false"
        case .int32(let v): return String(v)
        case .int64(let v): return String(v)
        case .float64(let v): return Scalar.format(v)
        case .decimal(let v, _, let s): return Decimal128.format(v, scale: s)
        case .date32(let d): return Date32.format(d)
        case .utf8(let s): return s
        }
    }

    /// Shortest round-tripping text for a double, without a trailing ".0" for integral values below 2^53.
    public static func format(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        if v == v.rounded(), abs(v) < 9_007_199_254_740_992 { return String(Int64(v)) }
        return String(v)
    }
}

/// Helpers for decimal128 values stored as unscaled `Int128`.
public enum Decimal128 {
    /// 10^n for n in 0...38.
    public static func powerOfTen(_ n: Int) -> Int128 {
        precondition(n >= 0 && n <= 38, "10^\(n) is outside decimal128")
        return powers[n]
    }

    static let powers: [Int128] = {
        var p: [Int128] = [1]
        for _ in 1...38 { p.append(p.last! * 10) }
        return p
    }()

    /// Formats an unscaled value with `scale` digits after the point: `format(-1234, scale: 2) == "-12.34"`.
    public static func format(_ value: Int128, scale: Int) -> String {
        let negative = value < 0
        let magnitude = value.magnitude
        var digits = String(magnitude)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return negative ? "-" + digits : digits
    }

    /// Parses decimal text (`"-12.3"`, `"5"`, `"1e2"` is rejected) to an unscaled value at `scale`, rounding
    /// half away from zero when the text has more fractional digits.
    /// - Throws: `ArrowError.invalidValue` when the text is not a decimal or does not fit `precision`.
    public static func parse(_ text: Substring, precision: Int, scale: Int) throws -> Int128 {
        var utf8 = Array(text.utf8)
        while let f = utf8.first, f == 0x20 { utf8.removeFirst() }
        while let l = utf8.last, l == 0x20 { utf8.removeLast() }
        let target = "decimal128(\(precision), \(scale))"
        func fail() -> ArrowError {
            ArrowError.invalidValue(value: String(text), target: target, hint: "expected digits with an optional sign and point")
        }
        var i = 0
        var negative = false
        if i < utf8.count, utf8[i] == UInt8(ascii: "-") || utf8[i] == UInt8(ascii: "+") {
            negative = utf8[i] == UInt8(ascii: "-")
            i += 1
        }
        var value: Int128 = 0
        var fractionDigits = 0
        var sawPoint = false
        var sawDigit = false
        var firstDropped: UInt8? = nil
        let limit = powerOfTen(min(38, precision))
        while i < utf8.count {
            let c = utf8[i]
            if c == UInt8(ascii: ".") {
                if sawPoint { throw fail() }
                sawPoint = true
            } else if c >= 48 && c <= 57 {
                sawDigit = true
                if sawPoint && fractionDigits == scale {
                    if firstDropped == nil { firstDropped = c }
                } else {
                    value = value * 10 + Int128(c - 48)
                    if sawPoint { fractionDigits += 1 }
                    if value >= limit * 10 { throw overflow(text, target) }
                }
            } else {
                throw fail()
            }
            i += 1
        }
        if !sawDigit { throw fail() }
        while fractionDigits < scale {
            value *= 10
            fractionDigits += 1
        }
        if let d = firstDropped, d >= UInt8(ascii: "5") { value += 1 }
        if value >= limit { throw overflow(text, target) }
        return negative ? -value : value
    }

    private static func overflow(_ text: Substring, _ target: String) -> ArrowError {
        ArrowError.invalidValue(value: String(text), target: target, hint: "the value has more digits than the precision allows")
    }
}
