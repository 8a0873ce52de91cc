import ArrowLite
import Foundation
import PlanKit

extension Command {
    /// `clustersim explain`: splits SQL (or a TPC-H query) into a distributed stage plan and prints it.
    static let explain = Command(
        words: ["explain"],
        summary: "show how SQL (or a TPC-H query) splits into stages and tasks over N workers",
        usage: """
            clustersim explain "SQL" | --file FILE | --tpch N  --workers N [--estimator NAME] [--format text|dot] [options]

            Plans the SQL with the single-node planner over the TPC-H tables (generated in memory at --scale), then
            splits the plan into stages at network boundaries (NetworkShuffle above a hash repartition,
            NetworkCoalesce below a gather, NetworkBroadcast for a small join build side) and gives each stage a
            task count from the estimator, capped by the workers. Nothing is run. Syntax errors are reported before
            any data is generated.

            Options:
              --file FILE                read the SQL from FILE
              --tpch N                   explain TPC-H query N (1 to 22)
              --workers N                the number of workers (worker-1 … worker-N); no stage has more tasks
              --estimator NAME           how task counts are decided: \(TaskEstimators.names.joined(separator: ", "))
                                         (default bytes-per-task)
              --bytes-per-task B         bytes of scanned data per leaf task (bytes-per-task only; default 16777216)
              --max-tasks M              the largest task count of any stage (default: the worker count)
              --cardinality-factor F     a stage the estimator has no opinion on gets its producers' largest task
                                         count times F (default 1)
              --partitions P             partitions of each task's fragment (default 4)
              --broadcast-rows R         broadcast join build sides estimated at up to R rows (default 20000)
              --no-broadcast             never broadcast a join build side (shuffle both sides)
              --no-runtime-filters       plan no runtime filters (by default, a join whose both sides are shuffled
                                         and whose build side is filtered gets one: the probe side's stage drops
                                         rows without a build key before its shuffle; shown as ◆ RuntimeFilter)
              --scale S                  the TPC-H scale factor of the tables (default 0.01)
              --key-ranges               split orders and lineitem by order-key ranges, part and partsupp by
                                         part-key ranges (as dbgen sorts them): joins and aggregates on those keys
                                         stay in one stage (scans show key_ranges=name@position)
              --format F                 text (default): the stage tree, root first, each stage headed
                                         'Stage N ── tasks=T, partitions=P' with its workers; dot: a Graphviz
                                         digraph with a node per task and an edge per producer-consumer task pair

            Exit codes: 0 success; 2 bad usage or bad SQL (shown with its line, column and a caret);
            1 the plan could not be split (a planner bug, reported rather than trapped).

            Examples:
              clustersim explain --tpch 5 --workers 4
              clustersim explain --tpch 3 --workers 8 --estimator fixed --partitions 2
              clustersim explain --tpch 1 --workers 16 --scale 1 --bytes-per-task 4000000
              clustersim explain "select n_name, count(*) from nation group by n_name" --workers 2 --no-broadcast
              clustersim explain --tpch 9 --workers 4 --format dot | dot -Tsvg > q9.svg
              clustersim explain --tpch 18 --workers 16 --scale 1 --key-ranges
            """,
        run: { words in
            let arguments = try Arguments(
                words,
                options: [
                    "--file", "--tpch", "--scale", "--workers", "--estimator", "--partitions", "--broadcast-rows",
                    "--max-tasks", "--bytes-per-task", "--cardinality-factor", "--format",
                ],
                flags: ["--no-broadcast", "--no-runtime-filters", "--key-ranges"])
            let source = try SQLSource(arguments)
            let settings = try ExplainSettings(arguments)
            guard
                let engine = try source.tpchEngine(
                    scale: settings.scale, partitionCount: settings.partitionCount,
                    keyRanges: arguments.flag("--key-ranges"))
            else { return ExitCode.usage }
            let plan: StagePlan
            do {
                plan = try engine.distributedPlan(
                    source.text, workers: StaticWorkerResolver(count: settings.workerCount).workerAddresses(),
                    options: settings.plannerOptions, broadcastRowLimit: settings.broadcastRowLimit)
            } catch let error as SQLError {
                writeSQLError(error, source)
                return ExitCode.usage
            } catch {
                writeError("planning failed: \(error)")
                return ExitCode.failure
            }
            print(settings.format == "dot" ? plan.dot() : plan.explain(), terminator: "")
            return ExitCode.success
        })
}

/// The planner settings of `clustersim explain`, read from its options.
struct ExplainSettings {
    let workerCount: Int
    let partitionCount: Int
    let scale: Double
    let format: String
    /// Nil when broadcast joins are off.
    let broadcastRowLimit: Double?
    let plannerOptions: DistributedPlannerOptions

    /// Reads and checks the options.
    /// - Throws: `UsageError` for a missing `--workers`, an unknown estimator (listing the names), a value out of
    ///   range, `--bytes-per-task` with another estimator, or `--no-broadcast` with `--broadcast-rows`.
    init(_ arguments: Arguments) throws {
        guard let workerCount = try arguments.integer("--workers", in: 1...100_000) else {
            throw UsageError("--workers N is required: the number of workers to split the plan over")
        }
        self.workerCount = workerCount
        partitionCount = try arguments.integer("--partitions", in: 1...1024) ?? 4
        scale = try arguments.positiveNumber("--scale") ?? 0.01
        format = try arguments.choice("--format", among: ["text", "dot"]) ?? "text"
        let name = try arguments.choice("--estimator", among: TaskEstimators.names) ?? TaskEstimators.names[0]
        var estimator = TaskEstimators.named(name) ?? BytesPerTaskEstimator()
        if let bytes = try arguments.positiveNumber("--bytes-per-task") {
            guard name == "bytes-per-task" else {
                throw UsageError("--bytes-per-task applies to the bytes-per-task estimator, not '\(name)'")
            }
            estimator = BytesPerTaskEstimator(bytesPerTask: bytes)
        }
        let broadcastRows = try arguments.integer("--broadcast-rows", in: 0...Int.max)
        if arguments.flag("--no-broadcast") {
            guard broadcastRows == nil else {
                throw UsageError("--no-broadcast and --broadcast-rows exclude each other")
            }
            broadcastRowLimit = nil
        } else {
            broadcastRowLimit = broadcastRows.map(Double.init) ?? PhysicalPlanner.defaultBroadcastRowLimit
        }
        let factor: Double
        if let text = arguments.value("--cardinality-factor") {
            guard let value = Double(text), value >= 0, value.isFinite else {
                throw UsageError("--cardinality-factor expects a number ≥ 0, got '\(text)'")
            }
            factor = value
        } else {
            factor = 1
        }
        plannerOptions = DistributedPlannerOptions(
            maximumTasksPerStage: try arguments.integer("--max-tasks", in: 1...100_000), estimator: estimator,
            cardinalityFactor: factor, runtimeFilters: !arguments.flag("--no-runtime-filters"))
    }
}
