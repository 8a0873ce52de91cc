/// The layout of the stage graph: stages in columns by depth (a leaf stage in column 0, a stage one column right of
/// its deepest input), ordered by id inside a column, each column centred vertically.
struct StageGraphLayout {
    static let boxWidth = 180.0
    static let boxHeight = 48.0
    static let columnGap = 120.0
    static let rowGap = 24.0
    static let margin = 16.0

    /// The box position of `stages[i]`.
    private(set) var boxes: [(x: Double, y: Double)] = []
    /// The index in `stages` of the first stage with a given id.
    private(set) var indexByIdentifier: [Int: Int] = [:]
    private(set) var width = 0.0
    private(set) var height = 0.0

    init(stages: [StageSummary]) {
        var indexOfStage: [Int: Int] = [:]
        for (index, stage) in stages.enumerated() where indexOfStage[stage.id] == nil { indexOfStage[stage.id] = index }
        // Longest path from a leaf, relaxed at most `stages.count` times so that a (malformed) cycle still ends.
        var depths = [Int](repeating: 0, count: stages.count)
        for _ in 0..<stages.count {
            var changed = false
            for (index, stage) in stages.enumerated() {
                for input in stage.inputs {
                    guard let source = indexOfStage[input.stage], source != index else { continue }
                    let depth = min(stages.count, depths[source] + 1)
                    if depth > depths[index] {
                        depths[index] = depth
                        changed = true
                    }
                }
            }
            if !changed { break }
        }
        let columnCount = (depths.max() ?? -1) + 1
        var columns = [[Int]](repeating: [], count: columnCount)
        for index in stages.indices.sorted(by: { (stages[$0].id, $0) < (stages[$1].id, $1) }) {
            columns[depths[index]].append(index)
        }
        let tallest = Double(columns.map(\.count).max() ?? 0)
        let contentHeight = max(0, tallest * Self.boxHeight + (tallest - 1) * Self.rowGap)
        boxes = [(x: Double, y: Double)](repeating: (0, 0), count: stages.count)
        for (column, members) in columns.enumerated() {
            let count = Double(members.count)
            let columnHeight = count * Self.boxHeight + (count - 1) * Self.rowGap
            let top = Self.margin + (contentHeight - columnHeight) / 2
            for (row, index) in members.enumerated() {
                boxes[index] = (
                    x: Self.margin + Double(column) * (Self.boxWidth + Self.columnGap),
                    y: top + Double(row) * (Self.boxHeight + Self.rowGap)
                )
            }
        }
        let columnTotal = Double(columnCount)
        width = 2 * Self.margin + max(0, columnTotal * Self.boxWidth + (columnTotal - 1) * Self.columnGap)
        height = 2 * Self.margin + contentHeight
        indexByIdentifier = indexOfStage
    }
}

extension SimulationReport {
    /// The stage graph as an SVG element: a `g.stage` box per stage (leaves left, the root right) and a `g.edge` per
    /// input, from the input stage to the stage that reads it, labelled with the boundary kind.
    func stageGraphSVG() -> String {
        let layout = StageGraphLayout(stages: stages)
        let width = HTMLText.coordinate(layout.width)
        let height = HTMLText.coordinate(layout.height)
        var svg = [
            "<svg class=\"stage-graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
                + "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"stage graph\">",
            "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0 L10 5 L0 10 Z\"/></marker></defs>",
        ]
        for (index, stage) in stages.enumerated() {
            for input in stage.inputs {
                guard let source = layout.indexByIdentifier[input.stage] else { continue }
                svg.append(stageEdge(from: layout.boxes[source], to: layout.boxes[index], input: input, stage: stage))
            }
        }
        let readStages = Set(stages.flatMap { $0.inputs.map(\.stage) })
        for (index, stage) in stages.enumerated() {
            svg.append(stageBox(stage, at: layout.boxes[index], isRoot: !readStages.contains(stage.id)))
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    private func stageEdge(
        from source: (x: Double, y: Double), to target: (x: Double, y: Double), input: (stage: Int, boundary: String),
        stage: StageSummary
    ) -> String {
        let x1 = source.x + StageGraphLayout.boxWidth
        let y1 = source.y + StageGraphLayout.boxHeight / 2
        let x2 = target.x
        let y2 = target.y + StageGraphLayout.boxHeight / 2
        let middle = (x1 + x2) / 2
        let c = HTMLText.coordinate
        let boundary = HTMLText.escape(input.boundary)
        return "<g class=\"edge\" data-from=\"\(input.stage)\" data-to=\"\(stage.id)\" data-boundary=\"\(boundary)\">"
            + "<path d=\"M\(c(x1)) \(c(y1)) C\(c(middle)) \(c(y1)) \(c(middle)) \(c(y2)) \(c(x2)) \(c(y2))\" "
            + "marker-end=\"url(#arrow)\"/>"
            + "<text x=\"\(c(middle))\" y=\"\(c((y1 + y2) / 2 - 5))\">\(boundary)</text></g>"
    }

    private func stageBox(_ stage: StageSummary, at box: (x: Double, y: Double), isRoot: Bool) -> String {
        let attempts = tasks.filter { $0.stage == stage.id }
        let failed = attempts.filter { $0.outcome == .failed }.count
        let c = HTMLText.coordinate
        let summary =
            "\(stage.taskCount) task\(stage.taskCount == 1 ? "" : "s") · \(attempts.count) attempt"
            + "\(attempts.count == 1 ? "" : "s")\(failed > 0 ? " · \(failed) failed" : "")"
        let inputs = stage.inputs.map { "stage \($0.stage) via \($0.boundary)" }.joined(separator: ", ")
        let title =
            "stage \(stage.id)\(isRoot ? " (root)" : ""): \(summary)\(inputs.isEmpty ? "" : "; reads \(inputs)")"
        return "<g class=\"stage\" data-stage=\"\(stage.id)\">"
            + "<rect class=\"stage-box\" x=\"\(c(box.x))\" y=\"\(c(box.y))\" "
            + "width=\"\(c(StageGraphLayout.boxWidth))\" height=\"\(c(StageGraphLayout.boxHeight))\" rx=\"6\"/>"
            + "<rect class=\"stage-stripe\" x=\"\(c(box.x))\" y=\"\(c(box.y))\" width=\"8\" "
            + "height=\"\(c(StageGraphLayout.boxHeight))\" fill=\"\(HTMLText.stageColor(stage.id))\"/>"
            + "<text class=\"stage-name\" x=\"\(c(box.x + 16))\" y=\"\(c(box.y + 20))\">"
            + "stage \(stage.id)\(isRoot ? " (root)" : "")</text>"
            + "<text class=\"stage-detail\" x=\"\(c(box.x + 16))\" y=\"\(c(box.y + 38))\">\(HTMLText.escape(summary))"
            + "</text><title>\(HTMLText.escape(title))</title></g>"
    }
}
