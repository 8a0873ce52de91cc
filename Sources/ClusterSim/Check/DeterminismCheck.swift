/// Two runs of the same seed compared event by event, as madsim's determinism check does: a simulator whose runs
/// differ cannot replay a failure.
public struct DeterminismCheck: Sendable, Hashable, CustomStringConvertible {
    /// Events in the first and the second run.
    public let firstCount: Int
    public let secondCount: Int
    /// The index of the first event that differs (or that only one run has); nil when the runs are identical.
    public let firstDifference: Int?
    /// That event's line in each run (nil when the run has no event there).
    public let firstLine: String?
    public let secondLine: String?
    public let firstHash: String
    public let secondHash: String

    public var identical: Bool { firstDifference == nil && firstHash == secondHash }

    /// Compares two reports' traces event by event.
    public init(_ first: SimulationReport, _ second: SimulationReport) {
        let a = first.trace.events
        let b = second.trace.events
        let shared = min(a.count, b.count)
        let index = (0..<shared).first { a[$0] != b[$0] }
        firstCount = first.trace.eventCount
        secondCount = second.trace.eventCount
        // Equal retained events but different counts or hashes: the difference lies past the shorter run.
        let same = a.count == b.count && first.traceHash == second.traceHash
        firstDifference = index ?? (same ? nil : shared)
        firstLine = firstDifference.flatMap { a.indices.contains($0) ? a[$0].line : nil }
        secondLine = firstDifference.flatMap { b.indices.contains($0) ? b[$0].line : nil }
        firstHash = first.traceHash
        secondHash = second.traceHash
    }

    public var description: String {
        guard let index = firstDifference else {
            return "deterministic: both runs have the same \(firstCount) events (trace \(firstHash))"
        }
        return "NOT deterministic: event \(index) differs\n  first:  \(firstLine ?? "(no event)")\n"
            + "  second: \(secondLine ?? "(no event)")"
    }
}

extension ScenarioRunner {
    /// Runs `seed` twice (the scenario's faults, or the swarm's draw when `swarm`) and compares every event.
    /// - Throws: what `run` throws.
    public func checkDeterminism(seed: UInt64, swarm: Bool) throws -> DeterminismCheck {
        let first = try swarm ? Swarm(runner: self).run(seed: seed) : run(seed: seed)
        let second = try swarm ? Swarm(runner: self).run(seed: seed) : run(seed: seed)
        return DeterminismCheck(first.report, second.report)
    }
}
