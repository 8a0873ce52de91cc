import ArrowLite
import ClusterSim
import Foundation
import PlanKit

/// `--workers N [--seed S] [--estimator NAME] [--mode M] [--parallel] [--no-runtime-filters]
/// [--runtime-filter-wait MS] [--report FILE] [--trace FILE] [--html FILE]`: runs a query on the simulated cluster
/// instead of the single-node engine.
struct SimulationOptions {
    let workers: Int
    let seed: UInt64
    let estimator: any TaskEstimator
    let reportPath: String?
    let tracePath: String?
    let htmlPath: String?
    let runtimeFilters: Bool
    let options: RunOptions

    /// Nil without `--workers`.
    /// - Throws: `UsageError` for bad values, or simulation options without `--workers`.
    init?(_ arguments: Arguments) throws {
        guard let workers = try arguments.integer("--workers", in: 1...10_000) else {
            for option in ["--seed", "--estimator", "--report", "--trace", "--mode", "--html", "--runtime-filter-wait"]
            where arguments.value(option) != nil {
                throw UsageError("\(option) needs --workers (the simulated cluster)")
            }
            for flag in ["--parallel", "--no-runtime-filters"] where arguments.flag(flag) {
                throw UsageError("\(flag) needs --workers (the simulated cluster)")
            }
            return nil
        }
        self.workers = workers
        seed = UInt64(try arguments.integer("--seed", in: 0...Int.max) ?? 1)
        let name = arguments.value("--estimator") ?? "bytes-per-task"
        guard let estimator = TaskEstimators.named(name) else {
            throw UsageError(
                "--estimator: unknown estimator '\(name)'; known: " + TaskEstimators.names.joined(separator: ", "))
        }
        self.estimator = estimator
        reportPath = arguments.value("--report")
        tracePath = arguments.value("--trace")
        htmlPath = arguments.value("--html")
        let modeName = arguments.value("--mode") ?? ExecutionMode.pipelined.rawValue
        guard let mode = ExecutionMode(rawValue: modeName) else {
            throw UsageError("--mode: unknown mode '\(modeName)'; known: pipelined, staged")
        }
        runtimeFilters = !arguments.flag("--no-runtime-filters")
        let wait = try arguments.integer("--runtime-filter-wait", in: 0...3_600_000)
        if wait != nil && !runtimeFilters {
            throw UsageError("--runtime-filter-wait and --no-runtime-filters exclude each other")
        }
        options = RunOptions(
            mode: mode, parallel: arguments.flag("--parallel"),
            runtimeFilterWait: wait.map { .milliseconds(Int64($0)) } ?? RunOptions.defaultRuntimeFilterWait)
    }

    /// Plans the SQL for the cluster, runs it, writes the report and trace files, prints a summary on stderr.
    func run(_ sql: String, engine: QueryEngine) throws -> QueryResult {
        let cluster = Cluster(workers: workers, seed: seed)
        let plan = try engine.distributedPlan(
            sql, workers: cluster.workerAddresses,
            options: DistributedPlannerOptions(estimator: estimator, runtimeFilters: runtimeFilters))
        let report = try cluster.run(plan, options: options)
        if let reportPath { try FileIO.writeAtomically(path: reportPath, bytes: Array(report.json().utf8)) }
        if let tracePath { try FileIO.writeAtomically(path: tracePath, bytes: Array(report.chromeTrace().utf8)) }
        if let htmlPath {
            try FileIO.writeAtomically(path: htmlPath, bytes: Array(report.html(title: "clustersim sql").utf8))
        }
        let milliseconds = Double(report.virtualTime.nanoseconds) / 1e6
        FileHandle.standardError.write(
            Data(
                ("simulated (\(options.mode.rawValue)\(options.parallel ? ", 2 threads" : "")): \(workers) workers, seed \(seed), \(plan.stages.count) stages, \(report.tasks.count) tasks, "
                    + "virtual time \(milliseconds) ms, \(report.bytesShuffled) bytes shuffled, trace \(report.traceHash)\n")
                    .utf8))
        guard let result = report.result else { throw report.failure ?? RunFailure(.leftovers, "no result") }
        return result
    }
}
