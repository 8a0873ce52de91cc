import ClusterSim

/// `sim.events`: scheduler throughput — 1,000 nodes pass 1,000 tokens around with seeded 0–2 µs delays (many
/// events due at once), `scale` × 2,000,000 events per run. Items are events.
func simBenchmarks(scale: Double) -> [any Benchmark] {
    [SchedulerEventsBenchmark(events: max(10_000, Int(2_000_000 * scale)))]
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
                    scheduler.send(token, to: next, after: .microseconds(Int64(delays.below(3))))
                })
        }
        for token in 0..<1000 { scheduler.send(token, to: ids[token]) }
        do { try scheduler.run() } catch SimulationError.eventLimitExceeded { /* the run is bounded by design */  }
        return checksum &+ UInt64(scheduler.eventCount)
    }
}
