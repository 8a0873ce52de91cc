import PlanKit

/// Virtual compute time of a task: `taskStart` plus, for every operator of its fragment, the rows it reads times
/// `perRow` plus the bytes it reads times `perByte`, divided by the worker's speed factor. The constants are data —
/// printed in reports and fitted to this machine by the `sim.calibrate` benchmark.
public struct CostModel: Sendable, Hashable, CustomStringConvertible {
    /// Fixed cost of starting and finishing a task.
    public var taskStartNanoseconds: Double
    /// Cost per input row per operator.
    public var perRowNanoseconds: Double
    /// Cost per input byte (serialising, copying).
    public var perByteNanoseconds: Double

    public init(
        taskStartNanoseconds: Double = 200_000, perRowNanoseconds: Double = 20, perByteNanoseconds: Double = 0.2
    ) {
        self.taskStartNanoseconds = taskStartNanoseconds
        self.perRowNanoseconds = perRowNanoseconds
        self.perByteNanoseconds = perByteNanoseconds
    }

    /// The virtual time a task of `fragment` takes over `rows` input rows and `bytes` input bytes on a worker of
    /// `speed` (1 = nominal, 0.5 = half as fast).
    public func computeTime(fragment: PhysicalPlan, rows: Int, bytes: Int, speed: Double) -> VirtualDuration {
        let operators = Double(fragment.nodes.count)
        let work =
            taskStartNanoseconds + operators * (Double(rows) * perRowNanoseconds) + Double(bytes) * perByteNanoseconds
        return VirtualDuration.seconds(work / 1e9 / max(0.01, speed))
    }

    public var description: String {
        "task_start_ns=\(taskStartNanoseconds) per_row_ns=\(perRowNanoseconds) per_byte_ns=\(perByteNanoseconds)"
    }
}

/// The simulated network: every link between two workers has the same latency and bandwidth; messages on one link
/// are delivered in order (FIFO), each after the previous one has finished transmitting.
public struct NetworkModel: Sendable, Hashable, CustomStringConvertible {
    public var latency: VirtualDuration
    public var bytesPerSecond: Double

    public init(latency: VirtualDuration = .microseconds(200), bytesPerSecond: Double = 1.25e9) {
        self.latency = latency
        self.bytesPerSecond = max(1, bytesPerSecond)
    }

    /// The time `bytes` take to transmit.
    public func transmissionTime(_ bytes: Int) -> VirtualDuration {
        VirtualDuration.seconds(Double(bytes) / bytesPerSecond)
    }

    public var description: String { "latency=\(latency.nanoseconds)ns bandwidth=\(Int(bytesPerSecond))B/s" }
}

/// One simulated worker machine.
public struct WorkerSpec: Sendable, Hashable {
    public var cores: Int
    public var memoryBytes: Int
    /// 1 = nominal speed; a slow worker has less.
    public var speed: Double

    public init(cores: Int = 2, memoryBytes: Int = 4 << 30, speed: Double = 1) {
        self.cores = max(1, cores)
        self.memoryBytes = max(1, memoryBytes)
        self.speed = speed
    }
}
