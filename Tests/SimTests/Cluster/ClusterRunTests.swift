import ArrowLite
import ClusterSim
import Foundation
import PlanKit
import TPCH
import Testing

/// Staged runs of distributed plans on the simulated cluster: the single-node answer, a trace fixed by the seed.
@Suite("simulated cluster runs (staged)")
struct ClusterRunTests {
    static let catalog = Result { try Catalog.tpch(scale: 0.01) }

    static func rows(_ result: QueryResult?) throws -> [String] {
        guard let result else { throw RunFailure(.leftovers, "the run has no result") }
        let batch = try result.concatenated()
        return (0..<batch.rowCount).map { row in
            batch.columns.map { $0.scalar(at: row).description }.joined(separator: "|")
        }
    }

    static func simulate(_ number: Int, workers: Int, seed: UInt64, estimator: String = "fixed") throws
        -> SimulationReport
    {
        let cluster = Cluster(workers: workers, seed: seed)
        let engine = QueryEngine(catalog: try catalog.get(), options: QueryOptions(partitionCount: 2))
        let plan = try engine.distributedPlan(
            TPCHQueries.query(number), workers: cluster.workerAddresses,
            options: DistributedPlannerOptions(estimator: TaskEstimators.named(estimator) ?? FixedTaskEstimator()))
        return try cluster.run(plan)
    }

    @Test("every TPC-H query on {1, 3, 8, 64} workers × 2 seeds gives the single-node answer", arguments: 1...22)
    func matchesSingleNode(number: Int) throws {
        let engine = QueryEngine(catalog: try Self.catalog.get(), options: QueryOptions(partitionCount: 1))
        let expected = try Self.rows(engine.run(TPCHQueries.query(number)))
        for workers in [1, 3, 8, 64] {
            for seed: UInt64 in [1, 2] {
                let report = try Self.simulate(number, workers: workers, seed: seed)
                #expect(
                    try Self.rows(report.result).sorted() == expected.sorted(), "Q\(number) \(workers)w seed \(seed)")
                #expect(report.virtualTime > .zero)
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
