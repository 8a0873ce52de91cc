import ArrowLite
import PlanKit
import Testing

/// Three small hand-made tables, with nulls, whose query answers can be worked out by hand:
///
/// ```
/// nation  n_nationkey n_name    n_regionkey     region  r_regionkey r_name
///         0           ALGERIA   0                       0           AFRICA
///         1           ARGENTINA 1                       1           AMERICA
///         2           BRAZIL    1                       2           ASIA
///         3           CANADA    NULL
///         4           EGYPT     4   (no such region)
///
/// supplier  s_suppkey s_name s_nationkey s_acctbal   (stored as two batches: 10...12 and 13...15)
///           10        S10    0           100
///           11        S11    1           250
///           12        S12    1           NULL
///           13        S13    NULL        50
///           14        S14    2           300
///           15        S15    1           250
/// ```
enum TinyCatalog {
    static let catalog = Result { try make() }

    private static func make() throws -> Catalog {
        var catalog = Catalog()
        let nation = Schema([
            Field("n_nationkey", .int32, nullable: false), Field("n_name", .utf8, nullable: false),
            Field("n_regionkey", .int32),
        ])
        catalog.register(
            "nation",
            try table(
                nation,
                [
                    Int32Array(.int32, [0, 1, 2, 3, 4]),
                    StringArray(["ALGERIA", "ARGENTINA", "BRAZIL", "CANADA", "EGYPT"]),
                    Int32Array(.int32, [0, 1, 1, nil, 4]),
                ]))
        let region = Schema([Field("r_regionkey", .int32, nullable: false), Field("r_name", .utf8, nullable: false)])
        catalog.register(
            "region", try table(region, [Int32Array(.int32, [0, 1, 2]), StringArray(["AFRICA", "AMERICA", "ASIA"])]))
        let supplier = Schema([
            Field("s_suppkey", .int32, nullable: false), Field("s_name", .utf8, nullable: false),
            Field("s_nationkey", .int32), Field("s_acctbal", .int64),
        ])
        let first = try RecordBatch(
            schema: supplier,
            columns: [
                Int32Array(.int32, [10, 11, 12]), StringArray(["S10", "S11", "S12"]), Int32Array(.int32, [0, 1, 1]),
                Int64Array(.int64, [100, 250, nil]),
            ])
        let second = try RecordBatch(
            schema: supplier,
            columns: [
                Int32Array(.int32, [13, 14, 15]), StringArray(["S13", "S14", "S15"]),
                Int32Array(.int32, [nil, 2, 1]), Int64Array(.int64, [50, 300, 250]),
            ])
        catalog.register("supplier", try MemoryTable(schema: supplier, batches: [first, second]))
        return catalog
    }

    private static func table(_ schema: Schema, _ columns: [any ArrowArray]) throws -> MemoryTable {
        try MemoryTable(schema: schema, batches: [RecordBatch(schema: schema, columns: columns)])
    }

    /// The rows `sql` returns on the tiny catalog, as display text (`NULL` for null).
    static func rows(_ sql: String, options: QueryOptions = QueryOptions()) throws -> [[String]] {
        let result = try QueryEngine(catalog: catalog.get(), options: options).run(sql)
        return rowTexts(try result.concatenated())
    }

    /// The `SQLError` that running `sql` on the tiny catalog throws; records an issue and returns nil when it
    /// succeeds or throws something else.
    static func error(_ sql: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> SQLError? {
        do {
            let result = try QueryEngine(catalog: catalog.get()).run(sql)
            Issue.record("expected an SQLError, got \(result.rowCount) rows", sourceLocation: sourceLocation)
        } catch let error as SQLError {
            return error
        } catch {
            Issue.record("expected an SQLError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }
}
