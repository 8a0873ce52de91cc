import ArrowLite

/// What an estimator says about a stage's task count (as Distributed DataFusion's `TaskEstimation`).
public enum TaskCountEstimate: Sendable, Hashable {
    /// The count the estimator would like.
    case desired(Int)
    /// A count the stage must not exceed.
    case maximum(Int)

    /// Merges estimates: desired counts merge to their maximum, any maximum wins over desired counts, and
    /// maximums merge to their minimum. Nil when there is no estimate.
    public static func merge(_ estimates: [TaskCountEstimate]) -> Int? {
        var desired: Int?
        var maximum: Int?
        for estimate in estimates {
            switch estimate {
            case .desired(let n): desired = max(desired ?? n, n)
            case .maximum(let n): maximum = min(maximum ?? n, n)
            }
        }
        return maximum ?? desired
    }
}

/// What an estimator sees of one stage.
public struct StageEstimationContext: Sendable {
    /// The stage's fragment, before task counts are fixed.
    public let fragment: PhysicalPlan
    /// True when the fragment scans tables (a leaf stage).
    public let isLeaf: Bool
    /// Estimated rows and bytes the stage reads: its scans, or the producers' output through its boundaries.
    public let inputRows: Double
    public let inputBytes: Double
    /// Estimated bytes the stage receives over the network (zero for a leaf stage without boundary inputs).
    public let networkBytes: Double
    /// Estimated bytes of state its pipeline breakers hold at once (hash tables, aggregates, sorts).
    public let stateBytes: Double
    /// The task counts of the stages it reads.
    public let producerTaskCounts: [Int]
    /// The number of workers (tasks are capped by it).
    public let workerCount: Int
}

/// Decides how many tasks a stage gets. Selectable by `name` (`TaskEstimators.named`), so planner choices can be
/// compared on the same query.
public protocol TaskEstimator: Sendable {
    /// The name the command line and scenario files select it by.
    var name: String { get }
    /// The estimates for a stage; empty when the estimator has no opinion (the planner then scales the producers'
    /// task count by the cardinality factor).
    func estimate(_ stage: StageEstimationContext) -> [TaskCountEstimate]
}

/// One task per `bytesPerTask` of scanned data (Distributed DataFusion's default: 16 MiB); other stages follow
/// their producers.
public struct BytesPerTaskEstimator: TaskEstimator {
    public let bytesPerTask: Double
    public init(bytesPerTask: Double = 16 * 1024 * 1024) { self.bytesPerTask = max(1, bytesPerTask) }
    public var name: String { "bytes-per-task" }
    public func estimate(_ stage: StageEstimationContext) -> [TaskCountEstimate] {
        guard stage.isLeaf else { return [] }
        return [.desired(Int((stage.inputBytes / bytesPerTask).rounded(.up)))]
    }
}

/// One task per `rowsPerTask` rows read, for every stage.
public struct RowsPerTaskEstimator: TaskEstimator {
    public let rowsPerTask: Double
    public init(rowsPerTask: Double = 1_000_000) { self.rowsPerTask = max(1, rowsPerTask) }
    public var name: String { "rows-per-task" }
    public func estimate(_ stage: StageEstimationContext) -> [TaskCountEstimate] {
        [.desired(Int((stage.inputRows / rowsPerTask).rounded(.up)))]
    }
}

/// The same count for every stage (capped by the workers).
public struct FixedTaskEstimator: TaskEstimator {
    public let count: Int
    public init(count: Int = 4) { self.count = max(1, count) }
    public var name: String { "fixed" }
    public func estimate(_ stage: StageEstimationContext) -> [TaskCountEstimate] { [.desired(count)] }
}

/// Weighs CPU, network and memory. A stage's compute time and the bytes it receives divide over its tasks; each
/// task costs a fixed start-up overhead, and each producer-to-task link one message overhead (a shuffle's fan-out
/// grows with the consumer's task count); its state must fit the memory of the tasks, which sets a minimum count.
/// Picks the count with the smallest estimated finishing time — the estimator Distributed DataFusion's users ask
/// for.
public struct CostBasedEstimator: TaskEstimator {
    /// Seconds of CPU per row per operator.
    public var cpuSecondsPerRow: Double = 50e-9
    /// Seconds to start and finish one task (scheduling, plan shipping).
    public var taskOverheadSeconds: Double = 0.002
    /// Seconds of overhead per producer-task-to-consumer-task stream.
    public var streamOverheadSeconds: Double = 0.0005
    /// Bytes per second of one link.
    public var networkBytesPerSecond: Double = 1e9
    /// Bytes of state one task may hold.
    public var memoryBytesPerTask: Double = 512 * 1024 * 1024

    public init() {}
    public var name: String { "cost" }

    public func estimate(_ stage: StageEstimationContext) -> [TaskCountEstimate] {
        let operators = Double(max(1, stage.fragment.nodes.count))
        let work = stage.inputRows * operators * cpuSecondsPerRow + stage.networkBytes / networkBytesPerSecond
        let producers = Double(stage.producerTaskCounts.reduce(0, +))
        let minimum = max(1, Int((stage.stateBytes / memoryBytesPerTask).rounded(.up)))
        let limit = max(minimum, stage.workerCount)
        var best = (count: minimum, time: Double.infinity)
        for count in minimum...limit {
            let tasks = Double(count)
            let time = work / tasks + taskOverheadSeconds * tasks + streamOverheadSeconds * producers * tasks
            if time < best.time { best = (count, time) }
        }
        return [.desired(best.count)]
    }
}

/// The estimators by name.
public enum TaskEstimators {
    /// Every estimator name, the default first.
    public static let names = ["bytes-per-task", "rows-per-task", "fixed", "cost"]

    /// The estimator called `name` with its default settings, or nil.
    public static func named(_ name: String) -> (any TaskEstimator)? {
        switch name {
        case "bytes-per-task": return BytesPerTaskEstimator()
        case "rows-per-task": return RowsPerTaskEstimator()
        case "fixed": return FixedTaskEstimator()
        case "cost": return CostBasedEstimator()
        default: return nil
        }
    }
}
