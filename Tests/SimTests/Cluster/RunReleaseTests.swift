import ArrowLite
import ClusterSim
import PlanKit
import Testing

/// A finished run keeps nothing alive: its nodes, their batches and the plan (with the tables it scans) are freed
/// once the caller drops the report and the plan. A run that held them back leaked megabytes per run, which a sweep
/// of thousands of seeds cannot afford.
@Suite("a finished run keeps nothing alive")
struct RunReleaseTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let options: RunOptions
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "pipelined", options: RunOptions(mode: .pipelined)),
        Case(name: "staged", options: RunOptions(mode: .staged)),
        Case(name: "two threads", options: RunOptions(parallel: true)),
        Case(
            name: "a crash and dropped messages",
            options: RunOptions(
                faults: FaultPlan([
                    Fault(.crash, target: .worker(2), trigger: .atTime(VirtualTime(nanoseconds: 200_000))),
                    Fault(.drop, trigger: .probability(0.05), count: 5),
                ]))),
    ]

    /// Runs a shuffled self-join with an aggregate on 4 workers over a table of `keys` and their groups (key mod
    /// 7); returns the result's row count (every reference to the catalog, plan and report ends with this function).
    static func run(_ keys: Int64Array, options: RunOptions) throws -> Int? {
        let schema = Schema([Field("k", .int64, nullable: false), Field("g", .int64, nullable: false)])
        let groups = Int64Array(.int64, (0..<keys.count).map { Int64($0 % 7) })
        var catalog = Catalog()
        catalog.register(
            "t", try MemoryTable(schema: schema, batches: [RecordBatch(schema: schema, columns: [keys, groups])]))
        let engine = QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 2))
        let cluster = Cluster(workers: 4, seed: 3)
        let plan = try engine.distributedPlan(
            "SELECT a.g, count(*) AS n FROM t a JOIN t b ON a.k = b.k GROUP BY a.g",
            workers: cluster.workerAddresses,
            options: DistributedPlannerOptions(estimator: FixedTaskEstimator(count: 4)), broadcastRowLimit: nil)
        let report = try cluster.run(plan, options: options)
        #expect(report.failure == nil)
        return report.result?.rowCount
    }

    @Test("after a run, the table's buffers are freed: no node, task or plan outlives it", arguments: cases)
    func runReleasesItsData(_ test: Case) throws {
        weak var buffer: Buffer?
        do {
            let keys = Int64Array(.int64, (0..<20_000).map { Int64($0) })
            buffer = keys.values
            #expect(try Self.run(keys, options: test.options) == 7)
        }
        #expect(buffer == nil, "the run still holds the table it scanned")
    }
}
