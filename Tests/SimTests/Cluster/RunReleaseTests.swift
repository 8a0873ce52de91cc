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
        /// Broadcast the dimension (its build side is then shared through the run's build side cache); otherwise
        /// both sides are shuffled and the fact side's shuffle checks a runtime filter.
        var broadcast = false
        /// True when the run must show faults that fired and retried attempts.
        var faulty = false
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "pipelined, runtime filter", options: RunOptions(mode: .pipelined)),
        Case(name: "staged, runtime filter", options: RunOptions(mode: .staged)),
        Case(name: "broadcast, shared build side", options: RunOptions(), broadcast: true),
        Case(name: "two threads", options: RunOptions(parallel: true)),
        Case(
            name: "a crash and dropped messages",
            options: RunOptions(
                faults: FaultPlan([
                    Fault(.crash, target: .worker(2), trigger: .atTime(VirtualTime(nanoseconds: 200_000))),
                    Fault(.drop, trigger: .probability(0.05), count: 5),
                ])),
            faulty: true),
    ]

    /// Runs on 4 workers a join of a fact table over `keys` (grouped by key mod 7) with the flagged tenth of a
    /// 2,000-row dimension, and an aggregate; returns the result's row count. Every reference to the catalog,
    /// plan and report ends with this function.
    static func run(_ keys: Int64Array, _ test: Case) throws -> Int? {
        let factSchema = Schema([Field("k", .int64, nullable: false), Field("g", .int64, nullable: false)])
        let groups = Int64Array(.int64, (0..<keys.count).map { Int64($0 % 7) })
        let dimSchema = Schema([Field("d", .int64, nullable: false), Field("flag", .int64, nullable: false)])
        let dims = try RecordBatch(
            schema: dimSchema,
            columns: [
                Int64Array(.int64, (0..<2_000).map { Int64($0) }),
                Int64Array(.int64, (0..<2_000).map { Int64($0 % 10 == 0 ? 1 : 0) }),
            ])
        var catalog = Catalog()
        catalog.register(
            "fact",
            try MemoryTable(schema: factSchema, batches: [RecordBatch(schema: factSchema, columns: [keys, groups])]))
        catalog.register("dim", try MemoryTable(schema: dimSchema, batches: [dims]))
        let engine = QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 2))
        let cluster = Cluster(workers: 4, seed: 3)
        let plan = try engine.distributedPlan(
            "SELECT g, count(*) AS n FROM fact JOIN dim ON k = d WHERE flag = 1 GROUP BY g",
            workers: cluster.workerAddresses,
            options: DistributedPlannerOptions(estimator: FixedTaskEstimator(count: 4)),
            broadcastRowLimit: test.broadcast ? 10_000 : nil)
        #expect(plan.explain().contains("NetworkBroadcast") == test.broadcast)
        let report = try cluster.run(plan, options: test.options)
        #expect(report.failure == nil)
        if test.broadcast {
            #expect(!report.trace.events.contains { $0.kind == "filter.applied" })
        } else {
            #expect(report.trace.events.contains { $0.kind == "filter.applied" }, "no runtime filter was checked")
        }
        if test.faulty {
            #expect(!report.faultEvents.isEmpty && report.retryCount > 0, "the faults did not fire and retry")
        }
        return report.result?.rowCount
    }

    @Test("after a run, the table's buffers are freed: no node, task or plan outlives it", arguments: cases)
    func runReleasesItsData(_ test: Case) throws {
        weak var buffer: Buffer?
        do {
            let keys = Int64Array(.int64, (0..<20_000).map { Int64($0) })
            buffer = keys.values
            #expect(buffer != nil)
            #expect(try Self.run(keys, test) == 7)
        }
        #expect(buffer == nil, "the run still holds the table it scanned")
    }
}
