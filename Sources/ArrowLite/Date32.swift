/// Civil-calendar helpers for date32 (days since 1970-01-01, proleptic Gregorian), exact for every Int32 day.
public enum Date32 {
    /// The day number of a civil date. Months and days are 1-based.
    public static func days(year: Int, month: Int, day: Int) -> Int32 {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int32(era * 146_097 + dayOfEra - 719_468)
    }

    /// The civil date of a day number.
    public static func civil(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// True for Gregorian leap years.
    public static func isLeapYear(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// The number of days in a month of a year.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD` (years outside 0...9999 print with a sign or more digits).
    public static func format(_ days: Int32) -> String {
        let (y, m, d) = civil(days)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        let year = y < 0 ? "-" + pad(-y, 4) : pad(y, 4)
        return "\(year)-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Parses `YYYY-MM-DD`, checking that the day exists.
    /// - Throws: `ArrowError.invalidValue` naming the text and what is wrong with it.
    public static func parse(_ text: Substring) throws -> Int32 {
        var copy = String(text)
        if let days = copy.withUTF8({ parse(bytes: UnsafeRawBufferPointer($0)) }) { return days }
        throw ArrowError.invalidValue(value: String(text), target: "date32", hint: explainInvalid(text))
    }

    /// Parses `YYYY-MM-DD` from UTF-8 bytes (surrounding spaces allowed); nil when malformed or when the day does
    /// not exist. Allocation-free: the CSV reader and casts call it per value.
    public static func parse(bytes raw: UnsafeRawBufferPointer) -> Int32? {
        var start = 0
        var end = raw.count
        while start < end && raw[start] == 0x20 { start += 1 }
        while end > start && raw[end - 1] == 0x20 { end -= 1 }
        guard end - start == 10, raw[start + 4] == UInt8(ascii: "-"), raw[start + 7] == UInt8(ascii: "-") else {
            return nil
        }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for k in from..<from + count {
                let digit = Int(raw[start + k]) - 48
                guard digit >= 0 && digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), (1...12).contains(month),
            day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        return days(year: year, month: month, day: day)
    }

    /// Why `text` is not a date, for error hints.
    static func explainInvalid(_ text: Substring) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) {
            if !(1...12).contains(m) { return "month \(m) is not 1...12" }
            return "day \(d) does not exist in \(y)-\(parts[1])"
        }
        return "expected YYYY-MM-DD"
    }
}
