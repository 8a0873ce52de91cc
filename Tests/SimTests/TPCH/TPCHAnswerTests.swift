import ArrowLite
import PlanKit
import TPCH
import Testing

/// The engine's answers to the 22 TPC-H queries equal DuckDB's on the same generated data
/// (`Fixtures/tpch-answers`, made by its `make_answers.py`): same columns, same rows, values equal (floats within
/// tolerance; see `AnswerComparator`), and rows in the query's `ORDER BY` order.
@Suite("TPC-H answers equal DuckDB's") struct TPCHAnswerTests {
    /// The SF 0.01 tables, generated once per test process.
    static let hundredth = Result { try Catalog.tpch(scale: 0.01) }
    /// The SF 0.1 tables, generated only when the slow tier runs.
    static let tenth = Result { try Catalog.tpch(scale: 0.1) }

    @Test("query N at SF 0.01 gives DuckDB's answer in ORDER BY order", arguments: 1...22)
    func scaleHundredth(query: Int) throws {
        try Self.check(query, scale: "0.01", catalog: Self.hundredth.get(), options: QueryOptions())
    }

    @Test("query N at SF 0.01 gives the same answer in one partition with small batches", arguments: 1...22)
    func scaleHundredthOnePartition(query: Int) throws {
        let options = QueryOptions(partitionCount: 1, batchRowCount: 1000)
        try Self.check(query, scale: "0.01", catalog: Self.hundredth.get(), options: options)
    }

    @Test(
        "query N at SF 0.1 gives DuckDB's answer (slow tier: CLUSTERSIM_FULL=1)", .enabled(if: Fixtures.fullTier),
        arguments: 1...22)
    func scaleTenth(query: Int) throws {
        try Self.check(query, scale: "0.1", catalog: Self.tenth.get(), options: QueryOptions())
    }

    /// Runs TPC-H query `number` and records every difference from the reference answer as an issue.
    static func check(_ number: Int, scale: String, catalog: Catalog, options: QueryOptions) throws {
        let label = "Q\(number) at SF \(scale) with \(options.partitionCount) partitions"
        let expected = try ReferenceAnswer.tpch(number, scale: scale)
        let result = try QueryEngine(catalog: catalog, options: options).run(TPCHQueries.query(number))
        let rows = result.batches.flatMap { batch in
            (0..<batch.rowCount).map { row in batch.columns.map { $0.scalar(at: row) } }
        }
        #expect(result.rowCount == expected.rows.count, "\(label): row count")
        for problem in AnswerComparator.differences(label, schema: result.schema, actual: rows, expected: expected) {
            Issue.record(Comment(rawValue: problem))
        }
        let keys = try #require(
            AnswerComparator.sortKeys(sql: TPCHQueries.query(number), columns: expected.columns.map(\.name)),
            "\(label): the ORDER BY names a column the reference answer lacks")
        for problem in AnswerComparator.orderDifferences(label, rows: AnswerComparator.values(rows), keys: keys) {
            Issue.record(Comment(rawValue: problem))
        }
    }
}
