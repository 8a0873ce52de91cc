import ArrowLite

/// Sums 6,001,215 float64 prices (TPC-H SF1 lineitem's row count).
struct SumFloat64Benchmark: Benchmark {
    let name = "arrow.sum.float64"
    let itemsPerRun = BenchmarkData.lineitemRows
    var array = Float64Array(.float64, [])
    mutating func setUp() { array = BenchmarkData.float64Prices(count: itemsPerRun) }
    func run() -> Int { Int(Compute.sum(array) ?? 0) }
}

/// Sums 6,001,215 decimal(15,2) prices exactly.
struct SumDecimalBenchmark: Benchmark {
    let name = "arrow.sum.decimal"
    let itemsPerRun = BenchmarkData.lineitemRows
    var array = Decimal128Array(.decimal128(precision: 15, scale: 2), [])
    mutating func setUp() { array = BenchmarkData.decimalPrices(count: itemsPerRun) }
    func run() throws -> Int { Int(truncatingIfNeeded: try Compute.sum(array) ?? 0) }
}

/// Filters a 1M-row lineitem-like batch (5 columns, two of them utf8) with a ~50% selective predicate.
struct FilterBenchmark: Benchmark {
    let name = "arrow.filter"
    let itemsPerRun = 1_000_000
    var batch = RecordBatch(rowCount: 0)
    var mask = BooleanArray([])
    mutating func setUp() throws {
        batch = try BenchmarkData.lineitemLike(rows: itemsPerRun)
        mask = try Compute.compare(batch.columns[2], .less, .float64(0.05))
    }
    func run() throws -> Int { try Compute.filter(batch, mask).rowCount }
}

/// Hashes 1M rows over an int64 key and a utf8 column (the partitioning / grouping / join hash).
struct HashBenchmark: Benchmark {
    let name = "arrow.hash"
    let itemsPerRun = 1_000_000
    var batch = RecordBatch(rowCount: 0)
    mutating func setUp() throws { batch = try BenchmarkData.lineitemLike(rows: itemsPerRun) }
    func run() throws -> Int { Int(truncatingIfNeeded: try Compute.hashRows([batch.columns[0], batch.columns[3]]).last ?? 0) }
}

/// Sorts 1M rows by (utf8 flag ascending, decimal price descending).
struct SortBenchmark: Benchmark {
    let name = "arrow.sort"
    let itemsPerRun = 1_000_000
    var batch = RecordBatch(rowCount: 0)
    mutating func setUp() throws { batch = try BenchmarkData.lineitemLike(rows: itemsPerRun) }
    func run() throws -> Int {
        let order = try Compute.sortToIndices(
            [batch.columns[3], batch.columns[1]], keys: [SortKey(ascending: true), SortKey(ascending: false)])
        return Int(order[0])
    }
}

/// Writes a 1M-row lineitem-like batch as an Arrow IPC stream.
struct IPCWriteBenchmark: Benchmark {
    let name = "arrow.ipc.write"
    let itemsPerRun = 1_000_000
    var batch = RecordBatch(rowCount: 0)
    mutating func setUp() throws { batch = try BenchmarkData.lineitemLike(rows: itemsPerRun) }
    func run() throws -> Int { try ArrowIPC.writeStream(schema: batch.schema, batches: [batch]).count }
}

/// Reads (and validates) a 1M-row lineitem-like Arrow IPC stream.
struct IPCReadBenchmark: Benchmark {
    let name = "arrow.ipc.read"
    let itemsPerRun = 1_000_000
    var bytes: [UInt8] = []
    mutating func setUp() throws {
        let batch = try BenchmarkData.lineitemLike(rows: itemsPerRun)
        bytes = try ArrowIPC.writeStream(schema: batch.schema, batches: [batch])
    }
    func run() throws -> Int { try ArrowIPC.readStream(bytes).batches[0].rowCount }
}
