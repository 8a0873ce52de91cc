import ClusterSim
import Foundation

/// Hand-built simulation reports and a small tag reader for the HTML report tests.
enum HTMLReportSamples {
    static func milliseconds(_ value: Int64) -> VirtualTime { VirtualTime(nanoseconds: value * 1_000_000) }

    static func attempt(
        stage: Int, task: Int, attempt: Int, worker: String, outcome: AttemptOutcome, speculative: Bool = false,
        from start: Int64, to end: Int64
    ) -> TaskMetrics {
        TaskMetrics(
            stage: stage, task: task, attempt: attempt, worker: worker, outcome: outcome, speculative: speculative,
            rowsIn: 100, bytesIn: 1_000, rowsOut: 10, bytesOut: 100, busy: .milliseconds(end - start),
            peakMemoryBytes: 4_096, start: milliseconds(start), end: milliseconds(end))
    }

    /// Four workers (worker-4 idle), three stages (0 and 1 leaves, 2 the root), six attempts: a crash of worker-2
    /// fails stage 0 task 0 attempt 0, retried on worker-3; a speculative copy of stage 1 task 0 is cancelled; a
    /// fault on the coordinator; the failure message and a fault detail carry SQL-ish text with `<&>`.
    static func handBuilt(retainedEventLimit: Int = 1_000) -> SimulationReport {
        var trace = Trace(retainedEventLimit: retainedEventLimit)
        let events = [
            TraceEvent(time: milliseconds(0), worker: "coordinator", stage: 0, kind: "stage.start", detail: "tasks=2"),
            TraceEvent(
                time: milliseconds(4), worker: "worker-2", kind: "fault.crash",
                detail: "crash target=worker-2 at=4.000ms count=1 -- SELECT * FROM t WHERE a < 1 && b > 2"),
            TraceEvent(
                time: milliseconds(5), worker: "coordinator", stage: 0, task: 0, attempt: 1, kind: "recovery.retry",
                detail: "on worker-3 after <crash>"),
            TraceEvent(time: milliseconds(9), worker: "coordinator", kind: "fault.crash", detail: "coordinator </td>"),
            TraceEvent(
                time: milliseconds(12), worker: "coordinator", stage: 1, task: 0, attempt: 1,
                kind: "recovery.speculate", detail: "straggler on worker-1"),
        ]
        for event in events { trace.record(event) }
        let tasks = [
            attempt(stage: 0, task: 0, attempt: 0, worker: "worker-2", outcome: .failed, from: 0, to: 4),
            attempt(stage: 0, task: 0, attempt: 1, worker: "worker-3", outcome: .finished, from: 5, to: 10),
            attempt(stage: 0, task: 1, attempt: 0, worker: "worker-1", outcome: .finished, from: 0, to: 8),
            attempt(stage: 1, task: 0, attempt: 0, worker: "worker-1", outcome: .finished, from: 2, to: 16),
            attempt(
                stage: 1, task: 0, attempt: 1, worker: "worker-2", outcome: .cancelled, speculative: true, from: 12,
                to: 16),
            attempt(stage: 2, task: 0, attempt: 0, worker: "worker-3", outcome: .finished, from: 16, to: 20),
        ]
        let stages = [
            StageSummary(id: 0, taskCount: 2, inputs: []),
            StageSummary(id: 1, taskCount: 1, inputs: []),
            StageSummary(
                id: 2, taskCount: 1, inputs: [(stage: 0, boundary: "shuffle"), (stage: 1, boundary: "broadcast")]),
        ]
        return SimulationReport(
            result: nil,
            failure: RunFailure(.queryError, "division by zero in SELECT a / b FROM t WHERE a < 1 && b > 2"),
            trace: trace, virtualTime: milliseconds(20), bytesShuffled: 123_456, tasks: tasks, stages: stages,
            mode: .staged, workerCount: 4, costModel: CostModel(), network: NetworkModel(), seed: 42)
    }
}

/// Reads start tags out of HTML text: enough to check the report's own, regular markup.
enum HTMLTags {
    /// The attributes of every `<tag …>` whose `class` attribute is exactly `className`, in document order.
    static func elements(_ html: String, tag: String, className: String) -> [[String: String]] {
        var found: [[String: String]] = []
        var rest = html[...]
        while let open = rest.firstRange(of: "<\(tag) ") {
            guard let close = rest[open.upperBound...].firstIndex(of: ">") else { break }
            let attributes = parseAttributes(rest[open.upperBound..<close])
            if attributes["class"] == className { found.append(attributes) }
            rest = rest[close...]
        }
        return found
    }

    /// The text of every `<tag class="className" …>text</tag>`, in document order.
    static func texts(_ html: String, tag: String, className: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let open = rest.firstRange(of: "<\(tag) class=\"\(className)\"") {
            guard let start = rest[open.upperBound...].firstIndex(of: ">"),
                let end = rest[start...].firstRange(of: "</\(tag)>")
            else { break }
            found.append(String(rest[rest.index(after: start)..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// `name="value"` pairs (values kept escaped).
    static func parseAttributes(_ text: Substring) -> [String: String] {
        var attributes: [String: String] = [:]
        for match in text.matches(of: /([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"]*)"/) {
            attributes[String(match.1)] = String(match.2)
        }
        return attributes
    }

    /// How many times `needle` occurs in `text`.
    static func count(_ needle: String, in text: String) -> Int { text.ranges(of: needle).count }
}
