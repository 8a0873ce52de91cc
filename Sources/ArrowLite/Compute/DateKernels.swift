/// A field of a date that `extract` returns.
public enum DatePart: String, Sendable, CaseIterable {
    case year, month, day
}

extension Compute {
    /// The largest year magnitude whose dates stay well inside date32's range.
    static let yearLimit = 5_000_000

    /// SQL `extract(part FROM date)` as int32 (year, month 1–12, day of month 1–31); nulls stay null.
    /// - Throws: `ArrowError.typeMismatch` for a non-date32 column.
    public static func extract(_ part: DatePart, from array: any ArrowArray) throws -> Int32Array {
        let dates = try date32Column(array, "extract")
        return mapValid(dates, to: .int32) { days in
            let (y, m, d) = Date32.civil(days)
            switch part {
            case .year: return Int32(truncatingIfNeeded: y)
            case .month: return Int32(m)
            case .day: return Int32(d)
            }
        }
    }

    /// `date + days`; nulls stay null.
    /// - Throws: `ArrowError.overflow` when a result leaves date32's range, `ArrowError.typeMismatch`.
    public static func addDays(_ array: any ArrowArray, _ days: Int) throws -> Date32Array {
        let dates = try date32Column(array, "add days")
        return try mapValid(dates, to: .date32) { value in
            guard let shift = Int32(exactly: days) else { throw dateOverflow(value, "\(days) days") }
            let (r, overflow) = value.addingReportingOverflow(shift)
            if overflow { throw dateOverflow(value, "\(days) days") }
            return r
        }
    }

    /// `date + months`, clamping the day to the end of the target month as DuckDB and PostgreSQL do
    /// (2024-01-31 + 1 month = 2024-02-29); nulls stay null.
    /// - Throws: `ArrowError.overflow` when a result leaves the supported years, `ArrowError.typeMismatch`.
    public static func addMonths(_ array: any ArrowArray, _ months: Int) throws -> Date32Array {
        let dates = try date32Column(array, "add months")
        guard months.magnitude <= UInt(yearLimit * 12) else {
            throw ArrowError.overflow("date32 add months: \(months) months is out of range")
        }
        return try mapValid(dates, to: .date32) { value in
            let (y, m, d) = Date32.civil(value)
            let total = y * 12 + (m - 1) + months
            let year = total >= 0 ? total / 12 : (total - 11) / 12
            let month = total - year * 12 + 1
            guard year.magnitude <= UInt(yearLimit) else { throw dateOverflow(value, "\(months) months") }
            return Date32.days(year: year, month: month, day: min(d, Date32.daysInMonth(year: year, month: month)))
        }
    }

    /// `date + years` (12 months each, so 2024-02-29 + 1 year = 2025-02-28); nulls stay null.
    /// - Throws: as `addMonths`.
    public static func addYears(_ array: any ArrowArray, _ years: Int) throws -> Date32Array {
        guard years.magnitude <= UInt(yearLimit) else {
            throw ArrowError.overflow("date32 add years: \(years) years is out of range")
        }
        return try addMonths(array, years * 12)
    }

    static func date32Column(_ array: any ArrowArray, _ function: String) throws -> Date32Array {
        guard array.dataType == .date32 else {
            throw ArrowError.typeMismatch(expected: "date32 for \(function)", found: array.dataType.description)
        }
        return typed(array, as: Date32Array.self)
    }

    static func dateOverflow(_ value: Int32, _ amount: String) -> ArrowError {
        .overflow("date32 addition: \(Date32.format(value)) + \(amount) leaves the date range")
    }
}
