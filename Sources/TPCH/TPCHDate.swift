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
    static let text: ImmortalBytes = {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(dayCount + 400) * 10)
        for index in 0..<(dayCount + 400) { bytes.append(contentsOf: Date32.format(epochOffset + index).utf8) }
        return ImmortalBytes(bytes)
    }()
}
