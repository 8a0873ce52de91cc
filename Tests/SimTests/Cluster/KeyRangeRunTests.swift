import ClusterSim
import PlanKit
import TPCH
import Testing

/// Runs over key-range tables (orders and lineitem split by order key, part and partsupp by part key) on the
/// simulated cluster: joins and aggregates on those keys run without an exchange, and every answer is still the
/// single-node answer over the same rows split by row counts.
@Suite("simulated runs over key-range tables")
struct KeyRangeRunTests {
    @Test(
        "each TPC-H query over key-range tables on {1, 3, 8, 64} workers × both modes gives the single-node answer",
        arguments: 1...22)
    func matchesSingleNode(number: Int) throws {
        let expected = try SimulationFixture.oracle(number)
        for mode in ExecutionMode.allCases {
            for workers in [1, 3, 8, 64] {
                let report = try SimulationFixture.run(
                    number, workers: workers, seed: 2, options: RunOptions(mode: mode), keyRanges: true)
                #expect(report.failure == nil, "Q\(number) \(mode) \(workers)w")
                #expect(try SimulationFixture.rows(report.result) == expected, "Q\(number) \(mode) \(workers)w")
            }
        }
    }

    /// Both agree with the single-node answer over the row-split tables (the oracle).
    @Test(
        "over key-range tables, the single node in 5 partitions and the unbroadcast driver on {2, 5} workers agree",
        arguments: 1...22)
    func partitionedRunsMatch(number: Int) throws {
        let expected = try SimulationFixture.oracle(number)
        let catalog = try SimulationFixture.keyRangeCatalog.get()
        let single = QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 5))
        #expect(try SimulationFixture.rows(single.run(TPCHQueries.query(number))) == expected, "Q\(number) single")
        for workers in [2, 5] {
            let engine = QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 2))
            let plan = try engine.distributedPlan(
                TPCHQueries.query(number), workers: StaticWorkerResolver(count: workers).workerAddresses(),
                options: DistributedPlannerOptions(estimator: FixedTaskEstimator(count: workers)),
                broadcastRowLimit: nil)
            #expect(try SimulationFixture.rows(StageDriver().run(plan)) == expected, "Q\(number) \(workers)w")
        }
    }

    @Test("a crash during Q18 over key-range tables re-runs the lost key ranges and gives the same answer")
    func crashIsRecovered() throws {
        let expected = try SimulationFixture.oracle(18)
        let crash = Fault(.crash, target: .worker(2), trigger: .atTime(VirtualTime(nanoseconds: 1_000_000)))
        for mode in ExecutionMode.allCases {
            let report = try SimulationFixture.run(
                18, workers: 4, options: RunOptions(mode: mode, faults: FaultPlan([crash])), keyRanges: true)
            #expect(report.failure == nil, "\(mode): \(report.failure.map(\.description) ?? "")")
            #expect(try SimulationFixture.rows(report.result) == expected, "\(mode)")
            #expect(report.recoveryEvents.contains { $0.kind == "recovery.retry" }, "\(mode): nothing was re-run")
        }
    }

    @Test("Q18 and Q9 shuffle fewer bytes over key-range tables: their order-key joins stay on the workers")
    func keyRangesShuffleLess() throws {
        for number in [9, 18] {
            let split = try SimulationFixture.run(number, workers: 4)
            let clustered = try SimulationFixture.run(number, workers: 4, keyRanges: true)
            #expect(clustered.bytesShuffled < split.bytesShuffled, "Q\(number)")
            #expect(try SimulationFixture.rows(clustered.result) == SimulationFixture.rows(split.result))
        }
    }
}
