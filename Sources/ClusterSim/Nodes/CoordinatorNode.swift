import ArrowLite
import PlanKit

/// The coordinator: launches task attempts on workers (pipelined: as soon as every producer has a live attempt;
/// staged: once every producer finished), collects the root stage's result, detects dead workers from missing
/// heartbeats, and recovers — retries with backoff and bounded attempts, lineage re-runs of lost outputs,
/// fencing by attempt numbers, speculative copies of stragglers — or fails the run with a classified error.
final class CoordinatorNode {
    enum AttemptState { case running, finished, failed, cancelled }
    struct AttemptRecord {
        let id: AttemptID
        let worker: Int
        let start: VirtualTime
        let speculative: Bool
        let producers: [[ProducerRef]]
        var state: AttemptState
        /// True while it waits for a runtime filter that has not settled (it gets the filter, or none, then).
        var awaitsSettle = false
    }
    struct TaskState {
        var attempts: [AttemptRecord] = []
        var failures = 0
        var relaunchAt: VirtualTime?
        var running: [AttemptRecord] { attempts.filter { $0.state == .running } }
        var finished: AttemptRecord? { attempts.last { $0.state == .finished } }
    }
    struct WorkerState {
        var alive = true
        var epoch = 0
        var lastHeartbeat = VirtualTime.zero
    }

    let node = NodeID(0)
    let context: RunContext
    /// The virtual time of the event this node is handling.
    var now: VirtualTime { context.now(node) }
    let endpoint: Endpoint
    let plan: StagePlan
    var tasks: [[TaskState]]
    var workers: [WorkerState]
    var consumersOf: [[Int]]
    var results: [[RecordBatch]]
    /// Reads the root stage's output streams.
    /// Results arrive as their producer's encoder wrote them, as task inputs do (see `AttemptRun.decoders`).
    lazy var resultDecoder = IPCStreamDecoder(schema: plan.root.fragment.schema, checksDecimalPrecision: false)
    var resultEnded: [Bool]
    var metrics: [TaskMetrics] = []
    /// One per `plan.runtimeFilters`.
    var runtimeFilters: [RuntimeFilterState]
    /// Filters for attempts launched (or awaiting one that settled) in this pass, sent after every launch of it
    /// (`sendRuntimeFilters`); nil for a filter that settled unbuilt.
    var filterSends: [(worker: Int, attempt: AttemptID, filter: RuntimeFilter?)] = []
    var failure: RunFailure?
    var result: [RecordBatch]?
    var isOver: Bool { failure != nil || result != nil }
    var deadTicks = 0

    init(context: RunContext) {
        self.context = context
        plan = context.plan
        endpoint = Endpoint(
            node: NodeID(0), context: context,
            faults: MessageFaults(node: NodeID(0), plan: .none, streams: context.scheduler.streams))
        tasks = context.plan.stages.map { Array(repeating: TaskState(), count: $0.taskCount) }
        workers = Array(repeating: WorkerState(), count: context.cluster.workers.count + 1)
        workers[0].alive = false
        let stages = context.plan.stages
        consumersOf = stages.map { producer in
            stages.filter { $0.inputs.contains { $0.stage == producer.id } }.map(\.id)
        }
        results = Array(repeating: [], count: context.plan.root.taskCount)
        resultEnded = Array(repeating: false, count: context.plan.root.taskCount)
        runtimeFilters = context.plan.runtimeFilters.map { filter in
            RuntimeFilterState(keys: Array(repeating: nil, count: context.plan.stage(filter.buildStage).taskCount))
        }
        endpoint.deliver = { [unowned self] message, sender in try self.deliver(message, from: sender) }
        endpoint.gaveUp = { [unowned self] peer in self.declareDead(peer.index, reason: "unreachable") }
    }

    func start() {
        context.record(
            node: node, kind: "query.start",
            detail: "mode=\(context.options.mode.rawValue) stages=\(plan.stages.count) tasks=\(plan.taskCount)")
        startRuntimeFilters()
        launchReady()
        livenessCheck()
    }

    func handle(_ message: SimMessage) throws {
        switch message {
        case .packet, .ack, .reset: try endpoint.receive(message)
        case .retransmitCheck(let to, let sequence, let epoch):
            endpoint.retransmitCheck(to: to, sequence: sequence, epoch: epoch)
        case .heartbeat(let worker, let epoch):
            guard workers[worker].alive, workers[worker].epoch == epoch else { return }
            workers[worker].lastHeartbeat = now
        case .livenessCheck: livenessCheck()
        case .relaunch(let stage, let task):
            tasks[stage - 1][task].relaunchAt = nil
            launchReady()
        default: break
        }
    }

    func deliver(_ message: SimMessage, from sender: NodeID) throws {
        guard !isOver else {
            if message.isData { endpoint.processed(from: sender) }
            lateReport(message)
            return
        }
        switch message {
        case .attemptFinished(let id, let taskMetrics): finished(id, taskMetrics)
        case .filterKeys(let id, let filter, let hashes): filterKeys(id, filter: filter, hashes)
        case .attemptFailed(let id, let reason, let retryable, let lost, let taskMetrics):
            failed(id, reason: reason, retryable: retryable, lost: lost, metrics: taskMetrics)
        case .hello(let worker, let epoch): hello(worker, epoch)
        case .unreachable(let worker, let peer): unreachable(from: worker, peer: peer.index)
        case .data(let producer, _, _, let payload, _):
            endpoint.processed(from: sender)
            guard isCurrentRoot(producer) else { return }
            switch payload {
            case .local(let batches): results[producer.task] += batches
            case .encoded(let stream): results[producer.task] += try resultDecoder.decode(stream)
            }
        case .streamEnd(let producer, _):
            guard isCurrentRoot(producer) else { return }
            resultEnded[producer.task] = true
            completeIfDone()
        case .streamGone(let producer, _):
            guard isCurrentRoot(producer) else { return }
            outputLost(record(producer), reason: "root output gone")
        default: break
        }
    }

    // MARK: - Launching

    /// Launches every task that needs an attempt and whose producers (and runtime filter) allow it, in stage then
    /// task order.
    func launchReady() {
        guard !isOver else { return }
        for stage in plan.stages where runtimeFilterAllowsLaunch(stage.id) {
            for task in 0..<stage.taskCount where needsAttempt(stage.id, task) {
                guard tasks[stage.id - 1][task].relaunchAt == nil, let producers = producerRefs(stage) else { continue }
                launch(stage, task, producers: producers, speculative: false)
            }
        }
        sendRuntimeFilters()
    }

    /// True when the task has neither a running attempt nor a usable output, and someone needs its output.
    func needsAttempt(_ stage: Int, _ task: Int) -> Bool {
        let state = tasks[stage - 1][task]
        guard state.running.isEmpty, state.finished == nil else { return false }
        return isNeeded(stage)
    }

    /// The root is needed until the result is in; another stage while some consumer task has not finished.
    func isNeeded(_ stage: Int) -> Bool {
        if stage == plan.root.id { return result == nil }
        return consumersOf[stage - 1].contains { consumer in
            tasks[consumer - 1].contains { $0.finished == nil }
        }
    }

    /// The producer attempts a task of `stage` would read, or nil when some producer has none usable yet.
    func producerRefs(_ stage: Stage) -> [[ProducerRef]]? {
        var refs: [[ProducerRef]] = []
        for leaf in stage.fragment.stageInputLeaves {
            var inputRefs: [ProducerRef] = []
            for state in tasks[leaf.input.stage - 1] {
                let usable = state.finished ?? (context.options.mode == .pipelined ? state.running.first : nil)
                guard let usable else { return nil }
                inputRefs.append(ProducerRef(attempt: usable.id, worker: usable.worker))
            }
            refs.append(inputRefs)
        }
        return refs
    }

    func launch(_ stage: Stage, _ task: Int, producers: [[ProducerRef]], speculative: Bool) {
        let state = tasks[stage.id - 1][task]
        let excluded = Set(state.running.map(\.worker))
        guard let worker = chooseWorker(stage, task, attempt: state.attempts.count, excluding: excluded) else {
            if !speculative { checkAllDown() }
            return
        }
        let id = AttemptID(stage: stage.id, task: task, attempt: state.attempts.count)
        tasks[stage.id - 1][task].attempts.append(
            AttemptRecord(
                id: id, worker: worker, start: now, speculative: speculative, producers: producers,
                state: .running))
        let kind = speculative ? "recovery.speculate" : (id.attempt > 0 ? "recovery.retry" : "task.launch")
        context.record(node: node, attempt: id, kind: kind, detail: "on=worker-\(worker)")
        let (awaitsFilter, filter) = runtimeFilterLaunch(for: stage.id)
        if awaitsFilter && filter == nil {
            tasks[stage.id - 1][task].attempts[id.attempt].awaitsSettle = true
        }
        endpoint.send(
            .launch(
                id, producers: producers, isRoot: stage.id == plan.root.id, speculative: speculative,
                awaitsFilter: awaitsFilter, collectsKeys: collectsKeys(stage.id, task),
                collectsBuildKeys: collectsBuildKeys(stage.id, task)),
            to: NodeID(worker))
        if let filter { filterSends.append((worker, id, filter)) }
        injectTaskStartFaults(id, worker: worker)
    }

    /// The plan's worker for the first attempt; later attempts move on to the next live workers in order,
    /// avoiding workers where an attempt of the task already failed while others are left.
    func chooseWorker(_ stage: Stage, _ task: Int, attempt: Int, excluding: Set<Int>) -> Int? {
        let count = context.cluster.workers.count
        let preferred = (plan.workers.firstIndex(of: stage.workers[task]) ?? 0) + 1
        let failedOn = Set(tasks[stage.id - 1][task].attempts.filter { $0.state == .failed }.map(\.worker))
        var fallback: Int?
        for offset in 0..<count {
            let worker = (preferred - 1 + attempt + offset) % count + 1
            guard workers[worker].alive && !excluding.contains(worker) else { continue }
            if !failedOn.contains(worker) { return worker }
            fallback = fallback ?? worker
        }
        return fallback
    }

    func injectTaskStartFaults(_ id: AttemptID, worker: Int) {
        for (index, fault) in context.options.faults.faults.enumerated() where id.attempt < fault.count {
            guard case .taskStart(let stage, let task) = fault.trigger, stage == id.stage, task == id.task else {
                continue
            }
            var target = worker
            if case .worker(let w) = fault.target { target = w }
            let delay = context.cluster.network.latency.nanoseconds + 1
            context.send(
                .fault(index: index), from: node, to: NodeID(target), after: VirtualDuration(nanoseconds: delay))
        }
    }

    // MARK: - Outcomes

    func record(_ id: AttemptID) -> AttemptRecord? {
        tasks[id.stage - 1][id.task].attempts.first { $0.id == id }
    }

    func setState(_ id: AttemptID, _ state: AttemptState) {
        guard let index = tasks[id.stage - 1][id.task].attempts.firstIndex(where: { $0.id == id }) else { return }
        tasks[id.stage - 1][id.task].attempts[index].state = state
    }

    /// The root attempt whose result the coordinator collects: the first of its task still running or finished
    /// (the root stage is never speculated, so there is one).
    func isCurrentRoot(_ producer: AttemptID) -> Bool {
        guard producer.stage == plan.root.id else { return false }
        let current = tasks[producer.stage - 1][producer.task].attempts.first {
            $0.state == .running || $0.state == .finished
        }
        return current?.id == producer
    }

    func finished(_ id: AttemptID, _ taskMetrics: TaskMetrics) {
        guard let attempt = record(id), attempt.state == .running, workers[attempt.worker].alive else { return }
        setState(id, .finished)
        metrics.append(taskMetrics)
        for loser in tasks[id.stage - 1][id.task].running {
            context.record(node: node, attempt: loser.id, kind: "recovery.cancel", detail: "\(id) won")
            cancel(loser, outcome: .cancelled)
        }
        if id.stage == plan.root.id { completeIfDone() }
        launchReady()
    }

    func failed(
        _ id: AttemptID, reason: String, retryable: Bool, lost: AttemptID?, metrics taskMetrics: TaskMetrics?
    ) {
        guard let attempt = record(id), attempt.state == .running else { return }
        setState(id, .failed)
        metrics.append(taskMetrics ?? placeholder(attempt, .failed))
        guard retryable else { return fail(.queryError, "stage \(id.stage) task \(id.task): \(reason)") }
        cancelReaders(of: id)
        if id.stage == plan.root.id {
            results[id.task] = []
            resultEnded[id.task] = false
        }
        if let lost, let producer = record(lost), producer.state == .finished || producer.state == .running {
            outputLost(producer, reason: "read by \(id) and gone")
        }
        retry(attempt, reason: reason)
    }

    /// Schedules another attempt of `attempt`'s task after the backoff, or fails the run when attempts are spent.
    func retry(_ attempt: AttemptRecord, reason: String) {
        let id = attempt.id
        tasks[id.stage - 1][id.task].failures += 1
        let failures = tasks[id.stage - 1][id.task].failures
        let policy = context.options.recovery
        guard failures < policy.maxAttempts else {
            return fail(
                .attemptsExhausted, "stage \(id.stage) task \(id.task) failed \(failures) times; last: \(reason)")
        }
        let wait = min(policy.maxBackoff.nanoseconds, policy.backoff.nanoseconds << Int64(min(failures - 1, 20)))
        let at = now.advanced(by: VirtualDuration(nanoseconds: wait))
        tasks[id.stage - 1][id.task].relaunchAt = at
        context.send(
            .relaunch(stage: id.stage, task: id.task), from: node, to: node, after: VirtualDuration(nanoseconds: wait))
    }

    /// A producer attempt's output is gone: consumers still reading it restart, and the producer re-runs when
    /// needed (lineage) — unless the `no-lineage-rerun` bug is injected.
    func outputLost(_ producer: AttemptRecord?, reason: String) {
        guard let producer else { return }
        let wasFinished = producer.state == .finished
        if producer.state == .running || producer.state == .finished { setState(producer.id, .failed) }
        if wasFinished { metrics.append(placeholder(producer, .failed)) }
        context.record(node: node, attempt: producer.id, kind: "recovery.lineage", detail: reason)
        cancelReaders(of: producer.id)
        if producer.id.stage == plan.root.id {
            results[producer.id.task] = []
            resultEnded[producer.id.task] = false
        }
        launchReady()
    }

    /// Cancels every running attempt that reads `producer` (and, in turn, their readers): they restart on the
    /// producer task's next attempt.
    func cancelReaders(of producer: AttemptID) {
        for consumer in consumersOf[producer.stage - 1] {
            for task in tasks[consumer - 1].indices {
                for attempt in tasks[consumer - 1][task].running
                where attempt.producers.contains(where: { $0.contains { $0.attempt == producer } }) {
                    cancel(attempt, outcome: .cancelled)
                }
            }
        }
    }

    func cancel(_ attempt: AttemptRecord, outcome: AttemptOutcome) {
        setState(attempt.id, .cancelled)
        metrics.append(placeholder(attempt, outcome))
        if workers[attempt.worker].alive { endpoint.send(.cancel(attempt.id), to: NodeID(attempt.worker)) }
        cancelReaders(of: attempt.id)
        if attempt.id.stage == plan.root.id {
            results[attempt.id.task] = []
            resultEnded[attempt.id.task] = false
        }
    }

    func placeholder(_ attempt: AttemptRecord, _ outcome: AttemptOutcome) -> TaskMetrics {
        TaskMetrics(
            stage: attempt.id.stage, task: attempt.id.task, attempt: attempt.id.attempt,
            worker: "worker-\(attempt.worker)",
            outcome: outcome, speculative: attempt.speculative, rowsIn: 0, bytesIn: 0, rowsOut: 0, bytesOut: 0,
            busy: .zero, peakMemoryBytes: 0, start: attempt.start, end: now)
    }

    // MARK: - End

    /// The query is done when every root task's result stream ended and its attempt reported finished.
    func completeIfDone() {
        guard !isOver, !resultEnded.contains(false) else { return }
        guard tasks[plan.root.id - 1].allSatisfy({ $0.finished != nil }) else { return }
        result = results.flatMap { $0 }
        context.record(node: node, kind: "query.done", detail: "rows=\(result?.reduce(0) { $0 + $1.rowCount } ?? 0)")
        shutdown()
    }

    func fail(_ failureClass: FailureClass, _ message: String) {
        guard !isOver else { return }
        failure = RunFailure(failureClass, message)
        context.record(node: node, kind: "query.failed", detail: "\(failureClass.rawValue): \(message)")
        shutdown()
    }

    /// Tells every worker the query is over — the ones declared dead too: a zombie drops its attempts (a crashed
    /// worker never answers; the resends to it are bounded).
    func shutdown() {
        for worker in 1..<workers.count {
            endpoint.send(.shutdown, to: NodeID(worker))
        }
    }

    /// An attempt's report that arrived after the query ended: recorded, nothing else.
    func lateReport(_ message: SimMessage) {
        switch message {
        case .attemptFinished(let id, let taskMetrics):
            guard record(id)?.state == .running else { return }
            setState(id, .finished)
            metrics.append(taskMetrics)
        case .attemptFailed(let id, _, _, _, let taskMetrics):
            guard let attempt = record(id), attempt.state == .running else { return }
            setState(id, .failed)
            metrics.append(taskMetrics ?? placeholder(attempt, .failed))
        default: break
        }
    }

    /// Attempts that never reported, recorded as `outcome` (unfinished in a failed run; cancelled by the shutdown
    /// of a run that succeeded).
    func closeOpenAttempts(as outcome: AttemptOutcome) {
        for stage in tasks {
            for task in stage {
                for attempt in task.running { metrics.append(placeholder(attempt, outcome)) }
            }
        }
    }
}

extension TaskMetrics {
    func with(outcome: AttemptOutcome) -> TaskMetrics {
        TaskMetrics(
            stage: stage, task: task, attempt: attempt, worker: worker, outcome: outcome, speculative: speculative,
            rowsIn: rowsIn, bytesIn: bytesIn, rowsOut: rowsOut, bytesOut: bytesOut, busy: busy,
            peakMemoryBytes: peakMemoryBytes, start: start, end: end)
    }
}
