/// Swarm mode: many seeds, each with its own fault plan and cluster shape drawn from the scenario's `[swarm]`
/// options (`SwarmDraw`), each run checked for safety, liveness and invariants.
///
/// A swarm run checks only what holds for any drawn plan: the result (unless the scenario says `result = "any"`),
/// the deadline, the invariants, and the expected failure class of a must-fail scenario. The scenario's other
/// expectations (retries, virtual time, stage and task counts, trace hash) describe its own faults and shape, so
/// the swarm leaves them out.
public struct Swarm {
    public let runner: ScenarioRunner

    public init(runner: ScenarioRunner) { self.runner = runner }

    /// The variant `seed` draws: its shape, faults placed relative to that shape's fault-free run, and a runtime
    /// filter wait.
    /// - Throws: `CheckError` when the query cannot be planned.
    public func draw(seed: UInt64) throws -> ScenarioVariant {
        var draw = SwarmDraw(scenario: runner.scenario, seed: seed)
        var variant = draw.shape()
        draw.runtimeFilters(&variant)
        let baseline = try runner.baselineTime(variant)
        variant.faults = draw.faults(
            workers: variant.workers.count, baseline: baseline, taskCounts: try runner.planShape(variant))
        draw.runtimeFilterWait(&variant)
        return variant
    }

    /// The expectations every swarm run is checked against.
    public var expectations: Expectations {
        Expectations(result: runner.scenario.expectations.result, failure: runner.scenario.expectations.failure)
    }

    /// Draws and runs one seed.
    /// - Throws: `CheckError`, or errors of the simulator itself.
    public func run(seed: UInt64) throws -> ScenarioRun {
        try runner.run(
            seed: seed, variant: draw(seed: seed), expectations: expectations,
            replay: runner.replayLine(seed: seed, swarm: true))
    }

    /// Runs every seed of `seeds` in order.
    /// - Parameter progress: called after each seed with the seeds done so far and the run.
    /// - Throws: `CheckError`, or errors of the simulator itself (a trap of the simulator is not caught).
    public func run(
        seeds: ClosedRange<UInt64>, progress: (_ done: Int, _ run: ScenarioRun) -> Void = { _, _ in }
    ) throws -> SwarmSummary {
        var summary = SwarmSummary()
        for seed in seeds {
            let run = try run(seed: seed)
            summary.add(run)
            progress(summary.seedsRun, run)
        }
        return summary
    }
}

/// What a swarm found: counts by verdict and every failure with its replay line and fault plan.
public struct SwarmSummary: Sendable, Hashable {
    /// One failing seed.
    public struct Failure: Sendable, Hashable {
        public let seed: UInt64
        public let verdict: Verdict
        public let replay: String
        /// The drawn shape (`TPC-H Q3, 4 workers, latency 200µs`).
        public let shape: String
        public let faults: FaultPlan
        /// The failed checks, in words.
        public let detail: String
    }

    public private(set) var seedsRun = 0
    public private(set) var passed = 0
    public private(set) var wrongResults = 0
    public private(set) var livenessFailures = 0
    public private(set) var unexpectedErrors = 0
    public private(set) var expectationFailures = 0
    /// Faults drawn in all, and how many of them fired.
    public private(set) var faultsDrawn = 0
    public private(set) var failures: [Failure] = []

    public init() {}

    /// Counts one run.
    public mutating func add(_ run: ScenarioRun) {
        seedsRun += 1
        faultsDrawn += run.variant.faults.faults.count
        switch run.verdict {
        case .passed: passed += 1
        case .wrongResult: wrongResults += 1
        case .livenessFailure: livenessFailures += 1
        case .unexpectedError: unexpectedErrors += 1
        case .expectationFailed: expectationFailures += 1
        }
        guard run.verdict != .passed else { return }
        failures.append(
            Failure(
                seed: run.seed, verdict: run.verdict, replay: run.replay, shape: run.variant.shapeDescription,
                faults: run.variant.faults,
                detail: run.failedChecks.map { "\($0.name): \($0.detail)" }.joined(separator: "; ")))
    }

    /// The most severe verdict found (`passed` when every seed passed).
    public var verdict: Verdict {
        let found = Set(failures.map(\.verdict))
        return Verdict.allCases.dropFirst().first { found.contains($0) } ?? .passed
    }

    /// The summary as JSON: `seeds_run`, `passed`, `wrong_results`, `liveness_failures`, `unexpected_errors`,
    /// `expectation_failures`, `faults_drawn` and `failures` (each with `seed`, `kind` — the verdict —, `replay`,
    /// `shape`, `faults` and `detail`).
    public func json() -> String {
        let failureLines = failures.map { failure in
            let faults = failure.faults.faults.map { "\"\(JSONText.escape($0.description))\"" }
            return "{\"seed\": \(failure.seed), \"kind\": \"\(failure.verdict.rawValue)\", "
                + "\"replay\": \"\(JSONText.escape(failure.replay))\", \"shape\": \"\(JSONText.escape(failure.shape))\", "
                + "\"faults\": [\(faults.joined(separator: ", "))], \"detail\": \"\(JSONText.escape(failure.detail))\"}"
        }
        return """
            {
              "seeds_run": \(seedsRun),
              "passed": \(passed),
              "wrong_results": \(wrongResults),
              "liveness_failures": \(livenessFailures),
              "unexpected_errors": \(unexpectedErrors),
              "expectation_failures": \(expectationFailures),
              "faults_drawn": \(faultsDrawn),
              "failures": [\(failureLines.isEmpty ? "" : "\n    " + failureLines.joined(separator: ",\n    ") + "\n  ")]
            }

            """
    }
}
