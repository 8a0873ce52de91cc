import ArrowLite
import Foundation
import PlanKit
import TPCH
import Testing

/// The distributed split is checked against the single-node engine: every TPC-H query, split for several worker
/// counts with every estimator and run stage by stage by the in-process driver, gives the single-node rows.
@Suite("distributed plans run by the in-process driver equal the single-node answers")
struct StageDriverTests {
    static let catalog = Result { try Catalog.tpch(scale: 0.01) }

    /// The rows of a result as text, one line per row, in result order.
    static func rows(_ result: QueryResult) throws -> [String] {
        let batch = try result.concatenated()
        return (0..<batch.rowCount).map { row in
            batch.columns.map { $0.scalar(at: row).description }.joined(separator: "|")
        }
    }

    static func sql(_ number: Int) -> String { TPCHQueries.query(number) }

    @Test("every TPC-H query × {1, 3, 8} workers × every estimator gives the single-node answer", arguments: 1...22)
    func queryMatchesSingleNode(number: Int) throws {
        let catalog = try Self.catalog.get()
        let expected = try Self.rows(
            QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 1)).run(Self.sql(number)))
        for workers in [1, 3, 8] {
            for name in TaskEstimators.names {
                let estimator = try #require(TaskEstimators.named(name))
                let engine = QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 2))
                let plan = try engine.distributedPlan(
                    Self.sql(number), workers: StaticWorkerResolver(count: workers).workerAddresses(),
                    options: DistributedPlannerOptions(estimator: estimator))
                let actual = try Self.rows(StageDriver().run(plan))
                #expect(actual.count == expected.count, "Q\(number), \(workers) workers, \(name)")
                #expect(actual.sorted() == expected.sorted(), "Q\(number), \(workers) workers, \(name)")
            }
        }
    }

    @Test(
        "every TPC-H query without broadcast joins × {2, 3} workers gives the single-node answer (kept partitions)",
        arguments: 1...22)
    func unbroadcastQueryMatchesSingleNode(number: Int) throws {
        let catalog = try Self.catalog.get()
        let expected = try Self.rows(
            QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 1)).run(Self.sql(number)))
        for workers in [2, 3] {
            let engine = QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 2))
            let plan = try engine.distributedPlan(
                Self.sql(number), workers: StaticWorkerResolver(count: workers).workerAddresses(),
                options: DistributedPlannerOptions(estimator: FixedTaskEstimator(count: workers)),
                broadcastRowLimit: nil)
            let actual = try Self.rows(StageDriver().run(plan))
            #expect(actual.sorted() == expected.sorted(), "Q\(number), \(workers) workers, no broadcasts")
        }
    }
}
