import ArrowLite
import Dispatch
import Synchronization

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
    /// In parallel mode a node sent to a node of the other lane sooner than the lookahead allows.
    case lookaheadViolated(from: NodeID, to: NodeID, delay: VirtualDuration, lookahead: VirtualDuration)

    public var description: String {
        switch self {
        case .eventLimitExceeded(let events, let time):
            return "the run exceeded its limit of \(events) events at \(time) (a livelock?)"
        case .deadlineExceeded(let deadline, let pending):
            return "the run passed its virtual-time deadline \(deadline) with \(pending) events pending"
        case .unknownNode(let node): return "an event was sent to \(node), which does not exist"
        case .lookaheadViolated(let from, let to, let delay, let lookahead):
            return "\(from) sent to \(to) after \(delay.nanoseconds) ns, under the parallel lookahead of "
                + "\(lookahead.nanoseconds) ns"
        }
    }
}

/// The deterministic discrete-event scheduler: messages to nodes, run in the order of (virtual time, a seeded
/// tie-break, sender, the sender's sequence number). Nodes are actors in the actor-model sense — a mailbox and a
/// synchronous handler. Every part of an event's order is drawn by its sender from the sender's own stream, so each
/// node sees its events in an order fixed by the seed alone; nothing reads a real clock, threads or hash order.
///
/// With `lanes` > 1 the nodes are split into lanes (node i in lane i mod lanes) that run in a conservative
/// parallel loop on up to `threads` threads: time advances in windows of `lookahead` (the smallest delay of any
/// message between nodes of different lanes, i.e. the minimum link latency), each lane runs its own nodes' events
/// of the window, and messages between lanes are exchanged at the barrier — they are due after the window, so no
/// lane ever misses one. Each node then handles exactly the events it handles on one thread, in the same order:
/// the same results and, with per-node trace records merged by event order, the same trace. More lanes than
/// threads balance the load: a thread that finishes its lane takes the next lane with work in the window.
public final class Scheduler<Message>: @unchecked Sendable {
    /// The order key of an event: what a node's trace records are sorted by.
    public struct EventKey: Sendable, Comparable {
        public let time: VirtualTime
        public let tieBreak: UInt64
        public let source: Int
        public let sequence: UInt64
        public static func < (a: EventKey, b: EventKey) -> Bool {
            (a.time, a.tieBreak, a.source, a.sequence) < (b.time, b.tieBreak, b.source, b.sequence)
        }
    }

    private final class Lane {
        var queue = EventQueue()
        var slots: [(node: Int, message: Message)?] = []
        var freeSlots: [Int] = []
        var outbox: [(entry: EventQueue.Entry, node: Int, message: Message)] = []
        var eventCount = 0
        var lastTime = VirtualTime.zero
        var error: Error?

        func push(_ entry: EventQueue.Entry, node: Int, message: Message) {
            let slot: Int
            if let free = freeSlots.popLast() {
                slot = free
                slots[slot] = (node, message)
            } else {
                slot = slots.count
                slots.append((node, message))
            }
            queue.push(
                .init(
                    time: entry.time, tieBreak: entry.tieBreak, source: entry.source, sequence: entry.sequence,
                    slot: slot))
        }
    }

    public let limits: SimulationLimits
    public let streams: RandomStreams
    /// Groups the nodes are split into (1: the sequential loop).
    public let laneCount: Int
    /// Threads that run a window's lanes in parallel mode.
    public let threadCount: Int
    /// The most lanes a scheduler splits its nodes into.
    public static var maximumLanes: Int { 64 }
    /// In parallel mode, the smallest delay between nodes of different lanes.
    public let lookahead: VirtualDuration
    /// What a node owns in the scheduler: its tie-break stream, its sequence, the key of the event it handles.
    /// Kept in raw storage (no reference counting on the hot path); each element is touched only by the lane
    /// that runs the node.
    private struct NodeState {
        let lane: Int
        var tieBreaks: SplitMix64
        var sequence: UInt64 = 0
        var currentKey = EventKey(time: .zero, tieBreak: 0, source: -1, sequence: 0)
    }

    private var handlers: [(Message) throws -> Void] = []
    private var nodes = NodeStorage<NodeState>()
    /// Each node's lane, read by every lane (never written while lanes run; kept apart from the node state that
    /// the owning lane writes).
    private var laneOfNode: [Int] = []
    private var outsideTieBreaks: SplitMix64
    private var outsideSequence: UInt64 = 0
    private let lanes: [Lane]

    /// - Parameters:
    ///   - lanes: 1 (the sequential loop) or more (the conservative parallel loop), at most `maximumLanes`.
    ///   - threads: the threads that run a window's lanes (at least 1; default 2).
    ///   - lookahead: for more than 1 lane, the smallest delay of a message between nodes of different lanes (> 0).
    public init(
        seed: UInt64, limits: SimulationLimits = SimulationLimits(), lanes: Int = 1, threads: Int = 2,
        lookahead: VirtualDuration = .zero
    ) {
        self.limits = limits
        streams = RandomStreams(seed: seed)
        laneCount = lookahead.nanoseconds > 0 ? min(Self.maximumLanes, max(1, lanes)) : 1
        threadCount = max(1, threads)
        self.lookahead = lookahead
        self.lanes = (0..<laneCount).map { _ in Lane() }
        outsideTieBreaks = streams.stream("scheduler")
    }

    /// Adds a node whose handler receives its messages; returns its id (ids count from 0 in order of addition).
    /// Node i goes to lane i mod `laneCount`.
    @discardableResult
    public func addNode(_ handler: @escaping (Message) throws -> Void) -> NodeID {
        let index = handlers.count
        handlers.append(handler)
        nodes.append(NodeState(lane: index % laneCount, tieBreaks: streams.stream("scheduler.node.\(index)")))
        laneOfNode.append(index % laneCount)
        return NodeID(index)
    }

    /// The current virtual time of `node` (the time of the event it is handling).
    public func now(_ node: NodeID) -> VirtualTime { nodes.pointer[node.index].currentKey.time }

    /// The order key of the event `node` is handling.
    public func currentKey(_ node: NodeID) -> EventKey { nodes.pointer[node.index].currentKey }

    /// The virtual time of the last event handled (after `run`).
    public var now: VirtualTime { lanes.map(\.lastTime).max() ?? .zero }

    /// Events handled so far.
    public var eventCount: Int { lanes.reduce(0) { $0 + $1.eventCount } }

    /// Events waiting to run.
    public var pendingEventCount: Int { lanes.reduce(0) { $0 + $1.queue.count + $1.outbox.count } }

    /// Delivers `message` to `target` after `delay`, sent by node `source` while it handles an event.
    @_specialize(exported:true,where Message == Int)
    public func send(_ message: Message, from source: NodeID, to target: NodeID, after delay: VirtualDuration = .zero) {
        let state = nodes.pointer + source.index
        state.pointee.sequence += 1
        let entry = EventQueue.Entry(
            time: state.pointee.currentKey.time.advanced(by: delay), tieBreak: state.pointee.tieBreaks.next(),
            source: source.index, sequence: state.pointee.sequence, slot: 0)
        let from = state.pointee.lane
        guard nodes.indices.contains(target.index) else {
            lanes[from].error = lanes[from].error ?? SimulationError.unknownNode(target)
            return
        }
        let to = laneOfNode[target.index]
        if from == to {
            lanes[from].push(entry, node: target.index, message: message)
        } else {
            if delay < lookahead {
                lanes[from].error =
                    lanes[from].error
                    ?? SimulationError.lookaheadViolated(from: source, to: target, delay: delay, lookahead: lookahead)
            }
            lanes[from].outbox.append((entry, target.index, message))
        }
    }

    /// Delivers `message` to `target` after `delay` of virtual time from the start, sent from outside the nodes
    /// (before `run`: the initial events).
    @_specialize(exported:true,where Message == Int)
    public func send(_ message: Message, to target: NodeID, after delay: VirtualDuration = .zero) {
        outsideSequence += 1
        let entry = EventQueue.Entry(
            time: VirtualTime.zero.advanced(by: delay), tieBreak: outsideTieBreaks.next(), source: -1,
            sequence: outsideSequence, slot: 0)
        lanes[nodes.indices.contains(target.index) ? laneOfNode[target.index] : 0]
            .push(entry, node: target.index, message: message)
    }

    /// Runs events until none are left.
    /// - Throws: `SimulationError` when a limit is reached (the queues keep the pending events), or a handler's
    ///   error.
    @_specialize(exported:true,where Message == Int)
    public func run() throws {
        if laneCount == 1 {
            try runLane(0, until: nil, budget: limits.maximumEvents)
            if let error = lanes[0].error { throw error }
            return
        }
        while true {
            for lane in lanes {
                for item in lane.outbox {
                    lanes[laneOfNode[item.node]].push(item.entry, node: item.node, message: item.message)
                }
                lane.outbox = []
            }
            guard let start = lanes.compactMap(\.queue.nextTime).min() else { return }
            guard start <= limits.deadline else {
                throw SimulationError.deadlineExceeded(deadline: limits.deadline, pendingEvents: pendingEventCount)
            }
            let end = start.advanced(by: lookahead)
            let budget = limits.maximumEvents - eventCount
            let busy = lanes.indices.filter { lanes[$0].queue.nextTime.map { $0 < end } ?? false }
            if busy.count == 1 || threadCount == 1 {  // No threads to wake for one lane with work.
                for lane in busy {
                    do { try runLane(lane, until: end, budget: budget) } catch { lanes[lane].error = error }
                }
            } else {
                let next = Atomic<Int>(0)  // the next busy lane to take
                // Threads only run the lanes' events of this window; which thread runs a lane, first or faster,
                // never decides anything: a lane touches only its own nodes, cross-lane messages are due after
                // the window, and at the barrier they join the queues, which order every event by its
                // sender-drawn key. Each thread takes the next busy lane until none is left.
                DispatchQueue.concurrentPerform(iterations: min(threadCount, busy.count)) { _ in
                    while case let taken = next.add(1, ordering: .relaxed).oldValue, taken < busy.count {
                        let lane = busy[taken]
                        do { try runLane(lane, until: end, budget: budget) } catch { lanes[lane].error = error }
                    }
                }
            }
            for lane in lanes { if let error = lane.error { throw error } }
            // Each busy lane may run up to the whole remaining budget in a window: more events than the limit
            // means one thread would have stopped with events left, so the run fails the same way.
            if eventCount > limits.maximumEvents || (eventCount == limits.maximumEvents && pendingEventCount > 0) {
                throw SimulationError.eventLimitExceeded(events: limits.maximumEvents, at: now)
            }
        }
    }

    /// Runs lane `index`'s events due before `end` (all when nil), at most `budget` of them.
    private func runLane(_ index: Int, until end: VirtualTime?, budget: Int) throws {
        let lane = lanes[index]
        var handled = 0
        while let next = lane.queue.nextTime, end.map({ next < $0 }) ?? true {
            guard next <= limits.deadline else {
                throw SimulationError.deadlineExceeded(deadline: limits.deadline, pendingEvents: lane.queue.count)
            }
            guard handled < budget else {
                if end == nil { throw SimulationError.eventLimitExceeded(events: limits.maximumEvents, at: next) }
                return
            }
            guard let entry = lane.queue.pop(), let (node, message) = lane.slots[entry.slot] else { break }
            lane.slots[entry.slot] = nil
            lane.freeSlots.append(entry.slot)
            guard nodes.indices.contains(node) else { throw SimulationError.unknownNode(NodeID(node)) }
            nodes.pointer[node].currentKey = EventKey(
                time: entry.time, tieBreak: entry.tieBreak, source: entry.source, sequence: entry.sequence)
            handled += 1
            lane.eventCount += 1
            lane.lastTime = entry.time
            try handlers[node](message)
            if let error = lane.error { throw error }
        }
    }
}

/// A growable array in raw memory whose elements may be mutated from several threads at once (each element by one
/// thread): appending happens only before a run, never while lanes run.
private final class NodeStorage<Element> {
    private(set) var pointer: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity = 16

    init() { pointer = .allocate(capacity: capacity) }

    var indices: Range<Int> { 0..<count }

    func append(_ element: Element) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: pointer, count: count)
            pointer.deallocate()
            pointer = grown
            capacity *= 2
        }
        (pointer + count).initialize(to: element)
        count += 1
    }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }
}
