import ArrowLite

/// dbgen's dates: a "generated date" counts days from 92001 (1992-01-01) up to 1998-12-31.
enum TPCHDate {
    static let firstGenerated: Int32 = 92001
    /// Days between 1992-01-01 and 1998-12-31, inclusive.
    static let dayCount: Int32 = 2557
    /// 1992-01-01 as days since 1970-01-01.
    static let epochOffset: Int32 = 8035
    /// dbgen's "current date", 1995-06-17: a date on or before it is in the past.
    static let currentDayIndex: Int32 = Date32.days(year: 1995, month: 6, day: 17) - epochOffset

    /// The date32 value of a generated date.
    @inline(__always)
    static func date32(_ generated: Int32) -> Int32 { epochOffset + (generated - firstGenerated) }

    /// True when a generated date is on or before 1995-06-17.
    @inline(__always)
    static func isInPast(_ generated: Int32) -> Bool { generated - firstGenerated <= currentDayIndex }

    /// `YYYY-MM-DD` for every generated date, 10 bytes each, so `.tbl` output copies instead of formatting.
    static let text: [UInt8] = {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(dayCount + 400) * 10)
        for index in 0..<(dayCount + 400) { bytes.append(contentsOf: Date32.format(epochOffset + index).utf8) }
        return bytes
    }()
}

/// Fast decimal formatting into byte buffers, the way `.tbl` files spell numbers.
enum TblFormat {
    /// Appends a signed integer.
    @inline(__always)
    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            appendUnsigned(value.magnitude, to: &out)
        } else {
            appendUnsigned(UInt64(value), to: &out)
        }
    }

    @inline(__always)
    static func appendUnsigned(_ value: UInt64, to out: inout [UInt8]) {
        var digits: (UInt64, UInt64) = (0, 0)  // room for 20 digits, written back to front
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[15 - count] = UInt8(48 + v % 10)
                v /= 10
                count += 1
            } while v > 0
            out.append(contentsOf: buffer[(16 - count)..<16])
        }
    }

    /// Appends `value` left-padded with zeros to `width` digits (non-negative values).
    static func appendPadded(_ value: Int, width: Int, to out: inout [UInt8]) {
        var digits = 1
        var limit = 10
        while value >= limit {
            digits += 1
            limit *= 10
        }
        for _ in digits..<max(digits, width) { out.append(UInt8(ascii: "0")) }
        appendUnsigned(UInt64(value), to: &out)
    }

    /// Appends cents as `[-]units.cc`.
    @inline(__always)
    static func appendCents(_ cents: Int64, to out: inout [UInt8]) {
        if cents < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = cents.magnitude
        appendUnsigned(magnitude / 100, to: &out)
        out.append(UInt8(ascii: "."))
        let fraction = Int(magnitude % 100)
        out.append(UInt8(48 + fraction / 10))
        out.append(UInt8(48 + fraction % 10))
    }
}
