import Foundation
import PlanKit
import TPCH
import Testing

/// `clustersim explain`: the stage tree and Graphviz of a query as the binary prints them, each option's effect on
/// the plan, and usage and SQL errors. Runs at SF 0.001 (every run generates its tables); stage headers are checked
/// against hand-derived plans.
@Suite("clustersim explain: stage plans, options, errors") struct ExplainCommandTests {
    /// The `Stage N ──` header lines of an EXPLAIN text, without their indentation.
    static func headers(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("Stage ") }
    }

    static let four = "[t0@worker-1 t1@worker-2 t2@worker-3 t3@worker-4]"

    @Test("Q3 with the fixed estimator on 4 workers: five stages, the engine's own EXPLAIN text, byte for byte")
    func fixedQ3() throws {
        let result = try CLI.run([
            "explain", "--tpch", "3", "--workers", "4", "--estimator", "fixed", "--partitions", "2", "--scale", "0.001",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        // customer → broadcast into the orders join → broadcast into the lineitem join, which shuffles into the
        // final aggregate and top-k, which coalesces into the root top-k.
        #expect(
            Self.headers(result.stdout) == [
                "Stage 5 ── tasks=1, partitions=1 [t0@worker-1]",
                "Stage 4 ── tasks=4, partitions=2 \(Self.four)",
                "Stage 3 ── tasks=4, partitions=8 \(Self.four)",
                "Stage 2 ── tasks=4, partitions=2 \(Self.four)",
                "Stage 1 ── tasks=4, partitions=2 \(Self.four)",
            ])
        for boundary in [
            "[Stage 4] => NetworkCoalesce: input_tasks=t0..t3 partitions=1",
            "[Stage 3] => NetworkShuffle: input_tasks=t0..t3 partitions=2",
            "[Stage 2] => NetworkBroadcast: input_tasks=t0..t3 partitions=1",
            "[Stage 1] => NetworkBroadcast: input_tasks=t0..t3 partitions=1",
        ] {
            #expect(result.stdout.contains(boundary), "\(boundary)")
        }
        let engine = QueryEngine(catalog: try Catalog.tpch(scale: 0.001), options: QueryOptions(partitionCount: 2))
        let plan = try engine.distributedPlan(
            TPCHQueries.query(3), workers: StaticWorkerResolver(count: 4).workerAddresses(),
            options: DistributedPlannerOptions(estimator: FixedTaskEstimator(count: 4)))
        #expect(result.stdout == plan.explain())
    }

    @Test("--format dot: a digraph with one node per task (17) and one edge per producer-consumer task pair (52)")
    func dot() throws {
        let result = try CLI.run([
            "explain", "--tpch", "3", "--workers", "4", "--estimator", "fixed", "--partitions", "2", "--scale", "0.001",
            "--format", "dot",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "digraph StagePlan {" && lines.last == "}")
        // Four 4-task stages and the root: 17 tasks. Stage 1→2, 2→3 (broadcast) and 3→4 (shuffle) connect 4 × 4
        // tasks each, 4→5 (coalesce) 4 × 1.
        #expect(lines.filter { $0.contains(" [label=\"Stage ") }.count == 17)
        #expect(lines.filter { $0.contains(" -> ") }.count == 3 * 16 + 4)
        #expect(lines.filter { $0.contains("-> s5_t0 [label=\"NetworkCoalesce\"]") }.count == 4)
    }

    @Test("--bytes-per-task, --cardinality-factor and --max-tasks change Q1's task counts as documented")
    func taskOptions() throws {
        // 10 kB per task makes Q1's lineitem scan want far more than 4 tasks: the leaf gets the 4 workers; the
        // final aggregate follows its producer scaled by 0.5 (2 tasks); the root gathers (1 task).
        let scaled = try CLI.run([
            "explain", "--tpch", "1", "--workers", "4", "--scale", "0.001", "--partitions", "2",
            "--bytes-per-task", "10000", "--cardinality-factor", "0.5",
        ])
        #expect(scaled.status == 0, "\(scaled.stderr)")
        #expect(
            Self.headers(scaled.stdout) == [
                "Stage 3 ── tasks=1, partitions=1 [t0@worker-3]",
                "Stage 2 ── tasks=2, partitions=2 [t0@worker-1 t1@worker-2]",
                "Stage 1 ── tasks=4, partitions=4 \(Self.four)",
            ])
        let capped = try CLI.run([
            "explain", "--tpch", "1", "--workers", "4", "--scale", "0.001", "--partitions", "2",
            "--bytes-per-task", "10000", "--max-tasks", "3",
        ])
        #expect(capped.status == 0, "\(capped.stderr)")
        #expect(
            Self.headers(capped.stdout) == [
                "Stage 3 ── tasks=1, partitions=1 [t0@worker-3]",
                "Stage 2 ── tasks=3, partitions=2 [t0@worker-4 t1@worker-1 t2@worker-2]",
                "Stage 1 ── tasks=3, partitions=6 [t0@worker-1 t1@worker-2 t2@worker-3]",
            ])
    }

    @Test("--no-broadcast shuffles both sides of Q3's joins: six stages, four shuffles, no NetworkBroadcast")
    func noBroadcast() throws {
        let result = try CLI.run([
            "explain", "--tpch", "3", "--workers", "4", "--estimator", "fixed", "--partitions", "2", "--scale", "0.001",
            "--no-broadcast",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("NetworkBroadcast"))
        // The aggregate needs no shuffle of its own: the second join's rows are partitioned on l_orderkey already.
        #expect(Self.headers(result.stdout).count == 6)
        #expect(result.stdout.components(separatedBy: "=> NetworkShuffle").count - 1 == 4)
    }

    @Test("--key-ranges: Q18's lineitem aggregate and its semi join with orders share the stage that scans them")
    func keyRanges() throws {
        let arguments = [
            "explain", "--tpch", "18", "--workers", "4", "--estimator", "fixed", "--partitions", "2", "--scale",
            "0.001",
            "--no-broadcast",
        ]
        let split = try CLI.run(arguments)
        let clustered = try CLI.run(arguments + ["--key-ranges"])
        #expect(split.status == 0 && clustered.status == 0, "\(split.stderr)\(clustered.stderr)")
        // Six stages, not eight: the partial aggregate's shuffle and the orders scan's shuffle are gone.
        #expect(Self.headers(split.stdout).count == 8)
        #expect(Self.headers(clustered.stdout).count == 6)
        #expect(!split.stdout.contains("key_ranges=") && split.stdout.contains("HashAggregate(partial)"))
        #expect(clustered.stdout.contains("Scan table=orders projection=[0, 1, 3, 4] key_ranges=o_orderkey@0"))
        #expect(!clustered.stdout.contains("HashAggregate(partial)"))
    }

    @Test("an unknown estimator exits 2 listing every estimator name, before any data is generated")
    func unknownEstimator() throws {
        let result = try CLI.run(["explain", "--tpch", "1", "--workers", "2", "--estimator", "greedy"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(
            result.stderr.hasPrefix(
                "error: --estimator expects one of bytes-per-task, rows-per-task, fixed, cost, got 'greedy'\n"),
            "\(result.stderr)")
    }

    @Test("bad usage exits 2 naming the problem: no --workers, 0 workers, clashing options, a bad format")
    func badUsage() throws {
        let cases: [([String], String)] = [
            (["--tpch", "1"], "--workers N is required"),
            (["--tpch", "1", "--workers", "0"], "--workers expects an integer in 1...100000, got '0'"),
            (
                ["--tpch", "1", "--workers", "2", "--estimator", "fixed", "--bytes-per-task", "100"],
                "--bytes-per-task applies to the bytes-per-task estimator, not 'fixed'"
            ),
            (
                ["--tpch", "1", "--workers", "2", "--no-broadcast", "--broadcast-rows", "5"],
                "--no-broadcast and --broadcast-rows exclude each other"
            ),
            (["--tpch", "1", "--workers", "2", "--format", "svg"], "--format expects one of text, dot, got 'svg'"),
            (["--tpch", "1", "--workers", "2", "--cardinality-factor", "-1"], "--cardinality-factor expects"),
            (["--tpch", "1", "--wokers", "2"], "unknown option --wokers (did you mean --workers?)"),
            (["select 1", "--tpch", "1", "--workers", "2"], "(got 2 sources)"),
        ]
        for (arguments, message) in cases {
            let result = try CLI.run(["explain"] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    @Test("bad SQL exits 2 with the compiler-style report: a syntax error at once, an unknown column after binding")
    func badSQL() throws {
        let syntax = try CLI.run(["explain", "select n_name\nfrom nation where", "--workers", "2"])
        #expect(syntax.status == 2)
        #expect(syntax.stdout == "")
        #expect(syntax.stderr.hasPrefix("error: "), "\(syntax.stderr)")
        #expect(syntax.stderr.contains(" --> query.sql:2:"), "\(syntax.stderr)")
        let column = try CLI.run(["explain", "select x from nation", "--workers", "2", "--scale", "0.001"])
        #expect(column.status == 2)
        #expect(
            column.stderr == """
                error: unknown column 'x'
                 --> query.sql:1:8
                  |
                1 | select x from nation
                  |        ^
                  = hint: columns in scope: n_nationkey, n_name, n_regionkey, n_comment

                """)
    }

    @Test("--help documents the options, the estimators, the formats, the exit codes and examples")
    func help() throws {
        let result = try CLI.run(["explain", "--help"])
        #expect(result.status == 0)
        for text in TaskEstimators.names + [
            "--workers N", "--bytes-per-task", "--max-tasks", "--cardinality-factor", "--no-broadcast",
            "--broadcast-rows", "--format", "dot", "Exit codes", "Examples:",
        ] {
            #expect(result.stdout.contains(text), "\(text)")
        }
        let top = try CLI.run(["--help"])
        #expect(top.stdout.contains("  explain "))
    }
}
