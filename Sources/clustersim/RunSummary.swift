import ClusterSim
import Foundation

/// The readable summary `clustersim run` prints: what ran, faults that fired, recovery actions, each check,
/// virtual time, bytes shuffled, trace hash; for a failure, the replay line and the trace before the failure.
enum RunSummary {
    static func text(_ run: ScenarioRun, scenario: Scenario, path: String) -> String {
        let report = run.report
        var lines: [String] = []
        lines.append("scenario   \(scenario.name) (\(path)), seed \(run.seed)")
        lines.append("ran        \(run.variant.shapeDescription), \(report.mode.rawValue)")
        lines.append("plan       \(run.stageCount) stages, \(run.taskCount) tasks")
        let fired = report.faultEvents
        lines.append("faults     \(run.variant.faults.faults.count) in the plan, \(fired.count) fired")
        for fault in run.variant.faults.faults { lines.append("             plan: \(fault)") }
        for event in fired.prefix(20) {
            lines.append("             \(event.time) \(event.worker) \(event.kind) \(event.detail)")
        }
        let recovery = report.recoveryEvents
        lines.append("recovery   \(recovery.count) actions, \(report.retryCount) retries")
        for event in recovery.prefix(20) {
            lines.append("             \(event.time) \(event.worker) \(event.kind) \(event.detail)")
        }
        if recovery.count > 20 { lines.append("             … \(recovery.count - 20) more") }
        lines.append("checks")
        for check in run.checks { lines.append("  \(check)") }
        lines.append(
            "time       \(report.virtualTime) virtual (fault-free \(run.baselineTime), deadline \(run.deadline))")
        lines.append("shuffled   \(report.bytesShuffled) bytes")
        lines.append("trace      \(report.traceHash) (\(report.trace.eventCount) events)")
        lines.append("verdict    \(run.verdict)")
        if !run.passed {
            lines.append("")
            lines.append("replay: \(run.replay)")
            lines.append("shrink: \(run.replay.replacingOccurrences(of: "clustersim run", with: "clustersim shrink"))")
            lines.append("trace before the failure (last 30 events):")
            for line in run.traceTail(30) { lines.append("  \(line)") }
        }
        return lines.joined(separator: "\n")
    }

    /// The simulation report's JSON with the verdict, the checks and the replay line added at the top.
    static func json(_ run: ScenarioRun) -> String {
        let body = run.report.json()
        let checks = run.checks.map { check in
            "{\"name\": \"\(JSONText.escape(check.name))\", \"passed\": \(check.passed), \"detail\": \"\(JSONText.escape(check.detail))\"}"
        }
        let head = """
            {
              "verdict": "\(run.verdict.rawValue)",
              "replay": "\(JSONText.escape(run.replay))",
              "checks": [\(checks.joined(separator: ", "))],
            """
        guard body.hasPrefix("{\n") else { return body }
        return head + "\n" + body.dropFirst(2)
    }

}
