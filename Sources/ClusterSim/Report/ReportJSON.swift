import ArrowLite
import PlanKit

extension SimulationReport {
    /// The report as JSON: status, trace_hash, virtual_time_ms, bytes_shuffled, tasks, faults, recovery actions,
    /// runtime filter events, per-stage metrics, the model constants, every attempt.
    public func json() -> String {
        let stageLines = stages.map { stage -> String in
            let own = tasks.filter { $0.stage == stage.id }
            let used = own.filter { $0.outcome == .finished }
            let rows = used.reduce(0) { $0 + $1.rowsOut }
            let bytes = used.reduce(0) { $0 + $1.bytesOut }
            let busy = own.reduce(Int64(0)) { $0 + $1.busy.nanoseconds }
            let peak = own.map(\.peakMemoryBytes).max() ?? 0
            let inputs = stage.inputs.map { "{\"stage\": \($0.stage), \"boundary\": \"\($0.boundary)\"}" }
            return "{\"stage\": \(stage.id), \"tasks\": \(stage.taskCount), \"attempts\": \(own.count), "
                + "\"rows_out\": \(rows), \"bytes_out\": \(bytes), \"busy_ms\": \(Double(busy) / 1e6), "
                + "\"peak_memory_bytes\": \(peak), \"inputs\": [\(inputs.joined(separator: ", "))]}"
        }
        let taskLines = tasks.map { t in
            "{\"stage\": \(t.stage), \"task\": \(t.task), \"attempt\": \(t.attempt), \"worker\": \"\(t.worker)\", "
                + "\"outcome\": \"\(t.outcome.rawValue)\", \"speculative\": \(t.speculative), "
                + "\"rows_in\": \(t.rowsIn), \"bytes_in\": \(t.bytesIn), \"rows_out\": \(t.rowsOut), "
                + "\"bytes_out\": \(t.bytesOut), \"busy_ms\": \(Double(t.busy.nanoseconds) / 1e6), "
                + "\"peak_memory_bytes\": \(t.peakMemoryBytes), \"start_ms\": \(Double(t.start.nanoseconds) / 1e6), "
                + "\"end_ms\": \(Double(t.end.nanoseconds) / 1e6)}"
        }
        let failureText = failure.map { "\"\(JSONText.escape($0.message))\"" } ?? "null"
        return """
            {
              "status": "\(status)",
              "failure": \(failureText),
              "seed": \(seed),
              "mode": "\(mode.rawValue)",
              "workers": \(workerCount),
              "trace_hash": "\(traceHash)",
              "virtual_time_ms": \(Double(virtualTime.nanoseconds) / 1e6),
              "bytes_shuffled": \(bytesShuffled),
              "rows": \(result?.rowCount ?? 0),
              "tasks": \(Set(tasks.map { "\($0.stage).\($0.task)" }).count),
              "attempts": \(tasks.count),
              "retries": \(retryCount),
              "faults_fired": [\(quotedLines(faultEvents))],
              "recovery_actions": [\(quotedLines(recoveryEvents))],
              "runtime_filters": [\(quotedLines(runtimeFilterEvents))],
              "cost_model": "\(costModel)",
              "network": "\(network)",
              "stages": [\(stageLines.joined(separator: ",\n    "))],
              "task_metrics": [\(taskLines.joined(separator: ",\n    "))]
            }

            """
    }

    /// The events' trace lines as JSON strings, comma-separated.
    private func quotedLines(_ events: [TraceEvent]) -> String {
        events.map { "\"" + JSONText.escape($0.line) + "\"" }.joined(separator: ", ")
    }

    /// The trace as Chrome trace JSON (opens in Perfetto): one process per worker, a slice per task attempt, an
    /// instant event per fault and per runtime filter event.
    public func chromeTrace() -> String {
        var events = tasks.map { t in
            "{\"name\": \"stage \(t.stage) task \(t.task) attempt \(t.attempt)\", \"cat\": \"\(t.outcome.rawValue)\", "
                + "\"ph\": \"X\", \"pid\": \"\(t.worker)\", \"tid\": \(t.stage), "
                + "\"ts\": \(Double(t.start.nanoseconds) / 1000), "
                + "\"dur\": \(Double(t.end.nanoseconds - t.start.nanoseconds) / 1000), "
                + "\"args\": {\"rows_out\": \(t.rowsOut), \"bytes_out\": \(t.bytesOut), "
                + "\"busy_ms\": \(Double(t.busy.nanoseconds) / 1e6)}}"
        }
        events += (faultEvents + runtimeFilterEvents).map { event in
            "{\"name\": \"\(JSONText.escape(event.kind))\", \"ph\": \"i\", \"s\": \"g\", \"pid\": \"\(event.worker)\", "
                + "\"ts\": \(Double(event.time.nanoseconds) / 1000), "
                + "\"args\": {\"detail\": \"\(JSONText.escape(event.detail))\"}}"
        }
        return "{\"traceEvents\": [\n" + events.joined(separator: ",\n") + "\n]}\n"
    }
}

/// JSON string escaping for reports: the text of a JSON string literal without its quotes (ArrowLite's JSON rules).
public enum JSONText {
    public static func escape(_ text: String) -> String { String(JSONRows.quoted(text).dropFirst().dropLast()) }
}
