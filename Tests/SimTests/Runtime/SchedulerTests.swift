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
                            time: scheduler.now(NodeID(index)), worker: "n\(index)", kind: "token",
                            detail: "\(message.token)/\(message.hop)"))
                    guard message.hop < hops else { return }
                    let next = ids[(index + 1 + message.token) % nodes]
                    let delay = VirtualDuration.milliseconds(Int64(delays.below(3)))
                    scheduler.send((message.token, message.hop + 1), from: NodeID(index), to: next, after: delay)
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
    static let recordedHashSeed42 = "59b0f3a61636eee7b328e6a43dd99b4b51cc4cbb9c417695a36b4090bdce8997"

    @Test("seed 42 gives the trace hash recorded in another process")
    func crossProcess() throws {
        let hash = try Self.ringTrace(seed: 42).hash
        #expect(hash == Self.recordedHashSeed42, "hash \(hash)")
    }

    @Test("another seed orders simultaneous events differently: another hash")
    func otherSeedOtherTrace() throws {
        #expect(try Self.ringTrace(seed: 1).hash != Self.ringTrace(seed: 2).hash)
    }

    /// The ring on `lanes` lanes run by `threads` threads: each node keeps its own records with the order key of the event that made
    /// them (nodes never share state), merged by key at the end; hops take 1–3 ms, so 1 ms is the lookahead.
    static func parallelRing(
        seed: UInt64, lanes: Int, threads: Int = 2, limits: SimulationLimits = SimulationLimits()
    ) throws -> Trace {
        final class Records: @unchecked Sendable {
            var items: [(Scheduler<(token: Int, hop: Int)>.EventKey, TraceEvent)] = []
        }
        let nodes = 16
        let scheduler = Scheduler<(token: Int, hop: Int)>(
            seed: seed, limits: limits, lanes: lanes, threads: threads, lookahead: .milliseconds(1))
        let records = (0..<nodes).map { _ in Records() }
        for index in 0..<nodes {
            var delays = scheduler.streams.stream("network.\(index)")
            scheduler.addNode { message in
                let me = NodeID(index)
                records[index].items.append(
                    (
                        scheduler.currentKey(me),
                        TraceEvent(time: scheduler.now(me), worker: "n\(index)", kind: "token", detail: "\(message)")
                    ))
                var work: UInt64 = 0
                for step in 0..<2000 { work = work &* 31 &+ UInt64(step ^ message.token) }
                guard message.hop < 100 else { return }
                let next = NodeID((index + 1 + message.token + Int(work % 2)) % nodes)
                let delay = VirtualDuration.milliseconds(1 + Int64(delays.below(3)))
                scheduler.send((message.token, message.hop + 1), from: me, to: next, after: delay)
            }
        }
        for token in 0..<32 { scheduler.send((token, 0), to: NodeID(token % nodes)) }
        try scheduler.run()
        var trace = Trace()
        for item in records.flatMap(\.items).sorted(by: { $0.0 < $1.0 }) { trace.record(item.1) }
        return trace
    }

    @Test("2, 5, 16 or 64 lanes on 2 threads (or 5 on one) run every node's events in the one-lane order: one hash")
    func parallelSameTrace() throws {
        for seed: UInt64 in [1, 2, 3] {
            let one = try Self.parallelRing(seed: seed, lanes: 1)
            #expect(one.eventCount == 32 * 101)
            for (lanes, threads) in [(2, 2), (5, 2), (16, 2), (64, 2), (5, 1)] {
                let parallel = try Self.parallelRing(seed: seed, lanes: lanes, threads: threads)
                #expect(one.hash == parallel.hash, "seed \(seed), \(lanes) lanes on \(threads) threads")
            }
        }
        #expect(try Self.parallelRing(seed: 1, lanes: 2).hash != Self.parallelRing(seed: 2, lanes: 2).hash)
    }

    @Test("an event limit one short of the run fails on 1, 2, 16 or 64 lanes alike; the exact limit passes")
    func parallelEventLimit() throws {
        let events = 32 * 101
        for (lanes, threads) in [(1, 1), (2, 2), (16, 2), (64, 2)] {
            let short = SimulationLimits(maximumEvents: events - 1)
            #expect(throws: SimulationError.self, "\(lanes) lanes") {
                try Self.parallelRing(seed: 4, lanes: lanes, threads: threads, limits: short)
            }
            let exact = try Self.parallelRing(
                seed: 4, lanes: lanes, threads: threads, limits: SimulationLimits(maximumEvents: events))
            #expect(exact.eventCount == events, "\(lanes) lanes")
        }
    }

    @Test("in parallel mode a message between lanes sooner than the lookahead stops the run with a clear error")
    func lookaheadViolation() throws {
        let scheduler = Scheduler<Int>(seed: 1, lanes: 2, lookahead: .milliseconds(1))
        scheduler.addNode { _ in scheduler.send(1, from: NodeID(0), to: NodeID(1), after: .microseconds(10)) }
        scheduler.addNode { _ in }
        scheduler.send(0, to: NodeID(0))
        #expect(throws: SimulationError.self) { try scheduler.run() }
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
        node = scheduler.addNode { value in scheduler.send(value + 1, from: node, to: node, after: .microseconds(1)) }
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
