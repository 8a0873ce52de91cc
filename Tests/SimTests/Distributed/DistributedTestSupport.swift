import PlanKit
import TPCH
import Testing

/// The TPC-H catalogs and plan helpers the distributed-planning suites share (each catalog is generated once).
enum DistributedTestSupport {
    /// The eight TPC-H tables at SF 0.01.
    static let catalog = Result { try Catalog.tpch(scale: 0.01) }
    /// The eight TPC-H tables at SF 0.1 (for estimators that scale with the data).
    static let largerCatalog = Result { try Catalog.tpch(scale: 0.1) }

    /// The worker counts every invariant is checked for.
    static let workerCounts = [1, 2, 4, 16, 100]

    /// The stage plan of TPC-H query `number` over `workers` workers.
    static func plan(
        _ number: Int, workers: Int, options: DistributedPlannerOptions = DistributedPlannerOptions(),
        partitionCount: Int = 2, catalog: Catalog? = nil, broadcastRowLimit: Double? = 20_000
    ) throws -> StagePlan {
        let engine = QueryEngine(
            catalog: try catalog ?? Self.catalog.get(), options: QueryOptions(partitionCount: partitionCount))
        return try engine.distributedPlan(
            TPCHQueries.query(number), workers: StaticWorkerResolver(count: workers).workerAddresses(),
            options: options, broadcastRowLimit: broadcastRowLimit)
    }

    /// The estimator called `name`, which must exist.
    static func estimator(_ name: String) throws -> any TaskEstimator {
        try #require(TaskEstimators.named(name), "estimator \(name)")
    }
}

extension PhysicalPlan {
    /// The stage inputs read by the fragment's leaves, in pre-order, with each leaf's partition count.
    var inputLeaves: [(input: StageInput, partitionCount: Int)] {
        nodes.compactMap { node in
            guard case .scan(_, let source, _, let count) = node.kind, let leaf = source as? StageInputSource else {
                return nil
            }
            return (leaf.input, count)
        }
    }
}
