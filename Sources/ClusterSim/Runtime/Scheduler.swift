import ArrowLite

/// A node of the simulation, addressed by its index in the scheduler.
public struct NodeID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: NodeID, b: NodeID) -> Bool { a.index < b.index }
    public var description: String { "n\(index)" }
}

/// Bounds on a run, so no simulation can hang: at most `maximumEvents` events and no event past `deadline`.
public struct SimulationLimits: Sendable, Hashable {
    public var maximumEvents: Int
    public var deadline: VirtualTime

    public init(maximumEvents: Int = 50_000_000, deadline: VirtualTime = VirtualTime(nanoseconds: 3_600_000_000_000)) {
        self.maximumEvents = maximumEvents
        self.deadline = deadline
    }
}

/// Why a run stopped before its events ran out.
public enum SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
    case eventLimitExceeded(events: Int, at: VirtualTime)
    case deadlineExceeded(deadline: VirtualTime, pendingEvents: Int)
    case unknownNode(NodeID)

    public var description: String {
        switch self {
        case .eventLimitExceeded(let events, let time):
            return "the run exceeded its limit of \(events) events at \(time) (a livelock?)"
        case .deadlineExceeded(let deadline, let pending):
            return "the run passed its virtual-time deadline \(deadline) with \(pending) events pending"
        case .unknownNode(let node): return "an event was sent to \(node), which does not exist"
        }
    }
}

/// The deterministic discrete-event scheduler: one queue of messages to nodes, ordered by virtual time, then a
/// seeded tie-break, then scheduling order. Nodes are actors in the actor-model sense — a mailbox and a
/// synchronous handler — run one event at a time on the calling thread. Virtual time jumps to the next event when
/// the current ones are done; nothing reads a real clock, threads or hash order, so a seed fixes the whole run.
public final class Scheduler<Message> {
    /// The current virtual time.
    public private(set) var now = VirtualTime.zero
    /// Events handled so far.
    public private(set) var eventCount = 0
    public let limits: SimulationLimits
    public let streams: RandomStreams
    private var tieBreaks: SplitMix64
    private var queue = EventQueue()
    /// Messages waiting in the queue, by slot; freed slots are reused.
    private var slots: [(node: NodeID, message: Message)?] = []
    private var freeSlots: [Int] = []
    private var sequence: UInt64 = 0
    private var handlers: [(Message) throws -> Void] = []

    public init(seed: UInt64, limits: SimulationLimits = SimulationLimits()) {
        self.limits = limits
        streams = RandomStreams(seed: seed)
        tieBreaks = streams.stream("scheduler")
    }

    /// Adds a node whose handler receives its messages; returns its id (ids count from 0 in order of addition).
    @discardableResult
    public func addNode(_ handler: @escaping (Message) throws -> Void) -> NodeID {
        handlers.append(handler)
        return NodeID(handlers.count - 1)
    }

    /// Delivers `message` to `node` after `delay` of virtual time.
    public func send(_ message: Message, to node: NodeID, after delay: VirtualDuration = .zero) {
        sequence += 1
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = (node, message)
        } else {
            slot = slots.count
            slots.append((node, message))
        }
        queue.push(.init(time: now.advanced(by: delay), tieBreak: tieBreaks.next(), sequence: sequence, slot: slot))
    }

    /// Events waiting to run.
    public var pendingEventCount: Int { queue.count }

    /// Runs events until none are left.
    /// - Throws: `SimulationError` when a limit is reached (the queue keeps the pending events), or a handler's error.
    public func run() throws {
        while let next = queue.nextTime {
            guard next <= limits.deadline else {
                throw SimulationError.deadlineExceeded(deadline: limits.deadline, pendingEvents: queue.count)
            }
            guard eventCount < limits.maximumEvents else {
                throw SimulationError.eventLimitExceeded(events: limits.maximumEvents, at: now)
            }
            guard let entry = queue.pop(), let (node, message) = slots[entry.slot] else { break }
            slots[entry.slot] = nil
            freeSlots.append(entry.slot)
            now = entry.time
            eventCount += 1
            guard handlers.indices.contains(node.index) else { throw SimulationError.unknownNode(node) }
            try handlers[node.index](message)
        }
    }
}
