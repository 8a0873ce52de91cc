/// Reduces a failing run's fault plan to a minimal one that fails the same way: delta debugging (Zeller's ddmin)
/// over the faults, then simpler parameters for each remaining fault (a count of 1, earlier times, smaller
/// probabilities, shorter durations). A candidate is kept only when its run has the **same verdict** as the
/// original failure; every run uses the original seed and shape. The number of runs is bounded by `maximumRuns`.
public struct Shrinker {
    public let runner: ScenarioRunner
    /// The most candidate runs one shrink may spend.
    public var maximumRuns: Int

    public init(runner: ScenarioRunner, maximumRuns: Int = 200) {
        self.runner = runner
        self.maximumRuns = max(1, maximumRuns)
    }

    /// What a shrink found.
    public struct Outcome: Sendable {
        /// The failing run the shrink started from.
        public let original: ScenarioRun
        /// The run of the minimal plan (the same verdict as the original).
        public let minimal: ScenarioRun
        /// Candidate runs spent.
        public let runs: Int

        /// The scenario that replays the minimal plan without `--swarm`: the original shape, the seed, the minimal
        /// faults. Save it with `toml()`.
        public func scenario(from scenario: Scenario) -> Scenario {
            minimal.variant.applied(to: scenario, seed: minimal.seed)
        }
    }

    /// Shrinks the failing run `original` (from `ScenarioRunner.run` or `Swarm.run`).
    /// - Returns: nil when `original` passed (there is nothing to shrink).
    /// - Throws: what the runs throw.
    public func shrink(_ original: ScenarioRun) throws -> Outcome? {
        guard original.verdict != .passed else { return nil }
        var state = State(original: original, best: original)
        var search = Search(runner: runner, budget: maximumRuns, original: original)
        state.best = try search.ddmin(original)
        state.best = try search.simplifyParameters(state.best)
        return Outcome(original: original, minimal: state.best, runs: search.runs)
    }

    private struct State {
        let original: ScenarioRun
        var best: ScenarioRun
    }

    /// The candidate runs of one shrink, within its budget.
    struct Search {
        let runner: ScenarioRunner
        let budget: Int
        let original: ScenarioRun
        var runs = 0

        init(runner: ScenarioRunner, budget: Int, original: ScenarioRun) {
            self.runner = runner
            self.budget = budget
            self.original = original
        }

        /// The run of `faults` when it fails like the original; nil when it does not or the budget is spent.
        mutating func attempt(_ faults: [Fault]) throws -> ScenarioRun? {
            guard runs < budget else { return nil }
            runs += 1
            var variant = original.variant
            variant.faults = FaultPlan(faults)
            let run = try runner.run(
                seed: original.seed, variant: variant, expectations: expectations, replay: original.replay)
            return run.verdict == original.verdict ? run : nil
        }

        /// Swarm runs are checked against the swarm's expectations, the scenario's own runs against its own.
        private var expectations: Expectations {
            original.replay.contains(" --swarm") ? Swarm(runner: runner).expectations : runner.scenario.expectations
        }

        /// ddmin over the faults: try each chunk alone, then each complement, doubling the granularity when
        /// neither fails; the empty plan first (a bug that needs no fault).
        mutating func ddmin(_ start: ScenarioRun) throws -> ScenarioRun {
            var best = start
            if let empty = try attempt([]) { return empty }
            var granularity = 2
            while best.variant.faults.faults.count >= 2 && runs < budget {
                let faults = best.variant.faults.faults
                let chunks = Self.split(faults.count, into: granularity)
                var reduced = false
                for chunk in chunks {
                    if let run = try attempt(Array(faults[chunk])) {
                        best = run
                        granularity = 2
                        reduced = true
                        break
                    }
                }
                if !reduced && granularity > 2 {
                    for chunk in chunks {
                        let complement = Array(faults[..<chunk.lowerBound] + faults[chunk.upperBound...])
                        if let run = try attempt(complement) {
                            best = run
                            granularity = max(granularity - 1, 2)
                            reduced = true
                            break
                        }
                    }
                }
                if !reduced {
                    guard granularity < faults.count else { break }
                    granularity = min(faults.count, granularity * 2)
                }
            }
            return best
        }

        /// `count` positions split into `parts` contiguous ranges of near-equal size.
        static func split(_ count: Int, into parts: Int) -> [Range<Int>] {
            let parts = min(parts, count)
            return (0..<parts).map { part in (part * count / parts)..<((part + 1) * count / parts) }
        }

        /// Replaces each fault by a simpler one that still fails the same way, until nothing changes.
        mutating func simplifyParameters(_ start: ScenarioRun) throws -> ScenarioRun {
            var best = start
            var changed = true
            while changed && runs < budget {
                changed = false
                for index in best.variant.faults.faults.indices {
                    for candidate in Self.simpler(best.variant.faults.faults[index]) {
                        var faults = best.variant.faults.faults
                        faults[index] = candidate
                        if let run = try attempt(faults) {
                            best = run
                            changed = true
                            break
                        }
                    }
                }
            }
            return best
        }

        /// Simpler forms of `fault`, the simplest first: a count of 1 (then half), an earlier time, a smaller
        /// probability, fewer batches, shorter durations, no jitter.
        static func simpler(_ fault: Fault) -> [Fault] {
            var candidates: [Fault] = []
            func with(_ change: (inout Fault) -> Void) {
                var copy = fault
                change(&copy)
                if copy != fault { candidates.append(copy) }
            }
            with { $0.count = 1 }
            with { $0.count = max(1, fault.count / 2) }
            switch fault.trigger {
            case .atTime(let time):
                with { $0.trigger = .atTime(.zero) }
                with { $0.trigger = .atTime(VirtualTime(nanoseconds: time.nanoseconds / 2 / 1_000 * 1_000)) }
            case .probability(let p) where p > 0.0001:
                with { $0.trigger = .probability(p / 2) }
            case .batchesSent(let stage, let task, let batches) where batches > 1:
                with { $0.trigger = .batchesSent(stage: stage, task: task, batches: 1) }
            default: break
            }
            func half(_ duration: VirtualDuration) -> VirtualDuration {
                .microseconds(duration.nanoseconds / 2_000)
            }
            switch fault.kind {
            case .crashRestart(let downFor) where downFor > .microseconds(1):
                with { $0.kind = .crashRestart(downFor: half(downFor)) }
            case .partition(let oneWay, let heal) where heal > .microseconds(1):
                with { $0.kind = .partition(oneWay: oneWay, healAfter: half(heal)) }
            case .delay(let by, let jitter):
                with { $0.kind = .delay(by: by, jitter: .zero) }
                if by > .microseconds(1) { with { $0.kind = .delay(by: half(by), jitter: jitter) } }
            default: break
            }
            return candidates
        }
    }
}
