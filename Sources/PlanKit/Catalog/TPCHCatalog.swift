import ArrowLite
import TPCH

extension Catalog {
    /// The eight TPC-H tables at scale factor `scale`, generated into memory (identical to dbgen's data), with
    /// the key statistics the TPC-H specification fixes (primary keys unique, foreign keys over their referenced
    /// table), so join ordering has real estimates.
    ///
    /// With `keyRanges`, orders and lineitem are split by ranges of the order key, and part and partsupp by ranges
    /// of the part key (`KeyRangeTable`): dbgen writes them in that order, as a lakehouse clusters files by key.
    /// The planner then joins and aggregates them on those keys without an exchange. Without it every table is
    /// split by row counts.
    /// - Throws: `TPCHError` for a scale factor outside the generator's range; `KeyRangeTableError` only if the
    ///   generator broke its own key order (a bug, reported rather than trapped).
    public static func tpch(scale: Double, keyRanges: Bool = false) throws -> Catalog {
        let generator = try TPCHGenerator(scale: scale)
        var catalog = Catalog()
        var domains: [TPCHTable: KeyRanges] = [:]  // looked up, never iterated
        // `allCases` lists part before partsupp and orders before lineitem: a key's own table sets its ranges first.
        for table in TPCHTable.allCases {
            let memory = try MemoryTable(schema: table.schema, batches: generator.batches(table))
            var source: any TableSource = memory
            if keyRanges, let (column, domain) = clusteringKey(table) {
                let split = try KeyRangeTable(memory, column: column, ranges: domains[domain])
                domains[table] = split.clustering?.ranges
                source = split
            }
            let statistics = TPCHCatalogStatistics.statistics(table, generator)
            catalog.register(table.rawValue, StatisticsTable(source, statistics: statistics))
        }
        return catalog
    }

    /// The column a TPC-H table is sorted on and split by, and the table whose keys (first to last) are the domain
    /// of its ranges.
    private static func clusteringKey(_ table: TPCHTable) -> (column: String, domain: TPCHTable)? {
        switch table {
        case .orders: return ("o_orderkey", .orders)
        case .lineitem: return ("l_orderkey", .orders)
        case .part: return ("p_partkey", .part)
        case .partsupp: return ("ps_partkey", .part)
        case .region, .nation, .supplier, .customer: return nil
        }
    }
}

/// A table source with known statistics, wrapping another source.
public struct StatisticsTable: TableSource {
    /// The wrapped source.
    public let base: any TableSource
    /// What the optimiser may assume about the table.
    public let knownStatistics: TableStatistics

    /// Wraps `base`, declaring `statistics` for it.
    public init(_ base: any TableSource, statistics: TableStatistics) {
        self.base = base
        self.knownStatistics = statistics
    }

    public var schema: Schema { base.schema }
    public var rowCount: Int? { knownStatistics.rowCount }
    public var statistics: TableStatistics? { knownStatistics }
    public var clustering: TableClustering? { base.clustering }
    public func batches(part: Int, of parts: Int) throws -> [RecordBatch] { try base.batches(part: part, of: parts) }
}

/// The distinct counts of TPC-H key columns, from the specification's key relationships.
enum TPCHCatalogStatistics {
    static func statistics(_ table: TPCHTable, _ generator: TPCHGenerator) -> TableStatistics {
        func rows(_ table: TPCHTable) -> Int { generator.rowCount(table) }
        let counts: [String: Int]
        switch table {
        case .region: counts = ["r_regionkey": 5, "r_name": 5]
        case .nation: counts = ["n_nationkey": 25, "n_name": 25, "n_regionkey": 5]
        case .supplier: counts = ["s_nationkey": 25]
        case .customer: counts = ["c_nationkey": 25, "c_mktsegment": 5]
        case .part: counts = ["p_brand": 25, "p_type": 150, "p_size": 50, "p_container": 40, "p_mfgr": 5]
        case .partsupp: counts = ["ps_partkey": rows(.part), "ps_suppkey": rows(.supplier)]
        case .orders:
            counts = [
                "o_custkey": rows(.customer) * 2 / 3, "o_orderstatus": 3, "o_orderpriority": 5, "o_orderdate": 2406,
            ]
        case .lineitem:
            counts = [
                "l_orderkey": rows(.orders), "l_partkey": rows(.part), "l_suppkey": rows(.supplier),
                "l_linenumber": 7, "l_returnflag": 3, "l_linestatus": 2, "l_shipmode": 7, "l_shipinstruct": 4,
                "l_shipdate": 2526, "l_commitdate": 2466, "l_receiptdate": 2555,
            ]
        }
        return TableStatistics(rowCount: rows(table), distinctCounts: counts)
    }
}
