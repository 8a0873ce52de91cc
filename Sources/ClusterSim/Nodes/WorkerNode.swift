import ArrowLite
import PlanKit

/// A simulated worker: an actor with a mailbox (its messages on the scheduler) and synchronous handlers. It runs
/// task attempts as push pipelines on its cores — one work item per core at a time, each holding the core for the
/// virtual time the cost model gives — keeps every attempt's output for its subscribers, and answers the
/// coordinator's pings.
/// Worker faults (crash, restart, slowness, memory pressure) act here.
final class WorkerNode {
    let index: Int
    let node: NodeID
    let context: RunContext
    /// The virtual time of the event this node is handling.
    var now: VirtualTime { context.now(node) }
    let endpoint: Endpoint
    let faults: MessageFaults
    private var spec: WorkerSpec
    private var isUp = true
    private var isShutDown = false
    private var freeCores: Int
    private var attempts: [AttemptID: AttemptRun] = [:]
    private var readyQueue: [AttemptID] = []
    private var outputs: [AttemptID: OutputLog] = [:]
    /// Output logs in creation order (dictionary order is not deterministic).
    private var outputOrder: [AttemptID] = []
    private var eventCount = 0
    /// Messages from this worker's tasks to its own tasks, in send order (FIFO like a link, without the network).
    private var localInbox: [SimMessage] = []
    private let triggers: WorkerTriggers

    init(index: Int, context: RunContext, triggers: WorkerTriggers) {
        self.index = index
        node = NodeID(index)
        self.context = context
        spec = context.cluster.workers[index - 1]
        freeCores = spec.cores
        faults = MessageFaults(node: node, plan: context.options.faults, streams: context.scheduler.streams)
        endpoint = Endpoint(node: node, context: context, faults: faults)
        self.triggers = triggers
        endpoint.deliver = { [unowned self] message, sender in try self.deliver(message, from: sender) }
        endpoint.isUp = { [unowned self] in self.isUp }
        endpoint.gaveUp = { [unowned self] peer in
            if peer.index != 0 { self.sendToCoordinator(.unreachable(worker: self.index, node: peer)) }
        }
        endpoint.dataTransmitted = { [unowned self] message in self.transmitted(message) }
        faults.fired = { [unowned self] faultIndex, fault, target in
            self.context.record(
                node: self.node, kind: "fault.\(fault.kind.name)", detail: "to=\(target) fault=\(faultIndex)")
        }
    }

    /// Leftovers: what this worker still holds after the run.
    var leftovers: String? {
        guard isUp else { return nil }
        var parts: [String] = []
        if let pending = endpoint.pendingDescription { parts.append(pending) }
        if !attempts.isEmpty { parts.append("\(node): \(attempts.count) attempts still live") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    // MARK: - Messages

    func handle(_ message: SimMessage) throws {
        if case .restart = message { return restart() }
        guard isUp else { return }
        eventCount += 1
        if let fault = triggers.atEvent(count: eventCount) { fire(fault) }
        guard isUp else { return }
        switch message {
        case .packet, .ack, .reset: try endpoint.receive(message)
        case .retransmitCheck(let to, let sequence, let epoch):
            endpoint.retransmitCheck(to: to, sequence: sequence, epoch: epoch)
        case .ping: sendToCoordinator(.heartbeat(worker: index, epoch: endpoint.epoch))
        case .workDone(let id, let step): try workDone(id, step)
        case .fault(let faultIndex): fire(faultIndex)
        case .drainLocalInbox:
            while !localInbox.isEmpty && isUp { try deliver(localInbox.removeFirst(), from: node) }
        default: break
        }
    }

    private func deliver(_ message: SimMessage, from sender: NodeID) throws {
        switch message {
        case .launch(
            let id, let producers, let isRoot, let speculative, let awaitsFilter, let collectsKeys,
            let collectsBuildKeys):
            try launch(
                id, producers: producers, isRoot: isRoot, speculative: speculative, awaitsFilter: awaitsFilter,
                collectsKeys: collectsKeys, collectsBuildKeys: collectsBuildKeys)
        case .runtimeFilter(let id, let filter):
            guard let attempt = attempts[id], let check = attempt.filters.check, check.isAwaited else { return }
            check.settle(filter)
            subscribeToProducers(attempt)
            wake(attempt)
        case .cancel(let id): cancel(id)
        case .shutdown:
            isShutDown = true
            for id in attempts.keys.sorted() { cancel(id) }
            localInbox = []
            outputs = [:]
            outputOrder = []
        case .subscribe(let producer, let subscriber): try subscribe(producer, subscriber)
        case .data(let producer, let subscriber, let partitions, let payload, let rows):
            guard let (attempt, _) = accepting(producer, subscriber, from: sender) else { return }
            attempt.pending.append(
                .data(input: subscriber.input, partitions: partitions, payload: payload, rows: rows, from: sender))
            wake(attempt)
        case .streamEnd(let producer, let subscriber):
            guard let (attempt, task) = accepting(producer, subscriber, from: nil) else { return }
            attempt.pending.append(.end(input: subscriber.input, producerTask: task))
            wake(attempt)
        case .streamGone(let producer, let subscriber):
            guard let (attempt, _) = accepting(producer, subscriber, from: nil) else { return }
            attempt.pending.append(.gone(input: subscriber.input, producer: producer))
            wake(attempt)
        default: break
        }
    }

    private var skipsFencing: Bool { context.options.injectedBugs.contains(.skipFencing) }

    /// The live attempt a stream message is for and the producer task it reads, or nil (fenced: a stale producer
    /// or consumer attempt; a fenced data message frees its window slot at once).
    private func accepting(
        _ producer: AttemptID, _ subscriber: Subscriber, from sender: NodeID?
    ) -> (attempt: AttemptRun, producerTask: Int)? {
        var attempt = subscriber.consumer.flatMap { attempts[$0] }
        if attempt == nil, skipsFencing, let consumer = subscriber.consumer {
            attempt = attempts.keys.sorted().lazy.compactMap { self.attempts[$0] }
                .first { $0.id.stage == consumer.stage && $0.id.task == consumer.task }
        }
        guard let attempt,
            let task = attempt.accepts(producer, input: subscriber.input, ignoringAttempts: skipsFencing)
        else {
            if let sender, sender != node { endpoint.processed(from: sender) }
            context.record(node: node, attempt: subscriber.consumer, kind: "fence.drop", detail: "from=\(producer)")
            return nil
        }
        return (attempt, task)
    }

    // MARK: - Attempts

    private func launch(
        _ id: AttemptID, producers: [[ProducerRef]], isRoot: Bool, speculative: Bool, awaitsFilter: Bool,
        collectsKeys: Bool, collectsBuildKeys: Bool
    ) throws {
        guard attempts[id] == nil, !isShutDown else { return }
        let stage = context.plan.stage(id.stage)
        let attempt = AttemptRun(
            id: id, producers: producers,
            inputSchemas: stage.fragment.stageInputLeaves.map { context.plan.stage($0.input.stage).fragment.schema },
            speculative: speculative, start: now)
        if collectsKeys {
            attempt.filters.collector = RuntimeFilterCollector(limit: context.options.runtimeFilterKeyLimit)
        }
        if awaitsFilter { attempt.filters.check = RuntimeFilterCheck() }
        if collectsBuildKeys, let filter = context.plan.runtimeFilter(builtAtJoinIn: id.stage),
            case .joinBuild(let node) = filter.source
        {
            attempt.filters.buildKeys = BuildKeyCollector(
                joinNode: node, limit: context.options.runtimeFilterKeyLimit)
        }
        do {
            attempt.pipeline = try TaskPipeline(
                stage: stage, task: id.task, filters: attempt.filters, buildSides: context.buildSides,
                output: { [unowned attempt] partition, rows in attempt.stepOutputs.append((partition, rows)) },
                outputFinished: { _ in })
        } catch {
            return sendToCoordinator(
                .attemptFailed(id, reason: "\(error)", retryable: false, lostInput: nil, metrics: nil))
        }
        attempts[id] = attempt
        let log = OutputLog(producer: id, schema: stage.fragment.schema)
        outputs[id] = log
        outputOrder.append(id)
        if isRoot { log.subscribe(Subscriber(consumer: nil, node: NodeID(0), input: 0), plan: context.plan) }
        context.record(node: node, attempt: id, kind: "task.start", detail: speculative ? "speculative" : "")
        if !awaitsFilter { subscribeToProducers(attempt) }
        if let fault = triggers.onProbability() { fire(fault) }
        guard isUp else { return }
        wake(attempt)
    }

    /// Asks each producer of `attempt` for its output (once its runtime filter, if any, settled: until then its
    /// batches would wait unread, holding link windows other streams need).
    private func subscribeToProducers(_ attempt: AttemptRun) {
        for (input, refs) in attempt.producers.enumerated() {
            for ref in refs {
                let subscriber = Subscriber(consumer: attempt.id, node: node, input: input)
                sendTo(NodeID(ref.worker), .subscribe(producer: ref.attempt, subscriber: subscriber))
            }
        }
    }

    private func cancel(_ id: AttemptID) {
        guard let attempt = attempts.removeValue(forKey: id) else {
            if outputs.removeValue(forKey: id) != nil { outputOrder.removeAll { $0 == id } }
            return
        }
        if attempt.isRunning { freeCores += 1 }
        outputs.removeValue(forKey: id)
        outputOrder.removeAll { $0 == id }
        readyQueue.removeAll { $0 == id }
        for log in outputOrder.compactMap({ outputs[$0] }) { log.unsubscribe(consumer: id) }
        context.record(node: node, attempt: id, kind: "task.cancel")
        tryRun()
    }

    private func wake(_ attempt: AttemptRun) {
        if !attempt.isQueued && attempt.isRunnable(maxQueuedBytes: context.options.flowControl.maxQueuedBytes) {
            attempt.isQueued = true
            readyQueue.append(attempt.id)
        }
        tryRun()
    }

    private func tryRun() {
        while freeCores > 0, !readyQueue.isEmpty {
            let id = readyQueue.removeFirst()
            guard let attempt = attempts[id] else { continue }
            attempt.isQueued = false
            guard attempt.isRunnable(maxQueuedBytes: context.options.flowControl.maxQueuedBytes) else { continue }
            runStep(attempt)
        }
    }

    /// Runs one step of `attempt` now and holds a core for its compute time.
    private func runStep(_ attempt: AttemptRun) {
        let sender: NodeID?
        if case .data(_, _, _, _, let from) = attempt.pending.first { sender = from } else { sender = nil }
        let result: (work: [OperatorWork], bytes: Int, lost: AttemptID?)
        do {
            result = try attempt.runStep(
                lineageBug: context.options.injectedBugs.contains(.noLineageRerun))
        } catch {
            return fail(attempt, reason: "\(error)", retryable: false, lost: nil)
        }
        if let sender, sender != node { endpoint.processed(from: sender) }
        if let lost = result.lost {
            return fail(attempt, reason: "input \(lost) was lost", retryable: true, lost: lost)
        }
        let held = attempts.values.reduce(0) { $0 + $1.pipeline.heldBytes }
        if held > spec.memoryBytes {
            return fail(
                attempt, reason: "memory budget exceeded (\(held) > \(spec.memoryBytes) bytes)", retryable: true,
                lost: nil)
        }
        let time = context.cluster.costModel.computeTime(
            work: result.work, bytes: result.bytes, speed: spec.speed, includeTaskStart: attempt.step == 0)
        attempt.busy = VirtualDuration(nanoseconds: attempt.busy.nanoseconds + time.nanoseconds)
        attempt.step += 1
        attempt.isRunning = true
        freeCores -= 1
        context.send(.workDone(attempt.id, step: attempt.step), from: node, to: node, after: time)
    }

    private func workDone(_ id: AttemptID, _ step: Int) throws {
        guard let attempt = attempts[id], attempt.isRunning, attempt.step == step else { return }
        attempt.isRunning = false
        freeCores += 1
        let log = outputs[id]
        if !attempt.stepOutputs.isEmpty {
            attempt.rowsOut += attempt.stepOutputs.reduce(0) { $0 + $1.rows.rowCount }
            log?.append(attempt.stepOutputs)
            attempt.stepOutputs = []
        }
        if attempt.isDone && !attempt.reported {
            attempt.reported = true
            log?.finish()
        }
        if let log { try flush(log) }
        guard isUp else { return }
        reportBuildKeys(attempt)
        if attempt.reported {
            context.record(node: node, attempt: id, kind: "task.finish", detail: "rows_out=\(attempt.rowsOut)")
            if let check = attempt.filters.check {
                context.record(
                    node: node, attempt: id, kind: "filter.applied",
                    detail: "rows_kept=\(check.rowsKept) rows_checked=\(check.rowsChecked)")
            }
            if let collector = attempt.filters.collector,
                let filter = context.plan.runtimeFilter(builtBy: id.stage)
            {
                sendFilterKeys(id, filter: filter, collector)
            }
            sendToCoordinator(
                .attemptFinished(id, attempt.metrics(worker: index, outcome: .finished, end: now)))
            attempts.removeValue(forKey: id)
        }
        wake(attempt)
    }

    /// Sends the coordinator the build keys of `attempt`'s join once every instance of it built its side (before
    /// the attempt finishes: the probe stage waits for them).
    private func reportBuildKeys(_ attempt: AttemptRun) {
        guard !attempt.buildKeysReported, let buildKeys = attempt.filters.buildKeys, buildKeys.isComplete,
            let filter = context.plan.runtimeFilter(builtAtJoinIn: attempt.id.stage)
        else { return }
        attempt.buildKeysReported = true
        sendFilterKeys(attempt.id, filter: filter, buildKeys.keys)
    }

    private func sendFilterKeys(_ id: AttemptID, filter: RuntimeFilterPlan, _ collector: RuntimeFilterCollector) {
        let pieces = collector.collectedPieces
        sendToCoordinator(.filterKeys(id, filter: filter.id, hashes: pieces), bytes: collector.hashCount * 8)
    }

    private func fail(_ attempt: AttemptRun, reason: String, retryable: Bool, lost: AttemptID?) {
        context.record(node: node, attempt: attempt.id, kind: "task.fail", detail: reason)
        let metrics = attempt.metrics(worker: index, outcome: .failed, end: now)
        attempts.removeValue(forKey: attempt.id)
        outputs.removeValue(forKey: attempt.id)
        outputOrder.removeAll { $0 == attempt.id }
        sendToCoordinator(
            .attemptFailed(attempt.id, reason: reason, retryable: retryable, lostInput: lost, metrics: metrics))
        tryRun()
    }

    // MARK: - Streams

    private func subscribe(_ producer: AttemptID, _ subscriber: Subscriber) throws {
        guard let log = outputs[producer] else {
            return sendTo(subscriber.node, .streamGone(producer: producer, subscriber: subscriber))
        }
        log.subscribe(subscriber, plan: context.plan)
        try flush(log)
    }

    /// The rows a data message carries for each consumer partition: the batch size of the task pipelines.
    static let rowsPerBatch = 8192

    /// Sends every stream of `log` what it has a message's worth of (everything once the log finished).
    private func flush(_ log: OutputLog) throws {
        let (messages, ended) = log.drain(rowsPerBatch: Self.rowsPerBatch)
        for (stream, unmerged, pieces) in messages {
            let (partitions, groups) = OutputLog.grouped(unmerged, pieces)
            let subscriber = log.streams[stream].subscriber
            let rows = pieces.reduce(0) { $0 + $1.rowCount }
            let payload: Payload
            if subscriber.node == node {
                payload = .local(try OutputLog.merged(groups))
            } else {
                payload = .encoded(try log.encoder.encodeAligned(concatenating: groups))
            }
            log.messagesSent += 1
            context.record(
                node: node, attempt: log.producer, kind: "data.send",
                detail: "to=\(subscriber.consumer.map(\.description) ?? "result")@\(RunContext.name(subscriber.node)) "
                    + "rows=\(rows) bytes=\(payload.byteCount)")
            if let attempt = attempts[log.producer] {
                attempt.bytesOut += payload.byteCount
                attempt.queuedBytes += payload.byteCount
            }
            sendTo(
                subscriber.node,
                .data(
                    producer: log.producer, subscriber: subscriber, partitions: partitions, payload: payload, rows: rows
                ),
                bytes: payload.byteCount)
            if let fault = triggers.batchesSent(log.producer, count: log.messagesSent) { fire(fault) }
            guard isUp else { return }
        }
        for stream in ended {
            sendTo(
                log.streams[stream].subscriber.node,
                .streamEnd(producer: log.producer, subscriber: log.streams[stream].subscriber))
        }
    }

    /// Data left the outbox: the producer may produce again.
    private func transmitted(_ message: SimMessage) {
        guard case .data(let producer, _, _, let payload, _) = message, let attempt = attempts[producer] else { return }
        attempt.queuedBytes -= payload.byteCount
        wake(attempt)
    }

    /// Sends nothing once the worker is down: a crash inside a handler (a fault trigger) stops the node there, and
    /// whatever the handler would still send must not reach a link or the local inbox (which the crash emptied).
    private func sendTo(_ target: NodeID, _ message: SimMessage, bytes: Int = 0) {
        guard isUp else { return }
        if target == node {
            if localInbox.isEmpty { context.send(.drainLocalInbox, from: node, to: node) }
            localInbox.append(message)
        } else {
            endpoint.send(message, to: target, bytes: bytes)
        }
    }

    private func sendToCoordinator(_ message: SimMessage, bytes: Int = 0) {
        guard isUp else { return }
        if case .heartbeat = message {
            // Heartbeats are not resent: a lost one is what failure detection is for.
            guard !context.partitions.isCut(from: node, to: NodeID(0), at: now) else { return }
            context.send(message, from: node, to: NodeID(0), after: context.cluster.network.latency)
            return
        }
        endpoint.send(message, to: NodeID(0), bytes: bytes)
    }

    // MARK: - Faults

    private func fire(_ faultIndex: Int) {
        let fault = context.options.faults.faults[faultIndex]
        if fault.kind.actsOnMessages {
            context.record(node: node, kind: "fault.armed", detail: "\(fault.kind.name) fault=\(faultIndex)")
            return faults.arm(index: faultIndex, fault: fault)
        }
        context.record(
            node: node, kind: "fault.\(fault.kind.name)", detail: "fault=\(faultIndex) \(fault.kind.parameterText)")
        switch fault.kind {
        case .crash: crash()
        case .crashRestart(let downFor):
            crash()
            context.send(.restart, from: node, to: node, after: downFor)
        case .slow(let factor): spec.speed *= max(0.001, factor)
        case .memoryPressure(let fraction): spec.memoryBytes = max(1, Int(Double(spec.memoryBytes) * max(0, fraction)))
        default: break
        }
    }

    private func crash() {
        isUp = false
        localInbox = []
        attempts = [:]
        outputs = [:]
        outputOrder = []
        readyQueue = []
    }

    private func restart() {
        guard !isUp else { return }
        isUp = true
        spec = context.cluster.workers[index - 1]
        freeCores = spec.cores
        endpoint.restart()
        context.record(node: node, kind: "worker.restart", detail: "epoch=\(endpoint.epoch)")
        guard !isShutDown else { return }
        sendToCoordinator(.hello(worker: index, epoch: endpoint.epoch))
    }
}
