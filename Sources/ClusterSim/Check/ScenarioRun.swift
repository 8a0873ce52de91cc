/// One checked run of a scenario: what ran, the report, every check, the verdict, and the line that replays it.
public struct ScenarioRun: Sendable {
    public let seed: UInt64
    public let variant: ScenarioVariant
    public let report: SimulationReport
    public let checks: [CheckResult]
    /// The virtual time the run had to finish by.
    public let deadline: VirtualTime
    /// The fault-free run's virtual time, for the same shape.
    public let baselineTime: VirtualTime
    public let stageCount: Int
    public let taskCount: Int
    /// The command line that replays this run exactly: `clustersim run FILE --seed N` (`--swarm` when the faults
    /// were drawn by the swarm).
    public let replay: String

    public init(
        seed: UInt64, variant: ScenarioVariant, report: SimulationReport, checks: [CheckResult], deadline: VirtualTime,
        baselineTime: VirtualTime, stageCount: Int, taskCount: Int, replay: String
    ) {
        self.seed = seed
        self.variant = variant
        self.report = report
        self.checks = checks
        self.deadline = deadline
        self.baselineTime = baselineTime
        self.stageCount = stageCount
        self.taskCount = taskCount
        self.replay = replay
    }

    /// The most severe verdict of the failed checks.
    public var verdict: Verdict { checks.verdict }

    public var passed: Bool { verdict == .passed }

    /// The checks that failed.
    public var failedChecks: [CheckResult] { checks.filter { !$0.passed } }

    /// The last `count` trace lines up to the failure (the `query.failed` event), or up to the end of the run.
    public func traceTail(_ count: Int = 30) -> [String] {
        let events = report.trace.events
        let end = events.lastIndex { $0.kind == "query.failed" }.map { $0 + 1 } ?? events.count
        return events[max(0, end - count)..<end].map(\.line)
    }

    /// A one-line summary: `seed 7: wrong-result (safety: 3 missing …)`.
    public var summaryLine: String {
        let reasons = failedChecks.map { "\($0.name): \($0.detail)" }.joined(separator: "; ")
        return "seed \(seed): \(verdict)" + (reasons.isEmpty ? "" : " (\(reasons))")
    }
}
