import PlanKit
import TPCH
import Testing

/// The two renderings of a stage plan agree with the plan: the Graphviz form has one node per task and one edge
/// per producer-consumer task pair; the text has one header per stage and names each boundary's input tasks.
@Suite("EXPLAIN text and Graphviz render every stage, task and edge")
struct StagePlanExplainTests {
    /// A parsed Graphviz rendering: its task nodes and edges as `sS_tT` names.
    struct Graph {
        var nodes: [String] = []
        var edges: [(from: String, to: String, label: String)] = []
        var clusters = 0

        init(_ dot: String) {
            for line in dot.split(separator: "\n") {
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.hasPrefix("subgraph cluster_stage") { clusters += 1 }
                let words = text.split(separator: " ")
                if words.count >= 3, words[1] == "->" {
                    let label = text.split(separator: "\"").dropFirst().first.map(String.init) ?? ""
                    edges.append((String(words[0]), String(words[2]), label))
                } else if words.count >= 2, words[0].hasPrefix("s"), words[1].hasPrefix("[label=") {
                    nodes.append(String(words[0]))
                }
            }
        }
    }

    @Test("Graphviz: one node per task, and producer tasks × consumer tasks edges per boundary", arguments: 1...22)
    func dotNodesAndEdges(number: Int) throws {
        for workers in [3, 4] {
            let plan = try DistributedTestSupport.plan(
                number, workers: workers, options: DistributedPlannerOptions(estimator: FixedTaskEstimator()))
            let dot = plan.dot()
            #expect(dot.hasPrefix("digraph StagePlan {\n") && dot.hasSuffix("}\n"))
            let graph = Graph(dot)
            #expect(graph.clusters == plan.stages.count)
            let tasks = plan.stages.flatMap { stage in (0..<stage.taskCount).map { "s\(stage.id)_t\($0)" } }
            #expect(graph.nodes == tasks, "Q\(number): one node per task, in stage order")
            var expected = 0
            for stage in plan.stages {
                for input in stage.inputs {
                    let producer = plan.stage(input.stage)
                    expected += producer.taskCount * stage.taskCount
                    let edges = graph.edges.filter {
                        $0.from.hasPrefix("s\(producer.id)_") && $0.to.hasPrefix("s\(stage.id)_")
                    }
                    #expect(edges.count == producer.taskCount * stage.taskCount, "Q\(number) stage \(stage.id)")
                    #expect(edges.allSatisfy { $0.label == input.kind.rawValue })
                }
            }
            #expect(graph.edges.count == expected, "Q\(number), \(workers) workers")
            let known = Set(tasks)
            #expect(graph.edges.allSatisfy { known.contains($0.from) && known.contains($0.to) })
        }
    }

    @Test("text: a header per stage with its task count and workers, a line per boundary naming its input tasks")
    func textHeadersAndBoundaries() throws {
        for number in 1...22 {
            let plan = try DistributedTestSupport.plan(
                number, workers: 3, options: DistributedPlannerOptions(estimator: FixedTaskEstimator()))
            let lines = plan.explain().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(lines.first?.hasPrefix("Stage \(plan.root.id) ── tasks=1, partitions=1 [t0@") == true)
            for stage in plan.stages {
                let workers = stage.workers.enumerated().map { "t\($0.offset)@\($0.element)" }.joined(separator: " ")
                let header =
                    "Stage \(stage.id) ── tasks=\(stage.taskCount), partitions=\(stage.partitionsPerTask) [\(workers)]"
                #expect(lines.filter { $0 == header }.count == 1, "Q\(number): \(header)")
                for (input, partitions) in stage.fragment.inputLeaves {
                    let last = plan.stage(input.stage).taskCount - 1
                    let tasks = last == 0 ? "t0" : "t0..t\(last)"
                    let boundary =
                        "│ [Stage \(input.stage)] => \(input.kind.rawValue): input_tasks=\(tasks) partitions=\(partitions)"
                    #expect(lines.contains(boundary), "Q\(number): \(boundary)")
                }
            }
            #expect(lines.filter { $0.hasPrefix("Stage ") }.count == plan.stages.count)
        }
    }
}
