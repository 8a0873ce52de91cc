import ArrowLite

/// Lists the workers a query may use (Distributed DataFusion's `WorkerResolver`). Their count caps task counts.
public protocol WorkerResolver: Sendable {
    /// The workers' addresses, in a fixed order.
    /// - Throws: when the workers cannot be listed.
    func workerAddresses() throws -> [WorkerAddress]
}

/// A fixed list of workers: `worker-1` … `worker-N` by default.
public struct StaticWorkerResolver: WorkerResolver {
    public let addresses: [WorkerAddress]
    public init(addresses: [WorkerAddress]) { self.addresses = addresses }
    /// `count` workers named `worker-1` … `worker-<count>` (at least one).
    public init(count: Int) { addresses = (1...max(1, count)).map { WorkerAddress("worker-\($0)") } }
    public func workerAddresses() throws -> [WorkerAddress] { addresses }
}

/// Headers that travel with a request to a worker (trace ids, tenant, options), in the order they were set.
public struct Headers: Sendable, Hashable {
    public private(set) var entries: [(name: String, value: String)] = []
    public init() {}
    /// Sets `name` (lowercased) to `value`, replacing an earlier value.
    public mutating func set(_ name: String, _ value: String) {
        let key = name.lowercased()
        if let index = entries.firstIndex(where: { $0.name == key }) {
            entries[index].value = value
        } else {
            entries.append((key, value))
        }
    }
    public subscript(name: String) -> String? { entries.first { $0.name == name.lowercased() }?.value }
    public static func == (a: Headers, b: Headers) -> Bool { a.entries.elementsEqual(b.entries) { $0 == $1 } }
    public func hash(into hasher: inout Hasher) {
        for entry in entries {
            hasher.combine(entry.name)
            hasher.combine(entry.value)
        }
    }
}

/// One task to run: a stage's fragment, which task it is, and the batches its boundary leaves receive.
public struct TaskRequest: Sendable {
    public let stage: Stage
    public let task: Int
    /// For each stage-input leaf of the fragment (in `stage.inputs` order), its partitions for this task.
    public let inputs: [[[RecordBatch]]]
    public let headers: Headers

    public init(stage: Stage, task: Int, inputs: [[[RecordBatch]]], headers: Headers) {
        self.stage = stage
        self.task = task
        self.inputs = inputs
        self.headers = headers
    }
}

/// What a task produced: each output partition's batches.
public struct TaskResult: Sendable {
    public let partitions: [[RecordBatch]]

    public init(partitions: [[RecordBatch]]) { self.partitions = partitions }
}

/// A connection to one worker (in process here; a simulated link in ClusterSim).
public protocol WorkerChannel: AnyObject {
    /// Runs a task on the worker.
    /// - Throws: the task's errors.
    func execute(_ request: TaskRequest) throws -> TaskResult
}

/// Gives the channel to a worker by address, reusing one channel per address (`ChannelResolver`).
public protocol ChannelResolver: AnyObject {
    /// The channel to `address`.
    /// - Throws: when the address is unknown.
    func channel(for address: WorkerAddress) throws -> any WorkerChannel
}

/// Per-worker settings a `Worker` is built with: options by name and named functions a fragment may call.
public struct WorkerSession: Sendable {
    public internal(set) var options: [String: String] = [:]
    public internal(set) var functions: [String: @Sendable ([any ArrowArray]) throws -> any ArrowArray] = [:]
    /// How many rows pipeline breakers emit per batch (option `batch_rows`).
    public var batchRowCount: Int { options["batch_rows"].flatMap(Int.init) ?? 8192 }
}

/// Builds a `WorkerSession` (Distributed DataFusion's session builder): options and functions per worker.
public struct WorkerSessionBuilder: Sendable {
    private var session = WorkerSession()
    public init() {}
    /// Sets option `name`.
    public func option(_ name: String, _ value: String) -> WorkerSessionBuilder {
        var copy = self
        copy.session.options[name] = value
        return copy
    }
    /// Registers a function under `name`.
    public func function(
        _ name: String, _ body: @escaping @Sendable ([any ArrowArray]) throws -> any ArrowArray
    ) -> WorkerSessionBuilder {
        var copy = self
        copy.session.functions[name.lowercased()] = body
        return copy
    }
    public func build() -> WorkerSession { session }
}

/// A worker: runs the tasks sent to it. A task's fragment gets its own slice of every table (leaf scaling) and the
/// batches its boundaries deliver, and runs on the push-based `LocalExecutor`.
public final class Worker: WorkerChannel {
    public let address: WorkerAddress
    public let session: WorkerSession
    /// Headers of the requests this worker ran, in order (for tests and tracing).
    public private(set) var receivedHeaders: [Headers] = []

    public init(address: WorkerAddress, session: WorkerSession = WorkerSessionBuilder().build()) {
        self.address = address
        self.session = session
    }

    public func execute(_ request: TaskRequest) throws -> TaskResult {
        receivedHeaders.append(request.headers)
        let fragment = try Worker.taskFragment(request)
        let result = try LocalExecutor(batchRowCount: session.batchRowCount).run(fragment)
        return TaskResult(partitions: result.partitions)
    }

    /// The stage's fragment as task `request.task` runs it: table scans read the task's parts, stage inputs the
    /// batches delivered to it.
    public static func taskFragment(_ request: TaskRequest) throws -> PhysicalPlan {
        let stage = request.stage
        var nextInput = 0
        return try stage.fragment.replacingScanSources { source, partitions in
            if let input = source as? StageInputSource {
                defer { nextInput += 1 }
                guard request.inputs.indices.contains(nextInput) else {
                    throw PhysicalPlanError.invalidPlan(
                        node: "Stage \(stage.id)", message: "no batches delivered for input \(input.input.stage)")
                }
                return RoutedInput(schema: input.schema, partitions: request.inputs[nextInput])
            }
            return TaskSliceSource(
                base: source, offset: request.task * partitions, totalParts: stage.taskCount * partitions)
        }
    }
}

/// Channels straight to in-process `Worker`s, one per address, created on first use.
public final class InProcessChannelResolver: ChannelResolver {
    private var workers: [WorkerAddress: Worker] = [:]
    private let makeSession: @Sendable (WorkerAddress) -> WorkerSession

    /// - Parameter session: the session of each worker (default: default options).
    public init(session: @escaping @Sendable (WorkerAddress) -> WorkerSession = { _ in WorkerSessionBuilder().build() })
    {
        makeSession = session
    }

    public func channel(for address: WorkerAddress) throws -> any WorkerChannel {
        if let worker = workers[address] { return worker }
        let worker = Worker(address: address, session: makeSession(address))
        workers[address] = worker
        return worker
    }
}
