/// A generator of the rows of one part of one table.
protocol TableRows {
    /// Writes at most `limit` rows to `sink` and returns how many it wrote; 0 once the part is exhausted.
    mutating func write<Sink: RowSink>(into sink: inout Sink, limit: Int) -> Int
}

/// How dbgen splits a table of `base × scale` rows into parts: equal parts, the last one taking the remainder.
struct PartSlice {
    /// The first row index (0-based) of the part, and its row count.
    let start: Int64
    let count: Int64

    /// - Parameters: `part` is 0-based, `partCount ≥ 1`.
    init(base: Int, scale: Double, part: Int, partCount: Int) {
        let total = Int64(Double(base) * scale)
        let perPart = total / Int64(partCount)
        start = perPart * Int64(part)
        count = perPart + (part == partCount - 1 ? total % Int64(partCount) : 0)
    }
}

/// Skips `rows` rows in every stream.
func advance(_ rows: Int64, _ streams: inout some RowStream) { streams.advanceRows(rows) }

enum ScaleBase {
    static let part = 200_000
    static let supplier = 10_000
    static let customer = 150_000
    static let orders = 1_500_000
}
