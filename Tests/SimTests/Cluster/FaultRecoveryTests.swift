import ClusterSim
import Testing

/// Every fault kind, injected through the Swift API into TPC-H Q3 on 4 workers, in both execution modes: the run
/// recovers and returns the single-node answer, and the trace shows the fault and the recovery it needed.
@Suite("fault injection and recovery")
struct FaultRecoveryTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let fault: Fault
        /// A trace event kind the recovery must show (nil: the fault is absorbed without recovery actions).
        let recovery: String?
        var speculation = false
        var description: String { name }
    }

    static func at(_ milliseconds: Double) -> FaultTrigger {
        .atTime(VirtualTime(nanoseconds: Int64(milliseconds * 1e6)))
    }

    static let cases: [Case] = [
        Case(name: "crash", fault: Fault(.crash, target: .worker(2), trigger: at(1)), recovery: "recovery.retry"),
        Case(
            name: "crash-restart",
            fault: Fault(.crashRestart(downFor: .milliseconds(30)), target: .worker(2), trigger: at(1)),
            recovery: "recovery.retry"),
        Case(
            name: "partition that heals before detection",
            fault: Fault(.partition(oneWay: false, healAfter: .milliseconds(20)), target: .worker(3), trigger: at(0.5)),
            recovery: "recovery.resend"),
        Case(
            name: "partition long enough to declare the worker dead (its zombie is fenced)",
            fault: Fault(
                .partition(oneWay: false, healAfter: .milliseconds(500)), target: .worker(3), trigger: at(0.5)),
            recovery: "recovery.retry"),
        Case(
            name: "one-way partition",
            fault: Fault(
                .partition(oneWay: true, healAfter: .milliseconds(300)), target: .link(from: 1, to: 2), trigger: at(0.5)
            ),
            recovery: "recovery.resend"),
        Case(name: "drop", fault: Fault(.drop, trigger: .probability(0.05), count: 20), recovery: "recovery.resend"),
        Case(
            name: "delay with jitter",
            fault: Fault(.delay(by: .milliseconds(2), jitter: .milliseconds(1)), trigger: .probability(0.1), count: 50),
            recovery: nil),
        Case(name: "reorder", fault: Fault(.reorder, trigger: .probability(0.1), count: 50), recovery: nil),
        Case(name: "duplicate", fault: Fault(.duplicate, trigger: .probability(0.1), count: 50), recovery: nil),
        Case(
            name: "corrupt", fault: Fault(.corrupt, trigger: .probability(0.05), count: 20), recovery: "recovery.resend"
        ),
        Case(
            name: "slow worker with speculation", fault: Fault(.slow(factor: 0.02), target: .worker(1), trigger: at(0)),
            recovery: "recovery.speculate", speculation: true),
        Case(
            name: "memory pressure",
            fault: Fault(.memoryPressure(fraction: 0.00001), target: .worker(2), trigger: at(0)),
            recovery: "recovery.retry"),
        Case(
            name: "crash when a task starts", fault: Fault(.crash, trigger: .taskStart(stage: 1, task: 0)),
            recovery: "recovery.retry"),
        Case(
            name: "crash after a task sent 2 batches",
            fault: Fault(.crash, trigger: .batchesSent(stage: 1, task: 1, batches: 2)),
            recovery: "recovery.retry"),
        Case(
            name: "crash at a worker's 40th event", fault: Fault(.crash, target: .worker(3), trigger: .atEvent(40)),
            recovery: "recovery.retry"),
    ]

    @Test("each fault kind fires, is recovered from, and the result is the single-node answer", arguments: cases)
    func recovers(_ testCase: Case) throws {
        let expected = try SimulationFixture.oracle(3)
        for mode in ExecutionMode.allCases {
            var recovery = RecoveryPolicy()
            recovery.speculation = testCase.speculation
            let report = try SimulationFixture.run(
                3, workers: 4, options: RunOptions(mode: mode, faults: FaultPlan([testCase.fault]), recovery: recovery))
            #expect(report.failure == nil, "\(mode): \(report.failure.map(\.description) ?? "")")
            #expect(try SimulationFixture.rows(report.result) == expected, "\(mode)")
            #expect(!report.faultEvents.isEmpty, "\(mode): the fault never fired")
            if let kind = testCase.recovery {
                #expect(report.recoveryEvents.contains { $0.kind == kind }, "\(mode): no \(kind) in the trace")
            }
        }
    }

    @Test("every corrupted message is detected and dropped by its receiver, and resent by its sender")
    func corruptedMessagesAreDetected() throws {
        let fault = Fault(.corrupt, trigger: .probability(0.05), count: 20)
        let report = try SimulationFixture.run(3, workers: 4, options: RunOptions(faults: FaultPlan([fault])))
        #expect(report.failure == nil)
        #expect(try SimulationFixture.rows(report.result) == SimulationFixture.oracle(3))
        let fired = report.faultEvents.filter { $0.kind == "fault.corrupt" }.count
        let detected = report.faultEvents.filter { $0.kind == "fault.corrupt.detected" }.count
        #expect(fired > 0 && detected == fired, "\(fired) corrupted, \(detected) detected")
        #expect(report.recoveryEvents.filter { $0.kind == "recovery.resend" }.count >= fired)
    }

    @Test("crashing every worker fails the run as all-workers-down, naming the cause")
    func allWorkersDown() throws {
        let faults = (1...3).map { Fault(.crash, target: .worker($0), trigger: Self.at(0.3)) }
        let report = try SimulationFixture.run(3, workers: 3, options: RunOptions(faults: FaultPlan(faults)))
        #expect(report.failure?.failureClass == .allWorkersDown)
        #expect(report.result == nil)
        #expect(report.json().contains("\"status\": \"all-workers-down\""))
    }

    @Test("memory too small everywhere exhausts the attempts of a task and says which")
    func attemptsExhausted() throws {
        let faults = (1...3).map {
            Fault(.memoryPressure(fraction: 0.000001), target: .worker($0), trigger: Self.at(0))
        }
        var recovery = RecoveryPolicy()
        recovery.maxAttempts = 2
        let report = try SimulationFixture.run(
            3, workers: 3, options: RunOptions(faults: FaultPlan(faults), recovery: recovery))
        #expect(report.failure?.failureClass == .attemptsExhausted)
        #expect(report.failure?.message.contains("failed 2 times") == true)
    }

    @Test("a run with faults is reproduced exactly by its seed; another seed draws other faults")
    func faultsAreDeterministic() throws {
        let plan = FaultPlan([
            Fault(.drop, trigger: .probability(0.05), count: 10), Fault(.crash, trigger: Self.at(1)),
        ])
        let first = try SimulationFixture.run(3, workers: 4, seed: 5, options: RunOptions(faults: plan))
        let second = try SimulationFixture.run(3, workers: 4, seed: 5, options: RunOptions(faults: plan))
        let other = try SimulationFixture.run(3, workers: 4, seed: 6, options: RunOptions(faults: plan))
        #expect(first.trace.text == second.trace.text)
        #expect(first.traceHash == second.traceHash)
        #expect(first.traceHash != other.traceHash)
    }

    @Test("a fault naming a worker the cluster does not have is rejected before the run")
    func invalidFaults() throws {
        let cluster = Cluster(workers: 3, seed: 1)
        let plan = try SimulationFixture.plan(3, cluster: cluster)
        #expect(throws: ClusterError.self) {
            try cluster.run(
                plan, options: RunOptions(faults: FaultPlan([Fault(.crash, target: .worker(7), trigger: Self.at(1))])))
        }
        #expect(throws: ClusterError.self) {
            try cluster.run(
                plan,
                options: RunOptions(
                    faults: FaultPlan([
                        Fault(.partition(oneWay: false, healAfter: .milliseconds(1)), trigger: .probability(0.5))
                    ])))
        }
    }
}
