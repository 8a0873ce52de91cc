import ArrowLite

/// The eight TPC-H tables, with the specification's column names and types: keys int64, money and quantities
/// decimal(15,2), dates date32, text utf8, small counts int32.
public enum TPCHTable: String, CaseIterable, Sendable {
    case part, supplier, partsupp, customer, orders, lineitem, nation, region

    /// The table's columns in specification order.
    public var schema: Schema {
        let money = DataType.decimal128(precision: 15, scale: 2)
        func f(_ name: String, _ type: DataType) -> Field { Field(name, type, nullable: false) }
        switch self {
        case .part:
            return Schema([
                f("p_partkey", .int64), f("p_name", .utf8), f("p_mfgr", .utf8), f("p_brand", .utf8),
                f("p_type", .utf8), f("p_size", .int32), f("p_container", .utf8), f("p_retailprice", money),
                f("p_comment", .utf8),
            ])
        case .supplier:
            return Schema([
                f("s_suppkey", .int64), f("s_name", .utf8), f("s_address", .utf8), f("s_nationkey", .int64),
                f("s_phone", .utf8), f("s_acctbal", money), f("s_comment", .utf8),
            ])
        case .partsupp:
            return Schema([
                f("ps_partkey", .int64), f("ps_suppkey", .int64), f("ps_availqty", .int32),
                f("ps_supplycost", money), f("ps_comment", .utf8),
            ])
        case .customer:
            return Schema([
                f("c_custkey", .int64), f("c_name", .utf8), f("c_address", .utf8), f("c_nationkey", .int64),
                f("c_phone", .utf8), f("c_acctbal", money), f("c_mktsegment", .utf8), f("c_comment", .utf8),
            ])
        case .orders:
            return Schema([
                f("o_orderkey", .int64), f("o_custkey", .int64), f("o_orderstatus", .utf8),
                f("o_totalprice", money), f("o_orderdate", .date32), f("o_orderpriority", .utf8),
                f("o_clerk", .utf8), f("o_shippriority", .int32), f("o_comment", .utf8),
            ])
        case .lineitem:
            return Schema([
                f("l_orderkey", .int64), f("l_partkey", .int64), f("l_suppkey", .int64),
                f("l_linenumber", .int32), f("l_quantity", money), f("l_extendedprice", money),
                f("l_discount", money), f("l_tax", money), f("l_returnflag", .utf8), f("l_linestatus", .utf8),
                f("l_shipdate", .date32), f("l_commitdate", .date32), f("l_receiptdate", .date32),
                f("l_shipinstruct", .utf8), f("l_shipmode", .utf8), f("l_comment", .utf8),
            ])
        case .nation:
            return Schema([
                f("n_nationkey", .int64), f("n_name", .utf8), f("n_regionkey", .int64), f("n_comment", .utf8),
            ])
        case .region:
            return Schema([f("r_regionkey", .int64), f("r_name", .utf8), f("r_comment", .utf8)])
        }
    }

    /// The rows generator for part `part` (0-based) of `partCount`. Nation and region are small and fixed: part 0
    /// holds every row and the other parts are empty.
    func rows(scale: Double, part: Int, partCount: Int) -> any TableRows {
        switch self {
        case .part: return PartRows(scale: scale, part: part, partCount: partCount)
        case .supplier: return SupplierRows(scale: scale, part: part, partCount: partCount)
        case .partsupp: return PartSuppRows(scale: scale, part: part, partCount: partCount)
        case .customer: return CustomerRows(scale: scale, part: part, partCount: partCount)
        case .orders: return OrderRows(scale: scale, part: part, partCount: partCount)
        case .lineitem: return LineItemRows(scale: scale, part: part, partCount: partCount)
        case .nation: return part == 0 ? NationRows() as any TableRows : EmptyRows()
        case .region: return part == 0 ? RegionRows() as any TableRows : EmptyRows()
        }
    }
}

/// No rows (nation and region parts after the first).
struct EmptyRows: TableRows {
    mutating func write<Sink: RowSink>(into sink: inout Sink, limit: Int) -> Int { 0 }
}
