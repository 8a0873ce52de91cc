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
    /// True when a value at scale `from` can be brought to scale `to` and precision `precision` by one multiply
    /// by a power of ten: `0 ≤ from ≤ to ≤ 38` and `precision ≤ 38`.
    static func scalesUp(from: Int, to: Int, _ precision: Int) -> Bool {
        0 <= from && from <= to && to <= 38 && precision <= 38
    }

    /// `a * b`, or nil when it overflows `Int128`. Operands that fit 64 bits (most decimals) take one 64 × 64 →
    /// 128-bit multiply, which cannot overflow; others take `Int128`'s checked multiply (a library call).
    @inline(__always)
    public static func product(_ a: Int128, _ b: Int128) -> Int128? {
        let (x, y) = (Int64(truncatingIfNeeded: a), Int64(truncatingIfNeeded: b))
        if Int128(x) == a && Int128(y) == b {
            let (high, low) = x.multipliedFullWidth(by: y)
            return Int128(high) << 64 | Int128(low)
        }
        let (r, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : r
    }

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

    /// Parses decimal text (`"-12.3"`, `"5"`, `".5"`; exponents are rejected) to an unscaled value at `scale`,
    /// rounding half away from zero when the text has more fractional digits.
    /// - Throws: `ArrowError.invalidValue` when the text is not a decimal or does not fit `precision`.
    public static func parse(_ text: Substring, precision: Int, scale: Int) throws -> Int128 {
        var copy = String(text)
        let value = copy.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0), precision: precision, scale: scale) }
        guard let value else {
            throw ArrowError.invalidValue(
                value: String(text), target: "decimal128(\(precision), \(scale))",
                hint: "expected digits with an optional sign and point, at most \(precision) digits")
        }
        return value
    }

    /// Parses decimal text from UTF-8 bytes (surrounding spaces and tabs allowed) to an unscaled value at `scale`,
    /// rounding half away from zero; nil when the text is not a decimal or does not fit `precision`.
    /// Allocation-free: the CSV reader and casts call it per value.
    public static func parse(bytes raw: UnsafeRawBufferPointer, precision: Int, scale: Int) -> Int128? {
        let bytes = Compute.trimmed(raw)
        var i = 0
        var negative = false
        if i < bytes.count && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        let limit = Decimal128.powerOfTen(precision)
        var value: Int128 = 0
        var fractionDigits = 0
        var sawPoint = false
        var sawDigit = false
        var roundUp = false
        var dropping = false
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if c == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
                continue
            }
            let digit = c &- 48
            guard digit < 10 else { return nil }
            sawDigit = true
            if sawPoint && fractionDigits == scale {
                if !dropping { roundUp = digit >= 5 }
                dropping = true
                continue
            }
            // value < 10^38, but value * 10 can pass Int128's 1.7 * 10^38: multiply with a check.
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = shifted + Int128(digit)
            if sawPoint { fractionDigits += 1 }
            guard value < limit else { return nil }
        }
        guard sawDigit else { return nil }
        while fractionDigits < scale {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow, shifted < limit else { return nil }
            value = shifted
            fractionDigits += 1
        }
        if roundUp { value += 1 }
        guard value < limit else { return nil }
        return negative ? -value : value
    }

}
