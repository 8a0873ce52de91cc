/// What one run of a scenario varies: the query, the workers, the network, the faults and the runtime filters. A
/// scenario's own run takes them from its file; a swarm run draws them from the seed (`SwarmDraw`).
public struct ScenarioVariant: Sendable, Hashable {
    public var query: ScenarioQuery
    public var workers: [WorkerSpec]
    public var network: NetworkModel
    public var faults: FaultPlan
    /// Whether the plan has runtime filters (`PlannerSettings.runtimeFilters`).
    public var runtimeFilters: Bool
    /// How long a stage may wait for its runtime filter (`PlannerSettings.runtimeFilterWait`).
    public var runtimeFilterWait: VirtualDuration

    public init(
        query: ScenarioQuery, workers: [WorkerSpec], network: NetworkModel, faults: FaultPlan,
        runtimeFilters: Bool = true, runtimeFilterWait: VirtualDuration = RunOptions.defaultRuntimeFilterWait
    ) {
        self.query = query
        self.workers = workers
        self.network = network
        self.faults = faults
        self.runtimeFilters = runtimeFilters
        self.runtimeFilterWait = runtimeFilterWait
    }

    /// The scenario's own query, cluster, faults and runtime filters.
    public init(_ scenario: Scenario) {
        self.init(
            query: scenario.query, workers: scenario.workers, network: scenario.network, faults: scenario.faults,
            runtimeFilters: scenario.planner.runtimeFilters, runtimeFilterWait: scenario.planner.runtimeFilterWait)
    }

    /// What plans, oracles and fault-free runs are cached by: the query, the workers and the runtime filters (on or
    /// off, and the wait, so a replay file's baseline and deadline equal its swarm run's). A drawn latency only
    /// shifts times a little, far less than a deadline's slack, so seeds with any latency share a baseline.
    var shape: Shape {
        Shape(query: query, workers: workers, runtimeFilters: runtimeFilters, runtimeFilterWait: runtimeFilterWait)
    }

    /// `TPC-H Q3, 4 workers, latency 200µs`, then `, no runtime filters` or `, runtime filter wait 40000µs` when
    /// they differ from the defaults.
    public var shapeDescription: String {
        let queryText: String
        switch query {
        case .tpch(let number): queryText = "TPC-H Q\(number)"
        case .sql: queryText = "SQL"
        }
        var text = "\(queryText), \(workers.count) workers, latency \(network.latency.nanoseconds / 1_000)µs"
        if !runtimeFilters {
            text += ", no runtime filters"
        } else if runtimeFilterWait != RunOptions.defaultRuntimeFilterWait {
            text += ", runtime filter wait \(runtimeFilterWait.nanoseconds / 1_000)µs"
        }
        return text
    }

    struct Shape: Hashable {
        let query: ScenarioQuery
        let workers: [WorkerSpec]
        let runtimeFilters: Bool
        let runtimeFilterWait: VirtualDuration
    }

    /// `scenario` with this variant's query, cluster, faults and runtime filters and with `seed`: the file that
    /// replays the run without `--swarm` (`Scenario.toml()` writes it).
    public func applied(to scenario: Scenario, seed: UInt64) -> Scenario {
        var result = scenario
        result.query = query
        result.workers = workers
        result.network = network
        result.faults = faults
        result.planner.runtimeFilters = runtimeFilters
        result.planner.runtimeFilterWait = runtimeFilterWait
        result.seed = seed
        return result
    }
}
