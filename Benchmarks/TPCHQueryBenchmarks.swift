import ArrowLite
import PlanKit
import TPCH

/// The 22 TPC-H queries (`tpch.q01` … `tpch.q22`) on the single-node engine, one partition (one thread), over
/// tables generated once per process at `--scale` (default 1) and kept in memory. A run parses, plans and
/// executes the query; the checksum is over the result's CSV text, so a changed answer changes it.
func tpchQueryBenchmarks(scale: Double) -> [any Benchmark] {
    let data = TPCHQueryData(scale: scale)
    return (1...22).map { TPCHQueryBenchmark(number: $0, data: data) }
}

/// The in-memory TPC-H catalog, generated on first use and shared by every query benchmark.
final class TPCHQueryData {
    let scale: Double
    private var catalog: Catalog?
    private var keyRangeCatalog: Catalog?

    init(scale: Double) { self.scale = scale }

    /// A one-partition engine over the tables, split by key ranges with `keyRanges`
    /// (`Catalog.tpch(scale:keyRanges:)`); each catalog is generated on first use.
    func engine(keyRanges: Bool = false) throws -> QueryEngine {
        if keyRanges {
            if keyRangeCatalog == nil { keyRangeCatalog = try .tpch(scale: scale, keyRanges: true) }
        } else if catalog == nil {
            catalog = try .tpch(scale: scale)
        }
        let tables = keyRanges ? keyRangeCatalog : catalog
        return QueryEngine(catalog: tables ?? Catalog(), options: QueryOptions(partitionCount: 1))
    }
}

final class TPCHQueryBenchmark: Benchmark {
    let number: Int
    let data: TPCHQueryData
    private var engine: QueryEngine?
    private(set) var itemsPerRun = 1

    init(number: Int, data: TPCHQueryData) {
        self.number = number
        self.data = data
    }

    var name: String { "tpch.q" + (number < 10 ? "0" : "") + String(number) }

    func setUp() throws { engine = try data.engine() }

    func run() throws -> UInt64 {
        guard let engine else { return 0 }
        let result = try engine.run(TPCHQueries.query(number))
        itemsPerRun = max(1, result.rowCount)
        let text = CSV.write(schema: result.schema, batches: result.batches, options: CSVOptions())
        return text.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    }
}
