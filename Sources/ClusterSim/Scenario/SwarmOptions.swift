/// How swarm mode draws a random fault plan (and cluster variations) for each seed: the `[swarm]` section.
public struct SwarmOptions: Sendable, Hashable {
    /// The fault kinds to draw from (`FaultKind.names`).
    public var kinds: [String]
    /// The most faults one plan may hold.
    public var maxFaults: Int
    /// The range of worker counts to draw from; nil keeps the scenario's cluster.
    public var workers: ClosedRange<Int>?
    /// The range of link latencies (microseconds) to draw from; nil keeps the scenario's network.
    public var latencyMicroseconds: ClosedRange<Int>?
    /// The largest per-message (or per-task-start) probability a drawn probability trigger may have.
    public var probability: Double
    /// TPC-H query numbers to draw from; empty runs the scenario's own query.
    public var queries: [Int]
    /// Whether each seed draws runtime filters on or off and how long a stage waits for its filter; false keeps
    /// the scenario's `[planner]` settings.
    public var varyRuntimeFilters: Bool

    public init(
        kinds: [String] = FaultKind.names, maxFaults: Int = 3, workers: ClosedRange<Int>? = nil,
        latencyMicroseconds: ClosedRange<Int>? = nil, probability: Double = 0.02, queries: [Int] = [],
        varyRuntimeFilters: Bool = false
    ) {
        self.kinds = kinds
        self.maxFaults = maxFaults
        self.workers = workers
        self.latencyMicroseconds = latencyMicroseconds
        self.probability = probability
        self.queries = queries
        self.varyRuntimeFilters = varyRuntimeFilters
    }
}

/// What a run of a scenario must show: the `[expect]` section.
public struct Expectations: Sendable, Hashable {
    /// How the result is checked.
    public enum ResultCheck: String, Sendable, Hashable, CaseIterable {
        /// The result must equal the single-node result of the same query on the same data.
        case oracle
        /// Any result is accepted (only the other expectations are checked).
        case any
    }

    public var result: ResultCheck
    /// At most this many task attempts beyond the first ones (retries and speculative copies).
    public var maxRetries: Int?
    /// The run must finish before this virtual time.
    public var maxVirtualTime: VirtualDuration?
    /// The plan must have exactly this many stages.
    public var stages: Int?
    /// The plan must have exactly this many tasks in all.
    public var tasks: Int?
    /// The run must fail with this class (a must-fail scenario); the result check is then skipped.
    public var failure: FailureClass?
    /// The run's trace hash must be this (pins the whole schedule).
    public var traceHash: String?

    public init(
        result: ResultCheck = .oracle, maxRetries: Int? = nil, maxVirtualTime: VirtualDuration? = nil,
        stages: Int? = nil, tasks: Int? = nil, failure: FailureClass? = nil, traceHash: String? = nil
    ) {
        self.result = result
        self.maxRetries = maxRetries
        self.maxVirtualTime = maxVirtualTime
        self.stages = stages
        self.tasks = tasks
        self.failure = failure
        self.traceHash = traceHash
    }
}
