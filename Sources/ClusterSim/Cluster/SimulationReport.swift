import ArrowLite
import PlanKit

/// Per-task measurements of a simulated run.
public struct TaskMetrics: Sendable, Hashable {
    public let stage: Int
    public let task: Int
    public let worker: String
    public let rowsIn: Int
    public let bytesIn: Int
    public let rowsOut: Int
    public let bytesOut: Int
    /// Virtual time the task occupied a core.
    public let busy: VirtualDuration
    /// The largest bytes its operators held at once (sum of their peaks).
    public let peakMemoryBytes: Int
    public let start: VirtualTime
    public let end: VirtualTime
}

/// What a simulated run produced: the result, its trace hash, virtual time and metrics.
public struct SimulationReport: Sendable {
    public let result: QueryResult
    public let trace: Trace
    public let virtualTime: VirtualTime
    /// Bytes that crossed a link between two different workers (Arrow IPC encoded).
    public let bytesShuffled: Int
    public let tasks: [TaskMetrics]
    public let costModel: CostModel
    public let network: NetworkModel
    public let seed: UInt64

    public var traceHash: String { trace.hash }

    /// The report as JSON: status, trace_hash, virtual_time_ms, bytes_shuffled, tasks, per-stage metrics, the
    /// model constants.
    public func json() -> String {
        var stageIDs: [Int] = []
        for task in tasks where !stageIDs.contains(task.stage) { stageIDs.append(task.stage) }
        let stages = stageIDs.sorted().map { id -> String in
            let own = tasks.filter { $0.stage == id }
            let rows = own.reduce(0) { $0 + $1.rowsOut }
            let bytes = own.reduce(0) { $0 + $1.bytesOut }
            let busy = own.reduce(Int64(0)) { $0 + $1.busy.nanoseconds }
            let peak = own.map(\.peakMemoryBytes).max() ?? 0
            return "{\"stage\": \(id), \"tasks\": \(own.count), \"rows_out\": \(rows), \"bytes_out\": \(bytes), "
                + "\"busy_ms\": \(Double(busy) / 1e6), \"peak_memory_bytes\": \(peak)}"
        }
        let taskLines = tasks.map { t in
            "{\"stage\": \(t.stage), \"task\": \(t.task), \"worker\": \"\(t.worker)\", \"rows_in\": \(t.rowsIn), "
                + "\"bytes_in\": \(t.bytesIn), \"rows_out\": \(t.rowsOut), \"bytes_out\": \(t.bytesOut), "
                + "\"busy_ms\": \(Double(t.busy.nanoseconds) / 1e6), \"peak_memory_bytes\": \(t.peakMemoryBytes), "
                + "\"start_ms\": \(Double(t.start.nanoseconds) / 1e6), \"end_ms\": \(Double(t.end.nanoseconds) / 1e6)}"
        }
        return """
            {
              "status": "ok",
              "seed": \(seed),
              "trace_hash": "\(traceHash)",
              "virtual_time_ms": \(Double(virtualTime.nanoseconds) / 1e6),
              "bytes_shuffled": \(bytesShuffled),
              "rows": \(result.rowCount),
              "tasks": \(tasks.count),
              "cost_model": "\(costModel)",
              "network": "\(network)",
              "stages": [\(stages.joined(separator: ", "))],
              "task_metrics": [\(taskLines.joined(separator: ",\n    "))]
            }

            """
    }

    /// The trace as Chrome trace JSON (opens in Perfetto): one process per worker, a slice per task.
    public func chromeTrace() -> String {
        let slices = tasks.map { t in
            "{\"name\": \"stage \(t.stage) task \(t.task)\", \"ph\": \"X\", \"pid\": \"\(t.worker)\", \"tid\": \(t.stage), "
                + "\"ts\": \(Double(t.start.nanoseconds) / 1000), \"dur\": \(Double(t.busy.nanoseconds) / 1000), "
                + "\"args\": {\"rows_out\": \(t.rowsOut), \"bytes_out\": \(t.bytesOut)}}"
        }
        return "{\"traceEvents\": [\n" + slices.joined(separator: ",\n") + "\n]}\n"
    }
}
