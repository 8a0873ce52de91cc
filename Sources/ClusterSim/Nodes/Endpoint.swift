import ArrowLite

/// The link layer of one node: reliable, ordered, flow-controlled delivery to every other node over the simulated
/// network, as TCP gives. Each message gets a sequence number per (sender incarnation, receiver incarnation); the
/// receiver restores order, discards duplicates, stale incarnations and corrupted packets, and acknowledges
/// cumulatively with the free space of its window; the sender resends what stays unacknowledged (bounded, with
/// doubling timeouts) and holds data beyond the receiver's window in a FIFO outbox — the bounded buffers that give
/// backpressure. Everything here is owned by one node and driven by its events.
final class Endpoint {
    struct Outgoing {
        var knownEpoch = 0
        var nextSequence: UInt64 = 0
        var unacked: [(packet: Packet, bytes: Int, sends: Int)] = []
        /// Data messages among `unacked` (what the receiver's window limits).
        var dataInFlight = 0
        var outbox: [(message: SimMessage, bytes: Int)] = []
        /// The outbox's first unsent entry (entries before it were sent; compacted when half is sent).
        var outboxStart = 0
        var window: Int
        var probes = 0
        var linkFree = VirtualTime.zero
    }
    struct Incoming {
        var epoch = -1
        var expected: UInt64 = 0
        var buffered: [UInt64: Packet] = [:]
        var unprocessedData = 0
        var advertisedWindow: Int
    }

    let node: NodeID
    private(set) var epoch = 0
    let context: RunContext
    /// The virtual time of the event this node is handling.
    var now: VirtualTime { context.now(node) }
    let faults: MessageFaults
    private var outgoing: [Outgoing]
    private var incoming: [Incoming]
    /// Called with each message delivered in order (and the sender).
    var deliver: (SimMessage, NodeID) throws -> Void = { _, _ in }
    /// Whether the node is up: a message whose delivery crashed it (a fault trigger) ends the packet's delivery and
    /// its acknowledgement there.
    var isUp: () -> Bool = { true }
    /// Called when a peer stopped answering after every resend.
    var gaveUp: (NodeID) -> Void = { _ in }
    /// Called when outgoing data left the outbox (for backpressure accounting): (message, bytes).
    var dataTransmitted: (SimMessage) -> Void = { _ in }

    init(node: NodeID, context: RunContext, faults: MessageFaults) {
        self.node = node
        self.context = context
        self.faults = faults
        let window = context.options.flowControl.linkWindow
        outgoing = Array(repeating: Outgoing(window: window), count: context.nodeCount)
        incoming = Array(repeating: Incoming(advertisedWindow: window), count: context.nodeCount)
    }

    /// A new incarnation after a restart: every link state is forgotten.
    func restart() {
        epoch += 1
        let window = context.options.flowControl.linkWindow
        for index in outgoing.indices {
            let known = outgoing[index].knownEpoch
            outgoing[index] = Outgoing(window: window)
            outgoing[index].knownEpoch = known
        }
        incoming = Array(repeating: Incoming(advertisedWindow: window), count: context.nodeCount)
    }

    /// Sends `message` reliably to `target` (`bytes`: the payload's size on the wire).
    func send(_ message: SimMessage, to target: NodeID, bytes: Int = 0) {
        outgoing[target.index].outbox.append((message, bytes))
        pump(target)
    }

    /// Messages and bytes still waiting (unacknowledged or in the outbox), for the leftovers check.
    var pendingDescription: String? {
        let waiting = outgoing.enumerated().filter { !$0.element.unacked.isEmpty || $0.element.hasQueued }
        guard !waiting.isEmpty else { return nil }
        return waiting.map {
            "\(node)→n\($0.offset): \($0.element.unacked.count) unacked, \($0.element.outbox.count - $0.element.outboxStart) queued"
        }
        .joined(separator: "; ")
    }

    /// A delivered data message was consumed: its window slot is free again.
    func processed(from sender: NodeID) {
        incoming[sender.index].unprocessedData = max(0, incoming[sender.index].unprocessedData - 1)
        if incoming[sender.index].advertisedWindow <= 0 { sendAck(to: sender) }
    }

    // MARK: - Sending

    private func pump(_ target: NodeID) {
        while let head = outgoing[target.index].head {
            if head.message.isData {
                guard outgoing[target.index].dataInFlight < outgoing[target.index].window else {
                    scheduleCheck(target, sequence: .max, after: context.options.recovery.retransmitTimeout)
                    return
                }
                outgoing[target.index].dataInFlight += 1
            }
            outgoing[target.index].popHead()
            let sequence = outgoing[target.index].nextSequence
            outgoing[target.index].nextSequence += 1
            let packet = Packet(
                from: node, fromEpoch: epoch, toEpoch: outgoing[target.index].knownEpoch, sequence: sequence,
                message: head.message)
            outgoing[target.index].unacked.append((packet, head.bytes, 1))
            if head.message.isData { dataTransmitted(head.message) }
            transmit(packet, bytes: head.bytes, to: target)
            scheduleCheck(target, sequence: sequence, after: context.options.recovery.retransmitTimeout)
        }
    }

    /// Puts one packet on the wire: FIFO behind earlier transmissions, the bandwidth, the latency — and the faults
    /// armed on this sender.
    private func transmit(_ packet: Packet, bytes: Int, to target: NodeID) {
        let network = context.cluster.network
        let now = now
        let begin = max(now, outgoing[target.index].linkFree)
        let done = begin.advanced(by: network.transmissionTime(bytes))
        outgoing[target.index].linkFree = done
        if bytes > 0, node.index != 0, target.index != 0 { context.countShuffled(bytes, node: node) }
        var delay = VirtualDuration(nanoseconds: done.advanced(by: network.latency).nanoseconds - now.nanoseconds)
        if context.partitions.isCut(from: node, to: target, at: now) {
            context.record(node: node, kind: "fault.partition.drop", detail: "to=\(target) seq=\(packet.sequence)")
            return
        }
        var packet = packet
        var copies = 1
        for effect in faults.effects(from: node, to: target, isData: packet.message.isData) {
            switch effect {
            case .drop: copies = 0
            case .delay(let extra): delay = VirtualDuration(nanoseconds: delay.nanoseconds + extra.nanoseconds)
            case .reorder:
                delay = VirtualDuration(nanoseconds: delay.nanoseconds + 2 * network.latency.nanoseconds + 1_000)
            case .duplicate: copies = 2
            case .corrupt: packet.corrupted = true
            }
        }
        for _ in 0..<copies { context.send(.packet(packet), from: node, to: target, after: delay) }
    }

    private func scheduleCheck(_ target: NodeID, sequence: UInt64, after: VirtualDuration) {
        context.send(
            .retransmitCheck(to: target, sequence: sequence, epoch: outgoing[target.index].knownEpoch), from: node,
            to: node, after: after)
    }

    /// A resend timer fired: resend the packet if it is still unacknowledged (or probe a closed window).
    func retransmitCheck(to target: NodeID, sequence: UInt64, epoch knownEpoch: Int) {
        guard knownEpoch == outgoing[target.index].knownEpoch else { return }
        let policy = context.options.recovery
        if sequence == .max {
            guard let head = outgoing[target.index].head, head.message.isData,
                outgoing[target.index].unacked.isEmpty
            else { return }
            outgoing[target.index].probes += 1
            guard outgoing[target.index].probes <= policy.maxRetransmits else { return giveUp(target) }
            context.send(
                .ack(from: node, epoch: epoch, upTo: .max, window: -1), from: node, to: target,
                after: context.cluster.network.latency)
            scheduleCheck(target, sequence: .max, after: backoff(outgoing[target.index].probes))
            return
        }
        guard let index = outgoing[target.index].unacked.firstIndex(where: { $0.packet.sequence == sequence }) else {
            return
        }
        let entry = outgoing[target.index].unacked[index]
        guard entry.sends <= policy.maxRetransmits else { return giveUp(target) }
        outgoing[target.index].unacked[index].sends += 1
        context.record(
            node: node, kind: "recovery.resend", detail: "to=\(target) seq=\(sequence) try=\(entry.sends + 1)")
        transmit(entry.packet, bytes: entry.bytes, to: target)
        scheduleCheck(target, sequence: sequence, after: backoff(entry.sends + 1))
    }

    private func backoff(_ sends: Int) -> VirtualDuration {
        let base = context.options.recovery.retransmitTimeout.nanoseconds
        return VirtualDuration(nanoseconds: base << Int64(min(sends - 1, 5)))
    }

    private func giveUp(_ target: NodeID) {
        let dropped = outgoing[target.index].unacked.count + outgoing[target.index].queued.count
        context.record(node: node, kind: "recovery.give-up", detail: "to=\(target) dropped=\(dropped)")
        outgoing[target.index].unacked = []
        outgoing[target.index].dataInFlight = 0
        outgoing[target.index].outbox = []
        outgoing[target.index].outboxStart = 0
        outgoing[target.index].probes = 0
        gaveUp(target)
    }

    // MARK: - Receiving

    /// Handles a packet, an acknowledgement or a reset from the network.
    func receive(_ message: SimMessage) throws {
        switch message {
        case .packet(let packet): try receive(packet)
        case .ack(let from, let fromEpoch, let upTo, let window): acknowledged(from, fromEpoch, upTo, window)
        case .reset(let from, let fromEpoch): reset(from, fromEpoch)
        default: break
        }
    }

    private func receive(_ packet: Packet) throws {
        let sender = packet.from
        guard packet.toEpoch == epoch else {
            context.send(
                .reset(from: node, epoch: epoch), from: node, to: sender, after: context.cluster.network.latency)
            return
        }
        if packet.fromEpoch > incoming[sender.index].epoch {
            incoming[sender.index] = Incoming(advertisedWindow: context.options.flowControl.linkWindow)
            incoming[sender.index].epoch = packet.fromEpoch
        } else if packet.fromEpoch < incoming[sender.index].epoch {
            return
        }
        if packet.corrupted {
            context.record(node: node, kind: "fault.corrupt.detected", detail: "from=\(sender) seq=\(packet.sequence)")
            return
        }
        if packet.sequence < incoming[sender.index].expected {
            if context.options.injectedBugs.contains(.noDeduplication) { try deliver(packet.message, sender) }
            sendAck(to: sender)
            return
        }
        incoming[sender.index].buffered[packet.sequence] = packet
        while isUp(), let next = incoming[sender.index].buffered.removeValue(forKey: incoming[sender.index].expected) {
            incoming[sender.index].expected += 1
            if next.message.isData { incoming[sender.index].unprocessedData += 1 }
            try deliver(next.message, sender)
        }
        sendAck(to: sender)
    }

    private func sendAck(to sender: NodeID) {
        let window = context.options.flowControl.linkWindow - incoming[sender.index].unprocessedData
        incoming[sender.index].advertisedWindow = window
        let upTo = incoming[sender.index].expected
        guard isUp(), !context.partitions.isCut(from: node, to: sender, at: now) else { return }
        context.send(
            .ack(from: node, epoch: epoch, upTo: upTo, window: window), from: node, to: sender,
            after: context.cluster.network.latency)
    }

    private func acknowledged(_ from: NodeID, _ fromEpoch: Int, _ upTo: UInt64, _ window: Int) {
        if window < 0 {  // A probe of our window: answer with the current state.
            if fromEpoch >= incoming[from.index].epoch { sendAck(to: from) }
            return
        }
        guard fromEpoch == outgoing[from.index].knownEpoch else { return }
        while let first = outgoing[from.index].unacked.first, first.packet.sequence < upTo {
            outgoing[from.index].unacked.removeFirst()
            if first.packet.message.isData { outgoing[from.index].dataInFlight -= 1 }
        }
        outgoing[from.index].window = window
        outgoing[from.index].probes = 0
        pump(from)
    }

    /// The receiver is a new incarnation (or we addressed the wrong one): resend everything to it from sequence 0.
    private func reset(_ from: NodeID, _ newEpoch: Int) {
        guard newEpoch > outgoing[from.index].knownEpoch else { return }
        let pending = outgoing[from.index].unacked.map { ($0.packet.message, $0.bytes) } + outgoing[from.index].queued
        let linkFree = outgoing[from.index].linkFree
        outgoing[from.index] = Outgoing(window: context.options.flowControl.linkWindow)
        outgoing[from.index].knownEpoch = newEpoch
        outgoing[from.index].linkFree = linkFree
        outgoing[from.index].outbox = pending.map { (message: $0.0, bytes: $0.1) }
        pump(from)
    }
}

extension Endpoint.Outgoing {
    /// The next message waiting for the wire.
    var head: (message: SimMessage, bytes: Int)? { outboxStart < outbox.count ? outbox[outboxStart] : nil }
    var hasQueued: Bool { outboxStart < outbox.count }
    /// The messages waiting for the wire, in order.
    var queued: ArraySlice<(message: SimMessage, bytes: Int)> { outbox[outboxStart...] }

    /// Removes the head in O(1), compacting the array when most of it was sent.
    mutating func popHead() {
        outboxStart += 1
        if outboxStart == outbox.count {
            outbox.removeAll(keepingCapacity: true)
            outboxStart = 0
        } else if outboxStart >= 64 && outboxStart * 2 >= outbox.count {
            outbox.removeFirst(outboxStart)
            outboxStart = 0
        }
    }
}
