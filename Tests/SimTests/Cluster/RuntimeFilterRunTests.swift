import ArrowLite
import ClusterSim
import PlanKit
import Testing

/// Runtime filters on a simulated cluster: the probe side's producers drop rows without a build key before the
/// shuffle, and every run (filtered, unfiltered, timed out, with a crash) gives the same rows.
@Suite("runtime filters on the cluster")
struct RuntimeFilterRunTests {
    /// A fact table of 100,000 rows over keys 0 ..< 1,000 and a dimension of keys 0 ..< `dimensionKeys`, every
    /// `flagEvery`-th flagged: by default, joining the flagged dimension rows keeps 10,000 fact rows.
    static func engine(dimensionKeys: Int = 1_000, flagEvery: Int = 10) throws -> QueryEngine {
        let factSchema = Schema([Field("k", .int64, nullable: false), Field("v", .int64, nullable: false)])
        let facts = try stride(from: 0, to: 100_000, by: 5_000).map { start in
            try RecordBatch(
                schema: factSchema,
                columns: [
                    Int64Array(.int64, (start..<start + 5_000).map { Int64($0 % 1_000) }),
                    Int64Array(.int64, (start..<start + 5_000).map { Int64($0) }),
                ])
        }
        let dimSchema = Schema([Field("d", .int64, nullable: false), Field("flag", .int64, nullable: false)])
        let dims = try RecordBatch(
            schema: dimSchema,
            columns: [
                Int64Array(.int64, (0..<dimensionKeys).map { Int64($0) }),
                Int64Array(.int64, (0..<dimensionKeys).map { Int64($0 % flagEvery == 0 ? 1 : 0) }),
            ])
        var catalog = Catalog()
        catalog.register("fact", try MemoryTable(schema: factSchema, batches: facts))
        catalog.register("dim", try MemoryTable(schema: dimSchema, batches: [dims]))
        return QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 2))
    }

    static let innerJoin = "SELECT k, v FROM fact JOIN dim ON k = d WHERE flag = 1"

    static func plan(
        _ sql: String = innerJoin, filters: Bool = true, workers: Int = 4, engine: QueryEngine? = nil
    ) throws -> StagePlan {
        try (engine ?? Self.engine()).distributedPlan(
            sql, workers: Cluster(workers: workers, seed: 1).workerAddresses,
            options: DistributedPlannerOptions(estimator: FixedTaskEstimator(count: 3), runtimeFilters: filters),
            broadcastRowLimit: nil)
    }

    static func run(
        filters: Bool = true, options: RunOptions = RunOptions(), seed: UInt64 = 1
    ) throws -> SimulationReport {
        try Cluster(workers: 4, seed: seed).run(plan(filters: filters), options: options)
    }

    /// The result's rows as sorted text.
    static func rows(_ report: SimulationReport) throws -> [String] { try SimulationFixture.rows(report.result) }

    /// The sums of `rows_kept` and `rows_checked` over the trace's `filter.applied` events.
    static func applied(_ report: SimulationReport) -> (kept: Int, checked: Int) {
        var totals = (kept: 0, checked: 0)
        for event in report.trace.events where event.kind == "filter.applied" {
            for field in event.detail.split(separator: " ") {
                if field.hasPrefix("rows_kept=") { totals.kept += Int(field.dropFirst(10)) ?? 0 }
                if field.hasPrefix("rows_checked=") { totals.checked += Int(field.dropFirst(13)) ?? 0 }
            }
        }
        return totals
    }

    @Test("the planner puts a filter between the flagged dimension's stage and the fact table's stage")
    func planned() throws {
        let plan = try Self.plan()
        let filter = try #require(plan.runtimeFilters.first)
        #expect(plan.runtimeFilters.count == 1)
        #expect(plan.stage(filter.buildStage).fragment.description.contains("table=dim"))
        #expect(plan.stage(filter.probeStage).fragment.description.contains("table=fact"))
        #expect(
            plan.stage(filter.joinStage).inputs.map(\.stage).sorted()
                == [filter.buildStage, filter.probeStage].sorted())
        let line = "◆ RuntimeFilter rf1: drops rows without a key of Stage \(filter.buildStage)"
        #expect(plan.explain().contains(line))
        #expect(try Self.plan(filters: false).runtimeFilters.isEmpty)
    }

    @Test(
        "no filter where unmatched probe rows are kept (a left join of the fact table) or the build side is unfiltered")
    func notPlanned() throws {
        let left = "SELECT k, v, flag FROM fact LEFT JOIN (SELECT * FROM dim WHERE flag = 1) f ON k = d"
        #expect(try Self.plan(left).runtimeFilters.isEmpty)
        #expect(try Self.plan("SELECT k, v FROM fact JOIN dim ON k = d").runtimeFilters.isEmpty)
    }

    /// Queries over every kind of join the fact table can take part in, each with whether it may get a filter.
    static let joinShapes: [(sql: String, filtered: Bool?)] = [
        (innerJoin, true),
        ("SELECT k, v FROM fact WHERE EXISTS (SELECT 1 FROM dim WHERE flag = 1 AND d = k)", nil),
        ("SELECT k, v FROM fact WHERE NOT EXISTS (SELECT 1 FROM dim WHERE flag = 1 AND d = k)", false),
        ("SELECT k, v, k IN (SELECT d FROM dim WHERE flag = 1) FROM fact", false),
        ("SELECT k, v, flag FROM fact LEFT JOIN (SELECT * FROM dim WHERE flag = 1) f ON k = d", false),
        ("SELECT d, v FROM (SELECT * FROM dim WHERE flag = 1) f LEFT JOIN fact ON k = d", nil),
        ("SELECT d FROM dim WHERE flag = 1 AND NOT EXISTS (SELECT 1 FROM fact WHERE k = d AND v > 99000)", nil),
    ]

    @Test(
        "every kind of join gives the same rows with filters as without; none filters rows it must keep",
        arguments: joinShapes.indices)
    func joinKinds(index: Int) throws {
        let (sql, filtered) = Self.joinShapes[index]
        let plan = try Self.plan(sql)
        if let filtered { #expect(plan.runtimeFilters.isEmpty == !filtered, "\(sql)\n\(plan.explain())") }
        let cluster = Cluster(workers: 4, seed: 1)
        let with = try cluster.run(plan)
        let without = try cluster.run(Self.plan(sql, filters: false))
        #expect(with.failure == nil && without.failure == nil)
        #expect(try Self.rows(with) == Self.rows(without), "\(sql)")
    }

    @Test("a hand-built plan whose filter is not between a join's shuffled sides breaks the plan's invariants")
    func invariants() throws {
        let plan = try Self.plan()
        let filter = try #require(plan.runtimeFilters.first)
        let swapped = RuntimeFilterPlan(
            id: 1, joinStage: filter.joinStage, buildStage: filter.probeStage, probeStage: filter.buildStage)
        #expect(throws: PhysicalPlanError.self) {
            try StagePlan(stages: plan.stages, workers: plan.workers, runtimeFilters: [swapped]).checkInvariants()
        }
        let outer = try Self.plan("SELECT k, v, flag FROM fact LEFT JOIN (SELECT * FROM dim WHERE flag = 1) f ON k = d")
        let join = try #require(outer.stages.first { $0.inputs.count == 2 })
        let forced = RuntimeFilterPlan(
            id: 1, joinStage: join.id, buildStage: join.inputs[0].stage, probeStage: join.inputs[1].stage)
        #expect(throws: PhysicalPlanError.self) {
            try StagePlan(stages: outer.stages, workers: outer.workers, runtimeFilters: [forced]).checkInvariants()
        }
        try plan.checkInvariants()
    }

    @Test("a wait longer than the run's deadline leaves nothing pending once the filter is built")
    func longWait() throws {
        let report = try Self.run(options: RunOptions(runtimeFilterWait: .seconds(4000)))
        #expect(report.failure == nil, "\(report.failure.map(\.description) ?? "")")
        #expect(Self.applied(report).checked == 100_000)
    }

    @Test(
        "a filtered run gives the unfiltered rows, shuffles fewer bytes, and drops about 90 % of fact rows",
        arguments: ExecutionMode.allCases)
    func filteredRun(mode: ExecutionMode) throws {
        let filtered = try Self.run(options: RunOptions(mode: mode))
        let unfiltered = try Self.run(filters: false, options: RunOptions(mode: mode))
        #expect(filtered.failure == nil && unfiltered.failure == nil)
        let rows = try Self.rows(filtered)
        #expect(rows.count == 10_000)
        #expect(rows == (try Self.rows(unfiltered)))
        #expect(filtered.bytesShuffled * 3 < unfiltered.bytesShuffled)
        let ready = filtered.trace.events.filter { $0.kind == "filter.ready" }
        #expect(ready.count == 1 && ready[0].detail.contains("keys=100 "), "\(ready.map(\.detail))")
        let applied = Self.applied(filtered)
        #expect(applied.checked == 100_000)
        #expect(applied.kept >= 10_000 && applied.kept < 13_000, "kept \(applied.kept)")
        #expect(filtered.json().contains("\"runtime_filters\": [\"") && filtered.json().contains("filter.ready"))
        #expect(filtered.chromeTrace().contains("\"name\": \"filter.applied\""))
    }

    @Test(
        "without a wait the fact stage runs unfiltered from the start; with a short one it times out; same rows",
        arguments: ExecutionMode.allCases)
    func boundedWait(mode: ExecutionMode) throws {
        let expected = try Self.rows(Self.run(filters: false, options: RunOptions(mode: mode)))
        let noWait = try Self.run(options: RunOptions(mode: mode, runtimeFilterWait: .zero))
        #expect(try Self.rows(noWait) == expected)
        #expect(Self.applied(noWait).checked == 0)
        // The wait is checked on the liveness tick: a 50 µs tick ends a 1 µs wait long before the filter is built.
        var recovery = RecoveryPolicy()
        recovery.heartbeatInterval = .microseconds(50)
        let short = try Self.run(
            options: RunOptions(mode: mode, recovery: recovery, runtimeFilterWait: .microseconds(1)))
        #expect(try Self.rows(short) == expected)
        #expect(short.trace.events.contains { $0.kind == "filter.timeout" })
        #expect(Self.applied(short).checked == 0)
    }

    @Test("a crash of a fact task's worker: its retry launches with the filter, and the rows are the same")
    func crashDuringProbe() throws {
        let plan = try Self.plan()
        let probe = try #require(plan.runtimeFilters.first).probeStage
        let expected = try Self.rows(Self.run(filters: false))
        for mode in ExecutionMode.allCases {
            let fault = Fault(.crash, trigger: .batchesSent(stage: probe, task: 1, batches: 1))
            let report = try Cluster(workers: 4, seed: 1).run(
                plan, options: RunOptions(mode: mode, faults: FaultPlan([fault])))
            #expect(report.failure == nil, "\(mode): \(report.failure.map(\.description) ?? "")")
            #expect(try Self.rows(report) == expected, "\(mode)")
            #expect(report.recoveryEvents.contains { $0.kind == "recovery.retry" && $0.stage == probe }, "\(mode)")
            #expect(Self.applied(report).checked >= 100_000, "\(mode)")
        }
    }

    @Test(
        "a build side past the key limit drops its filter; the probe stage runs unfiltered with the same rows",
        arguments: [50, 150])
    func keyLimit(limit: Int) throws {
        // 100 flagged keys over 3 build tasks: a limit of 50 can be passed by the reports together or by one task.
        let report = try Self.run(options: RunOptions(runtimeFilterKeyLimit: limit))
        #expect(try Self.rows(report) == Self.rows(Self.run(filters: false)))
        let dropped = report.trace.events.contains { $0.kind == "filter.dropped" }
        #expect(dropped == (limit < 100))
        #expect(Self.applied(report).checked == (limit < 100 ? 0 : 100_000))
    }

    @Test("filters slow to send follow every launch of their pass, which reach their workers before subscriptions")
    func filterFollowsLaunch() throws {
        // 20,000 flagged keys make a 64 KiB filter: 3.3 ms on a 20 MB/s link, where a subscription takes 0.4 ms.
        // Carried in a launch, or sent before a later launch on the same link, it held that launch back: the
        // consumers' subscriptions found no output, and the attempts re-ran.
        let engine = try Self.engine(dimensionKeys: 20_000, flagEvery: 1)
        var cluster = Cluster(workers: 4, seed: 1)
        cluster.network = NetworkModel(bytesPerSecond: 2e7)
        // Grouped after the join, so a stage past the join's reads it from workers whose filters were queued in
        // the same launch pass: sent between the launches, a filter held the join's launch behind it.
        let sql = "SELECT v / 1000, count(*) FROM fact JOIN dim ON k = d WHERE flag = 1 GROUP BY v / 1000"
        let filtered = try cluster.run(Self.plan(sql, engine: engine))
        let unfiltered = try cluster.run(Self.plan(sql, filters: false, engine: engine))
        #expect(filtered.failure == nil, "\(filtered.failure.map(\.description) ?? "")")
        #expect(try Self.rows(filtered) == Self.rows(unfiltered))
        #expect(Self.applied(filtered).checked == 100_000)
        // Resends happen on so narrow a link; no attempt is lost or re-run.
        let reruns = filtered.recoveryEvents.filter { $0.kind == "recovery.lineage" || $0.kind == "recovery.retry" }
        #expect(reruns.isEmpty, "\(reruns.map(\.detail))")
    }

    @Test(
        "with a filter from a build stage or one built at the join: one trace hash per seed, on 1 or 2 threads",
        arguments: [innerJoin, JoinBuiltFilterRunTests.semiJoin])
    func deterministic(sql: String) throws {
        let plan = try Self.plan(sql)
        func run(_ options: RunOptions = RunOptions(), seed: UInt64 = 1) throws -> SimulationReport {
            try Cluster(workers: 4, seed: seed).run(plan, options: options)
        }
        let first = try run()
        #expect(!first.runtimeFilterEvents.isEmpty)
        #expect(try run().traceHash == first.traceHash)
        #expect(try run(RunOptions(parallel: true)).traceHash == first.traceHash)
        let other = try run(seed: 7)
        #expect(other.traceHash != first.traceHash)
        #expect(try Self.rows(other) == (try Self.rows(first)))
    }
}
