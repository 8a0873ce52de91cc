import ArrowLite
import ClusterSim
import Foundation
import PlanKit
import TPCH
import Testing

/// Runs of distributed plans on the simulated cluster, pipelined and staged: the single-node answer, a trace fixed
/// by the seed, a model that shapes virtual time, a report with the promised keys.
@Suite("simulated cluster runs")
struct ClusterRunTests {
    static let catalog = SimulationFixture.catalog

    static func rows(_ result: QueryResult?) throws -> [String] { try SimulationFixture.rows(result) }

    static func simulate(_ number: Int, workers: Int, seed: UInt64, estimator: String = "fixed") throws
        -> SimulationReport
    {
        let cluster = Cluster(workers: workers, seed: seed)
        return try cluster.run(SimulationFixture.plan(number, cluster: cluster, estimator: estimator))
    }

    @Test(
        "each TPC-H query on {1, 3, 8, 64} workers × 3 seeds × both modes: the single-node answer and no re-run",
        arguments: 1...22)
    func matchesSingleNode(number: Int) throws {
        let expected = try SimulationFixture.oracle(number)
        for mode in ExecutionMode.allCases {
            for workers in [1, 3, 8, 64] {
                for seed: UInt64 in [1, 2, 3] {
                    let report = try SimulationFixture.run(
                        number, workers: workers, seed: seed, options: RunOptions(mode: mode))
                    #expect(report.failure == nil, "Q\(number) \(mode) \(workers)w seed \(seed)")
                    #expect(
                        try SimulationFixture.rows(report.result) == expected,
                        "Q\(number) \(mode) \(workers)w seed \(seed)")
                    #expect(report.virtualTime > .zero)
                    #expect(report.recoveryEvents.isEmpty, "Q\(number) \(mode) \(workers)w seed \(seed)")
                }
            }
        }
    }

    @Test("the same seed gives the same trace and hash; another seed another hash and the same rows")
    func seedFixesTrace() throws {
        let first = try Self.simulate(5, workers: 8, seed: 7)
        let second = try Self.simulate(5, workers: 8, seed: 7)
        let other = try Self.simulate(5, workers: 8, seed: 8)
        #expect(first.trace.text == second.trace.text)
        #expect(first.traceHash == second.traceHash)
        #expect(first.traceHash != other.traceHash)
        #expect(try Self.rows(first.result) == Self.rows(other.result))
    }

    @Test("bytes cross links only between different workers, and one worker shuffles nothing")
    func bytesShuffled() throws {
        #expect(try Self.simulate(3, workers: 1, seed: 1).bytesShuffled == 0)
        #expect(try Self.simulate(3, workers: 4, seed: 1).bytesShuffled > 0)
    }

    @Test("a slower network or a slower worker takes more virtual time for the same answer")
    func modelShapesTime() throws {
        let engine = QueryEngine(catalog: try Self.catalog.get(), options: QueryOptions(partitionCount: 2))
        var fast = Cluster(workers: 4, seed: 1)
        let plan = try engine.distributedPlan(
            TPCHQueries.query(3), workers: fast.workerAddresses,
            options: DistributedPlannerOptions(estimator: FixedTaskEstimator()))
        let base = try fast.run(plan)
        fast.network = NetworkModel(latency: .milliseconds(5), bytesPerSecond: 1e6)
        let slowNetwork = try fast.run(plan)
        var slowWorkers = Cluster(workers: 4, seed: 1)
        slowWorkers.workers = slowWorkers.workers.map {
            var w = $0
            w.speed = 0.25
            return w
        }
        let slowCompute = try slowWorkers.run(plan)
        #expect(slowNetwork.virtualTime > base.virtualTime)
        #expect(slowCompute.virtualTime > base.virtualTime)
        #expect(try Self.rows(slowNetwork.result) == Self.rows(base.result))
    }

    @Test("the JSON report names status, trace hash, virtual time, bytes shuffled, tasks and stages")
    func reportShape() throws {
        let report = try Self.simulate(1, workers: 3, seed: 1)
        let json = report.json()
        for key in [
            "\"status\": \"ok\"", "\"trace_hash\": \"\(report.traceHash)\"", "\"virtual_time_ms\"",
            "\"bytes_shuffled\"", "\"attempts\": \(report.tasks.count)", "\"stages\"",
        ] {
            #expect(json.contains(key), "\(key)")
        }
        #expect(report.chromeTrace().components(separatedBy: "\"ph\": \"X\"").count - 1 == report.tasks.count)
    }
}

/// The cross-process half of determinism: the `clustersim` tool, another process with its own hash seeding,
/// reproduces the trace hash of an in-process run.
@Suite("simulated runs across processes")
struct ClusterProcessTests {
    @Test("clustersim sql --workers 8 --seed 7 in another process gives the in-process trace hash")
    func sameHashInAnotherProcess() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let reportPath = directory.appendingPathComponent("report.json").path
        let result = try CLI.run([
            "sql", "--tpch", "5", "--workers", "8", "--seed", "7", "--estimator", "fixed", "--partitions", "2",
            "--report", reportPath,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try String(contentsOfFile: reportPath, encoding: .utf8)
        let inProcess = try ClusterRunTests.simulate(5, workers: 8, seed: 7)
        #expect(report.contains("\"trace_hash\": \"\(inProcess.traceHash)\""))
        #expect(result.stderr.contains("trace \(inProcess.traceHash)"))
    }
}
