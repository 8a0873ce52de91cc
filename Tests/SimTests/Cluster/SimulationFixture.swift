import ArrowLite
import ClusterSim
import Foundation
import PlanKit
import TPCH

/// Plans TPC-H queries for simulated clusters at SF 0.01 and computes their single-node answers (the oracle).
enum SimulationFixture {
    static let catalog = Result { try Catalog.tpch(scale: 0.01) }
    /// The same tables, orders and lineitem split by order-key ranges, part and partsupp by part-key ranges.
    static let keyRangeCatalog = Result { try Catalog.tpch(scale: 0.01, keyRanges: true) }

    /// The rows of a result as sorted text lines (order-insensitive comparison).
    static func rows(_ result: QueryResult?) throws -> [String] {
        guard let result else { throw RunFailure(.leftovers, "the run has no result") }
        let batch = try result.concatenated()
        return (0..<batch.rowCount).map { row in
            batch.columns.map { $0.scalar(at: row).description }.joined(separator: "|")
        }.sorted()
    }

    /// The single-node answer of TPC-H query `number`.
    static func oracle(_ number: Int) throws -> [String] {
        let engine = QueryEngine(catalog: try catalog.get(), options: QueryOptions(partitionCount: 1))
        return try rows(engine.run(TPCHQueries.query(number)))
    }

    static func plan(
        _ number: Int, cluster: Cluster, estimator: String = "fixed", keyRanges: Bool = false
    ) throws -> StagePlan {
        let tables = try (keyRanges ? keyRangeCatalog : catalog).get()
        let engine = QueryEngine(catalog: tables, options: QueryOptions(partitionCount: 2))
        return try engine.distributedPlan(
            TPCHQueries.query(number), workers: cluster.workerAddresses,
            options: DistributedPlannerOptions(estimator: TaskEstimators.named(estimator) ?? FixedTaskEstimator()))
    }

    static func run(
        _ number: Int, workers: Int = 4, seed: UInt64 = 1, options: RunOptions = RunOptions(), keyRanges: Bool = false
    ) throws -> SimulationReport {
        let cluster = Cluster(workers: workers, seed: seed)
        return try cluster.run(plan(number, cluster: cluster, keyRanges: keyRanges), options: options)
    }
}
