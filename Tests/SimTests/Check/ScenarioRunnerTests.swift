import ClusterSim
import Testing

/// `ScenarioRunner`'s checks and verdicts against runs whose outcome is known by construction.
@Suite("scenario runner: checks and verdicts") struct ScenarioRunnerTests {
    @Test("a crash-restart scenario recovers: every check passes, the stage and task counts match the plan")
    func recovers() throws {
        let run = try CheckFixture.runner("crash-restart.toml").run()
        #expect(run.verdict == .passed, "\(run.failedChecks)")
        #expect(run.checks.map(\.name).starts(with: ["safety", "liveness"]))
        #expect(run.checks.contains { $0.name == "expect.stages" && $0.passed })
        #expect(run.report.faultEvents.contains { $0.kind == "fault.crash-restart" })
        #expect(run.report.retryCount > 0)
    }

    @Test("every worker crashes: passes when the scenario expects all-workers-down, else unexpected-error")
    func mustFail() throws {
        let expected = try CheckFixture.runner("all-workers-down.toml").run()
        #expect(expected.report.failure?.failureClass == .allWorkersDown)
        #expect(expected.verdict == .passed, "\(expected.failedChecks)")

        var scenario = try CheckFixture.scenario("all-workers-down.toml")
        scenario.expectations.failure = nil
        let unexpected = try CheckFixture.runner(scenario).run()
        #expect(unexpected.verdict == .unexpectedError)
        #expect(unexpected.traceTail().last?.contains("query.failed") == true)

        scenario.expectations.failure = .attemptsExhausted
        #expect(try CheckFixture.runner(scenario).run().verdict == .unexpectedError)

        scenario.faults = .none
        scenario.expectations.failure = .allWorkersDown
        let survived = try CheckFixture.runner(scenario).run()
        #expect(survived.verdict == .expectationFailed)
        #expect(survived.failedChecks.map(\.name) == ["expect.failure"])
    }

    @Test("a planted duplicate gives wrong-result, naming the missing and extra rows")
    func wrongResult() throws {
        let run = try CheckFixture.runner("planted-duplicate.toml").run()
        #expect(run.verdict == .wrongResult)
        let safety = try #require(run.checks.first { $0.name == "safety" })
        #expect(!safety.passed && safety.detail.contains("missing") && safety.detail.contains("extra"))
        #expect(run.replay == "clustersim run \(CheckFixture.path("planted-duplicate.toml")) --seed 3")
    }

    @Test("a deadline below the run's virtual time is a liveness failure; a hung run (stopped by the limit) too")
    func liveness() throws {
        let runner = try CheckFixture.runner("crash-restart.toml")
        runner.deadlineFactor = 0
        runner.deadlineSlack = .milliseconds(1)
        let late = try runner.run()
        #expect(late.verdict == .livenessFailure)
        #expect(late.report.succeeded)

        let stopped = try CheckFixture.runner("crash-restart.toml")
        stopped.deadlineFactor = 0
        stopped.deadlineSlack = .zero
        stopped.drainAllowance = .milliseconds(1)
        let hung = try stopped.run()
        #expect(hung.report.failure?.failureClass == .limitExceeded)
        #expect(hung.verdict == .livenessFailure)
    }

    @Test("expectations: wrong stage count, too many retries and another trace hash each fail as expectation-failed")
    func expectations() throws {
        let base = try CheckFixture.runner("crash-restart.toml").run()
        var scenario = try CheckFixture.scenario("crash-restart.toml")
        scenario.expectations.traceHash = base.report.traceHash
        #expect(try CheckFixture.runner(scenario).run().verdict == .passed)
        for change in [
            { (e: inout Expectations) in e.stages = 4 }, { $0.maxRetries = 0 }, { $0.traceHash = "00" },
            { $0.tasks = 1 }, { $0.maxVirtualTime = .microseconds(1) },
        ] {
            var changed = scenario
            change(&changed.expectations)
            let run = try CheckFixture.runner(changed).run()
            #expect(run.verdict == .expectationFailed)
            #expect(run.failedChecks.count == 1 && run.failedChecks[0].name.hasPrefix("expect."))
        }
    }

    @Test("the same seed runs the same events twice (swarm and scenario faults); the comparison finds a difference")
    func determinism() throws {
        let runner = try CheckFixture.runner("q3-swarm.toml")
        let swarm = try runner.checkDeterminism(seed: 11, swarm: true)
        #expect(swarm.identical, "\(swarm)")
        #expect(swarm.firstCount > 20)
        #expect(try CheckFixture.runner("crash-restart.toml").checkDeterminism(seed: 5, swarm: false).identical)

        let other = DeterminismCheck(
            try Swarm(runner: runner).run(seed: 11).report, try Swarm(runner: runner).run(seed: 12).report)
        #expect(!other.identical)
        let index = try #require(other.firstDifference)
        #expect(other.firstLine != other.secondLine && index >= 0)
    }

    @Test("rows are compared as multisets: a lost row is missing, a duplicated one extra, order is ignored")
    func comparison() {
        let same = ResultComparison(expected: ["a", "b", "b"], actual: ["a", "b", "b"])
        #expect(same.matches && same.description == "3 rows equal the oracle's")
        let lost = ResultComparison(expected: ["a", "b", "c"], actual: ["a", "c"])
        #expect(lost.missing == ["b"] && lost.extra.isEmpty)
        let doubled = ResultComparison(expected: ["a", "b"], actual: ["a", "b", "b"])
        #expect(doubled.missing.isEmpty && doubled.extra == ["b"])
        let wrong = ResultComparison(expected: ["a", "c"], actual: ["b", "c"])
        #expect(wrong.missing == ["a"] && wrong.extra == ["b"] && !wrong.matches)
    }
}
