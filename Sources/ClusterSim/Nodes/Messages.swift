import ArrowLite
import PlanKit

/// One attempt of one task: the unit the coordinator launches, fences and retries.
struct AttemptID: Hashable, Comparable, CustomStringConvertible {
    let stage: Int
    let task: Int
    let attempt: Int

    static func < (a: AttemptID, b: AttemptID) -> Bool { (a.stage, a.task, a.attempt) < (b.stage, b.task, b.attempt) }
    var description: String { "s\(stage)t\(task)a\(attempt)" }
}

/// Where a consumer attempt reads one producer task from: the attempt the coordinator designated and its worker.
struct ProducerRef: Hashable {
    let attempt: AttemptID
    let worker: Int
}

/// A consumer of a producer attempt's output: another task's attempt on a worker (reading it as stage-input leaf
/// `input`), or the coordinator (the root stage's result).
struct Subscriber: Hashable {
    let consumer: AttemptID?
    let node: NodeID
    let input: Int
}

/// Batches on the wire: an Arrow IPC stream when they cross a link (laid out by `IPCStreamEncoder.encodeAligned`, so
/// the receiver's arrays use its buffers without copying them), the batches themselves between tasks of one worker.
/// The byte count is the stream's, padding included: the padding is sent as Arrow writers with 64-byte alignment
/// send it (a few hundred bytes of a message of thousands of rows). A decoded batch keeps its whole message alive;
/// a message carries one consumer's partitions, a batch's worth each (`OutputLog.drain`), so that is about the
/// size of the batches decoded from it.
enum Payload {
    case encoded(Buffer)
    case local([RecordBatch])

    var byteCount: Int {
        if case .encoded(let stream) = self { return stream.byteCount }
        return 0
    }
}

/// The messages of a simulated run. Node 0 is the coordinator, node `w` is worker `w` (1-based, as `worker-w`).
enum SimMessage {
    // Coordinator → worker.
    /// Run this attempt, reading each stage-input leaf from these producer attempts (one per producer task); with
    /// `awaitsFilter`, only once its runtime filter settled (`runtimeFilter`, sent after every launch of the
    /// coordinator's pass, so that no launch waits behind a filter's bytes on its link): until then it does not
    /// subscribe to its producers, whose batches would wait unread and fill the links; with `collectsKeys`,
    /// collecting its output's key hashes for the runtime filter its stage's output builds; with
    /// `collectsBuildKeys`, its join's build keys for the filter its stage builds at a join (`.joinBuild`).
    case launch(
        AttemptID, producers: [[ProducerRef]], isRoot: Bool, speculative: Bool, awaitsFilter: Bool, collectsKeys: Bool,
        collectsBuildKeys: Bool)
    /// The runtime filter the attempt drops output rows with (the one its stage checks); nil when the filter settled
    /// unbuilt after the attempt launched awaiting it (a `.joinBuild` filter): its rows pass unchecked. An attempt
    /// gets one such message at most.
    case runtimeFilter(AttemptID, RuntimeFilter?)
    case cancel(AttemptID)
    /// The query is over: drop every attempt and output, stop heartbeats.
    case shutdown
    /// The coordinator's liveness probe; a live worker answers with a heartbeat (neither is resent).
    case ping
    // Worker → coordinator.
    case attemptFinished(AttemptID, TaskMetrics)
    /// The key hashes (nil past the limit) an attempt gives runtime filter number `filter`, in the pieces it
    /// collected them in: the hashes a build stage's attempt sent, just before its `attemptFinished`; or a join's
    /// build keys, once the attempt built them.
    case filterKeys(AttemptID, filter: Int, hashes: [[UInt64]]?)
    case attemptFailed(AttemptID, reason: String, retryable: Bool, lostInput: AttemptID?, metrics: TaskMetrics?)
    case heartbeat(worker: Int, epoch: Int)
    /// A restarted worker announces its new incarnation.
    case hello(worker: Int, epoch: Int)
    /// The worker gave up resending to `node`: declare it unreachable.
    case unreachable(worker: Int, node: NodeID)
    // Between workers (and to the coordinator for the root's result).
    case subscribe(producer: AttemptID, subscriber: Subscriber)
    case data(producer: AttemptID, subscriber: Subscriber, partitions: [Int], payload: Payload, rows: Int)
    case streamEnd(producer: AttemptID, subscriber: Subscriber)
    /// The producer attempt's output is not on this worker (lost in a crash, or never there).
    case streamGone(producer: AttemptID, subscriber: Subscriber)
    // Link layer (between any two nodes).
    indirect case packet(Packet)
    case ack(from: NodeID, epoch: Int, upTo: UInt64, window: Int)
    case reset(from: NodeID, epoch: Int)
    // Timers and injections (a node to itself).
    case workDone(AttemptID, step: Int)
    case livenessCheck
    case retransmitCheck(to: NodeID, sequence: UInt64, epoch: Int)
    case relaunch(stage: Int, task: Int)
    case restart
    /// Messages between tasks of one worker wait in its local inbox, in order; this drains it.
    case drainLocalInbox
    case fault(index: Int)

    /// True for messages that occupy a receiver's window (batches); control messages pass ahead of none but
    /// never wait for window space.
    var isData: Bool {
        if case .data = self { return true }
        return false
    }
}

/// A message in flight on a link: its sequence number in the sender's incarnation toward the receiver's, so the
/// receiver can restore order, discard duplicates and stale incarnations.
struct Packet {
    let from: NodeID
    let fromEpoch: Int
    let toEpoch: Int
    let sequence: UInt64
    let message: SimMessage
    /// Set by a corrupt fault: the packet counts as damaged. The receiver drops it, as a link-layer checksum would,
    /// and the sender resends it. The damage is a mark, as in network simulators' error models (ns-3's
    /// `ErrorModel` marks packets too): no byte is changed, so a checksum of the bytes could never fail — computing
    /// one for every payload cost about 7 % of a simulated shuffle and decided nothing.
    var corrupted = false
}
