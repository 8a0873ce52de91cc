import ClusterSim
import Foundation
import Testing

/// Swarm mode over several TPC-H queries: no seed may return a wrong result or miss its deadline; draws follow the
/// `[swarm]` options and depend only on the seed.
@Suite("swarm over TPC-H queries") struct SwarmTests {
    @Test(
        "a swarm over TPC-H Q1, Q3, Q5, Q6, Q10, Q12 with random faults returns no wrong result (500+ seeds in the full tier)"
    )
    func manySeeds() throws {
        let runner = try CheckFixture.runner("multi-query-swarm.toml")
        let count: UInt64 = Fixtures.fullTier ? 520 : 60
        let summary = try Swarm(runner: runner).run(seeds: 1...count)
        #expect(summary.seedsRun == Int(count))
        #expect(summary.wrongResults == 0, "\(summary.failures.filter { $0.verdict == .wrongResult }.map(\.replay))")
        #expect(summary.livenessFailures == 0, "\(summary.failures.map(\.replay))")
        #expect(summary.expectationFailures == 0, "\(summary.failures.map(\.detail))")
        // Unexpected errors may only be the classified ends of a drawn plan the cluster cannot survive.
        for failure in summary.failures where failure.verdict == .unexpectedError {
            #expect(
                failure.detail.contains("attempts-exhausted") || failure.detail.contains("all-workers-down"),
                "\(failure.replay): \(failure.detail)")
        }
        #expect(summary.passed * 10 >= summary.seedsRun * 9, "fewer than 90% of the seeds passed")
        #expect(summary.faultsDrawn >= summary.seedsRun)
    }

    @Test("draws stay within the swarm options and the same seed draws the same plan, another seed another")
    func draws() throws {
        let runner = try CheckFixture.runner("multi-query-swarm.toml")
        let swarm = Swarm(runner: runner)
        var queries = Set<Int>()
        var workerCounts = Set<Int>()
        for seed in UInt64(1)...40 {
            let variant = try swarm.draw(seed: seed)
            #expect(try swarm.draw(seed: seed) == variant)
            #expect((3...5).contains(variant.workers.count))
            #expect((50_000...500_000).contains(variant.network.latency.nanoseconds))
            #expect((1...3).contains(variant.faults.faults.count))
            guard case .tpch(let number) = variant.query else { throw CheckTestError("not a TPC-H query") }
            queries.insert(number)
            workerCounts.insert(variant.workers.count)
            for fault in variant.faults.faults {
                if case .worker(let worker) = fault.target { #expect((1...variant.workers.count).contains(worker)) }
            }
            let crashes = variant.faults.faults.filter { $0.kind == .crash }.count
            #expect(crashes < variant.workers.count, "a plan must leave a worker alive")
        }
        #expect(queries == [1, 3, 5, 6, 10, 12])
        #expect(workerCounts == [3, 4, 5])
        #expect(try swarm.draw(seed: 1) != swarm.draw(seed: 2))
    }

    @Test("only the enabled kinds are drawn")
    func kinds() throws {
        var scenario = try CheckFixture.scenario("q3-swarm.toml")
        scenario.swarm.kinds = ["drop", "slow"]
        let swarm = Swarm(runner: try CheckFixture.runner(scenario))
        for seed in UInt64(1)...30 {
            for fault in try swarm.draw(seed: seed).faults.faults {
                #expect(["drop", "slow"].contains(fault.kind.name))
            }
        }
    }

    @Test("the summary JSON has the documented keys and one entry per failure with its replay line")
    func summaryJSON() throws {
        var scenario = try CheckFixture.scenario("q3-swarm.toml")
        scenario.swarm.kinds = ["duplicate"]
        scenario.injectedBugs = [.noDeduplication]
        let summary = try Swarm(runner: try CheckFixture.runner(scenario, name: "dup.toml")).run(seeds: 1...3)
        let object = try JSONSerialization.jsonObject(with: Data(summary.json().utf8)) as? [String: Any]
        let json = try #require(object)
        for key in ["seeds_run", "passed", "wrong_results", "liveness_failures", "unexpected_errors", "failures"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["seeds_run"] as? Int == 3)
        let failures = try #require(json["failures"] as? [[String: Any]])
        #expect(failures.count == summary.failures.count && !failures.isEmpty)
        let first = try #require(failures.first)
        #expect(first["replay"] as? String == "clustersim run dup.toml --seed \(first["seed"] as? Int ?? -1) --swarm")
        #expect(Verdict(rawValue: first["kind"] as? String ?? "") != nil)
    }
}

struct CheckTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
