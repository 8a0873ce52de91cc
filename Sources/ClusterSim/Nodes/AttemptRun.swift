import ArrowLite
import PlanKit

/// One task attempt live on a worker: its push pipeline, the inputs waiting for a core, what it has emitted in the
/// step under way, and its measurements.
final class AttemptRun {
    enum WorkItem {
        case data(input: Int, partitions: [Int], payload: Payload, rows: Int, from: NodeID)
        case end(input: Int, producerTask: Int)
        case gone(input: Int, producer: AttemptID)
    }

    let id: AttemptID
    let producers: [[ProducerRef]]
    /// Decodes each input's payloads (one schema per input).
    let decoders: [IPCStreamDecoder]
    let speculative: Bool
    let start: VirtualTime
    var pipeline: TaskPipeline!
    /// Its runtime filters: output keys collected for one, rows dropped by one, a join's build keys collected for
    /// one.
    var filters = OutputFilters.none
    /// True once its join's build keys went to the coordinator.
    var buildKeysReported = false
    var pending: [WorkItem] = []
    var isRunning = false
    var isQueued = false
    var reported = false
    var step = 0
    /// Outputs of the step under way, released when its compute time has passed.
    var stepOutputs: [(partition: Int, rows: BatchRows)] = []
    var ended: [[Bool]]
    /// Output bytes waiting in link outboxes (backpressure).
    var queuedBytes = 0
    var rowsIn = 0
    var bytesIn = 0
    var rowsOut = 0
    var bytesOut = 0
    var busy = VirtualDuration.zero
    /// Rows each operator had consumed before the current step (the pipeline's counts are cumulative).
    var consumedBefore: [Int] = []
    /// The cost-model kind of each of the pipeline's `operatorNames`, worked out at the first step.
    private var operatorKinds: [String] = []

    init(id: AttemptID, producers: [[ProducerRef]], inputSchemas: [Schema], speculative: Bool, start: VirtualTime) {
        precondition(inputSchemas.count == producers.count, "one schema per input")
        self.id = id
        self.producers = producers
        // Links carry the bytes a producer's encoder wrote from arrays our kernels made (every kernel keeps decimals
        // within their precision), unchanged: a corrupted packet is dropped before it is read. So decoding checks
        // their layout and skips the per-value decimal check, as same-worker payloads, never encoded, always did.
        decoders = inputSchemas.map { IPCStreamDecoder(schema: $0, checksDecimalPrecision: false) }
        self.speculative = speculative
        self.start = start
        ended = producers.map { [Bool](repeating: false, count: $0.count) }
    }

    /// True when it has something to do, its output is not held back and its runtime filter (if any) arrived or
    /// settled unbuilt.
    func isRunnable(maxQueuedBytes: Int) -> Bool {
        guard !isRunning, !reported, queuedBytes <= maxQueuedBytes, filters.check?.isAwaited != true else {
            return false
        }
        return !pending.isEmpty || pipeline.hasRunnableScanStep
    }

    var isDone: Bool { pipeline.isFinished && pending.isEmpty && !isRunning }

    /// The producer the coordinator designated for `input` among the tasks of `producer.stage`, if `producer` is it.
    func accepts(_ producer: AttemptID, input: Int, ignoringAttempts: Bool) -> Int? {
        guard producers.indices.contains(input) else { return nil }
        return producers[input].firstIndex {
            $0.attempt.stage == producer.stage && $0.attempt.task == producer.task
                && (ignoringAttempts || $0.attempt.attempt == producer.attempt)
        }
    }

    /// Runs one work item (or one table-scan step) through the pipeline.
    /// - Returns: the rows each operator consumed in the step, the payload bytes decoded, and a lost input.
    /// - Throws: the query's errors, `RunFailure` for a lost input.
    func runStep(lineageBug: Bool) throws -> (work: [OperatorWork], bytes: Int, lost: AttemptID?) {
        var bytes = 0
        if pending.isEmpty {
            try pipeline.runScanStep()
        } else {
            switch pending.removeFirst() {
            case .data(let input, let partitions, let payload, let rows, _):
                let batches: [RecordBatch]
                switch payload {
                case .local(let local): batches = local
                case .encoded(let encoded):
                    batches = try decoders[input].decode(encoded)
                    bytes = encoded.byteCount
                }
                for (partition, batch) in zip(partitions, batches) {
                    try pipeline.push(input: input, partition: partition, batch)
                }
                rowsIn += rows
                bytesIn += bytes
            case .end(let input, let producerTask):
                try endInput(input, producerTask)
            case .gone(let input, let producer):
                guard lineageBug, let task = producers[input].firstIndex(where: { $0.attempt == producer }) else {
                    return ([], 0, producer)
                }
                try endInput(input, task)
            }
        }
        let consumed = pipeline.consumedRowCounts
        if operatorKinds.count != consumed.count {
            operatorKinds = pipeline.operatorNames.map(CostModel.kind(ofOperatorName:))
            consumedBefore = Array(repeating: 0, count: consumed.count)
        }
        var work: [OperatorWork] = []
        for (index, rows) in consumed.enumerated() where rows != consumedBefore[index] {
            work.append(OperatorWork(kind: operatorKinds[index], rows: rows - consumedBefore[index]))
            consumedBefore[index] = rows
        }
        return (work, bytes, nil)
    }

    private func endInput(_ input: Int, _ producerTask: Int) throws {
        guard !ended[input][producerTask] else { return }
        ended[input][producerTask] = true
        guard !ended[input].contains(false) else { return }
        for partition in 0..<pipeline.inputPartitionCounts[input] {
            try pipeline.finish(input: input, partition: partition)
        }
    }

    func metrics(worker: Int, outcome: AttemptOutcome, end: VirtualTime) -> TaskMetrics {
        TaskMetrics(
            stage: id.stage, task: id.task, attempt: id.attempt, worker: "worker-\(worker)", outcome: outcome,
            speculative: speculative, rowsIn: rowsIn, bytesIn: bytesIn, rowsOut: rowsOut, bytesOut: bytesOut,
            busy: busy, peakMemoryBytes: pipeline?.peakHeldBytes ?? 0, start: start, end: end)
    }
}
