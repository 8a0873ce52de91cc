import ArrowLite

extension StagePlan {
    /// The stage tree as text, root first; each stage headed `Stage N ── tasks=T, partitions=P` with its workers,
    /// then its fragment, where a boundary reads `[Stage M] => NetworkShuffle: input_tasks=t0..t3 partitions=P`;
    /// the producer stages follow, indented under their consumer.
    public func explain() -> String {
        var text = ""
        appendStage(root.id, depth: 0, into: &text)
        return text
    }

    private func appendStage(_ id: Int, depth: Int, into text: inout String) {
        let stage = self.stage(id)
        let pad = String(repeating: "  ", count: depth)
        let tasks = stage.workers.enumerated().map { "t\($0.offset)@\($0.element)" }.joined(separator: " ")
        text += "\(pad)Stage \(id) ── tasks=\(stage.taskCount), partitions=\(stage.partitionsPerTask) [\(tasks)]\n"
        if let filter = runtimeFilter(builtBy: id) {
            text += "\(pad)  ◆ RuntimeFilter \(filter): built from this stage's key hashes"
            text += " for Stage \(filter.probeStage)\n"
        }
        if let filter = runtimeFilter(builtAtJoinIn: id), case .joinBuild(let node) = filter.source {
            text += "\(pad)  ◆ RuntimeFilter \(filter): built from the build side of this stage's "
            text += "\(stage.fragment.nodes[node].name) for Stage \(filter.probeStage)\n"
        }
        if let filter = runtimeFilter(checkedBy: id) {
            let source = filter.isJoinBuilt ? "the join's build side in Stage" : "Stage"
            text += "\(pad)  ◆ RuntimeFilter \(filter): drops rows without a key of \(source) \(filter.buildStage)"
            text += filter.isJoinBuilt ? " (waits for it; dropped in staged mode)\n" : " (waits for it)\n"
        }
        appendFragment(stage.fragment, depth: depth + 1, into: &text)
        for input in stage.inputs.reversed() { appendStage(input.stage, depth: depth + 1, into: &text) }
    }

    private func appendFragment(_ plan: PhysicalPlan, depth: Int, into text: inout String) {
        let pad = String(repeating: "  ", count: depth) + "│ "
        if case .scan(_, let source, _, let count) = plan.kind, let input = source as? StageInputSource {
            let producer = stage(input.input.stage)
            let tasks = producer.taskCount == 1 ? "t0" : "t0..t\(producer.taskCount - 1)"
            text +=
                "\(pad)[Stage \(input.input.stage)] => \(input.input.kind.rawValue): input_tasks=\(tasks) partitions=\(count)\n"
            return
        }
        let details = plan.details.isEmpty ? "" : " " + plan.details
        text += "\(pad)\(plan.name)\(details) partitions=\(plan.outputPartitionCount)\n"
        for child in plan.children { appendFragment(child, depth: depth + 1, into: &text) }
    }

    /// The plan as a Graphviz digraph: a cluster per stage, a node per task (labelled with its worker), and an
    /// edge from every producer task to every consumer task it sends to (a shuffle or broadcast reaches all
    /// consumer tasks; a coalesce reaches the single one).
    public func dot() -> String {
        var lines = ["digraph StagePlan {", "  rankdir=BT;", "  node [shape=box, fontname=\"Helvetica\"];"]
        for stage in stages {
            lines.append("  subgraph cluster_stage\(stage.id) {")
            let root = stage.fragment.name
            lines.append(
                "    label=\"Stage \(stage.id) (\(root)) tasks=\(stage.taskCount) partitions=\(stage.partitionsPerTask)\";"
            )
            for task in 0..<stage.taskCount {
                lines.append(
                    "    s\(stage.id)_t\(task) [label=\"Stage \(stage.id) t\(task)\\n\(stage.workers[task])\"];")
            }
            lines.append("  }")
        }
        for stage in stages {
            for input in stage.inputs {
                let producer = self.stage(input.stage)
                for from in 0..<producer.taskCount {
                    for to in 0..<stage.taskCount {
                        lines.append(
                            "  s\(producer.id)_t\(from) -> s\(stage.id)_t\(to) [label=\"\(input.kind.rawValue)\"];")
                    }
                }
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
