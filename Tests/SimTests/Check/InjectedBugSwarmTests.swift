import ClusterSim
import Testing

/// The harness tested by planting each deliberate bug: a swarm over a bounded seed range finds it (a wrong result
/// or a liveness failure), the shrinker reduces the failing plan to at most 2 faults that still fail the same way
/// (also when saved as a scenario file and run again), and without the bug the same seeds pass.
@Suite("a swarm finds and shrinks each planted bug") struct InjectedBugSwarmTests {
    struct Case: CustomStringConvertible, Sendable {
        let bug: InjectedBug
        /// Fault kinds that can expose the bug.
        let kinds: [String]
        let mode: ExecutionMode
        /// Seeds to search; the bug must show in at least one.
        let seeds: ClosedRange<UInt64>
        var description: String { "\(bug.rawValue) (\(kinds.joined(separator: ", ")), \(mode.rawValue))" }
    }

    static let cases = [
        // A partition longer than the heartbeat timeout makes the coordinator retry the cut-off worker's tasks
        // while the zombie attempts still run; once it heals, their batches must be fenced. (Few seeds draw such a
        // partition at a moment that matters: 72, 78 and 86 in 1…100, 8 in 1…200, since filters drop the columns
        // only they read; speculative copies of slow workers never exposed it.)
        Case(bug: .skipFencing, kinds: ["partition"], mode: .pipelined, seeds: 1...100),
        // A worker that crashes and restarts loses the outputs it held; consumers must get them re-run. (The first
        // seed to show it is 47; below that, seeds exposed it only through a crashed worker that kept sending.)
        Case(bug: .noLineageRerun, kinds: ["crash-restart"], mode: .pipelined, seeds: 1...60),
        // A duplicated message must be discarded by its sequence number.
        Case(bug: .noDeduplication, kinds: ["duplicate"], mode: .pipelined, seeds: 1...20),
    ]

    static func scenario(_ testCase: Case, bug: Bool) throws -> Scenario {
        var scenario = try CheckFixture.scenario("q3-swarm.toml")
        scenario.swarm.kinds = testCase.kinds
        scenario.planner.mode = testCase.mode
        scenario.injectedBugs = bug ? [testCase.bug] : []
        return scenario
    }

    @Test(
        "the swarm finds the bug, shrinks it to ≤ 2 faults failing the same way; without it the seeds pass",
        arguments: cases)
    func findsAndShrinks(_ testCase: Case) throws {
        let buggy = try CheckFixture.runner(Self.scenario(testCase, bug: true))
        let summary = try Swarm(runner: buggy).run(seeds: testCase.seeds)
        let found = summary.failures.first { $0.verdict == .wrongResult || $0.verdict == .livenessFailure }
        let failure = try #require(found, "no seed in \(testCase.seeds) found \(testCase.bug.rawValue)")

        let original = try Swarm(runner: buggy).run(seed: failure.seed)
        #expect(original.verdict == failure.verdict, "the replay of seed \(failure.seed) differs")
        let outcome = try #require(try Shrinker(runner: buggy).shrink(original))
        #expect(outcome.minimal.variant.faults.faults.count <= 2, "\(outcome.minimal.variant.faults)")
        #expect(outcome.minimal.verdict == original.verdict)

        // The minimal plan, saved as a scenario file and parsed back, still fails the same way on its own.
        let saved = try Scenario.parse(outcome.scenario(from: buggy.scenario).toml(), fileName: "minimal.toml")
        #expect(saved.faults == outcome.minimal.variant.faults)
        var replay = saved
        replay.expectations = Swarm(runner: buggy).expectations
        #expect(try CheckFixture.runner(replay).run().verdict == original.verdict)

        let fixed = try CheckFixture.runner(Self.scenario(testCase, bug: false))
        let clean = try Swarm(runner: fixed).run(seeds: testCase.seeds)
        #expect(clean.wrongResults == 0 && clean.livenessFailures == 0, "\(clean.failures.map(\.detail))")
        #expect(clean.passed == clean.seedsRun, "\(clean.failures.map(\.detail))")
    }
}
