import ArrowLite
import PlanKit

/// The messages of a simulated run. Node 0 is the coordinator; node `w + 1` is worker `w`.
enum ClusterMessage {
    /// Coordinator → worker: run this task once its inputs are in.
    case runTask(stage: Int, task: Int)
    /// Worker → itself: the task's compute time has passed.
    case taskFinished(stage: Int, task: Int)
    /// Producer worker → consumer worker: one producer task's partitions for one consumer task, as IPC streams.
    case data(stage: Int, task: Int, input: Int, producer: Int, streams: [[UInt8]])
    /// Worker → coordinator.
    case taskDone(stage: Int, task: Int)
}

/// The state of one run of a `StagePlan` on a `Cluster`.
final class ClusterRun {
    let cluster: Cluster
    let plan: StagePlan
    let scheduler: Scheduler<ClusterMessage>
    var trace = Trace()

    // Per task (`[stage - 1][task]`).
    private var runRequested: [[Bool]]
    typealias Partitions = [[RecordBatch]]
    /// `[stage - 1][task][input][producer task]`: the partitions a producer task delivered, nil until it arrives.
    private var delivered: [[[[Partitions?]]]]
    private var results: [[TaskResult?]]
    private var started: [[VirtualTime]]
    private var metrics: [TaskMetrics] = []
    private var pendingCompute: [[(rows: Int, bytes: Int, rowsOut: Int, busy: VirtualDuration, peak: Int)?]]
    // Per worker.
    private var freeCores: [Int]
    private var readyQueues: [[(stage: Int, task: Int)]]
    private var linkFree: [[VirtualTime]]
    // Coordinator.
    private var remainingTasks: [Int]
    /// The stage that reads each stage's output, and as which of its inputs (nil for the root).
    private let consumers: [(stage: Stage, input: Int)?]
    private var stageStarted: [Bool]
    private var resultBatches: [RecordBatch]?
    private var bytesShuffled = 0
    private var deliveriesSent = 0
    private var deliveriesUsed = 0

    init(cluster: Cluster, plan: StagePlan) {
        self.cluster = cluster
        self.plan = plan
        scheduler = Scheduler(seed: cluster.seed, limits: cluster.limits)
        runRequested = plan.stages.map { [Bool](repeating: false, count: $0.taskCount) }
        delivered = plan.stages.map { stage -> [[[Partitions?]]] in
            let perInput: [[Partitions?]] = stage.inputs.map { input in
                [Partitions?](repeating: nil, count: plan.stage(input.stage).taskCount)
            }
            return [[[Partitions?]]](repeating: perInput, count: stage.taskCount)
        }
        results = plan.stages.map { [TaskResult?](repeating: nil, count: $0.taskCount) }
        started = plan.stages.map { [VirtualTime](repeating: .zero, count: $0.taskCount) }
        pendingCompute = plan.stages.map { Array(repeating: nil, count: $0.taskCount) }
        freeCores = cluster.workers.map(\.cores)
        readyQueues = cluster.workers.map { _ in [] }
        linkFree = cluster.workers.map { _ in [VirtualTime](repeating: .zero, count: cluster.workers.count) }
        remainingTasks = plan.stages.map(\.taskCount)
        consumers = plan.stages.map { producer in
            for stage in plan.stages {
                if let input = stage.inputs.firstIndex(where: { $0.stage == producer.id }) { return (stage, input) }
            }
            return nil
        }
        stageStarted = plan.stages.map { _ in false }
    }

    func execute() throws -> SimulationReport {
        var failure: Error?
        scheduler.addNode { [unowned self] message in
            do { try self.coordinator(message) } catch { failure = failure ?? error }
        }
        for worker in cluster.workers.indices {
            scheduler.addNode { [unowned self] message in
                do { try self.worker(worker, message) } catch { failure = failure ?? error }
            }
        }
        for stage in plan.stages where stage.inputs.isEmpty { startStage(stage.id) }
        try scheduler.run()
        if let failure { throw failure }
        guard let resultBatches else { throw ClusterError.noResult }
        guard deliveriesSent == deliveriesUsed else {
            throw ClusterError.leftovers("\(deliveriesSent - deliveriesUsed) of \(deliveriesSent) deliveries unused")
        }
        record(
            worker: "coordinator", kind: "query.done", detail: "rows=\(resultBatches.reduce(0) { $0 + $1.rowCount })")
        return SimulationReport(
            result: QueryResult(schema: plan.root.fragment.schema, batches: resultBatches), failure: nil, trace: trace,
            virtualTime: scheduler.now, bytesShuffled: bytesShuffled,
            tasks: metrics.sorted { ($0.stage, $0.task) < ($1.stage, $1.task) },
            stages: plan.stages.map { stage in
                StageSummary(
                    id: stage.id, taskCount: stage.taskCount,
                    inputs: stage.inputs.map { ($0.stage, $0.kind.rawValue) })
            }, mode: .staged, workerCount: cluster.workers.count, costModel: cluster.costModel,
            network: cluster.network, seed: cluster.seed)
    }

    // MARK: - Coordinator

    private func startStage(_ id: Int) {
        stageStarted[id - 1] = true
        let stage = plan.stage(id)
        record(worker: "coordinator", stage: id, kind: "stage.start", detail: "tasks=\(stage.taskCount)")
        for task in 0..<stage.taskCount {
            scheduler.send(
                .runTask(stage: id, task: task), to: node(workerIndex(stage, task)), after: cluster.network.latency)
        }
    }

    private func coordinator(_ message: ClusterMessage) throws {
        guard case .taskDone(let stage, _) = message else { return }
        remainingTasks[stage - 1] -= 1
        guard remainingTasks[stage - 1] == 0 else { return }
        record(worker: "coordinator", stage: stage, kind: "stage.done")
        for consumer in plan.stages where !stageStarted[consumer.id - 1] {
            if consumer.inputs.allSatisfy({ remainingTasks[$0.stage - 1] == 0 }) { startStage(consumer.id) }
        }
    }

    // MARK: - Workers

    private func worker(_ index: Int, _ message: ClusterMessage) throws {
        switch message {
        case .runTask(let stage, let task):
            runRequested[stage - 1][task] = true
            try enqueueIfReady(index, stage, task)
        case .data(let stage, let task, let input, let producer, let streams):
            let partitions = try streams.map { try ArrowIPC.readStream($0).batches }
            delivered[stage - 1][task][input][producer] = partitions
            record(
                worker: name(index), stage: stage, task: task, kind: "data.receive",
                detail: "input=\(input) from=t\(producer) bytes=\(streams.reduce(0) { $0 + $1.count })")
            try enqueueIfReady(index, stage, task)
        case .taskFinished(let stage, let task):
            try finish(index, stage, task)
        case .taskDone:
            break
        }
    }

    private func enqueueIfReady(_ worker: Int, _ stage: Int, _ task: Int) throws {
        guard runRequested[stage - 1][task], delivered[stage - 1][task].allSatisfy({ $0.allSatisfy { $0 != nil } })
        else {
            return
        }
        runRequested[stage - 1][task] = false
        readyQueues[worker].append((stage, task))
        try startReadyTasks(worker)
    }

    private func startReadyTasks(_ worker: Int) throws {
        while freeCores[worker] > 0, !readyQueues[worker].isEmpty {
            let (stage, task) = readyQueues[worker].removeFirst()
            freeCores[worker] -= 1
            try start(worker, stage, task)
        }
    }

    private func start(_ worker: Int, _ stageID: Int, _ task: Int) throws {
        let stage = plan.stage(stageID)
        let inputs = stage.fragment.stageInputLeaves.enumerated().map { input, leaf -> [[RecordBatch]] in
            let producers = delivered[stageID - 1][task][input].map { $0 ?? [] }
            return (0..<leaf.partitionCount).map { p in producers.flatMap { $0.indices.contains(p) ? $0[p] : [] } }
        }
        deliveriesUsed += delivered[stageID - 1][task].reduce(0) { $0 + $1.count }
        delivered[stageID - 1][task] = []
        let request = TaskRequest(stage: stage, task: task, inputs: inputs, headers: Headers())
        let execution = try LocalExecutor().run(try Worker.taskFragment(request))
        let rowsIn = inputs.reduce(0) { $0 + $1.reduce(0) { $0 + $1.reduce(0) { $0 + $1.rowCount } } }
        let bytesIn = inputs.reduce(0) { $0 + $1.reduce(0) { $0 + $1.reduce(0) { $0 + $1.heldBytes } } }
        let processed = execution.metrics.reduce(0) { $0 + $1.outputRowCount }
        let peak = execution.metrics.reduce(0) { $0 + $1.peakHeldBytes }
        let busy = cluster.costModel.computeTime(
            fragment: stage.fragment, rows: processed, bytes: bytesIn, speed: cluster.workers[worker].speed)
        results[stageID - 1][task] = TaskResult(partitions: execution.partitions)
        pendingCompute[stageID - 1][task] = (
            rowsIn, bytesIn, execution.batches.reduce(0) { $0 + $1.rowCount }, busy, peak
        )
        started[stageID - 1][task] = scheduler.now
        record(worker: name(worker), stage: stageID, task: task, kind: "task.start", detail: "rows_in=\(rowsIn)")
        scheduler.send(.taskFinished(stage: stageID, task: task), to: node(worker), after: busy)
    }

    private func finish(_ worker: Int, _ stageID: Int, _ task: Int) throws {
        let stage = plan.stage(stageID)
        guard let result = results[stageID - 1][task], let compute = pendingCompute[stageID - 1][task] else { return }
        results[stageID - 1][task] = nil
        freeCores[worker] += 1
        var bytesOut = 0
        if stageID == plan.root.id {
            resultBatches = result.partitions.flatMap { $0 }
        } else if let (consumer, input) = consumers[stageID - 1] {
            let partitions = consumer.fragment.stageInputLeaves[input].partitionCount
            for target in 0..<consumer.taskCount {
                let routed = StageDriver.route(
                    [result], consumer.inputs[input].kind, task: target, partitions: partitions)
                let streams = try routed.map { try ArrowIPC.writeStream(schema: stage.fragment.schema, batches: $0) }
                let bytes = streams.reduce(0) { $0 + $1.count }
                bytesOut += bytes
                let destination = workerIndex(consumer, target)
                let delay = transfer(from: worker, to: destination, bytes: bytes)
                deliveriesSent += 1
                record(
                    worker: name(worker), stage: stageID, task: task, kind: "data.send",
                    detail: "to=s\(consumer.id)t\(target)@\(name(destination)) bytes=\(bytes)")
                scheduler.send(
                    .data(stage: consumer.id, task: target, input: input, producer: task, streams: streams),
                    to: node(destination), after: delay)
            }
        }
        metrics.append(
            TaskMetrics(
                stage: stageID, task: task, attempt: 0, worker: name(worker), outcome: .finished, speculative: false,
                rowsIn: compute.rows, bytesIn: compute.bytes,
                rowsOut: compute.rowsOut, bytesOut: bytesOut, busy: compute.busy, peakMemoryBytes: compute.peak,
                start: started[stageID - 1][task], end: scheduler.now))
        record(
            worker: name(worker), stage: stageID, task: task, kind: "task.finish",
            detail: "rows_out=\(compute.rowsOut) bytes_out=\(bytesOut)")
        scheduler.send(.taskDone(stage: stageID, task: task), to: NodeID(0), after: cluster.network.latency)
        try startReadyTasks(worker)
    }

    /// The delay until `bytes` sent now from `from` arrive at `to`: queued behind earlier messages on the link
    /// (FIFO), then transmitted, then the latency. A worker sending to itself pays nothing.
    private func transfer(from: Int, to: Int, bytes: Int) -> VirtualDuration {
        guard from != to else { return .zero }
        bytesShuffled += bytes
        let begin = max(scheduler.now, linkFree[from][to])
        let done = begin.advanced(by: cluster.network.transmissionTime(bytes))
        linkFree[from][to] = done
        return VirtualDuration(
            nanoseconds: done.advanced(by: cluster.network.latency).nanoseconds - scheduler.now.nanoseconds)
    }

    // MARK: - Helpers

    private func workerIndex(_ stage: Stage, _ task: Int) -> Int {
        plan.workers.firstIndex(of: stage.workers[task]) ?? 0
    }

    private func node(_ worker: Int) -> NodeID { NodeID(worker + 1) }

    private func name(_ worker: Int) -> String { "worker-\(worker + 1)" }

    private func record(worker: String, stage: Int? = nil, task: Int? = nil, kind: String, detail: String = "") {
        trace.record(
            TraceEvent(
                time: scheduler.now, worker: worker, stage: stage, task: task, attempt: 0, kind: kind, detail: detail))
    }
}
