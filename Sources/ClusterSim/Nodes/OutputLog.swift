import ArrowLite
import PlanKit

/// The output of one producer attempt, retained on its worker for as long as the query runs (as shuffle files
/// are), and streamed to each subscriber from its own cursor: a consumer attempt gets the batches its boundary
/// routes to it, the coordinator (the root stage) gets everything.
final class OutputLog {
    struct Stream {
        let subscriber: Subscriber
        /// The consumer task and how its boundary routes (nil for the coordinator).
        let route: (kind: BoundaryKind, consumerTask: Int, partitions: Int)?
        /// The log entries routed to this stream and not yet sent, in log order, each with the consumer's leaf
        /// partition: a drain visits only its own entries, not every consumer's.
        var unsent: [(entry: Int, leafPartition: Int)] = []
        var ended = false
        /// Rows routed to this stream and not yet sent.
        var pendingRows = 0
        /// How many of the consumer's leaf partitions this stream feeds: a shuffle's, or one.
        var leafPartitions: Int { route?.kind == .shuffle ? route?.partitions ?? 1 : 1 }

        /// Takes the routed ones of `outputs`, which the log holds from entry `first` on.
        mutating func route(_ outputs: some Collection<(partition: Int, rows: BatchRows)>, from first: Int) {
            for (offset, output) in outputs.enumerated() {
                guard let leafPartition = OutputLog.leafPartition(output.partition, route) else { continue }
                unsent.append((first + offset, leafPartition))
                pendingRows += output.rows.rowCount
            }
        }
    }

    let producer: AttemptID
    let schema: Schema
    /// Encodes the messages to remote subscribers (the schema message is encoded once per log).
    let encoder: IPCStreamEncoder
    /// The attempt's output pieces, each with its producer partition. A repartition's pieces stay views into the
    /// batches they were computed from until a message encodes them.
    private(set) var entries: [(partition: Int, rows: BatchRows)] = []
    private(set) var isFinished = false
    private(set) var streams: [Stream] = []
    /// Data messages sent so far (for `batchesSent` fault triggers).
    var messagesSent = 0

    init(producer: AttemptID, schema: Schema) {
        self.producer = producer
        self.schema = schema
        encoder = IPCStreamEncoder(schema: schema)
    }

    func append(_ outputs: [(partition: Int, rows: BatchRows)]) {
        let first = entries.count
        entries += outputs
        for index in streams.indices { streams[index].route(outputs, from: first) }
    }
    func finish() { isFinished = true }

    /// Adds a subscriber (again: a resubscription restarts its stream from the beginning).
    func subscribe(_ subscriber: Subscriber, plan: StagePlan) {
        streams.removeAll { $0.subscriber == subscriber }
        var route: (BoundaryKind, Int, Int)?
        if let consumer = subscriber.consumer {
            let leaf = plan.stage(consumer.stage).fragment.stageInputLeaves[subscriber.input]
            route = (leaf.input.kind, consumer.task, leaf.partitionCount)
        }
        var stream = Stream(subscriber: subscriber, route: route)
        stream.route(entries, from: 0)
        streams.append(stream)
    }

    /// Removes a subscriber's stream (its consumer attempt is gone).
    func unsubscribe(consumer: AttemptID) { streams.removeAll { $0.subscriber.consumer == consumer } }

    /// What each stream has not yet been sent, in messages of `rowsPerBatch` rows for each leaf partition the
    /// stream feeds: (stream index, leaf partitions, pieces); marks them sent. A message closes once it reaches
    /// that size, so it passes it by less than one piece (a repartition's piece is one partition's rows of one
    /// input batch), however much a stream holds when it is drained (a subscriber that arrives late gets the log
    /// from its start). Rows short of a message wait for more, until the log finishes and they go as the stream's
    /// last message. So a consumer pushes batches of about `rowsPerBatch` rows per partition, as DataFusion
    /// coalesces each partition's batches before an exchange. Streams whose log finished and that have everything
    /// are listed in `ended`.
    func drain(rowsPerBatch: Int) -> (messages: [(stream: Int, partitions: [Int], pieces: [BatchRows])], ended: [Int]) {
        var messages: [(Int, [Int], [BatchRows])] = []
        var ended: [Int] = []
        for index in streams.indices where !streams[index].ended {
            let messageRows = rowsPerBatch * streams[index].leafPartitions
            guard isFinished || streams[index].pendingRows >= messageRows else { continue }
            var chunk: [(entry: Int, leafPartition: Int)] = []
            var rows = 0
            func send() {
                messages.append((index, chunk.map(\.leafPartition), chunk.map { entries[$0.entry].rows }))
                (chunk, rows) = ([], 0)
            }
            for item in streams[index].unsent {
                chunk.append(item)
                rows += entries[item.entry].rows.rowCount
                if rows >= messageRows { send() }
            }
            if isFinished && !chunk.isEmpty { send() }
            (streams[index].unsent, streams[index].pendingRows) = (chunk, rows)
            if isFinished {
                streams[index].ended = true
                ended.append(index)
            }
        }
        return (messages, ended)
    }

    /// The pieces of one message grouped by leaf partition, partitions in order of first appearance, pieces in
    /// their order: a repartition emits many small pieces (one per consumer partition per input batch), and a
    /// message of one batch per partition costs far less to decode and push. Remote messages encode each group as
    /// one IPC batch (`IPCStreamEncoder.encodeAligned(concatenating:)`); local ones concatenate it (`merged`).
    static func grouped(_ partitions: [Int], _ pieces: [BatchRows]) -> (partitions: [Int], groups: [[BatchRows]]) {
        var order: [Int] = []
        var groups: [[BatchRows]] = []
        var groupOfPartition: [Int: Int] = [:]
        for (partition, piece) in zip(partitions, pieces) {
            if let group = groupOfPartition[partition] {
                groups[group].append(piece)
            } else {
                groupOfPartition[partition] = groups.count
                order.append(partition)
                groups.append([piece])
            }
        }
        return (order, groups)
    }

    /// `grouped`, each group concatenated into one batch. Rows keep their order within each partition.
    /// - Throws: take and concat errors (only for more than 2 GiB of strings in one partition).
    static func merged(_ groups: [[BatchRows]]) throws -> [RecordBatch] {
        try groups.map { group in
            let batches = try group.map { try $0.materialized() }
            return batches.count == 1 ? batches[0] : try Compute.concat(batches)
        }
    }

    /// The consumer's leaf partition of producer partition `partition`, nil when the boundary sends it elsewhere:
    /// a shuffle sends partitions `task × P ..< (task + 1) × P` to consumer task `task`; a coalesce or a broadcast
    /// sends everything into one partition.
    static func leafPartition(
        _ partition: Int, _ route: (kind: BoundaryKind, consumerTask: Int, partitions: Int)?
    ) -> Int? {
        guard let route else { return partition }
        switch route.kind {
        case .shuffle:
            guard partition / route.partitions == route.consumerTask else { return nil }
            return partition % route.partitions
        case .coalesce, .broadcast:
            return 0
        }
    }
}
