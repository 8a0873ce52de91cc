import ClusterSim
import PlanKit
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
