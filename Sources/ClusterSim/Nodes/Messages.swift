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

/// Batches on the wire: Arrow IPC bytes with a checksum when they cross a link, the batches themselves between
/// tasks of one worker.
enum Payload {
    case encoded(bytes: [UInt8], checksum: UInt64)
    case local([RecordBatch])

    var byteCount: Int {
        if case .encoded(let bytes, _) = self { return bytes.count }
        return 0
    }
}

/// The messages of a simulated run. Node 0 is the coordinator, node `w` is worker `w` (1-based, as `worker-w`).
enum SimMessage {
    // Coordinator → worker.
    /// Run this attempt, reading each stage-input leaf from these producer attempts (one per producer task).
    case launch(AttemptID, producers: [[ProducerRef]], isRoot: Bool, speculative: Bool)
    case cancel(AttemptID)
    /// The query is over: drop every attempt and output, stop heartbeats.
    case shutdown
    /// The coordinator's liveness probe; a live worker answers with a heartbeat (neither is resent).
    case ping
    // Worker → coordinator.
    case attemptFinished(AttemptID, TaskMetrics)
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
    /// Set by a corrupt fault; the receiver's checksum check fails.
    var corrupted = false
}

/// A 64-bit checksum of a payload, checked by receivers to detect corrupted messages. Four independent lanes take
/// 32 bytes per step (lane k the k-th word), each word mixed in with a multiply and a rotation, so the lanes' chains
/// overlap in the CPU instead of waiting on one another; then the remaining words and tail bytes go into lane 0 and
/// the lanes are folded together. Each step is a bijection of its lane's state, so any single changed byte changes
/// its lane and the result.
enum Checksum {
    static func of(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            let seed: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
            var (a, b, c, d) = (seed, seed ^ 0x1, seed ^ 0x2, seed ^ 0x3)
            let blocks = raw.count / 32
            for block in 0..<blocks {
                let offset = block * 32
                a = mix(a, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                b = mix(b, raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                c = mix(c, raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                d = mix(d, raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
            }
            var offset = blocks * 32
            while offset + 8 <= raw.count {
                a = mix(a, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            for index in offset..<raw.count { a = mix(a, UInt64(raw[index]) &+ 0x100) }
            return mix(mix(mix(a, b), c), d)
        }
    }

    @inline(__always)
    private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        ((hash ^ word) &* 0xFF51_AFD7_ED55_8CCD).rotatedLeft(by: 29)
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(by count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}
