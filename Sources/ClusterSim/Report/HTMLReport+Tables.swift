extension SimulationReport {
    /// A table of trace events (faults fired or recovery actions), or a note when there are none.
    func eventTableHTML(_ events: [TraceEvent], kind: String, empty: String) -> String {
        func field(_ value: Int?) -> String { value.map(String.init) ?? "" }
        let rows = events.map { event in
            [
                HTMLText.milliseconds(event.time.nanoseconds), event.worker, field(event.stage), field(event.task),
                field(event.attempt), event.kind, event.detail,
            ]
        }
        return tableHTML(
            kind: kind, headers: ["time (ms)", "worker", "stage", "task", "attempt", "event", "detail"],
            numericColumns: [0, 2, 3, 4], rows: rows, empty: empty)
    }

    /// Per-stage metrics: tasks, attempts by outcome, rows and bytes out of the finished attempts, busy time, peak
    /// memory and inputs.
    func stageTableHTML() -> String {
        let rows = stages.map { stage -> [String] in
            let own = tasks.filter { $0.stage == stage.id }
            func count(_ outcome: AttemptOutcome) -> String { String(own.filter { $0.outcome == outcome }.count) }
            let used = own.filter { $0.outcome == .finished }
            let busy = own.reduce(Int64(0)) { $0.addingReportingOverflow($1.busy.nanoseconds).partialValue }
            return [
                String(stage.id), String(stage.taskCount), String(own.count), count(.finished), count(.failed),
                count(.cancelled), count(.unfinished), HTMLText.grouped(used.reduce(0) { $0 &+ $1.rowsOut }),
                HTMLText.grouped(used.reduce(0) { $0 &+ $1.bytesOut }), HTMLText.milliseconds(busy),
                HTMLText.grouped(own.map(\.peakMemoryBytes).max() ?? 0),
                stage.inputs.map { "stage \($0.stage) via \($0.boundary)" }.joined(separator: ", "),
            ]
        }
        return tableHTML(
            kind: "stages",
            headers: [
                "stage", "tasks", "attempts", "finished", "failed", "cancelled", "unfinished", "rows out", "bytes out",
                "busy (ms)", "peak memory (bytes)", "inputs",
            ],
            numericColumns: Array(0...10), rows: rows, empty: "No stages.")
    }

    /// Per-attempt metrics, in the report's order (by stage, task, attempt).
    func attemptTableHTML() -> String {
        let rows = tasks.map { task in
            [
                String(task.stage), String(task.task), String(task.attempt), task.worker, task.outcome.rawValue,
                task.speculative ? "yes" : "", HTMLText.milliseconds(task.start.nanoseconds),
                HTMLText.milliseconds(task.end.nanoseconds), HTMLText.milliseconds(task.busy.nanoseconds),
                HTMLText.grouped(task.rowsIn), HTMLText.grouped(task.bytesIn), HTMLText.grouped(task.rowsOut),
                HTMLText.grouped(task.bytesOut), HTMLText.grouped(task.peakMemoryBytes),
            ]
        }
        return tableHTML(
            kind: "attempts",
            headers: [
                "stage", "task", "attempt", "worker", "outcome", "speculative", "start (ms)", "end (ms)", "busy (ms)",
                "rows in", "bytes in", "rows out", "bytes out", "peak memory (bytes)",
            ],
            numericColumns: [0, 1, 2, 6, 7, 8, 9, 10, 11, 12, 13], rows: rows, empty: "No task attempts.")
    }

    /// An HTML table with escaped cells; `numericColumns` are right-aligned.
    private func tableHTML(kind: String, headers: [String], numericColumns: [Int], rows: [[String]], empty: String)
        -> String
    {
        guard !rows.isEmpty else { return "<p class=\"empty\" data-table=\"\(kind)\">\(HTMLText.escape(empty))</p>" }
        func cell(_ tag: String, _ column: Int, _ text: String) -> String {
            let align = numericColumns.contains(column) ? " class=\"number\"" : ""
            return "<\(tag)\(align)>\(HTMLText.escape(text))</\(tag)>"
        }
        let head = "<tr>" + headers.enumerated().map { cell("th", $0.offset, $0.element) }.joined() + "</tr>"
        let body = rows.map { row in
            "<tr>" + row.enumerated().map { cell("td", $0.offset, $0.element) }.joined() + "</tr>"
        }
        return "<table class=\"\(kind)\">\n<thead>\(head)</thead>\n<tbody>\n" + body.joined(separator: "\n")
            + "\n</tbody>\n</table>"
    }
}
