import ClusterSim
import Testing

/// The parallel mode: the same run on two threads gives the same result and the same trace hash as on one.
@Suite("parallel mode")
struct ParallelModeTests {
    @Test(
        "TPC-H queries on 2 threads give the one-thread trace hash and result, pipelined and staged",
        arguments: [1, 3, 5, 9, 13, 18, 21])
    func sameAsOneThread(number: Int) throws {
        for mode in ExecutionMode.allCases {
            let one = try SimulationFixture.run(number, workers: 6, seed: 4, options: RunOptions(mode: mode))
            let two = try SimulationFixture.run(
                number, workers: 6, seed: 4, options: RunOptions(mode: mode, parallel: true))
            #expect(one.failure == nil && two.failure == nil)
            #expect(one.traceHash == two.traceHash, "Q\(number) \(mode)")
            #expect(one.trace.text == two.trace.text)
            #expect(one.virtualTime == two.virtualTime)
            #expect(one.bytesShuffled == two.bytesShuffled)
            #expect(try SimulationFixture.rows(one.result) == SimulationFixture.rows(two.result))
        }
    }

    @Test("with faults and recovery, 2 threads still reproduce the one-thread trace exactly")
    func sameWithFaults() throws {
        let faults = FaultPlan([
            Fault(.crash, target: .worker(2), trigger: .atTime(VirtualTime(nanoseconds: 1_000_000))),
            Fault(.drop, trigger: .probability(0.05), count: 10),
            Fault(.duplicate, trigger: .probability(0.05), count: 10),
            Fault(
                .partition(oneWay: false, healAfter: .milliseconds(30)), target: .worker(3),
                trigger: .atTime(VirtualTime(nanoseconds: 500_000))),
        ])
        for seed: UInt64 in [1, 2] {
            let one = try SimulationFixture.run(3, workers: 4, seed: seed, options: RunOptions(faults: faults))
            let two = try SimulationFixture.run(
                3, workers: 4, seed: seed, options: RunOptions(faults: faults, parallel: true))
            #expect(one.failure == nil)
            #expect(one.traceHash == two.traceHash, "seed \(seed)")
            #expect(try SimulationFixture.rows(one.result) == SimulationFixture.oracle(3))
        }
    }
}
