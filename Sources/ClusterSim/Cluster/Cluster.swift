import ArrowLite
import PlanKit

/// Errors of a simulated run that are not the query's own.
public enum ClusterError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooFewWorkers(plan: Int, cluster: Int)
    case invalidFault(index: Int, message: String)

    public var description: String {
        switch self {
        case .tooFewWorkers(let plan, let cluster):
            return "the plan uses \(plan) workers, the cluster has \(cluster)"
        case .invalidFault(let index, let message): return "fault \(index + 1): \(message)"
        }
    }
}

/// A simulated cluster: workers with cores and a speed, links with latency and bandwidth, a cost model, one seed.
/// `run` executes a `StagePlan` on it in **staged** mode (a stage starts when every stage it reads has finished,
/// as Spark does): a coordinator starts tasks on their workers, each task computes its real output with the
/// push-based operators and holds a core for the virtual time the cost model gives, and its output partitions
/// travel as Arrow IPC bytes over FIFO links to the workers of the consuming tasks. Everything happens on the
/// deterministic `Scheduler`, so one seed fixes the trace, byte for byte.
public struct Cluster: Sendable {
    public var workers: [WorkerSpec]
    public var network: NetworkModel
    public var costModel: CostModel
    public var seed: UInt64
    public var limits: SimulationLimits

    public init(
        workers: [WorkerSpec], network: NetworkModel = NetworkModel(), costModel: CostModel = CostModel(),
        seed: UInt64 = 1, limits: SimulationLimits = SimulationLimits()
    ) {
        self.workers = workers
        self.network = network
        self.costModel = costModel
        self.seed = seed
        self.limits = limits
    }

    /// `count` identical workers.
    public init(workers count: Int, seed: UInt64 = 1) {
        self.init(workers: Array(repeating: WorkerSpec(), count: max(1, count)), seed: seed)
    }

    /// The addresses of the cluster's workers, for planning (`worker-1` …).
    public var workerAddresses: [WorkerAddress] { (1...workers.count).map { WorkerAddress("worker-\($0)") } }

    /// Runs `plan` (made for `workerAddresses` or a prefix of them) with `options`. A run that cannot finish —
    /// attempts exhausted, every worker down, a query error, a limit hit — returns a report whose `failure` says why.
    /// - Throws: `ClusterError` for a plan or fault plan that does not fit the cluster; errors of the simulator itself.
    public func run(_ plan: StagePlan, options: RunOptions = RunOptions()) throws -> SimulationReport {
        guard plan.workers.count <= workers.count else {
            throw ClusterError.tooFewWorkers(plan: plan.workers.count, cluster: workers.count)
        }
        try validate(options.faults)
        return try ClusterRun(cluster: self, plan: plan, options: options).execute()
    }

    /// Checks that every fault names existing workers and a trigger its kind supports.
    /// - Throws: `ClusterError.invalidFault`.
    public func validate(_ plan: FaultPlan) throws {
        for (index, fault) in plan.faults.enumerated() {
            func invalid(_ message: String) -> ClusterError { .invalidFault(index: index, message: message) }
            let range = 1...workers.count
            switch fault.target {
            case .worker(let w) where !range.contains(w):
                throw invalid("worker-\(w) does not exist (the cluster has workers 1…\(workers.count))")
            case .link(let from, let to) where !range.contains(from) || !range.contains(to) || from == to:
                throw invalid("link worker-\(from)->worker-\(to) needs two different workers in 1…\(workers.count)")
            default: break
            }
            if case .partition = fault.kind, case .atTime = fault.trigger {
            } else if case .partition = fault.kind {
                throw invalid("a partition fires at a virtual time (at_ms); it cannot use \(fault.trigger)")
            }
            if case .probability(let p) = fault.trigger, !(0...1).contains(p) {
                throw invalid("probability \(p) is outside 0…1")
            }
            if case .link = fault.target, !fault.kind.actsOnMessages, fault.kind.name.hasPrefix("partition") == false {
                throw invalid("\(fault.kind.name) acts on a worker; give a worker, not a link")
            }
        }
    }
}
