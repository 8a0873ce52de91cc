import ArrowLite

/// One thing that happened in a run: when, where, and what, with a stable one-line text form.
public struct TraceEvent: Sendable, Hashable {
    public let time: VirtualTime
    public let worker: String
    public let stage: Int?
    public let task: Int?
    public let attempt: Int?
    public let kind: String
    public let detail: String

    public init(
        time: VirtualTime, worker: String, stage: Int? = nil, task: Int? = nil, attempt: Int? = nil, kind: String,
        detail: String = ""
    ) {
        self.time = time
        self.worker = worker
        self.stage = stage
        self.task = task
        self.attempt = attempt
        self.kind = kind
        self.detail = detail
    }

    /// `time worker stage task attempt kind detail`, `-` for an absent field; the text the trace hash covers.
    public var line: String {
        func field(_ value: Int?) -> String { value.map(String.init) ?? "-" }
        return "\(time.nanoseconds) \(worker) \(field(stage)) \(field(task)) \(field(attempt)) \(kind) \(detail)"
    }
}

/// The ordered event log of a run and its SHA-256 hash, updated as events are recorded (the hash of the text of
/// every line, each ended by a newline). Keeps at most `retainedEventLimit` events in memory; the hash covers all.
public struct Trace: Sendable {
    public private(set) var events: [TraceEvent] = []
    public private(set) var eventCount = 0
    public let retainedEventLimit: Int
    private var hasher = SHA256()

    public init(retainedEventLimit: Int = 1_000_000) { self.retainedEventLimit = max(0, retainedEventLimit) }

    public mutating func record(_ event: TraceEvent) {
        eventCount += 1
        if events.count < retainedEventLimit { events.append(event) }
        hasher.update(Array((event.line + "\n").utf8))
    }

    /// The hex SHA-256 of every recorded line.
    public var hash: String {
        var copy = hasher
        return copy.finalizeHex()
    }

    /// The retained lines, one per event.
    public var text: String { events.map { $0.line + "\n" }.joined() }
}
