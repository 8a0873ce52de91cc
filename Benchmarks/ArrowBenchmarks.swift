import ArrowLite

/// ArrowLite kernel and IPC benchmarks. Sums run over `BenchmarkData.lineitemRows × scale` rows (TPC-H SF1
/// lineitem's 6,001,215 at scale 1); filter, hash, sort and IPC over a lineitem-like batch of `1,000,000 × scale`
/// rows.
func arrowBenchmarks(scale: Double) -> [any Benchmark] {
    let sumRows = max(1, Int((Double(BenchmarkData.lineitemRows) * scale).rounded()))
    let batchRows = max(4, Int((1_000_000 * scale).rounded()))
    return [
        Float64SumBenchmark(rows: sumRows, nullEvery: 0), Float64SumBenchmark(rows: sumRows, nullEvery: 10),
        DecimalSumBenchmark(rows: sumRows), Int64SumBenchmark(rows: sumRows), FilterBenchmark(rows: batchRows),
        HashBenchmark(rows: batchRows), HashBenchmark(rows: batchRows, partition: true), SortBenchmark(rows: batchRows),
        IPCWriteBenchmark(rows: batchRows),
        IPCReadBenchmark(rows: batchRows), IPCSmallStreamBenchmark(streams: max(100, Int((20_000 * scale).rounded()))),
    ]
}

/// `Compute.sum` of float64 prices, without nulls or with every `nullEvery`-th row null.
final class Float64SumBenchmark: Benchmark {
    let itemsPerRun: Int
    let nullEvery: Int
    private var array = Float64Array(.float64, [])
    var name: String { nullEvery == 0 ? "arrow.sum.float64" : "arrow.sum.float64.nulls" }

    init(rows: Int, nullEvery: Int) {
        itemsPerRun = rows
        self.nullEvery = nullEvery
    }

    func setUp() {
        let prices = BenchmarkData.float64Prices(count: itemsPerRun)
        guard nullEvery > 0 else {
            array = prices
            return
        }
        var validity = BitmapBuilder(capacity: itemsPerRun)
        for i in 0..<itemsPerRun { validity.append(i % nullEvery != 0) }
        array = Float64Array(
            dataType: .float64, count: itemsPerRun, values: prices.values, validity: validity.finish())
    }

    func run() -> UInt64 { (Compute.sum(array) ?? 0).bitPattern }
    func tearDown() { array = Float64Array(.float64, []) }
}

/// `Compute.sum` of decimal(15,2) prices (exact `Int128`).
final class DecimalSumBenchmark: Benchmark {
    let name = "arrow.sum.decimal"
    let itemsPerRun: Int
    private var array = Decimal128Array(.decimal128(precision: 15, scale: 2), [])

    init(rows: Int) { itemsPerRun = rows }
    func setUp() { array = BenchmarkData.decimalPrices(count: itemsPerRun) }
    func run() throws -> UInt64 { UInt64(truncatingIfNeeded: try Compute.sum(array) ?? 0) }
    func tearDown() { array = Decimal128Array(.decimal128(precision: 15, scale: 2), []) }
}

/// `Compute.sum` of int64 prices in cents (exact, with overflow checking).
final class Int64SumBenchmark: Benchmark {
    let name = "arrow.sum.int64"
    let itemsPerRun: Int
    private var array = Int64Array(.int64, [])

    init(rows: Int) { itemsPerRun = rows }
    func setUp() {
        let cents = BenchmarkData.cents(count: itemsPerRun)
        array = Int64Array(dataType: .int64, count: itemsPerRun, values: Buffer(copying: cents))
    }
    func run() throws -> UInt64 { UInt64(bitPattern: try Compute.sum(array) ?? 0) }
    func tearDown() { array = Int64Array(.int64, []) }
}

/// `Compute.filter` of a lineitem-like batch (5 columns, two of them utf8) keeping the ~45% of rows whose discount
/// is below 0.05.
final class FilterBenchmark: Benchmark {
    let name = "arrow.filter"
    let itemsPerRun: Int
    private var batch = RecordBatch(rowCount: 0)
    private var mask = BooleanArray([])

    init(rows: Int) { itemsPerRun = rows }
    func setUp() throws {
        batch = try BenchmarkData.lineitemLike(rows: itemsPerRun)
        mask = try Compute.compare(batch.columns[2], .less, .float64(0.05))
    }
    func run() throws -> UInt64 { UInt64(try Compute.filter(batch, mask).rowCount) }
    func tearDown() {
        batch = RecordBatch(rowCount: 0)
        mask = BooleanArray([])
    }
}

/// `Compute.hashRows` over an int64 key and a utf8 column (the grouping and join hash); `arrow.hash.partition`
/// runs `Compute.partitionHashes` (the shuffle's hash) over the same columns.
final class HashBenchmark: Benchmark {
    let partition: Bool
    var name: String { partition ? "arrow.hash.partition" : "arrow.hash" }
    let itemsPerRun: Int
    private var batch = RecordBatch(rowCount: 0)

    init(rows: Int, partition: Bool = false) {
        itemsPerRun = rows
        self.partition = partition
    }
    func setUp() throws { batch = try BenchmarkData.lineitemLike(rows: itemsPerRun) }
    func run() throws -> UInt64 {
        let columns = [batch.columns[0], batch.columns[3]]
        return try (partition ? Compute.partitionHashes(columns) : Compute.hashRows(columns)).reduce(0, &+)
    }
    func tearDown() { batch = RecordBatch(rowCount: 0) }
}

/// `Compute.sortToIndices` by (utf8 flag ascending, decimal price descending), stable.
final class SortBenchmark: Benchmark {
    let name = "arrow.sort"
    let itemsPerRun: Int
    private var batch = RecordBatch(rowCount: 0)

    init(rows: Int) { itemsPerRun = rows }
    func setUp() throws { batch = try BenchmarkData.lineitemLike(rows: itemsPerRun) }
    func run() throws -> UInt64 {
        let order = try Compute.sortToIndices(
            [batch.columns[3], batch.columns[1]], keys: [SortKey(ascending: true), SortKey(ascending: false)])
        return order.isEmpty ? 0 : UInt64(order[0]) << 32 | UInt64(order[order.count - 1])
    }
    func tearDown() { batch = RecordBatch(rowCount: 0) }
}

/// `ArrowIPC.writeStream` of the lineitem-like batch as one record batch.
final class IPCWriteBenchmark: Benchmark {
    let name = "arrow.ipc.write"
    let itemsPerRun: Int
    private var batch = RecordBatch(rowCount: 0)

    init(rows: Int) { itemsPerRun = rows }
    func setUp() throws { batch = try BenchmarkData.lineitemLike(rows: itemsPerRun) }
    func run() throws -> UInt64 { UInt64(try ArrowIPC.writeStream(schema: batch.schema, batches: [batch]).count) }
    func tearDown() { batch = RecordBatch(rowCount: 0) }
}

/// `ArrowIPC.readStream` (validating every buffer) of the stream `arrow.ipc.write` produces.
final class IPCReadBenchmark: Benchmark {
    let name = "arrow.ipc.read"
    let itemsPerRun: Int
    private var bytes: [UInt8] = []

    init(rows: Int) { itemsPerRun = rows }
    func setUp() throws {
        let batch = try BenchmarkData.lineitemLike(rows: itemsPerRun)
        bytes = try ArrowIPC.writeStream(schema: batch.schema, batches: [batch])
    }
    func run() throws -> UInt64 {
        let (_, batches) = try ArrowIPC.readStream(bytes)
        return batches.reduce(UInt64(batches.count) << 32) { $0 &+ UInt64($1.rowCount) }
    }
    func tearDown() { bytes = [] }
}

/// `arrow.ipc.small`: the per-message cost of IPC: each item writes a stream of one 128-row slice of the
/// lineitem-like batch (schema, one record batch, end marker) with an `IPCStreamEncoder` and reads it back with an
/// `IPCStreamDecoder` (both made once, as a shuffle's sender and receiver do), as bytes (`encode`, `decode(_:
/// [UInt8])`); the simulator's shuffle sends the aligned layout instead (`encodeAligned`, `decode(_: Buffer)`).
final class IPCSmallStreamBenchmark: Benchmark {
    let name = "arrow.ipc.small"
    let itemsPerRun: Int
    private var slices: [RecordBatch] = []

    init(streams: Int) { itemsPerRun = streams }
    func setUp() throws {
        let batch = try BenchmarkData.lineitemLike(rows: 128 * 64)
        slices = (0..<64).map { batch.slice($0 * 128, 128) }
    }
    func run() throws -> UInt64 {
        var checksum: UInt64 = 0
        let encoder = IPCStreamEncoder(schema: slices[0].schema)
        let decoder = IPCStreamDecoder(schema: slices[0].schema)
        for index in 0..<itemsPerRun {
            let bytes = try encoder.encode(concatenating: [[slices[index % slices.count]]])
            let batches = try decoder.decode(bytes)
            checksum = checksum &* 31 &+ UInt64(bytes.count) &+ UInt64(batches[0].rowCount)
        }
        return checksum
    }
    func tearDown() { slices = [] }
}
