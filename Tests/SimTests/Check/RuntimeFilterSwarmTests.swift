import ClusterSim
import Testing

/// Swarm mode with `vary_runtime_filters`: seeds draw runtime filters on or off and a filter wait, the other draws
/// stay as they were, and no drawn combination with faults gives a wrong result.
@Suite("swarm varying runtime filters") struct RuntimeFilterSwarmTests {
    /// Q3 at SF 0.01 with both joins shuffled (a broadcast limit of 10 rows), so its plan has two runtime filters.
    static func scenario(vary: Bool = true) throws -> Scenario {
        var scenario = try CheckFixture.scenario("q3-swarm.toml")
        scenario.planner.broadcastRowLimit = 10
        scenario.swarm.varyRuntimeFilters = vary
        return scenario
    }

    @Test("seeds draw filters on and off, waits of the scenario's, none and 1–10 heartbeats; a seed draws the same")
    func draws() throws {
        let runner = try CheckFixture.runner(Self.scenario())
        let swarm = Swarm(runner: runner)
        let defaultWait = runner.scenario.planner.runtimeFilterWait
        var off = 0
        var defaultWaits = 0
        var noWaits = 0
        var midRunWaits = 0
        for seed in UInt64(1)...60 {
            let variant = try swarm.draw(seed: seed)
            #expect(try swarm.draw(seed: seed) == variant)
            if !variant.runtimeFilters {
                off += 1
                #expect(variant.runtimeFilterWait == defaultWait, "a plan without filters keeps the wait")
                #expect(variant.shapeDescription.hasSuffix(", no runtime filters"))
            } else if variant.runtimeFilterWait == defaultWait {
                defaultWaits += 1
            } else if variant.runtimeFilterWait == .zero {
                noWaits += 1
            } else {
                midRunWaits += 1
                let interval = runner.scenario.recovery.heartbeatInterval.nanoseconds
                let wait = variant.runtimeFilterWait.nanoseconds
                #expect(wait % interval == 0 && (1...10).contains(wait / interval), "\(wait) ns")
                #expect(variant.shapeDescription.contains(", runtime filter wait "))
            }
        }
        #expect(off > 0 && defaultWaits > 0 && noWaits > 0 && midRunWaits > 0)
        #expect(off < 30, "filters are on in about three seeds of four")
    }

    @Test("vary_runtime_filters leaves each seed's query, workers and latency, and its faults when filters stay on")
    func otherDrawsUnchanged() throws {
        let plain = Swarm(runner: try CheckFixture.runner(Self.scenario(vary: false)))
        let varied = Swarm(runner: try CheckFixture.runner(Self.scenario()))
        var filtered = 0
        for seed in UInt64(1)...30 {
            let before = try plain.draw(seed: seed)
            let after = try varied.draw(seed: seed)
            #expect(
                before.runtimeFilters && before.runtimeFilterWait == plain.runner.scenario.planner.runtimeFilterWait)
            #expect(after.query == before.query && after.workers == before.workers && after.network == before.network)
            // Faults are placed relative to the shape's plan and baseline, which a plan without filters changes.
            guard after.runtimeFilters else { continue }
            filtered += 1
            #expect(after.faults == before.faults, "seed \(seed)")
        }
        #expect(filtered > 0)
    }

    @Test("a Q3 swarm with drawn faults and filters passes (or ends classified); some drawn waits time out mid-run")
    func seeds() throws {
        let swarm = Swarm(runner: try CheckFixture.runner(Self.scenario()))
        var timeouts = 0
        var applied = 0
        var unfiltered = 0
        for seed in UInt64(1)...(Fixtures.fullTier ? 200 : 40) {
            let run = try swarm.run(seed: seed)
            #expect(
                run.verdict == .passed || run.verdict == .unexpectedError, "\(run.replay): \(run.summaryLine)")
            if run.verdict == .unexpectedError {
                let detail = run.failedChecks.map(\.detail).joined()
                #expect(detail.contains("attempts-exhausted") || detail.contains("all-workers-down"), "\(detail)")
            }
            let kinds = run.report.runtimeFilterEvents.map(\.kind)
            if kinds.contains("filter.timeout"), run.variant.runtimeFilterWait > .zero { timeouts += 1 }
            if kinds.contains("filter.applied") { applied += 1 }
            if !run.variant.runtimeFilters {
                unfiltered += 1
                #expect(kinds.isEmpty, "a plan without filters has no filter events")
            }
        }
        #expect(timeouts > 0 && applied > 0 && unfiltered > 0)
    }

    @Test("a drawn variant written as a scenario file replays with the same trace hash")
    func replayFile() throws {
        let scenario = try Self.scenario()
        let swarm = Swarm(runner: try CheckFixture.runner(scenario))
        let seeds = try (UInt64(1)...60).filter { seed in
            let variant = try swarm.draw(seed: seed)
            return !variant.runtimeFilters || variant.runtimeFilterWait != scenario.planner.runtimeFilterWait
        }
        for seed in seeds.prefix(3) {
            let run = try swarm.run(seed: seed)
            let file = try Scenario.parse(run.variant.applied(to: scenario, seed: seed).toml(), fileName: "replay.toml")
            #expect(file.planner.runtimeFilters == run.variant.runtimeFilters)
            #expect(file.planner.runtimeFilterWait == run.variant.runtimeFilterWait)
            let replayed = try CheckFixture.runner(file, name: "replay.toml").run()
            #expect(replayed.deadline == run.deadline, "seed \(seed)")
            #expect(replayed.report.trace.hash == run.report.trace.hash, "seed \(seed)")
        }
    }
}
