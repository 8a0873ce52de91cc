import ArrowLite
import ClusterSim
import Testing

/// The deterministic scheduler: virtual time, seeded tie-breaks, limits, and trace hashes.
@Suite("the deterministic scheduler")
struct SchedulerTests {
    /// A ring of `nodes` nodes passing `rounds` tokens; at each hop the token waits 0–2 ms (seeded), so many
    /// events are due at the same time and the seed decides their order. Returns the trace.
    static func ringTrace(seed: UInt64, nodes: Int = 8, tokens: Int = 16, hops: Int = 200) throws -> Trace {
        let scheduler = Scheduler<(token: Int, hop: Int)>(seed: seed)
        var trace = Trace()
        var delays = scheduler.streams.stream("network")
        var ids: [NodeID] = []
        for index in 0..<nodes {
            ids.append(
                scheduler.addNode { message in
                    trace.record(
                        TraceEvent(
                            time: scheduler.now, worker: "n\(index)", kind: "token",
                            detail: "\(message.token)/\(message.hop)"))
                    guard message.hop < hops else { return }
                    let next = ids[(index + 1 + message.token) % nodes]
                    let delay = VirtualDuration.milliseconds(Int64(delays.below(3)))
                    scheduler.send((message.token, message.hop + 1), to: next, after: delay)
                })
        }
        for token in 0..<tokens { scheduler.send((token, 0), to: ids[token % nodes]) }
        try scheduler.run()
        return trace
    }

    @Test("the same seed gives the same trace, byte for byte")
    func sameSeedSameTrace() throws {
        let first = try Self.ringTrace(seed: 42)
        let second = try Self.ringTrace(seed: 42)
        #expect(first.eventCount == 16 * 201)
        #expect(first.text == second.text)
        #expect(first.hash == second.hash)
    }

    /// Recorded by an earlier process (`swift test --filter SchedulerTests`); Swift seeds its hashing per process,
    /// so this fails if any ordering depended on `Dictionary`/`Set` iteration or another per-process input. A
    /// deliberate change of the ring or the scheduler's ordering rules re-records it.
    static let recordedHashSeed42 = "3a0e240e3f8295b8963ea425954da249b0590f1f81efa3735e5d6a87fd7cd921"

    @Test("seed 42 gives the trace hash recorded in another process")
    func crossProcess() throws {
        let hash = try Self.ringTrace(seed: 42).hash
        #expect(hash == Self.recordedHashSeed42, "hash \(hash)")
    }

    @Test("another seed orders simultaneous events differently: another hash")
    func otherSeedOtherTrace() throws {
        #expect(try Self.ringTrace(seed: 1).hash != Self.ringTrace(seed: 2).hash)
    }

    @Test("virtual time only moves forward and jumps to the next event")
    func timeMonotonic() throws {
        let trace = try Self.ringTrace(seed: 7)
        let times = trace.events.map(\.time)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(times.last! > VirtualTime.zero)
    }

    @Test("a run that never ends stops at its event limit with a clear error")
    func eventLimit() throws {
        let scheduler = Scheduler<Int>(seed: 1, limits: SimulationLimits(maximumEvents: 1000))
        var node = NodeID(0)
        node = scheduler.addNode { value in scheduler.send(value + 1, to: node, after: .microseconds(1)) }
        scheduler.send(0, to: node)
        #expect(throws: SimulationError.self) { try scheduler.run() }
        #expect(scheduler.eventCount == 1000)
    }

    @Test("an event past the deadline stops the run, naming the deadline")
    func deadline() throws {
        let deadline = VirtualTime(nanoseconds: 5_000_000)
        let scheduler = Scheduler<Int>(seed: 1, limits: SimulationLimits(deadline: deadline))
        let node = scheduler.addNode { _ in }
        scheduler.send(0, to: node, after: .milliseconds(10))
        #expect(throws: SimulationError.deadlineExceeded(deadline: deadline, pendingEvents: 1)) { try scheduler.run() }
    }

    @Test("subsystem streams are independent of each other and fixed by the seed")
    func streams() {
        var a = RandomStreams(seed: 9).stream("network")
        var b = RandomStreams(seed: 9).stream("network")
        var c = RandomStreams(seed: 9).stream("faults")
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        #expect(first != (0..<4).map { _ in c.next() })
    }

    @Test("a trace line has a stable text form")
    func traceLine() {
        let event = TraceEvent(
            time: VirtualTime(nanoseconds: 1_500_000), worker: "worker-2", stage: 3, task: 1, attempt: 0,
            kind: "task.start", detail: "rows=10")
        #expect(event.line == "1500000 worker-2 3 1 0 task.start rows=10")
        #expect(VirtualTime(nanoseconds: 1_500_000).description == "1.500ms")
    }
}
