import ArrowLite

/// CSV benchmarks over the lineitem-like batch of `1,000,000 × scale` rows (int64, decimal, float64, two utf8
/// columns), as `.tbl` text: reading it back and writing it. Register with `arrowBenchmarks(scale:) +
/// csvBenchmarks(scale:)` in `main.swift`.
func csvBenchmarks(scale: Double) -> [any Benchmark] {
    let rows = max(4, Int((1_000_000 * scale).rounded()))
    return [CSVReadBenchmark(rows: rows), CSVWriteBenchmark(rows: rows)]
}

/// `CSV.read` of `.tbl` text into batches of 65,536 rows.
final class CSVReadBenchmark: Benchmark {
    let name = "csv.read.tbl"
    let itemsPerRun: Int
    private var schema = Schema([])
    private var text: [UInt8] = []

    init(rows: Int) { itemsPerRun = rows }

    func setUp() throws {
        let batch = try BenchmarkData.lineitemLike(rows: itemsPerRun)
        schema = batch.schema
        text = CSV.write(schema: batch.schema, batches: [batch], options: .tbl)
    }

    func run() throws -> UInt64 {
        let batches = try CSV.read(text, schema: schema, options: .tbl)
        // Rows and the first key of every batch, so the parse cannot be skipped.
        return batches.reduce(UInt64(batches.count) << 32) { sum, batch in
            let keys = batch.columns[0] as! Int64Array
            return sum &+ UInt64(batch.rowCount) &+ UInt64(bitPattern: batch.rowCount > 0 ? keys.value(0) : 0)
        }
    }

    func tearDown() { text = [] }
}

/// `CSV.write` of one batch as `.tbl` text.
final class CSVWriteBenchmark: Benchmark {
    let name = "csv.write.tbl"
    let itemsPerRun: Int
    private var batch = RecordBatch(rowCount: 0)

    init(rows: Int) { itemsPerRun = rows }

    func setUp() throws { batch = try BenchmarkData.lineitemLike(rows: itemsPerRun) }

    func run() -> UInt64 {
        let text = CSV.write(schema: batch.schema, batches: [batch], options: .tbl)
        // The length and a sample of bytes: cheap next to the writing, and it changes if the text does.
        return stride(from: 0, to: text.count, by: 4096).reduce(UInt64(text.count)) { $0 &* 31 &+ UInt64(text[$1]) }
    }

    func tearDown() { batch = RecordBatch(rowCount: 0) }
}
