import ArrowLite
import ClusterSim
import Foundation
import PlanKit
import TPCH

/// `sim.calibrate`: fits `CostModel`'s constants to this machine and checks them on TPC-H Q1, Q3 and Q6.
///
/// Set-up (printed, not timed by the harness): at four data sizes (`--scale` × 0.25, 0.5, 0.75, 1) it plans the
/// TPC-H queries except Q1, Q3, Q6 (held out for validation) and Q15 (a script), plus a large sort, a limit, a union,
/// and a projection and a top-K over all of lineitem, with two partitions; it runs every subtree of each plan
/// through `LocalExecutor` (minimum of 5 wall times) and takes each node's own time as its subtree's time minus its
/// children's subtrees'. Each node gives one sample (rows consumed — what its children emitted, or for a scan what
/// it emitted — and nanoseconds); a least-squares line per operator kind gives ns/row (slope), a fixed cost
/// (intercept) and R². Arrow IPC `writeStream` + `readStream` of lineitem at the same sizes gives ns/byte; Q3's
/// plan over empty tables gives the task start. Then it prints the model as Swift source and compares, for Q1, Q3
/// and Q6 on one partition, the predicted single-task time with the measured one. `run` executes those three
/// queries (checksum: their row counts).
func calibrationBenchmarks(scale: Double) -> [any Benchmark] { [CalibrationBenchmark(scale: scale)] }

final class CalibrationBenchmark: Benchmark {
    let name = "sim.calibrate"
    let itemsPerRun = 1
    let scale: Double
    static let fractions = [0.25, 0.5, 0.75, 1.0]
    static let repetitions = 5
    static let validationQueries = [1, 3, 6]

    /// The TPC-H queries the constants are fitted on: all but the validation queries and Q15 (a view script).
    static let fittedQueries = (1...22).filter { !validationQueries.contains($0) && $0 != 15 }

    /// Plans for the kinds TPC-H runs on few rows or not at all: a large sort and top-K, a projection of every
    /// lineitem row, a limit and a union.
    static let extraProbes = [
        "SELECT o_orderkey, o_totalprice FROM orders ORDER BY o_totalprice DESC, o_orderkey",
        "SELECT l_orderkey, l_extendedprice FROM lineitem ORDER BY l_extendedprice DESC, l_orderkey LIMIT 10",
        "SELECT l_extendedprice * (1 - l_discount) AS price, l_orderkey + 1 AS k FROM lineitem",
        "SELECT l_orderkey, l_quantity FROM lineitem LIMIT 10",
        "SELECT l_orderkey AS k FROM lineitem UNION ALL SELECT o_orderkey AS k FROM orders",
    ]

    static var probes: [String] { fittedQueries.map(TPCHQueries.query) + extraProbes }

    private var validationEngine: QueryEngine?

    init(scale: Double) { self.scale = scale }

    func setUp() throws {
        var samples = [[CalibrationSample]](repeating: [], count: CostModel.operatorKinds.count)
        var bytesSamples: [CalibrationSample] = []
        var largest: Catalog?
        for fraction in Self.fractions {
            let catalog = try Catalog.tpch(scale: scale * fraction)
            largest = catalog
            let engine = QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 2))
            for sql in Self.probes {
                for (kind, sample) in try nodeSamples(engine.physicalPlan(sql)) {
                    guard let index = CostModel.operatorKinds.firstIndex(of: kind) else { continue }
                    samples[index].append(sample)
                }
            }
            bytesSamples.append(try ipcSample(catalog))
        }
        guard let catalog = largest else { return }
        let fits = samples.map(LinearFit.init)
        let byteFit = LinearFit(bytesSamples)
        let taskStart = try taskStartNanoseconds(catalog)
        let model = fittedModel(fits, byteFit, taskStart)
        report(fits, byteFit, taskStart, model)
        validationEngine = QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 1))
        try validate(catalog, [("fitted", model), ("built-in defaults", CostModel())])
    }

    func run() throws -> UInt64 {
        guard let engine = validationEngine else { return 0 }
        var checksum: UInt64 = 0
        for number in Self.validationQueries {
            checksum = checksum &* 31 &+ UInt64(try engine.run(TPCHQueries.query(number)).rowCount)
        }
        return checksum
    }

    func tearDown() { validationEngine = nil }

    // MARK: - Measuring

    /// The smallest wall time of `repetitions` runs of `plan`, in nanoseconds, and the metrics of the last run.
    private func time(_ plan: PhysicalPlan) throws -> (nanoseconds: Double, metrics: [OperatorMetrics]) {
        var best = Double.infinity
        var metrics: [OperatorMetrics] = []
        let clock = ContinuousClock()
        for _ in 0..<Self.repetitions {
            var result: ExecutionResult?
            let elapsed = try clock.measure { result = try LocalExecutor().run(plan) }
            best = min(best, nanoseconds(elapsed))
            metrics = result?.metrics ?? []
        }
        return (best, metrics)
    }

    /// One sample per node of `plan`: its kind, the rows it consumed and its own time (its subtree's time minus its
    /// children's subtrees'; never below zero).
    private func nodeSamples(_ plan: PhysicalPlan) throws -> [(String, CalibrationSample)] {
        var subtreeTimes: [ObjectIdentifier: Double] = [:]
        var result: [(String, CalibrationSample)] = []
        for node in plan.nodes {
            let (own, metrics) = try time(node)
            subtreeTimes[ObjectIdentifier(node)] = own
            let rows = CostModel.work(fragment: node, metrics: metrics).first?.rows ?? 0
            result.append(
                (CostModel.kind(ofOperatorName: node.name), CalibrationSample(amount: Double(rows), nanoseconds: own)))
        }
        for index in result.indices {
            let node = plan.nodes[index]
            let children = node.children.reduce(0) { $0 + (subtreeTimes[ObjectIdentifier($1)] ?? 0) }
            result[index].1.nanoseconds = max(0, result[index].1.nanoseconds - children)
        }
        return result
    }

    /// Encoding and decoding the whole lineitem table as one Arrow IPC stream: its bytes and the smallest time.
    private func ipcSample(_ catalog: Catalog) throws -> CalibrationSample {
        let table = try catalog.resolve("lineitem")
        let batches = try table.batches(part: 0, of: 1)
        var best = Double.infinity
        var byteCount = 0
        let clock = ContinuousClock()
        for _ in 0..<Self.repetitions {
            let elapsed = try clock.measure {
                let bytes = try ArrowIPC.writeStream(schema: table.schema, batches: batches)
                byteCount = bytes.count
                _ = try ArrowIPC.readStream(bytes)
            }
            best = min(best, nanoseconds(elapsed))
        }
        return CalibrationSample(amount: Double(byteCount), nanoseconds: best)
    }

    /// The wall time of Q3's single-partition plan over empty tables: the fixed cost of wiring and running a
    /// fragment of a dozen operators.
    private func taskStartNanoseconds(_ catalog: Catalog) throws -> Double {
        var empty = Catalog()
        for name in catalog.tableNames {
            empty.register(name, try MemoryTable(schema: try catalog.resolve(name).schema, batches: []))
        }
        let engine = QueryEngine(catalog: empty, options: QueryOptions(partitionCount: 1))
        return try time(engine.physicalPlan(TPCHQueries.query(3))).nanoseconds
    }

    private func nanoseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) * 1e-9
    }

    // MARK: - Reporting

    /// The model with the fitted slopes (at least 0.1 ns/row); the default per-row cost is the median slope.
    private func fittedModel(_ fits: [LinearFit], _ byteFit: LinearFit, _ taskStart: Double) -> CostModel {
        let slopes = fits.map { max(0.1, $0.slope) }
        let median = slopes.sorted()[slopes.count / 2]
        let costs = zip(CostModel.operatorKinds, slopes).map { OperatorRowCost(kind: $0, nanoseconds: $1) }
        return CostModel(
            taskStartNanoseconds: taskStart, perByteNanoseconds: max(0, byteFit.slope),
            defaultPerRowNanoseconds: median, rowCosts: costs)
    }

    private func report(_ fits: [LinearFit], _ byteFit: LinearFit, _ taskStart: Double, _ model: CostModel) {
        emit("sim.calibrate at scale \(scale) (sizes × \(Self.fractions), minimum of \(Self.repetitions) runs)")
        emit("kind               ns/row   fixed µs      R²  samples")
        for (kind, fit) in zip(CostModel.operatorKinds, fits) {
            emit(
                padded(kind)
                    + String(
                        format: " %8.2f %10.1f %7.3f %8d", fit.slope, fit.intercept / 1000, fit.rSquared,
                        fit.sampleCount))
        }
        emit(
            padded("bytes")
                + String(
                    format: " %8.3f %10.1f %7.3f %8d  (ns/byte, IPC encode + decode)", byteFit.slope,
                    byteFit.intercept / 1000, byteFit.rSquared, byteFit.sampleCount))
        emit(String(format: "task start: %.0f ns (Q3's plan over empty tables)", taskStart))
        emit("fitted: \(model)")
        emit("// Swift source for CostModel's defaults:")
        emit(
            "taskStartNanoseconds: \(text(roundedConstant(taskStart))), perByteNanoseconds: "
                + "\(text(roundedConstant(model.perByteNanoseconds))), defaultPerRowNanoseconds: "
                + "\(text(roundedConstant(model.defaultPerRowNanoseconds)))")
        for cost in model.rowCosts {
            emit("OperatorRowCost(kind: \"\(cost.kind)\", nanoseconds: \(text(roundedConstant(cost.nanoseconds)))),")
        }
    }

    /// For each validation query on one partition: measured wall time against the model's prediction with rows
    /// consumed per operator (as `CostModel.work(fragment:metrics:)` gives them, task start included, no bytes),
    /// and, for comparison, with rows emitted per operator.
    private func validate(_ catalog: Catalog, _ models: [(String, CostModel)]) throws {
        let engine = QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 1))
        for (label, model) in models {
            emit("validation (\(label)): query  measured ms  predicted ms  ratio  | emitted-rows ms  ratio")
            for number in Self.validationQueries {
                let plan = try engine.physicalPlan(TPCHQueries.query(number))
                let (measured, metrics) = try time(plan)
                let consumed = CostModel.work(fragment: plan, metrics: metrics)
                let emitted = emittedWork(plan, metrics)
                let predicted = model.computeTime(work: consumed, bytes: 0, speed: 1, includeTaskStart: true)
                let alternative = model.computeTime(work: emitted, bytes: 0, speed: 1, includeTaskStart: true)
                let p = Double(predicted.nanoseconds)
                let a = Double(alternative.nanoseconds)
                emit(
                    String(
                        format: "  Q%02d %12.2f %13.2f %6.2f  | %15.2f %6.2f", number, measured / 1e6, p / 1e6,
                        p / measured, a / 1e6, a / measured))
            }
        }
    }

    /// Per node, the rows it emitted (summed over partitions).
    private func emittedWork(_ plan: PhysicalPlan, _ metrics: [OperatorMetrics]) -> [OperatorWork] {
        var work = plan.nodes.map { OperatorWork(kind: CostModel.kind(ofOperatorName: $0.name), rows: 0) }
        for metric in metrics where work.indices.contains(metric.nodeIndex) {
            work[metric.nodeIndex].rows += metric.outputRowCount
        }
        return work
    }

    private func padded(_ text: String) -> String {
        text.count < 16 ? text + String(repeating: " ", count: 16 - text.count) : text
    }

    private func text(_ value: Double) -> String { String(format: "%g", value) }

    /// Prints a report line to standard output, or to standard error when the harness prints JSON.
    private func emit(_ line: String) {
        if CommandLine.arguments.contains("--json") { standardError(line) } else { print(line) }
    }
}
