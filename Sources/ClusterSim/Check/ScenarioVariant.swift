/// What one run of a scenario varies: the query, the workers, the network and the faults. A scenario's own run
/// takes them from its file; a swarm run draws them from the seed (`SwarmDraw`).
public struct ScenarioVariant: Sendable, Hashable {
    public var query: ScenarioQuery
    public var workers: [WorkerSpec]
    public var network: NetworkModel
    public var faults: FaultPlan

    public init(query: ScenarioQuery, workers: [WorkerSpec], network: NetworkModel, faults: FaultPlan) {
        self.query = query
        self.workers = workers
        self.network = network
        self.faults = faults
    }

    /// The scenario's own query, cluster and faults.
    public init(_ scenario: Scenario) {
        self.init(
            query: scenario.query, workers: scenario.workers, network: scenario.network, faults: scenario.faults)
    }

    /// What plans, oracles and fault-free runs are cached by: the query and the workers (a drawn latency only
    /// shifts times a little, far less than a deadline's slack, so seeds with any latency share a baseline).
    var shape: Shape { Shape(query: query, workers: workers) }

    /// `tpch 3, 4 workers, latency 200µs`.
    public var shapeDescription: String {
        let queryText: String
        switch query {
        case .tpch(let number): queryText = "TPC-H Q\(number)"
        case .sql: queryText = "SQL"
        }
        return "\(queryText), \(workers.count) workers, latency \(network.latency.nanoseconds / 1_000)µs"
    }

    struct Shape: Hashable {
        let query: ScenarioQuery
        let workers: [WorkerSpec]
    }

    /// `scenario` with this variant's query, cluster and faults and with `seed`: the file that replays the run
    /// without `--swarm` (`Scenario.toml()` writes it).
    public func applied(to scenario: Scenario, seed: UInt64) -> Scenario {
        var result = scenario
        result.query = query
        result.workers = workers
        result.network = network
        result.faults = faults
        result.seed = seed
        return result
    }
}
