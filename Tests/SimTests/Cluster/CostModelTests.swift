import ArrowLite
import ClusterSim
import PlanKit
import Testing

/// The per-operator cost model: kinds, proportionality, defaults and its printed form.
@Suite("cost model")
struct CostModelTests {
    /// A model with round constants, so expected times are hand-computed.
    static let model = CostModel(
        taskStartNanoseconds: 1_000, perByteNanoseconds: 2, defaultPerRowNanoseconds: 7,
        rowCosts: [
            OperatorRowCost(kind: "Scan", nanoseconds: 1), OperatorRowCost(kind: "Filter", nanoseconds: 10),
            OperatorRowCost(kind: "HashAggregate", nanoseconds: 50),
        ])

    @Test("operator names lose their parenthesised mode: HashAggregate(partial) is kind HashAggregate")
    func kindsStripModes() {
        #expect(CostModel.kind(ofOperatorName: "HashAggregate(partial)") == "HashAggregate")
        #expect(CostModel.kind(ofOperatorName: "HashJoin(inner)") == "HashJoin")
        #expect(CostModel.kind(ofOperatorName: "Scan(lineitem)") == "Scan")
        #expect(CostModel.kind(ofOperatorName: "TopK(10)") == "TopK")
        #expect(CostModel.kind(ofOperatorName: "HashRepartition(4)") == "HashRepartition")
        #expect(CostModel.kind(ofOperatorName: "Filter") == "Filter")
        #expect(Self.model.perRowNanoseconds(kind: "HashAggregate(final)") == 50)
    }

    @Test("time is Σ rows × constant + bytes × per-byte + task start: 1000 + 100·1 + 100·10 + 40·50 + 10·2 = 4120 ns")
    func handComputedTime() {
        let work = [
            OperatorWork(kind: "Scan", rows: 100), OperatorWork(kind: "Filter", rows: 100),
            OperatorWork(kind: "HashAggregate", rows: 40),
        ]
        let withStart = Self.model.computeTime(work: work, bytes: 10, speed: 1, includeTaskStart: true)
        let withoutStart = Self.model.computeTime(work: work, bytes: 10, speed: 1, includeTaskStart: false)
        #expect(withStart.nanoseconds == 4_120)
        #expect(withoutStart.nanoseconds == 3_120)
    }

    @Test("a worker at half speed takes twice as long, a quarter speed four times; speeds below 0.01 count as 0.01")
    func slowerSpeedProportionallyMoreTime() {
        let work = [OperatorWork(kind: "Filter", rows: 1_000)]
        let nominal = Self.model.computeTime(work: work, bytes: 0, speed: 1, includeTaskStart: true)
        let half = Self.model.computeTime(work: work, bytes: 0, speed: 0.5, includeTaskStart: true)
        let quarter = Self.model.computeTime(work: work, bytes: 0, speed: 0.25, includeTaskStart: true)
        let stalled = Self.model.computeTime(work: work, bytes: 0, speed: 0, includeTaskStart: true)
        #expect(nominal.nanoseconds == 11_000)
        #expect(half.nanoseconds == 22_000)
        #expect(quarter.nanoseconds == 44_000)
        #expect(stalled.nanoseconds == 1_100_000)
    }

    @Test("more rows take more time, by exactly the kind's constant per extra row")
    func moreRowsMoreTime() {
        let small = Self.model.computeTime(
            work: [OperatorWork(kind: "HashAggregate", rows: 10)], bytes: 0, speed: 1, includeTaskStart: false)
        let large = Self.model.computeTime(
            work: [OperatorWork(kind: "HashAggregate", rows: 11)], bytes: 0, speed: 1, includeTaskStart: false)
        #expect(large.nanoseconds - small.nanoseconds == 50)
        #expect(small.nanoseconds == 500)
    }

    @Test("a kind without its own constant costs defaultPerRowNanoseconds per row (7 ns × 100 rows)")
    func unknownKindUsesDefault() {
        let time = Self.model.computeTime(
            work: [OperatorWork(kind: "Window(rows)", rows: 100)], bytes: 0, speed: 1, includeTaskStart: false)
        #expect(time.nanoseconds == 700)
        #expect(Self.model.perRowNanoseconds(kind: "Sort") == 7)
    }

    @Test("the description lists task start, per byte, default, then every kind in PlanKit order, the same each time")
    func descriptionIsStableAndComplete() {
        let text = CostModel().description
        #expect(text == CostModel().description)
        #expect(text.hasPrefix("task_start_ns=20000 per_byte_ns=3.1 default=7.7ns/row Scan=0.1ns/row Filter=13ns/row"))
        var position = text.startIndex
        for kind in CostModel.operatorKinds {
            let range = text.range(of: " \(kind)=", range: position..<text.endIndex)
            #expect(range != nil, "\(kind) is missing or out of order in: \(text)")
            position = range?.upperBound ?? position
        }
        #expect(
            Self.model.description
                == "task_start_ns=1000 per_byte_ns=2 default=7ns/row Scan=1ns/row Filter=10ns/row HashAggregate=50ns/row"
        )
    }

    @Test("setting a constant for a new kind keeps print order: known kinds first, then others by name")
    func extraKindsPrintAfterKnownOnes() {
        var model = Self.model
        model.setPerRowNanoseconds(3, kind: "Zeta")
        model.setPerRowNanoseconds(4, kind: "Alpha")
        model.setPerRowNanoseconds(5, kind: "Sort")
        model.setPerRowNanoseconds(60, kind: "HashAggregate(final)")
        #expect(model.rowCosts.map(\.kind) == ["Scan", "Filter", "HashAggregate", "Sort", "Alpha", "Zeta"])
        #expect(model.perRowNanoseconds(kind: "HashAggregate") == 60)
    }

    @Test("work(fragment:metrics:) gives each node the rows its children emitted, and a scan the rows it emitted")
    func workFromMetricsCountsConsumedRows() throws {
        let schema = Schema([Field("a", .int64)])
        let values = Int64Array(.int64, (0..<10).map { Int64($0) })
        let table = try MemoryTable(schema: schema, batches: [try RecordBatch(schema: schema, columns: [values])])
        let scan = try PhysicalPlan.scan("t", table, partitionCount: 2)
        let a = try PhysicalExpression.column("a", in: schema)
        let filter = try PhysicalPlan.filter(try .compare(a, .less, .literal(.int64(4))), scan)
        let plan = PhysicalPlan.coalesce(filter)
        let result = try LocalExecutor().run(plan)
        let work = CostModel.work(fragment: plan, metrics: result.metrics)
        // Pre-order: Coalesce consumes the filter's 4 rows, Filter the scan's 10, Scan its own 10.
        #expect(
            work == [
                OperatorWork(kind: "Coalesce", rows: 4), OperatorWork(kind: "Filter", rows: 10),
                OperatorWork(kind: "Scan", rows: 10),
            ])
    }

    @Test("the old whole-fragment form charges every node the same rows: 3 nodes × 10 rows over the default model")
    func fragmentFormStillWorks() throws {
        let schema = Schema([Field("a", .int64)])
        let table = try MemoryTable(schema: schema, batches: [])
        let scan = try PhysicalPlan.scan("t", table, partitionCount: 1)
        let plan = PhysicalPlan.coalesce(try PhysicalPlan.filter(try .literal(.boolean(true)), scan))
        let time = Self.model.computeTime(fragment: plan, rows: 10, bytes: 5, speed: 1)
        // 1000 + Coalesce 10·7 (default) + Filter 10·10 + Scan 10·1 + 5·2 = 1190.
        #expect(time.nanoseconds == 1_190)
    }
}
