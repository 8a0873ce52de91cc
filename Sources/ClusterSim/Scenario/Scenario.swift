import ArrowLite
import PlanKit
import TPCH

/// A scenario file, decoded: a cluster, data, a query, faults, recovery settings and what a run must show.
/// The format is a documented subset of TOML (see `docs/scenarios.md`); `toml()` writes a scenario back, so shrunk
/// fault plans can be saved as regression tests.
public struct Scenario: Sendable, Hashable {
    /// A short name for reports.
    public var name: String
    /// What the scenario shows, in words.
    public var description: String
    public var seed: UInt64
    /// The workers, `worker-1` first.
    public var workers: [WorkerSpec]
    public var network: NetworkModel
    public var costModel: CostModel
    public var data: ScenarioData
    public var planner: PlannerSettings
    public var query: ScenarioQuery
    public var faults: FaultPlan
    public var recovery: RecoveryPolicy
    public var flowControl: FlowControl
    public var injectedBugs: [InjectedBug]
    public var swarm: SwarmOptions
    public var expectations: Expectations

    public init(
        name: String, description: String = "", seed: UInt64 = 1, workers: [WorkerSpec],
        network: NetworkModel = NetworkModel(), costModel: CostModel = CostModel(),
        data: ScenarioData = .tpch(scale: 0.01), planner: PlannerSettings = PlannerSettings(), query: ScenarioQuery,
        faults: FaultPlan = .none, recovery: RecoveryPolicy = RecoveryPolicy(),
        flowControl: FlowControl = FlowControl(),
        injectedBugs: [InjectedBug] = [], swarm: SwarmOptions = SwarmOptions(),
        expectations: Expectations = Expectations()
    ) {
        self.name = name
        self.description = description
        self.seed = seed
        self.workers = workers
        self.network = network
        self.costModel = costModel
        self.data = data
        self.planner = planner
        self.query = query
        self.faults = faults
        self.recovery = recovery
        self.flowControl = flowControl
        self.injectedBugs = injectedBugs
        self.swarm = swarm
        self.expectations = expectations
    }

    /// Decodes a scenario file's text. Nothing is half-built: the whole file is checked before anything is returned.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - fileName: the name errors print (usually the path as the user gave it).
    /// - Throws: `ScenarioError` for the first syntax error, unknown key (with "did you mean"), wrong type, missing
    ///   key or bad value, located at file:line:column with a hint.
    public static func parse(_ text: String, fileName: String) throws -> Scenario {
        let source = SourceText(text, fileName: fileName)
        let document = try TOML.parse(text, fileName: fileName)
        return try ScenarioDecoder(source: source).decode(document)
    }

    /// Reads and decodes the scenario file at `path`.
    /// - Throws: `ScenarioError` when the file cannot be read (at 1:1) or does not decode.
    public static func load(path: String) throws -> Scenario {
        let bytes: [UInt8]
        do {
            bytes = try FileIO.readAll(path: path)
        } catch {
            throw ScenarioError(
                file: path, line: 1, column: 1, message: "cannot read the scenario file: \(error)",
                hint: "check the path; scenario files live in scenarios/ and end in .toml")
        }
        return try parse(String(decoding: bytes, as: UTF8.self), fileName: path)
    }

    /// The cluster the scenario describes.
    public var cluster: Cluster { Cluster(workers: workers, network: network, costModel: costModel, seed: seed) }

    /// The run options: execution mode, faults, recovery, flow control and deliberate bugs.
    public var runOptions: RunOptions {
        RunOptions(
            mode: planner.mode, faults: faults, recovery: recovery, flowControl: flowControl,
            injectedBugs: injectedBugs, runtimeFilterWait: planner.runtimeFilterWait)
    }

    /// The SQL text the scenario runs (a TPC-H query's text for `tpch = n`).
    public var sql: String {
        switch query {
        case .sql(let text): return text
        case .tpch(let number):
            // Decoding checks 1...22; a hand-built scenario with another number gets SQL that fails to parse.
            return TPCHQueries.all.indices.contains(number - 1)
                ? TPCHQueries.query(number) : "-- no TPC-H query \(number)"

        }
    }
}
