/// What a fault does. Network kinds act on the messages a link carries; worker kinds act on a worker.
public enum FaultKind: Sendable, Hashable {
    /// The worker stops for good: its running tasks and the outputs it holds are lost.
    case crash
    /// The worker stops, loses every task and output it held, and comes back empty after `downFor`.
    case crashRestart(downFor: VirtualDuration)
    /// The link carries nothing (both directions, or only `from → to` when `oneWay`) until it heals after `healAfter`.
    case partition(oneWay: Bool, healAfter: VirtualDuration)
    /// A message is lost.
    case drop
    /// A message arrives `by` later, plus a seeded uniform jitter in `0 ... jitter`.
    case delay(by: VirtualDuration, jitter: VirtualDuration)
    /// A message is held back behind the link's next message (FIFO order broken; sequence numbers restore it).
    case reorder
    /// A message arrives twice (sequence numbers discard the copy).
    case duplicate
    /// The worker computes `factor` times as fast (0.25: four times slower) from then on.
    case slow(factor: Double)
    /// The worker's memory budget shrinks to `fraction` of what it was; tasks that exceed it fail and retry.
    case memoryPressure(fraction: Double)
    /// A message is damaged in flight: the simulator marks it (no byte changes), the receiver detects the mark (as a
    /// link-layer checksum would detect the damage) and drops the message, and the sender resends it.
    case corrupt

    /// The kind's name in fault plans and scenario files (`crash-restart`).
    public var name: String {
        switch self {
        case .crash: return "crash"
        case .crashRestart: return "crash-restart"
        case .partition(let oneWay, _): return oneWay ? "partition-one-way" : "partition"
        case .drop: return "drop"
        case .delay: return "delay"
        case .reorder: return "reorder"
        case .duplicate: return "duplicate"
        case .slow: return "slow"
        case .memoryPressure: return "memory-pressure"
        case .corrupt: return "corrupt"
        }
    }

    /// Every kind's name, in a fixed order (for swarm options, errors and documentation).
    public static let names = [
        "crash", "crash-restart", "partition", "partition-one-way", "drop", "delay", "reorder", "duplicate", "slow",
        "memory-pressure", "corrupt",
    ]

    /// True for kinds that act on messages (they need a link or a sending worker as target).
    public var actsOnMessages: Bool {
        switch self {
        case .drop, .delay, .reorder, .duplicate, .corrupt: return true
        default: return false
        }
    }

    /// The kind's parameters as `key=value` words (`down_for=20ms`), empty when it has none.
    var parameterText: String {
        switch self {
        case .crashRestart(let downFor): return "down_for=\(downFor)"
        case .partition(_, let heal): return "heal_after=\(heal)"
        case .delay(let by, let jitter): return "by=\(by) jitter=\(jitter)"
        case .slow(let factor): return "factor=\(factor)"
        case .memoryPressure(let fraction): return "fraction=\(fraction)"
        default: return ""
        }
    }
}

/// Where a fault acts. Workers are numbered from 1 (`worker-1`), as in plans and traces.
public enum FaultTarget: Sendable, Hashable, CustomStringConvertible {
    /// A worker (worker kinds), or every message it sends (network kinds).
    case worker(Int)
    /// The link from one worker to another (network kinds; a two-way partition cuts both directions).
    case link(from: Int, to: Int)
    /// Any worker or message, chosen by the trigger (a seeded draw picks the worker for worker kinds).
    case any

    public var description: String {
        switch self {
        case .worker(let worker): return "worker-\(worker)"
        case .link(let from, let to): return "worker-\(from)->worker-\(to)"
        case .any: return "any"
        }
    }
}

/// When a fault fires.
public enum FaultTrigger: Sendable, Hashable, CustomStringConvertible {
    /// At a virtual time.
    case atTime(VirtualTime)
    /// When the target worker has handled `count` events (a per-worker count, so it is the same in parallel mode).
    case atEvent(Int)
    /// When an attempt of `stage` task `task` starts.
    case taskStart(stage: Int, task: Int)
    /// When an attempt of `stage` task `task` has sent `batches` data messages.
    case batchesSent(stage: Int, task: Int, batches: Int)
    /// For each message (network kinds) or each task start (worker kinds), with this seeded probability.
    case probability(Double)

    public var description: String {
        switch self {
        case .atTime(let time): return "at=\(time)"
        case .atEvent(let count): return "at_event=\(count)"
        case .taskStart(let stage, let task): return "on=stage\(stage).task\(task).start"
        case .batchesSent(let stage, let task, let batches): return "on=stage\(stage).task\(task).sent\(batches)"
        case .probability(let p): return "probability=\(p)"
        }
    }
}

/// One injected failure: what, where, when, and how many times it may fire.
public struct Fault: Sendable, Hashable, CustomStringConvertible {
    public var kind: FaultKind
    public var target: FaultTarget
    public var trigger: FaultTrigger
    /// How many times the fault may fire (at least 1): for message kinds, how many messages it affects (per sending
    /// worker for `probability`); for task triggers, on how many attempts of the task (attempts `0 ..< count`);
    /// for `atEvent` and worker-kind `probability` triggers, per worker.
    public var count: Int

    public init(_ kind: FaultKind, target: FaultTarget = .any, trigger: FaultTrigger, count: Int = 1) {
        self.kind = kind
        self.target = target
        self.trigger = trigger
        self.count = max(1, count)
    }

    /// `crash target=worker-2 at=1.500ms count=1` — the form traces, reports and replay lines print.
    public var description: String {
        let parameters = kind.parameterText
        return "\(kind.name) target=\(target) \(trigger)" + (parameters.isEmpty ? "" : " \(parameters)")
            + " count=\(count)"
    }
}

/// The faults of one run, as plain data: printed, saved in scenario files, replayed and shrunk.
public struct FaultPlan: Sendable, Hashable, CustomStringConvertible {
    public var faults: [Fault]

    public init(_ faults: [Fault] = []) { self.faults = faults }

    public static let none = FaultPlan()

    public var isEmpty: Bool { faults.isEmpty }

    /// One fault per line.
    public var description: String { faults.map(\.description).joined(separator: "\n") }
}
