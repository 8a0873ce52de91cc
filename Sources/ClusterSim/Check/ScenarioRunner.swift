import ArrowLite
import PlanKit

/// Errors of a scenario that show before any run: its query does not parse, bind or plan.
public enum CheckError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The scenario's query cannot be planned (a SQL error, an unknown table).
    case invalidQuery(scenario: String, message: String)

    public var description: String {
        switch self {
        case .invalidQuery(let scenario, let message): return "scenario '\(scenario)': the query cannot run: \(message)"
        }
    }
}

/// Runs a scenario and checks every run: **safety** (the rows equal the single-node oracle's, as multisets),
/// **liveness** (the run finished before its deadline), **invariants** (the plan's, and the report's attempts) and
/// the scenario's **expectations**; each run ends with a `Verdict`.
///
/// The catalog is built once; the plan, the oracle's rows and a fault-free **baseline** run (on the scenario's own
/// network) are built once per shape (query, workers, runtime filters and their wait) and reused by every seed. A
/// run's virtual-time **deadline** is `deadlineFactor × the baseline's virtual time + deadlineSlack` (10 × + 2 s by
/// default): far beyond what any recovery needs (a crash is detected after the 100 ms heartbeat timeout), yet small
/// enough that a run that stops making progress is caught in virtual time, not wall time. Liveness is judged by
/// when the query finished (`query.done`): after it, links may still resend to crashed workers until their
/// retransmits run out, so the simulation itself stops only at the deadline plus `drainAllowance` (60 s virtual).
public final class ScenarioRunner {
    public let scenario: Scenario
    /// The scenario file's path as the user gave it (data paths start at its directory; replay lines print it).
    public let path: String
    public var deadlineFactor: Int64 = 10
    public var deadlineSlack: VirtualDuration = .milliseconds(2_000)
    public var drainAllowance: VirtualDuration = .milliseconds(60_000)
    /// Words appended to every replay line (`--inject-bug skip-fencing` when the bug came from the command line).
    public var replayArguments: [String] = []
    let catalog: Catalog
    private var oracles: [ScenarioQuery: Oracle] = [:]
    private var shapes: [ScenarioVariant.Shape: PreparedShape] = [:]

    /// The single-node answer of a query: its sorted rows, or the error it fails with.
    enum Oracle {
        case rows([String])
        case failed(String)
    }

    /// The plan, the oracle and the fault-free run of one shape.
    struct PreparedShape {
        let plan: StagePlan
        let oracle: Oracle
        let baseline: SimulationReport
        let deadline: VirtualTime
    }

    /// Loads the scenario at `path` and builds its catalog.
    /// - Throws: `ScenarioError` for a file that does not decode or data that cannot be read.
    public convenience init(path: String) throws {
        try self.init(scenario: Scenario.load(path: path), path: path)
    }

    /// Builds the catalog of `scenario`, whose file is at `path` (relative data paths start at its directory).
    /// - Throws: `ScenarioError` for data that cannot be read or generated.
    public convenience init(scenario: Scenario, path: String) throws {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        try self.init(scenario: scenario, path: path, catalog: scenario.catalog(baseDirectory: directory))
    }

    /// A runner over an already built `catalog` (which must hold the scenario's tables), so several runners can
    /// share one.
    public init(scenario: Scenario, path: String, catalog: Catalog) {
        self.scenario = scenario
        self.path = path
        self.catalog = catalog
    }

    /// Runs the scenario's own faults with `seed` (default: the scenario's) and checks the run.
    /// - Throws: `CheckError` when the query cannot be planned; `ClusterError` for faults that do not fit the
    ///   cluster; errors of the simulator itself.
    public func run(seed: UInt64? = nil) throws -> ScenarioRun {
        let seed = seed ?? scenario.seed
        return try run(
            seed: seed, variant: ScenarioVariant(scenario), expectations: scenario.expectations,
            replay: replayLine(seed: seed, swarm: false))
    }

    /// Runs `variant` with `seed` and checks it against `expectations`.
    /// - Parameter replay: the command line that replays this run, printed with failures.
    /// - Throws: `CheckError`, `ClusterError`, or errors of the simulator itself.
    public func run(
        seed: UInt64, variant: ScenarioVariant, expectations: Expectations, replay: String
    ) throws -> ScenarioRun {
        let prepared = try prepare(variant)
        var cluster = cluster(variant, seed: seed)
        cluster.limits = SimulationLimits(deadline: prepared.deadline.advanced(by: drainAllowance))
        var options = scenario.runOptions
        options.faults = variant.faults
        options.runtimeFilterWait = variant.runtimeFilterWait
        let report = try cluster.run(prepared.plan, options: options)
        let checks = try RunChecks(
            report: report, plan: prepared.plan, oracle: prepared.oracle, deadline: prepared.deadline,
            expectations: expectations, recovery: scenario.recovery
        ).all()
        return ScenarioRun(
            seed: seed, variant: variant, report: report, checks: checks, deadline: prepared.deadline,
            baselineTime: prepared.baseline.virtualTime, stageCount: prepared.plan.stages.count,
            taskCount: prepared.plan.taskCount, replay: replay)
    }

    /// `clustersim run FILE --seed N [--swarm] [replayArguments]`: the line that replays a run.
    public func replayLine(seed: UInt64, swarm: Bool) -> String {
        (["clustersim", "run", path, "--seed", String(seed)] + (swarm ? ["--swarm"] : []) + replayArguments)
            .joined(separator: " ")
    }

    /// The fault-free virtual time of `variant`'s shape (swarm draws fault times relative to it).
    /// - Throws: `CheckError` when the query cannot be planned.
    public func baselineTime(_ variant: ScenarioVariant) throws -> VirtualTime {
        try prepare(variant).baseline.virtualTime
    }

    /// The stage and task counts of `variant`'s plan (swarm draws task triggers within them).
    func planShape(_ variant: ScenarioVariant) throws -> [Int] {
        try prepare(variant).plan.stages.map(\.taskCount)
    }

    func cluster(_ variant: ScenarioVariant, seed: UInt64) -> Cluster {
        Cluster(workers: variant.workers, network: variant.network, costModel: scenario.costModel, seed: seed)
    }

    private func prepare(_ variant: ScenarioVariant) throws -> PreparedShape {
        if let prepared = shapes[variant.shape] { return prepared }
        let sql = ScenarioQueryText.sql(variant.query, fallback: scenario)
        var cluster = cluster(variant, seed: scenario.seed)
        cluster.network = scenario.network
        let plan: StagePlan
        do {
            let engine = QueryEngine(catalog: catalog, options: scenario.planner.queryOptions)
            var planner = scenario.planner
            planner.runtimeFilters = variant.runtimeFilters
            plan = try engine.distributedPlan(
                sql, workers: cluster.workerAddresses,
                options: planner.plannerOptions,
                broadcastRowLimit: scenario.planner.broadcastRowLimit.map(Double.init)
                    ?? PhysicalPlanner.defaultBroadcastRowLimit)
        } catch {
            throw CheckError.invalidQuery(scenario: scenario.name, message: "\(error)")
        }
        var options = scenario.runOptions
        options.faults = .none
        options.injectedBugs = []
        options.runtimeFilterWait = variant.runtimeFilterWait
        let baseline = try cluster.run(plan, options: options)
        let slack = VirtualDuration(
            nanoseconds: baseline.virtualTime.nanoseconds.multipliedReportingOverflow(
                by: deadlineFactor
            ).partialValue)
        let deadline = VirtualTime.zero.advanced(by: slack).advanced(by: deadlineSlack)
        let prepared = PreparedShape(
            plan: plan, oracle: oracle(variant.query, sql), baseline: baseline, deadline: deadline)
        shapes[variant.shape] = prepared
        return prepared
    }

    private func oracle(_ query: ScenarioQuery, _ sql: String) -> Oracle {
        if let known = oracles[query] { return known }
        let engine = QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 1))
        let oracle: Oracle
        do {
            oracle = .rows(try ResultRows.lines(engine.run(sql)))
        } catch {
            oracle = .failed("\(error)")
        }
        oracles[query] = oracle
        return oracle
    }
}

/// The SQL of a scenario query.
enum ScenarioQueryText {
    static func sql(_ query: ScenarioQuery, fallback scenario: Scenario) -> String {
        var copy = scenario
        copy.query = query
        return copy.sql
    }
}
