import ArrowLite
import ClusterSim
import PlanKit
import Testing

/// Runtime filters built at the join (`RuntimeFilterPlan.Source.joinBuild`): the join's build side is an aggregate
/// with a `HAVING` computed in the join's own stage, as in TPC-H Q18; the probe stage launches at once, waits for
/// the join tasks' build keys, and drops the rows without one. Every run (built, dropped, timed out, with a crash)
/// gives the unfiltered rows.
@Suite("runtime filters built at the join")
struct JoinBuiltFilterRunTests {
    typealias Base = RuntimeFilterRunTests

    /// The fact rows whose key is a flagged dimension key (100 keys of 1,000: 10,000 rows), through a semi join
    /// whose build side is grouped in the join's stage.
    static let semiJoin = "SELECT k, v FROM fact WHERE k IN (SELECT d FROM dim GROUP BY d HAVING max(flag) = 1)"

    /// The semi join over the fact rows grouped by `v / 100` (1,000 groups, each with a multiple of 100 below 1,000
    /// as its least key). Over a dimension of 400,000 keys, every 1,000th flagged, only key 0 is flagged among
    /// those: 100 rows. The probe stage is a final aggregate reading a shuffle, ready long before the build side.
    static let semiJoinOverAggregate =
        "SELECT m, c FROM (SELECT min(k) AS m, count(*) AS c FROM fact GROUP BY v / 100) t "
        + "WHERE m IN (SELECT d FROM dim GROUP BY d HAVING max(flag) = 1)"

    static func plan(_ sql: String = semiJoin, filters: Bool = true) throws -> StagePlan {
        try Base.plan(sql, filters: filters)
    }

    static func run(filters: Bool = true, options: RunOptions = RunOptions()) throws -> SimulationReport {
        try Cluster(workers: 4, seed: 1).run(plan(filters: filters), options: options)
    }

    static func events(_ report: SimulationReport, _ kind: String) -> [TraceEvent] {
        report.trace.events.filter { $0.kind == kind }
    }

    @Test("the planner builds the filter at the semi join, from the grouped side, for the fact table's stage")
    func planned() throws {
        let plan = try Self.plan()
        let filter = try #require(plan.runtimeFilters.first)
        #expect(plan.runtimeFilters.count == 1)
        #expect(filter.isJoinBuilt && filter.buildStage == filter.joinStage)
        guard case .joinBuild(let node) = filter.source else { return }
        let join = plan.stage(filter.joinStage).fragment.nodes[node]
        #expect(join.name.hasPrefix("HashJoin"))
        #expect(join.children[0].nodes.contains { $0.name.hasPrefix("HashAggregate") })
        #expect(plan.stage(filter.probeStage).fragment.description.contains("table=fact"))
        #expect(plan.runtimeFilter(builtAtJoinIn: filter.joinStage) == filter)
        #expect(plan.runtimeFilter(builtBy: filter.joinStage) == nil)
        let explain = plan.explain()
        #expect(explain.contains("◆ RuntimeFilter rf1: built from the build side of this stage's \(join.name)"))
        #expect(
            explain.contains(
                "◆ RuntimeFilter rf1: drops rows without a key of the join's build side in Stage \(filter.joinStage)"))
        #expect(try Self.plan(filters: false).runtimeFilters.isEmpty)
    }

    @Test("no runtime filter over a build side with a limit: a re-run could keep other rows than the reported ones")
    func unstableBuildSide() throws {
        let limited = "SELECT k, v FROM fact WHERE k IN (SELECT d FROM dim WHERE flag = 1 LIMIT 50)"
        let plan = try Self.plan(limited)
        #expect(plan.runtimeFilters.isEmpty, "\(plan.explain())")
        let report = try Cluster(workers: 4, seed: 1).run(plan)
        #expect(try Base.rows(report).count == 5_000)
    }

    @Test("a probe stage that reads a shuffle itself subscribes once its filter is ready: no batch waits unread")
    func probeStageWithInputs() throws {
        let engine = try Base.engine(dimensionKeys: 400_000, flagEvery: 1_000)
        let plan = try Base.plan(Self.semiJoinOverAggregate, engine: engine)
        let filter = try #require(plan.runtimeFilters.last, "\(plan.explain())")
        #expect(filter.isJoinBuilt && !plan.stage(filter.probeStage).inputs.isEmpty, "\(plan.explain())")
        // One unread message fills a link: batches sent to a waiting probe task would block the join's inputs.
        let cluster = Cluster(workers: 4, seed: 1)
        let filtered = try cluster.run(plan, options: RunOptions(flowControl: FlowControl(linkWindow: 1)))
        #expect(filtered.failure == nil, "\(filtered.failure.map(\.description) ?? "")")
        let unfiltered = try cluster.run(Base.plan(Self.semiJoinOverAggregate, filters: false, engine: engine))
        #expect(try Base.rows(filtered) == Base.rows(unfiltered))
        #expect(Self.events(filtered, "filter.timeout").isEmpty)
        // No batch goes to a probe task before the filter it waits for is ready.
        let ready = try #require(Self.events(filtered, "filter.ready").first)
        let toProbe = Self.events(filtered, "data.send").filter { $0.detail.hasPrefix("to=s\(filter.probeStage)t") }
        #expect(!toProbe.isEmpty && toProbe.allSatisfy { $0.time > ready.time })
        #expect(try Base.rows(filtered).count == 100)
        #expect(Base.applied(filtered).checked == 1_000)
    }

    @Test("a hand-built join filter at a node that is no join, or for a stage its join does not probe, is refused")
    func invariants() throws {
        let plan = try Self.plan()
        let filter = try #require(plan.runtimeFilters.first)
        guard case .joinBuild(let node) = filter.source else { return }
        // The node below the join is its build side's filter.
        let notAJoin = RuntimeFilterPlan(
            id: 1, joinStage: filter.joinStage, joinNode: node + 1, probeStage: filter.probeStage)
        let otherProbe = RuntimeFilterPlan(
            id: 1, joinStage: filter.joinStage, joinNode: node, probeStage: filter.probeStage - 1)
        for bad in [notAJoin, otherProbe] {
            #expect(throws: PhysicalPlanError.self, "\(bad.source) for Stage \(bad.probeStage)") {
                try StagePlan(stages: plan.stages, workers: plan.workers, runtimeFilters: [bad]).checkInvariants()
            }
        }
        try plan.checkInvariants()
    }

    @Test("pipelined: the probe stage launches before the filter is built, drops about 90 % of its rows, same rows")
    func pipelined() throws {
        let filtered = try Self.run()
        let unfiltered = try Self.run(filters: false)
        #expect(filtered.failure == nil && unfiltered.failure == nil)
        #expect(try Base.rows(filtered).count == 10_000)
        #expect(try Base.rows(filtered) == Base.rows(unfiltered))
        #expect(filtered.bytesShuffled * 2 < unfiltered.bytesShuffled)
        let filter = try #require(try Self.plan().runtimeFilters.first)
        let ready = try #require(Self.events(filtered, "filter.ready").first)
        #expect(ready.detail.contains("from=stage-\(filter.joinStage) ") && ready.detail.contains("keys=100 "))
        let probeLaunch = try #require(
            filtered.trace.events.first { $0.kind == "task.launch" && $0.stage == filter.probeStage })
        #expect(probeLaunch.time < ready.time)
        let applied = Base.applied(filtered)
        #expect(applied.checked == 100_000)
        #expect(applied.kept >= 10_000 && applied.kept < 13_000, "kept \(applied.kept)")
    }

    @Test("staged: the probe stage finishes before the join runs, so the filter is dropped at the start; same rows")
    func staged() throws {
        let report = try Self.run(options: RunOptions(mode: .staged))
        #expect(try Base.rows(report) == Base.rows(Self.run(filters: false, options: RunOptions(mode: .staged))))
        let dropped = Self.events(report, "filter.dropped")
        #expect(dropped.count == 1 && dropped[0].detail.contains("staged mode"), "\(dropped.map(\.detail))")
        #expect(Self.events(report, "filter.ready").isEmpty)
        #expect(Base.applied(report).checked == 0)
    }

    @Test("a filter dropped past the key limit, or timed out, reaches the waiting probe attempts as none; same rows")
    func settlesUnbuilt() throws {
        let expected = try Base.rows(Self.run(filters: false))
        let limited = try Self.run(options: RunOptions(runtimeFilterKeyLimit: 50))
        #expect(try Base.rows(limited) == expected)
        #expect(Self.events(limited, "filter.dropped").count == 1)
        var recovery = RecoveryPolicy()
        recovery.heartbeatInterval = .microseconds(50)
        let short = try Self.run(options: RunOptions(recovery: recovery, runtimeFilterWait: .microseconds(1)))
        #expect(try Base.rows(short) == expected)
        #expect(Self.events(short, "filter.timeout").count == 1)
        let noWait = try Self.run(options: RunOptions(runtimeFilterWait: .zero))
        #expect(try Base.rows(noWait) == expected)
        for report in [limited, short, noWait] {
            // A run that ends with anything still live (an attempt waiting for a filter) fails with leftovers.
            #expect(report.failure == nil, "\(report.failure.map(\.description) ?? "")")
            #expect(Base.applied(report).checked == 0)
        }
    }

    @Test(
        "a crash of a join task's worker after it reported its keys, or of a waiting probe task's worker: same rows",
        arguments: [true, false])
    func crash(joinSide: Bool) throws {
        let plan = try Self.plan()
        let filter = try #require(plan.runtimeFilters.first)
        let trigger: FaultTrigger =
            joinSide
            ? .batchesSent(stage: filter.joinStage, task: 1, batches: 1)
            : .taskStart(stage: filter.probeStage, task: 1)
        let report = try Cluster(workers: 4, seed: 1).run(
            plan, options: RunOptions(faults: FaultPlan([Fault(.crash, trigger: trigger)])))
        #expect(report.failure == nil, "\(report.failure.map(\.description) ?? "")")
        #expect(try Base.rows(report) == Base.rows(Self.run(filters: false)))
        #expect(report.trace.events.contains { $0.kind.hasPrefix("fault.") })
        #expect(Self.events(report, "filter.ready").count == 1)
        #expect(Base.applied(report).checked >= 100_000)
    }
}
