import PlanKit

/// The rows one operator processed: its kind (`CostModel.kind(ofOperatorName:)`) and a row count.
///
/// `rows` is the number of rows the operator *consumed* — the rows pushed into it, which are the rows its children
/// emitted; for a leaf (a scan or a stage input) the rows it emitted. `CostModel.work(fragment:metrics:)` derives
/// this from per-operator output counts. The calibration benchmark `sim.calibrate` fits the constants this way.
public struct OperatorWork: Sendable, Hashable {
    /// The operator kind (`HashAggregate`, not `HashAggregate(partial)`).
    public var kind: String
    /// The rows the operator consumed.
    public var rows: Int

    public init(kind: String, rows: Int) {
        self.kind = kind
        self.rows = rows
    }
}

/// The cost of one row for one operator kind.
public struct OperatorRowCost: Sendable, Hashable {
    /// The operator kind (`Scan`, `HashJoin`, …).
    public var kind: String
    /// Nanoseconds per consumed row at speed 1.
    public var nanoseconds: Double

    public init(kind: String, nanoseconds: Double) {
        self.kind = kind
        self.nanoseconds = nanoseconds
    }
}

/// Virtual compute time of a task: `taskStart` plus, for every operator, the rows it consumed times its kind's
/// per-row constant, plus serialised bytes times `perByte`, divided by the worker's speed factor. The constants are
/// data — printed in reports (`description`) and fitted to a machine by the `sim.calibrate` benchmark.
public struct CostModel: Sendable, Hashable, CustomStringConvertible {
    /// The operator kinds of PlanKit's physical operators, in the order `description` prints them.
    public static let operatorKinds = [
        "Scan", "Filter", "Projection", "HashAggregate", "HashJoin", "Sort", "TopK", "Limit", "Union",
        "HashRepartition", "Coalesce",
    ]

    /// Per-row constants fitted by `benchmarks sim.calibrate --scale 0.1` on 2026-11-23 (2 vCPU AMD EPYC, Swift
    /// 6.3.1 release build; BENCHMARKS.md, section "sim.calibrate"), rounded to two digits; kinds whose fit was
    /// below 0.1 ns/row (scan, limit, union and coalesce only pass batches on) get 0.1.
    public static let calibratedRowCosts = [
        OperatorRowCost(kind: "Scan", nanoseconds: 0.1),
        OperatorRowCost(kind: "Filter", nanoseconds: 13),
        OperatorRowCost(kind: "Projection", nanoseconds: 4.5),
        OperatorRowCost(kind: "HashAggregate", nanoseconds: 55),
        OperatorRowCost(kind: "HashJoin", nanoseconds: 32),
        OperatorRowCost(kind: "Sort", nanoseconds: 280),
        OperatorRowCost(kind: "TopK", nanoseconds: 320),
        OperatorRowCost(kind: "Limit", nanoseconds: 0.1),
        OperatorRowCost(kind: "Union", nanoseconds: 0.1),
        OperatorRowCost(kind: "HashRepartition", nanoseconds: 7.7),
        OperatorRowCost(kind: "Coalesce", nanoseconds: 0.1),
    ]

    /// Fixed cost of starting and finishing a task.
    public var taskStartNanoseconds: Double
    /// Cost per serialised byte (Arrow IPC encode plus decode).
    public var perByteNanoseconds: Double
    /// Cost per row of an operator kind without its own constant.
    public var defaultPerRowNanoseconds: Double
    /// The per-row constants: `operatorKinds` first in their order, then any other kinds sorted by name.
    public private(set) var rowCosts: [OperatorRowCost]

    /// A cost model; the defaults are this machine's calibrated constants (`sim.calibrate`, 2026-11-23: task start
    /// from Q3's plan over empty tables, per byte from Arrow IPC encode + decode, default = the median per-row fit).
    /// - Parameters:
    ///   - taskStartNanoseconds: fixed cost per task.
    ///   - perByteNanoseconds: cost per serialised byte.
    ///   - defaultPerRowNanoseconds: cost per row of a kind not in `rowCosts`.
    ///   - rowCosts: per-kind constants; a kind given twice keeps its last value.
    public init(
        taskStartNanoseconds: Double = 20_000, perByteNanoseconds: Double = 3.1,
        defaultPerRowNanoseconds: Double = 7.7, rowCosts: [OperatorRowCost] = CostModel.calibratedRowCosts
    ) {
        self.taskStartNanoseconds = taskStartNanoseconds
        self.perByteNanoseconds = perByteNanoseconds
        self.defaultPerRowNanoseconds = defaultPerRowNanoseconds
        self.rowCosts = []
        for cost in rowCosts { setPerRowNanoseconds(cost.nanoseconds, kind: cost.kind) }
    }

    /// The per-row constant of `kind` (a kind or a full operator name), or `defaultPerRowNanoseconds`.
    public func perRowNanoseconds(kind: String) -> Double {
        // A kind (what `computeTime` gets every step) is found without building a new string.
        if let cost = rowCosts.first(where: { $0.kind == kind }) { return cost.nanoseconds }
        let kind = CostModel.kind(ofOperatorName: kind)
        return rowCosts.first { $0.kind == kind }?.nanoseconds ?? defaultPerRowNanoseconds
    }

    /// Sets the per-row constant of `kind` (a kind or a full operator name), keeping `rowCosts` in print order.
    public mutating func setPerRowNanoseconds(_ nanoseconds: Double, kind: String) {
        let kind = CostModel.kind(ofOperatorName: kind)
        if let index = rowCosts.firstIndex(where: { $0.kind == kind }) {
            rowCosts[index].nanoseconds = nanoseconds
            return
        }
        rowCosts.append(OperatorRowCost(kind: kind, nanoseconds: nanoseconds))
        rowCosts.sort(by: CostModel.printsBefore)
    }

    /// The virtual time of `work` plus `bytes` serialised bytes on a worker of `speed` (1 = nominal, 0.5 = half as
    /// fast; anything below 0.01 counts as 0.01).
    /// - Parameters:
    ///   - work: per operator, its kind and the rows it consumed.
    ///   - bytes: bytes encoded or decoded as Arrow IPC.
    ///   - speed: the worker's speed factor.
    ///   - includeTaskStart: add `taskStartNanoseconds` (once per task, on its first step).
    /// - Returns: Σ rows × constant(kind) + bytes × perByte (+ taskStart), over `max(0.01, speed)`.
    public func computeTime(work: [OperatorWork], bytes: Int, speed: Double, includeTaskStart: Bool)
        -> VirtualDuration
    {
        var nanoseconds = includeTaskStart ? taskStartNanoseconds : 0
        for item in work { nanoseconds += Double(max(0, item.rows)) * perRowNanoseconds(kind: item.kind) }
        nanoseconds += Double(max(0, bytes)) * perByteNanoseconds
        return VirtualDuration.seconds(nanoseconds / 1e9 / max(0.01, speed))
    }

    /// The virtual time of a whole task of `fragment` in which every operator processes `rows` rows and `bytes`
    /// bytes are read, on a worker of `speed`, task start included (the coarse form: prefer
    /// `computeTime(work:bytes:speed:includeTaskStart:)` with per-operator rows).
    public func computeTime(fragment: PhysicalPlan, rows: Int, bytes: Int, speed: Double) -> VirtualDuration {
        let work = fragment.nodes.map { OperatorWork(kind: CostModel.kind(ofOperatorName: $0.name), rows: rows) }
        return computeTime(work: work, bytes: bytes, speed: speed, includeTaskStart: true)
    }

    /// The kind of an operator name: the name without its parenthesised mode (`HashAggregate(partial)` →
    /// `HashAggregate`, `Scan(lineitem)` → `Scan`).
    public static func kind(ofOperatorName name: String) -> String {
        let head = name.firstIndex(of: "(").map { name[..<$0] } ?? name[...]
        return String(head.trimmingWhitespace)
    }

    /// The work of one run of `fragment` from its operators' metrics (`ExecutionResult.metrics`, any partitions):
    /// each node consumed what its children emitted; a leaf consumed what it emitted. One item per plan node, in
    /// pre-order (`PhysicalPlan.nodes`).
    public static func work(fragment: PhysicalPlan, metrics: [OperatorMetrics]) -> [OperatorWork] {
        let nodes = fragment.nodes
        var emitted = [Int](repeating: 0, count: nodes.count)
        for metric in metrics where emitted.indices.contains(metric.nodeIndex) {
            emitted[metric.nodeIndex] += metric.outputRowCount
        }
        var work = nodes.map { OperatorWork(kind: kind(ofOperatorName: $0.name), rows: 0) }
        /// Fills the node at `index` and its subtree; returns the subtree's node count.
        func fill(_ node: PhysicalPlan, at index: Int) -> Int {
            var childIndex = index + 1
            var consumed = 0
            for child in node.children {
                consumed += emitted[childIndex]
                childIndex += fill(child, at: childIndex)
            }
            work[index].rows = node.children.isEmpty ? emitted[index] : consumed
            return childIndex - index
        }
        _ = fill(fragment, at: 0)
        return work
    }

    /// Every constant in a fixed order: `task_start_ns=… per_byte_ns=… default_ns=…/row Scan=…ns/row …`.
    public var description: String {
        var parts = [
            "task_start_ns=\(CostModel.format(taskStartNanoseconds))",
            "per_byte_ns=\(CostModel.format(perByteNanoseconds))",
            "default=\(CostModel.format(defaultPerRowNanoseconds))ns/row",
        ]
        parts += rowCosts.map { "\($0.kind)=\(CostModel.format($0.nanoseconds))ns/row" }
        return parts.joined(separator: " ")
    }

    /// Print order: the known kinds in `operatorKinds` order, then others by name.
    private static func printsBefore(_ a: OperatorRowCost, _ b: OperatorRowCost) -> Bool {
        let rankA = operatorKinds.firstIndex(of: a.kind) ?? operatorKinds.count
        let rankB = operatorKinds.firstIndex(of: b.kind) ?? operatorKinds.count
        return rankA != rankB ? rankA < rankB : a.kind < b.kind
    }

    /// A constant as text: an integer when it is one (`60000`), else the shortest round-trip form (`0.25`).
    private static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

extension Substring {
    fileprivate var trimmingWhitespace: Substring {
        var text = self
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
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
