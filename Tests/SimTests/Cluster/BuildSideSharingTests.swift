import ClusterSim
import Testing

/// Sharing broadcast build sides between tasks (`RunOptions.sharesBuildSides`) saves the host's work and changes
/// nothing the simulation reports.
@Suite("build side sharing")
struct BuildSideSharingTests {
    /// The trace, virtual time, shuffled bytes, every task's metrics (peak memory included) and the result.
    static func observed(_ report: SimulationReport) throws -> [String] {
        let tasks = report.tasks.map {
            "\($0.stage).\($0.task).\($0.attempt) \($0.outcome) \($0.rowsIn)/\($0.bytesIn) \($0.rowsOut)/\($0.bytesOut) "
                + "busy=\($0.busy) peak=\($0.peakMemoryBytes)"
        }
        return [report.trace.text, "\(report.virtualTime)", "\(report.bytesShuffled)"] + tasks
            + (try SimulationFixture.rows(report.result))
    }

    @Test(
        "queries with broadcast joins report the same with and without sharing, on 1 and 2 threads",
        arguments: [2, 5, 8, 9, 21])
    func sameReport(number: Int) throws {
        for parallel in [false, true] {
            let shared = try SimulationFixture.run(
                number, workers: 6, seed: 4, options: RunOptions(parallel: parallel))
            let own = try SimulationFixture.run(
                number, workers: 6, seed: 4, options: RunOptions(parallel: parallel, sharesBuildSides: false))
            #expect(shared.failure == nil && own.failure == nil)
            #expect(shared.traceHash == own.traceHash, "Q\(number), parallel \(parallel)")
            #expect(try Self.observed(shared) == Self.observed(own))
        }
    }

    @Test("with a crash and retries, and a memory budget some attempts exceed, sharing still changes nothing")
    func sameWithFaultsAndMemoryPressure() throws {
        let faults = FaultPlan([
            Fault(.crash, target: .worker(2), trigger: .atTime(VirtualTime(nanoseconds: 1_000_000))),
            Fault(.memoryPressure(fraction: 0.02), target: .worker(3), trigger: .atTime(.zero)),
        ])
        for seed: UInt64 in [1, 2] {
            let shared = try SimulationFixture.run(9, workers: 4, seed: seed, options: RunOptions(faults: faults))
            let own = try SimulationFixture.run(
                9, workers: 4, seed: seed, options: RunOptions(faults: faults, sharesBuildSides: false))
            #expect(shared.traceHash == own.traceHash, "seed \(seed)")
            #expect(try Self.observed(shared) == Self.observed(own))
            #expect(try SimulationFixture.rows(shared.result) == SimulationFixture.oracle(9))
        }
    }
}
