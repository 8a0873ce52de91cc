import ClusterSim
import PlanKit
import TPCH

/// `sim.swarm.q03`: swarm seeds per run on TPC-H Q3 at SF 0.01 (4 workers, the fixed estimator, 2 partitions,
/// up to 3 faults of every kind per seed), each seed drawn, run and checked against the single-node oracle as
/// `clustersim swarm` does. Items are seeds: seeds per minute = items per second × 60. The catalog, plan, oracle
/// and fault-free baseline are built in `setUp`, as a long swarm amortises them. The checksum folds every
/// seed's trace hash, so the benchmark also checks that each run replays exactly.
func swarmBenchmarks(scale: Double) -> [any Benchmark] {
    [SwarmBenchmark(seeds: max(10, Int(50 * min(1, scale * 10))))]
}

final class SwarmBenchmark: Benchmark {
    let name = "sim.swarm.q03"
    let itemsPerRun: Int
    private var swarm: Swarm?
    private var firstSeed: UInt64 = 1

    init(seeds: Int) { itemsPerRun = seeds }

    func setUp() throws {
        let scenario = Scenario(
            name: "sim.swarm.q03", workers: Array(repeating: WorkerSpec(), count: 4), data: .tpch(scale: 0.01),
            planner: PlannerSettings(estimator: "fixed", partitions: 2), query: .tpch(3),
            swarm: SwarmOptions(maxFaults: 3))
        let runner = try ScenarioRunner(scenario: scenario, path: "sim.swarm.q03.toml")
        _ = try runner.run()
        swarm = Swarm(runner: runner)
    }

    func run() throws -> UInt64 {
        guard let swarm else { return 0 }
        var checksum: UInt64 = 0
        for seed in firstSeed..<(firstSeed + UInt64(itemsPerRun)) {
            let run = try swarm.run(seed: seed)
            guard run.verdict == .passed else { throw SwarmSeedFailed(line: run.summaryLine) }
            checksum = checksum &* 31 &+ (UInt64(run.report.traceHash.prefix(16), radix: 16) ?? 0)
        }
        return checksum
    }
}

/// A seed of the benchmark's swarm failed: a simulator bug, not a measurement.
struct SwarmSeedFailed: Error, CustomStringConvertible {
    let line: String
    var description: String { "sim.swarm.q03: \(line)" }
}
