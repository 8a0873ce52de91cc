/// The geometry of the Gantt chart: a row per worker (idle ones included), sub-lanes inside a row for attempts that
/// overlap in time, an optional top row for faults not on a worker (the coordinator's), and the time scale.
struct GanttLayout {
    static let labelWidth = 100.0
    static let plotWidth = 960.0
    static let rightMargin = 30.0
    static let topMargin = 8.0
    static let laneHeight = 16.0
    static let laneGap = 2.0
    static let rowPadding = 5.0
    static let axisHeight = 40.0
    static let width = labelWidth + plotWidth + rightMargin

    /// Row labels, top to bottom.
    private(set) var rowNames: [String] = []
    private(set) var rowTops: [Double] = []
    private(set) var rowHeights: [Double] = []
    /// The row and the sub-lane of `tasks[i]`.
    private(set) var taskRows: [Int] = []
    private(set) var taskLanes: [Int] = []
    /// The row of `faultEvents[i]`.
    private(set) var faultRows: [Int] = []
    /// The time the x axis spans, in nanoseconds (at least 1).
    let extentNanoseconds: Double
    private(set) var height = 0.0

    init(tasks: [TaskMetrics], faults: [TraceEvent], workerCount: Int, virtualTime: VirtualTime) {
        var names = (0..<max(0, workerCount)).map { "worker-\($0 + 1)" }
        var rowIndex: [String: Int] = [:]
        for (index, name) in names.enumerated() { rowIndex[name] = index }
        for task in tasks where rowIndex[task.worker] == nil {
            rowIndex[task.worker] = names.count
            names.append(task.worker)
        }
        // A fault on a link (`worker-1->worker-2`) is drawn on its first worker; others go to the top row.
        func faultRow(_ worker: String) -> Int? {
            if let row = rowIndex[worker] { return row }
            guard let arrow = worker.firstRange(of: "->") else { return nil }
            return rowIndex[String(worker[..<arrow.lowerBound])]
        }
        let faultWorkerRows = faults.map { faultRow($0.worker) }
        let topRowCount = faultWorkerRows.contains(where: { $0 == nil }) ? 1 : 0
        rowNames = (topRowCount == 1 ? ["coordinator"] : []) + names
        faultRows = faultWorkerRows.map { $0.map { $0 + topRowCount } ?? 0 }

        var laneEnds = [[Int64]](repeating: [], count: rowNames.count)
        taskRows = tasks.map { (rowIndex[$0.worker] ?? 0) + topRowCount }
        taskLanes = [Int](repeating: 0, count: tasks.count)
        let order = tasks.indices.sorted { a, b in
            let x = tasks[a]
            let y = tasks[b]
            return (x.start.nanoseconds, x.end.nanoseconds, x.stage, x.task, x.attempt, a)
                < (y.start.nanoseconds, y.end.nanoseconds, y.stage, y.task, y.attempt, b)
        }
        for index in order {
            let row = taskRows[index]
            let start = tasks[index].start.nanoseconds
            let end = max(start, tasks[index].end.nanoseconds)
            if let lane = laneEnds[row].firstIndex(where: { $0 <= start }) {
                laneEnds[row][lane] = end
                taskLanes[index] = lane
            } else {
                taskLanes[index] = laneEnds[row].count
                laneEnds[row].append(end)
            }
        }

        var top = Self.topMargin
        for row in rowNames.indices {
            let lanes = Double(max(1, laneEnds[row].count))
            let rowHeight = 2 * Self.rowPadding + lanes * Self.laneHeight + (lanes - 1) * Self.laneGap
            rowTops.append(top)
            rowHeights.append(rowHeight)
            top += rowHeight
        }
        height = top + Self.axisHeight
        let latest = ([virtualTime.nanoseconds] + tasks.map(\.end.nanoseconds) + faults.map(\.time.nanoseconds)).max()
        extentNanoseconds = Double(max(1, latest ?? 1))
    }

    /// The x coordinate of `nanoseconds`.
    func x(_ nanoseconds: Int64) -> Double {
        Self.labelWidth + Double(max(0, nanoseconds)) / extentNanoseconds * Self.plotWidth
    }

    /// The y coordinate of sub-lane `lane` of row `row`.
    func laneTop(row: Int, lane: Int) -> Double {
        rowTops[row] + Self.rowPadding + Double(lane) * (Self.laneHeight + Self.laneGap)
    }

    /// The bottom of the last row, where the axis starts.
    var plotBottom: Double { height - Self.axisHeight }

    /// Tick positions (nanoseconds) at a round step (1, 2 or 5 × 10^k ns) giving at most about 10 ticks, and the
    /// decimals their millisecond labels need.
    func ticks() -> (positions: [Double], decimals: Int) {
        let rough = max(1, extentNanoseconds / 8)
        var power = 1.0
        var exponent = 0
        while power * 10 <= rough {
            power *= 10
            exponent += 1
        }
        let multiplier = [1.0, 2, 5, 10].first { power * $0 >= rough } ?? 10
        let step = power * multiplier
        let stepExponent = multiplier == 10 ? exponent + 1 : exponent
        let count = Int(extentNanoseconds / step)
        return ((0...count).map { Double($0) * step }, max(0, 6 - stepExponent))
    }
}

extension SimulationReport {
    /// The Gantt chart as an SVG element: a row per worker over virtual time, a `rect.attempt` per task attempt
    /// (coloured by stage, styled by outcome), a `g.fault` marker per fault event.
    func ganttSVG() -> String {
        let faults = faultEvents
        let layout = GanttLayout(tasks: tasks, faults: faults, workerCount: workerCount, virtualTime: virtualTime)
        let width = HTMLText.coordinate(GanttLayout.width)
        var svg = [
            "<svg class=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" "
                + "height=\"\(HTMLText.coordinate(layout.height))\" viewBox=\"0 0 \(width) "
                + "\(HTMLText.coordinate(layout.height))\" role=\"img\" aria-label=\"task attempts over virtual time\">",
            "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                + "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"hatch-line\"/>"
                + "</pattern></defs>",
        ]
        svg += ganttRows(layout)
        svg += ganttAxis(layout)
        for (index, task) in tasks.enumerated() {
            svg += attemptElements(task, row: layout.taskRows[index], lane: layout.taskLanes[index], layout: layout)
        }
        for (index, event) in faults.enumerated() {
            svg.append(faultMarker(event, row: layout.faultRows[index], layout: layout))
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    private func ganttRows(_ layout: GanttLayout) -> [String] {
        layout.rowNames.indices.map { row in
            let top = layout.rowTops[row]
            let height = layout.rowHeights[row]
            let y = HTMLText.coordinate(top + height / 2 + 4)
            return "<g class=\"row\" data-worker=\"\(HTMLText.escape(layout.rowNames[row]))\">"
                + "<rect class=\"row-band\" x=\"0\" y=\"\(HTMLText.coordinate(top))\" "
                + "width=\"\(HTMLText.coordinate(GanttLayout.width))\" height=\"\(HTMLText.coordinate(height))\"/>"
                + "<text class=\"row-label\" x=\"8\" y=\"\(y)\">\(HTMLText.escape(layout.rowNames[row]))</text></g>"
        }
    }

    private func ganttAxis(_ layout: GanttLayout) -> [String] {
        let bottom = layout.plotBottom
        let (positions, decimals) = layout.ticks()
        var lines = [
            "<line class=\"axis\" x1=\"\(HTMLText.coordinate(GanttLayout.labelWidth))\" "
                + "y1=\"\(HTMLText.coordinate(bottom))\" "
                + "x2=\"\(HTMLText.coordinate(GanttLayout.labelWidth + GanttLayout.plotWidth))\" "
                + "y2=\"\(HTMLText.coordinate(bottom))\"/>"
        ]
        for position in positions {
            let x = HTMLText.coordinate(
                GanttLayout.labelWidth + position / layout.extentNanoseconds
                    * GanttLayout.plotWidth)
            lines.append(
                "<line class=\"grid\" x1=\"\(x)\" y1=\"\(HTMLText.coordinate(GanttLayout.topMargin))\" x2=\"\(x)\" "
                    + "y2=\"\(HTMLText.coordinate(bottom + 4))\"/>"
                    + "<text class=\"tick\" x=\"\(x)\" y=\"\(HTMLText.coordinate(bottom + 16))\">"
                    + "\(HTMLText.fixed(position / 1e6, decimals: decimals))</text>")
        }
        lines.append(
            "<text class=\"axis-title\" x=\"\(HTMLText.coordinate(GanttLayout.labelWidth + GanttLayout.plotWidth / 2))\" "
                + "y=\"\(HTMLText.coordinate(bottom + 34))\">virtual time (ms)</text>")
        return lines
    }

    private func attemptElements(_ task: TaskMetrics, row: Int, lane: Int, layout: GanttLayout) -> [String] {
        let left = layout.x(task.start.nanoseconds)
        let width = max(1.5, layout.x(max(task.start.nanoseconds, task.end.nanoseconds)) - left)
        let geometry =
            "x=\"\(HTMLText.coordinate(left))\" y=\"\(HTMLText.coordinate(layout.laneTop(row: row, lane: lane)))\" "
            + "width=\"\(HTMLText.coordinate(width))\" height=\"\(HTMLText.coordinate(GanttLayout.laneHeight))\""
        let busy = HTMLText.milliseconds(task.busy.nanoseconds)
        let title =
            "stage \(task.stage) task \(task.task) attempt \(task.attempt)\(task.speculative ? " (speculative)" : "") "
            + "on \(task.worker): \(task.outcome.rawValue), \(HTMLText.milliseconds(task.start.nanoseconds))–"
            + "\(HTMLText.milliseconds(task.end.nanoseconds)) ms, busy \(busy) ms, rows \(task.rowsIn) → "
            + "\(task.rowsOut), bytes \(task.bytesIn) → \(task.bytesOut)"
        var elements = [
            "<rect class=\"attempt\" data-stage=\"\(task.stage)\" data-task=\"\(task.task)\" "
                + "data-attempt=\"\(task.attempt)\" data-outcome=\"\(task.outcome.rawValue)\" "
                + "data-speculative=\"\(task.speculative)\" data-worker=\"\(HTMLText.escape(task.worker))\" "
                + "\(geometry) fill=\"\(HTMLText.stageColor(task.stage))\"><title>\(HTMLText.escape(title))</title>"
                + "</rect>"
        ]
        if task.outcome == .failed {
            elements.append("<rect class=\"hatch\" \(geometry) fill=\"url(#hatch)\" pointer-events=\"none\"/>")
        }
        return elements
    }

    private func faultMarker(_ event: TraceEvent, row: Int, layout: GanttLayout) -> String {
        let x = layout.x(event.time.nanoseconds)
        let top = layout.rowTops[row]
        let bottom = top + layout.rowHeights[row]
        let title = "\(HTMLText.milliseconds(event.time.nanoseconds)) ms \(event.worker) \(event.kind) \(event.detail)"
        return "<g class=\"fault\" data-kind=\"\(HTMLText.escape(event.kind))\" "
            + "data-worker=\"\(HTMLText.escape(event.worker))\">"
            + "<line x1=\"\(HTMLText.coordinate(x))\" y1=\"\(HTMLText.coordinate(top))\" "
            + "x2=\"\(HTMLText.coordinate(x))\" y2=\"\(HTMLText.coordinate(bottom))\"/>"
            + "<path d=\"M\(HTMLText.coordinate(x - 5)) \(HTMLText.coordinate(top)) "
            + "L\(HTMLText.coordinate(x + 5)) \(HTMLText.coordinate(top)) "
            + "L\(HTMLText.coordinate(x)) \(HTMLText.coordinate(top + 8)) Z\"/>"
            + "<title>\(HTMLText.escape(title))</title></g>"
    }
}
