import ClusterSim
import Testing

/// A worker that crashes stops at that instant: whatever trigger fired the crash in the middle of a handler (an
/// event count, a task start's draw, a sent batch), the handler does nothing more on the crashed worker.
@Suite("a crashed worker stops at once") struct CrashedWorkerTests {
    /// Triggers that fire inside a worker's handlers, each with a crash that restarts at once or later.
    static let faults: [Fault] = [
        Fault(.crashRestart(downFor: .microseconds(1)), target: .worker(2), trigger: .atEvent(12)),
        Fault(.crashRestart(downFor: .milliseconds(3)), target: .worker(3), trigger: .atEvent(40)),
        Fault(.crashRestart(downFor: .microseconds(1)), target: .any, trigger: .probability(0.2)),
        Fault(.crashRestart(downFor: .microseconds(1)), trigger: .batchesSent(stage: 1, task: 1, batches: 1)),
        Fault(.crashRestart(downFor: .milliseconds(2)), trigger: .batchesSent(stage: 3, task: 0, batches: 1)),
        Fault(.crashRestart(downFor: .microseconds(1)), trigger: .taskStart(stage: 2, task: 2)),
    ]

    /// Trace events a worker recorded after the instant of its crash and before its restart (it should record
    /// none). Events of one instant are ordered by the keys of the messages handled, not by when they were
    /// recorded, so those of the crash's own instant are left out.
    static func eventsWhileDown(_ trace: Trace) -> [TraceEvent] {
        var crashedAt: [String: VirtualTime] = [:]
        var found: [TraceEvent] = []
        for event in trace.events {
            if event.kind == "fault.crash" || event.kind == "fault.crash-restart" {
                crashedAt[event.worker] = event.time
            } else if event.kind == "worker.restart" {
                crashedAt[event.worker] = nil
            } else if let time = crashedAt[event.worker], event.time > time {
                found.append(event)
            }
        }
        return found
    }

    @Test("after a crash fired inside a handler, the worker records nothing until it restarts, and Q3 still passes")
    func silentUntilRestart() throws {
        var scenario = try CheckFixture.scenario("q3-swarm.toml")
        scenario.planner.broadcastRowLimit = 10
        var crashes = 0
        for (index, fault) in Self.faults.enumerated() {
            for mode in [ExecutionMode.pipelined, .staged] {
                var variant = ScenarioVariant(scenario)
                variant.faults = FaultPlan([fault])
                var options = scenario
                options.planner.mode = mode
                let run = try CheckFixture.runner(variant.applied(to: options, seed: UInt64(index + 1))).run()
                let fired = run.report.trace.events.filter { $0.kind.hasPrefix("fault.crash") }.count
                crashes += fired
                #expect(run.verdict == .passed, "\(fault) \(mode): \(run.summaryLine)")
                let late = Self.eventsWhileDown(run.report.trace)
                #expect(late.isEmpty, "\(fault) \(mode): \(late.prefix(3).map(\.line))")
            }
        }
        #expect(crashes >= Self.faults.count, "too few of the triggers fired")
    }
}
