import ArrowLite

/// Deterministic benchmark data: `SplitMix64` from fixed seeds, so every run and the Python comparison script
/// see the same values.
enum BenchmarkData {
    /// Rows in TPC-H SF1 lineitem.
    static let lineitemRows = 6_001_215

    /// Prices in cents, 0 ≤ cents < 10^7 (like l_extendedprice): value i is `SplitMix64(seed: 42)`'s i-th output
    /// modulo 10^7. `Benchmarks/scripts/compare_sums.py` draws the same values.
    static func cents(count: Int) -> [Int64] {
        var random = SplitMix64(seed: 42)
        return (0..<count).map { _ in Int64(random.next() % 10_000_000) }
    }

    static func float64Prices(count: Int) -> Float64Array {
        let values = cents(count: count).map { Double($0) / 100 }
        return Float64Array(dataType: .float64, count: count, values: Buffer(copying: values))
    }

    static func decimalPrices(count: Int) -> Decimal128Array {
        let values = cents(count: count).map { Int128($0) }
        return Decimal128Array(
            dataType: .decimal128(precision: 15, scale: 2), count: count, values: Buffer(copying: values))
    }

    /// A lineitem-like batch: int64 keys, decimal prices, float64 discounts, utf8 flags and comments.
    static func lineitemLike(rows: Int) throws -> RecordBatch {
        var random = SplitMix64(seed: 7)
        var keys = PrimitiveBuilder<Int64>(.int64, capacity: rows)
        var flags = StringBuilder(capacity: rows)
        var comments = StringBuilder(capacity: rows)
        let words = ["carefully", "final", "deposits", "detect", "slyly", "regular", "accounts", "bold"]
        for _ in 0..<rows {
            let r = random.next()
            keys.append(Int64(r % UInt64(rows / 4 + 1)))
            flags.append(["A", "N", "R"][Int(r >> 60) % 3])
            let first: String = words[Int(r >> 8) % 8]
            let second: String = words[Int(r >> 16) % 8]
            let third: String = words[Int(r >> 24) % 8]
            comments.append("\(first) \(second) \(third)")
        }
        let schema = Schema([
            Field("key", .int64), Field("price", .decimal128(precision: 15, scale: 2)), Field("discount", .float64),
            Field("flag", .utf8), Field("comment", .utf8),
        ])
        let discounts = Float64Array(
            dataType: .float64, count: rows,
            values: Buffer(copying: cents(count: rows).map { Double($0 % 11) / 100 }))
        return try RecordBatch(
            schema: schema,
            columns: [keys.finish(), decimalPrices(count: rows), discounts, flags.finish(), comments.finish()])
    }
}
