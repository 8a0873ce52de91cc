import ArrowLite
import ClusterSim
import Foundation
import PlanKit
import Testing

/// Decoding scenario files into ClusterSim types, and writing them back.
@Suite("scenario files")
struct ScenarioTests {
    static func fixturePath(_ name: String, _ ext: String) throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures/scenario"))
        return url.path
    }

    static let minimal = """
        name = "minimal"
        [cluster]
        workers = 2
        [query]
        tpch = 1
        """

    @Test("a minimal file gets every documented default")
    func defaults() throws {
        let scenario = try Scenario.parse(Self.minimal, fileName: "minimal.toml")
        #expect(scenario.name == "minimal" && scenario.description.isEmpty && scenario.seed == 1)
        #expect(scenario.workers == [WorkerSpec(cores: 2, memoryBytes: 4 << 30, speed: 1)] + [WorkerSpec()])
        #expect(scenario.network == NetworkModel() && scenario.costModel == CostModel())
        #expect(scenario.data == .tpch(scale: 0.01))
        #expect(scenario.planner == PlannerSettings(estimator: "bytes-per-task", partitions: 4, mode: .pipelined))
        #expect(scenario.query == .tpch(1))
        #expect(scenario.faults.isEmpty && scenario.injectedBugs.isEmpty)
        #expect(scenario.recovery == RecoveryPolicy() && scenario.flowControl == FlowControl())
        #expect(scenario.swarm == SwarmOptions(kinds: FaultKind.names, maxFaults: 3, probability: 0.02))
        #expect(scenario.expectations == Expectations(result: .oracle))
        #expect(scenario.sql.contains("lineitem"))
    }

    @Test("full.toml decodes every section into the values written in it")
    func fullFile() throws {
        let scenario = try Scenario.load(path: try Self.fixturePath("full", "toml"))
        #expect(scenario.name == "full" && scenario.seed == 42)
        #expect(
            scenario.description == "A worker crashes while stage 1 runs;\nthe coordinator retries its tasks elsewhere."
        )
        #expect(scenario.injectedBugs == [.skipFencing])
        let base = WorkerSpec(cores: 2, memoryBytes: 2048 << 20, speed: 1)
        #expect(scenario.workers == [base, base, WorkerSpec(cores: 2, memoryBytes: 2048 << 20, speed: 0.25), base])
        #expect(scenario.network == NetworkModel(latency: .microseconds(150), bytesPerSecond: 500e6))
        var costModel = CostModel(taskStartNanoseconds: 50_000)
        costModel.setPerRowNanoseconds(40, kind: "HashJoin")
        costModel.setPerRowNanoseconds(300.5, kind: "Sort")
        #expect(scenario.costModel == costModel)
        #expect(
            scenario.planner
                == PlannerSettings(
                    estimator: "rows-per-task", partitions: 8, broadcastRowLimit: 10_000, mode: .staged,
                    runtimeFilters: false, runtimeFilterWait: .milliseconds(250)))
        #expect(scenario.query == .tpch(3))
        #expect(
            scenario.faults.faults == [
                Fault(
                    .crashRestart(downFor: .milliseconds(20)), target: .worker(2),
                    trigger: .atTime(VirtualTime(nanoseconds: 1_500_000))),
                Fault(
                    .delay(by: .milliseconds(2), jitter: .microseconds(500)), target: .link(from: 1, to: 3),
                    trigger: .probability(0.05), count: 10),
                Fault(
                    .partition(oneWay: true, healAfter: .milliseconds(30)),
                    trigger: .batchesSent(stage: 1, task: 0, batches: 2)),
            ])
        #expect(
            scenario.recovery
                == RecoveryPolicy(
                    maxAttempts: 5, backoff: .milliseconds(2), speculation: true, speculationMultiplier: 1.5))
        #expect(scenario.flowControl == FlowControl(linkWindow: 8, maxQueuedBytes: 1 << 20))
        #expect(
            scenario.swarm
                == SwarmOptions(
                    kinds: ["crash", "drop", "slow"], maxFaults: 4, workers: 2...6, latencyMicroseconds: 50...500,
                    probability: 0.01, queries: [1, 3, 6], varyRuntimeFilters: true))
        #expect(
            scenario.expectations
                == Expectations(
                    result: .oracle, maxRetries: 6, maxVirtualTime: .milliseconds(5000), stages: 4,
                    failure: .attemptsExhausted, traceHash: "9c1e05ab"))
        let cluster = scenario.cluster
        #expect(cluster.workers.count == 4 && cluster.seed == 42 && cluster.network == scenario.network)
        let options = scenario.runOptions
        #expect(options.mode == .staged && options.faults == scenario.faults && options.injectedBugs == [.skipFencing])
        #expect(scenario.planner.queryOptions.partitionCount == 8)
        #expect(scenario.planner.taskEstimator.name == "rows-per-task")
    }

    @Test("toml() writes a file that parses back to the same scenario, and writing that again gives the same text")
    func roundTrip() throws {
        for text in [Self.minimal, try String(contentsOfFile: try Self.fixturePath("full", "toml"), encoding: .utf8)] {
            let scenario = try Scenario.parse(text, fileName: "in.toml")
            let written = scenario.toml()
            let again = try Scenario.parse(written, fileName: "out.toml")
            #expect(again == scenario, "\(written)")
            #expect(again.toml() == written)
        }
    }

    @Test("hand-built scenarios with awkward strings, times and every fault kind survive the round trip")
    func roundTripOfBuiltScenario() throws {
        let kinds: [FaultKind] = [
            .crash, .crashRestart(downFor: VirtualDuration(nanoseconds: 1_234_567)),
            .partition(oneWay: false, healAfter: .milliseconds(3)),
            .drop, .delay(by: .microseconds(7), jitter: .zero), .reorder, .duplicate, .slow(factor: 0.3),
            .memoryPressure(fraction: 0.1), .corrupt,
        ]
        let triggers: [FaultTrigger] = [
            .atTime(VirtualTime(nanoseconds: 123_456_789)), .atEvent(9), .taskStart(stage: 2, task: 1),
            .batchesSent(stage: 0, task: 3, batches: 7), .probability(1e-5),
        ]
        let faults = kinds.enumerated().map { index, kind in
            Fault(
                kind, target: index % 2 == 0 ? .worker(1 + index % 3) : .any, trigger: triggers[index % triggers.count],
                count: 1 + index)
        }
        var workers = Array(repeating: WorkerSpec(cores: 4, memoryBytes: 512 << 20, speed: 2), count: 3)
        workers[0] = WorkerSpec(cores: 1, memoryBytes: 1 << 20, speed: 0.1)
        let schema = Schema([Field("a b", .decimal128(precision: 12, scale: 3)), Field("d", .date32)])
        var costModel = CostModel(taskStartNanoseconds: 1, perByteNanoseconds: 0.001, defaultPerRowNanoseconds: 2.5)
        costModel.setPerRowNanoseconds(99, kind: "Sort")
        let scenario = Scenario(
            name: "quotes \" and \\ and ''' and \u{07}", description: "line 1\nit's 'quoted'\n\ttabbed'", seed: 99,
            workers: workers,
            network: NetworkModel(latency: VirtualDuration(nanoseconds: 1_500), bytesPerSecond: 123_456_789),
            costModel: costModel,
            data: .tables([
                DataTable(name: "t", path: "dir/t.csv", format: .csv, schema: schema, header: false),
                DataTable(name: "u", path: "u.arrow", format: .ipc),
            ]),
            planner: PlannerSettings(estimator: "cost", partitions: 2, broadcastRowLimit: 0, mode: .staged),
            query: .sql("SELECT '''x''' AS a\nFROM t\n"), faults: FaultPlan(faults),
            recovery: RecoveryPolicy(
                maxAttempts: 2, backoff: .milliseconds(300), maxBackoff: .milliseconds(300),
                heartbeatInterval: .microseconds(1500),
                heartbeatTimeout: .seconds(1), speculationQuantile: 0.5, retransmitTimeout: .milliseconds(1),
                maxRetransmits: 0),
            flowControl: FlowControl(linkWindow: 1, maxQueuedBytes: 1),
            injectedBugs: [.noLineageRerun, .noDeduplication],
            swarm: SwarmOptions(kinds: [], maxFaults: 0, probability: 1),
            expectations: Expectations(
                result: .any, maxVirtualTime: VirtualDuration(nanoseconds: 1), tasks: 3, failure: .allWorkersDown))
        let written = scenario.toml()
        #expect(try Scenario.parse(written, fileName: "built.toml") == scenario, "\(written)")
    }
}
