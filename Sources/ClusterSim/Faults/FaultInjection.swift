import ArrowLite

/// The links a partition fault cuts, and when: partitions fire at a virtual time and heal after a duration, so the
/// whole schedule is known when the run starts and every node reads the same one.
struct PartitionSchedule {
    struct Cut {
        let from: Int
        let to: Int
        let oneWay: Bool
        let begin: VirtualTime
        let end: VirtualTime
    }
    let cuts: [Cut]

    /// Worker `w` isolated means every link between node `w` and any other node is cut.
    func isCut(from: NodeID, to: NodeID, at time: VirtualTime) -> Bool {
        for cut in cuts where time >= cut.begin && time < cut.end {
            if matches(cut.from, from.index) && matches(cut.to, to.index) { return true }
            if !cut.oneWay && matches(cut.from, to.index) && matches(cut.to, from.index) { return true }
        }
        return false
    }

    /// `0` in a cut's `to` means every other node (a worker isolated from all).
    private func matches(_ end: Int, _ node: Int) -> Bool { end == 0 || end == node }
}

/// What a fault does to one message.
enum MessageEffect {
    case drop
    case delay(VirtualDuration)
    case reorder
    case duplicate
    case corrupt
}

/// The message faults of one sending node: faults armed by a trigger (each with the messages it may still
/// affect) and faults that fire with a probability per message. Owned by the node, drawn from its own stream.
final class MessageFaults {
    struct Armed {
        let index: Int
        let fault: Fault
        var remaining: Int
    }
    private var armed: [Armed] = []
    private var probabilistic: [Armed]
    private var random: SplitMix64
    /// Records a fired fault: (fault index, fault, destination).
    var fired: (Int, Fault, NodeID) -> Void = { _, _, _ in }

    init(node: NodeID, plan: FaultPlan, streams: RandomStreams) {
        random = streams.stream("faults.messages.\(node.index)")
        probabilistic = plan.faults.enumerated().compactMap { index, fault in
            guard fault.kind.actsOnMessages, case .probability = fault.trigger,
                MessageFaults.targets(fault.target, sender: node)
            else { return nil }
            return Armed(index: index, fault: fault, remaining: fault.count)
        }
    }

    /// Whether `fault` (a message kind) applies to messages sent by `sender`.
    static func targets(_ target: FaultTarget, sender: NodeID) -> Bool {
        switch target {
        case .any: return sender.index != 0
        case .worker(let worker): return worker == sender.index
        case .link(let from, _): return from == sender.index
        }
    }

    /// Arms a triggered message fault: it affects the next `count` messages this node sends on its target.
    func arm(index: Int, fault: Fault) {
        armed.append(Armed(index: index, fault: fault, remaining: fault.count))
    }

    /// The effects on one message from this node to `target`.
    func effects(from sender: NodeID, to target: NodeID, isData: Bool) -> [MessageEffect] {
        guard !armed.isEmpty || !probabilistic.isEmpty else { return [] }
        var effects: [MessageEffect] = []
        for position in armed.indices where armed[position].remaining > 0 && applies(armed[position].fault, target) {
            armed[position].remaining -= 1
            effects.append(effect(armed[position]))
            fired(armed[position].index, armed[position].fault, target)
        }
        armed.removeAll { $0.remaining == 0 }
        for position in probabilistic.indices where probabilistic[position].remaining > 0 {
            guard applies(probabilistic[position].fault, target),
                case .probability(let p) = probabilistic[position].fault.trigger
            else { continue }
            let draw = Double(random.next() >> 11) / Double(1 << 53)
            guard draw < p else { continue }
            probabilistic[position].remaining -= 1
            effects.append(effect(probabilistic[position]))
            fired(probabilistic[position].index, probabilistic[position].fault, target)
        }
        return effects
    }

    private func applies(_ fault: Fault, _ target: NodeID) -> Bool {
        if case .link(_, let to) = fault.target { return to == target.index }
        return true
    }

    private func effect(_ armed: Armed) -> MessageEffect {
        switch armed.fault.kind {
        case .drop: return .drop
        case .delay(let by, let jitter):
            let extra = jitter.nanoseconds > 0 ? Int64(random.next() % UInt64(jitter.nanoseconds + 1)) : 0
            return .delay(VirtualDuration(nanoseconds: by.nanoseconds + extra))
        case .reorder: return .reorder
        case .duplicate: return .duplicate
        default: return .corrupt
        }
    }
}

/// The fault triggers a worker evaluates itself: at its own event count, per task start with a probability, and
/// when an attempt it runs has sent some batches. Counts are per worker (each worker owns its copy), so a worker
/// never reads another's state.
final class WorkerTriggers {
    private let worker: Int
    private let faults: [Fault]
    private var remaining: [Int]
    private var random: SplitMix64
    /// Worker-kind faults whose `.any` target was resolved to a worker when the run started.
    private let resolvedTargets: [Int?]

    init(worker: Int, plan: FaultPlan, resolvedTargets: [Int?], streams: RandomStreams) {
        self.worker = worker
        faults = plan.faults
        remaining = plan.faults.map(\.count)
        self.resolvedTargets = resolvedTargets
        random = streams.stream("faults.worker.\(worker)")
    }

    private func targetsMe(_ index: Int) -> Bool {
        switch faults[index].target {
        case .worker(let w): return w == worker
        case .link(let from, _): return from == worker
        case .any:
            return faults[index].kind.actsOnMessages || resolvedTargets[index] == nil
                || resolvedTargets[index] == worker
        }
    }

    private func take(_ index: Int) -> Int? {
        guard remaining[index] > 0 else { return nil }
        remaining[index] -= 1
        return index
    }

    /// A fault due when this worker has handled `count` events.
    func atEvent(count: Int) -> Int? {
        for index in faults.indices {
            guard case .atEvent(let at) = faults[index].trigger, at == count, targetsMe(index) else { continue }
            return take(index)
        }
        return nil
    }

    /// A worker-kind fault drawn at a task start on this worker.
    func onProbability() -> Int? {
        for index in faults.indices where !faults[index].kind.actsOnMessages && remaining[index] > 0 {
            guard case .probability(let p) = faults[index].trigger, targetsMe(index) else { continue }
            if Double(random.next() >> 11) / Double(1 << 53) < p { return take(index) }
        }
        return nil
    }

    /// A fault due when `producer` has sent `count` data messages.
    func batchesSent(_ producer: AttemptID, count: Int) -> Int? {
        for index in faults.indices {
            guard case .batchesSent(let stage, let task, let batches) = faults[index].trigger,
                stage == producer.stage, task == producer.task, batches == count,
                producer.attempt < faults[index].count
            else { continue }
            if case .worker(let w) = faults[index].target, w != worker { continue }
            return index
        }
        return nil
    }
}
