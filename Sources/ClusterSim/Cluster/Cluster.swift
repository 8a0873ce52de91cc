import ArrowLite
import PlanKit

/// Errors of a simulated run that are not the query's own.
public enum ClusterError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooFewWorkers(plan: Int, cluster: Int)
    case leftovers(String)
    case noResult

    public var description: String {
        switch self {
        case .tooFewWorkers(let plan, let cluster):
            return "the plan uses \(plan) workers, the cluster has \(cluster)"
        case .leftovers(let what): return "the run ended with undelivered or unused data: \(what)"
        case .noResult: return "the run ended without the root stage's result"
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

    /// Runs `plan` (made for `workerAddresses` or a prefix of them).
    /// - Throws: the query's errors; `SimulationError` when a limit is hit; `ClusterError`.
    public func run(_ plan: StagePlan, options: RunOptions = RunOptions()) throws -> SimulationReport {
        guard plan.workers.count <= workers.count else {
            throw ClusterError.tooFewWorkers(plan: plan.workers.count, cluster: workers.count)
        }
        let run = ClusterRun(cluster: self, plan: plan)
        return try run.execute()
    }
}
