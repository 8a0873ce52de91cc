import ClusterSim
import PlanKit
import TPCH

/// `sim.events`: scheduler throughput — 1,000 nodes pass 1,000 tokens around with seeded 0–2 µs delays (many
/// events due at once), `scale` × 2,000,000 events per run. Items are events.
func simBenchmarks(scale: Double) -> [any Benchmark] {
    let data = TPCHQueryData(scale: scale)
    return [SchedulerEventsBenchmark(events: max(10_000, Int(2_000_000 * scale)))]
        + [1, 3, 9, 18].map { SimulatedQueryBenchmark(number: $0, workers: 16, data: data) }
        + [1, 3, 9, 18].map { SimulatedQueryBenchmark(number: $0, workers: 16, data: data, parallel: true) }
        + [3, 9, 18].map { SimulatedQueryBenchmark(number: $0, workers: 16, data: data, keyRanges: true) }
        + [SimulatedQueryBenchmark(number: 3, workers: 1000, data: data)]
}

/// `sim.workers<N>.q<NN>`: TPC-H query NN planned for N simulated workers (default estimator, 2 partitions per
/// task) and run on the simulated cluster (pipelined; `.parallel` on 2 threads; `.keyranges` over tables split by
/// key ranges, so order-key joins and aggregates need no shuffle), wall time of planning plus simulation; compare
/// with `tpch.qNN` at the same `--scale`. The checksum is the trace hash's first 16 hex digits, so the benchmark
/// also checks that every run is the same run.
final class SimulatedQueryBenchmark: Benchmark {
    let number: Int
    let workers: Int
    let data: TPCHQueryData
    let parallel: Bool
    let keyRanges: Bool
    private var engine: QueryEngine?
    let itemsPerRun = 1

    init(number: Int, workers: Int, data: TPCHQueryData, parallel: Bool = false, keyRanges: Bool = false) {
        self.number = number
        self.workers = workers
        self.data = data
        self.parallel = parallel
        self.keyRanges = keyRanges
    }

    var name: String {
        "sim.workers\(workers).q" + (number < 10 ? "0" : "") + String(number) + (parallel ? ".parallel" : "")
            + (keyRanges ? ".keyranges" : "")
    }

    func setUp() throws {
        let single = try data.engine(keyRanges: keyRanges)
        engine = QueryEngine(catalog: single.catalog, options: QueryOptions(partitionCount: 2))
    }

    func run() throws -> UInt64 {
        guard let engine else { return 0 }
        let cluster = Cluster(workers: workers, seed: 1)
        let plan = try engine.distributedPlan(TPCHQueries.query(number), workers: cluster.workerAddresses)
        let report = try cluster.run(plan, options: RunOptions(parallel: parallel))
        return UInt64(report.traceHash.prefix(16), radix: 16) ?? 0
    }
}

final class SchedulerEventsBenchmark: Benchmark {
    let name = "sim.events"
    let itemsPerRun: Int

    init(events: Int) { itemsPerRun = events }

    func setUp() throws {}

    func run() throws -> UInt64 {
        let scheduler = Scheduler<Int>(seed: 1, limits: SimulationLimits(maximumEvents: itemsPerRun))
        var delays = scheduler.streams.stream("network")
        var ids: [NodeID] = []
        var checksum: UInt64 = 0
        let nodeCount = 1000
        for index in 0..<nodeCount {
            ids.append(
                scheduler.addNode { token in
                    checksum = checksum &* 31 &+ UInt64(token) &+ UInt64(index)
                    let next = ids[(index + token) % nodeCount]
                    scheduler.send(token, from: NodeID(index), to: next, after: .microseconds(Int64(delays.below(3))))
                })
        }
        for token in 0..<1000 { scheduler.send(token, to: ids[token]) }
        do { try scheduler.run() } catch SimulationError.eventLimitExceeded { /* the run is bounded by design */  }
        return checksum &+ UInt64(scheduler.eventCount)
    }
}
