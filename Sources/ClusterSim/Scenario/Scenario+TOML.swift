import ArrowLite
import PlanKit

extension Scenario {
    /// The scenario as a scenario file. `Scenario.parse(toml())` gives back an equal scenario (worker memory is
    /// written in whole MiB); sections and keys left at their defaults are left out.
    public func toml() -> String {
        var writer = TOMLWriter()
        writer.set("name", string: name)
        if !description.isEmpty { writer.set("description", string: description) }
        writer.set("seed", String(seed))
        if injectedBugs.count == 1 { writer.set("inject_bug", string: injectedBugs[0].rawValue) }
        if injectedBugs.count > 1 { writer.set("inject_bug", strings: injectedBugs.map(\.rawValue)) }
        writeCluster(&writer)
        writeData(&writer)
        writer.header("planner")
        writer.set("estimator", string: planner.estimator)
        writer.set("partitions", integer: planner.partitions)
        if let limit = planner.broadcastRowLimit { writer.set("broadcast_row_limit", integer: limit) }
        writer.set("mode", string: planner.mode.rawValue)
        if !planner.runtimeFilters { writer.set("runtime_filters", boolean: false) }
        if planner.runtimeFilterWait != PlannerSettings().runtimeFilterWait {
            writer.set("runtime_filter_wait_ms", duration: planner.runtimeFilterWait, unitNanoseconds: 1_000_000)
        }
        writer.header("query")
        switch query {
        case .sql(let text): writer.set("sql", string: text)
        case .tpch(let number): writer.set("tpch", integer: number)
        }
        for fault in faults.faults { Self.write(fault, &writer) }
        writeRecovery(&writer)
        writeOptions(&writer)
        return writer.text
    }

    private func writeCluster(_ writer: inout TOMLWriter) {
        // The most common worker is the cluster's default; the others are overrides.
        var counts: [WorkerSpec: Int] = [:]
        for worker in workers { counts[worker, default: 0] += 1 }
        let base = workers.max { counts[$0, default: 0] < counts[$1, default: 0] } ?? WorkerSpec()
        writer.header("cluster")
        writer.set("workers", integer: workers.count)
        Self.write(base, &writer)
        for (index, worker) in workers.enumerated() where worker != base {
            writer.arrayHeader("cluster.worker")
            writer.set("index", integer: index + 1)
            Self.write(worker, &writer)
        }
        if network != NetworkModel() {
            writer.header("cluster.network")
            writer.set("latency_us", duration: network.latency, unitNanoseconds: 1_000)
            writer.set("bandwidth_mbps", float: network.bytesPerSecond / 1e6)
        }
        writeCostModel(&writer)
    }

    /// `[cluster.cost_model]` with the constants that differ from `CostModel()`.
    private func writeCostModel(_ writer: inout TOMLWriter) {
        let defaults = CostModel()
        guard costModel != defaults else { return }
        writer.header("cluster.cost_model")
        if costModel.taskStartNanoseconds != defaults.taskStartNanoseconds {
            writer.set("task_start_ns", float: costModel.taskStartNanoseconds)
        }
        if costModel.perByteNanoseconds != defaults.perByteNanoseconds {
            writer.set("per_byte_ns", float: costModel.perByteNanoseconds)
        }
        if costModel.defaultPerRowNanoseconds != defaults.defaultPerRowNanoseconds {
            writer.set("default_per_row_ns", float: costModel.defaultPerRowNanoseconds)
        }
        let changed = costModel.rowCosts.filter { defaults.perRowNanoseconds(kind: $0.kind) != $0.nanoseconds }
        if !changed.isEmpty {
            let pairs = changed.map { "\($0.kind) = \(TOMLWriter.float($0.nanoseconds))" }
            writer.set("per_row_ns", "{ " + pairs.joined(separator: ", ") + " }")
        }
    }

    private static func write(_ worker: WorkerSpec, _ writer: inout TOMLWriter) {
        writer.set("cores", integer: worker.cores)
        writer.set("memory_mb", integer: worker.memoryBytes >> 20)
        writer.set("speed", float: worker.speed)
    }

    private func writeData(_ writer: inout TOMLWriter) {
        switch data {
        case .tpch(let scale, let keyRanges):
            writer.header("data")
            writer.set("tpch_scale", float: scale)
            if keyRanges { writer.set("key_ranges", boolean: true) }
        case .tables(let tables):
            for table in tables {
                writer.arrayHeader("data.table")
                writer.set("name", string: table.name)
                writer.set("path", string: table.path)
                writer.set("format", string: table.format.rawValue)
                if let schema = table.schema {
                    writer.set("schema", strings: schema.fields.map { "\($0.name):\(Self.typeName($0.dataType))" })
                }
                if table.format == .csv { writer.set("header", boolean: table.header) }
                if let column = table.sortedBy, !column.isEmpty {
                    writer.set("sorted_by", string: column)
                    // A domain without a sort key is ignored when the table loads, so it is not written either.
                    if let domain = table.keyDomain {
                        writer.set("key_domain", integers: [Int(domain.low), Int(domain.high)])
                    }
                }
            }
        }
    }

    /// The type as scenario schemas spell it (`decimal(15,2)`).
    static func typeName(_ type: DataType) -> String {
        if case .decimal128(let precision, let scale) = type { return "decimal(\(precision),\(scale))" }
        return type.description
    }

    private static func write(_ fault: Fault, _ writer: inout TOMLWriter) {
        writer.arrayHeader("faults")
        writer.set("kind", string: fault.kind.name)
        switch fault.target {
        case .worker(let worker): writer.set("worker", integer: worker)
        case .link(let from, let to): writer.set("link", integers: [from, to])
        case .any: break
        }
        switch fault.trigger {
        case .atTime(let time):
            writer.set("at_ms", TOMLWriter.duration(time.nanoseconds, unitNanoseconds: 1_000_000))
        case .atEvent(let count): writer.set("at_event", integer: count)
        case .taskStart(let stage, let task): writer.set("on_task_start", integers: [stage, task])
        case .batchesSent(let stage, let task, let batches):
            writer.set("on_batches_sent", integers: [stage, task, batches])
        case .probability(let probability): writer.set("probability", float: probability)
        }
        if fault.count != 1 { writer.set("count", integer: fault.count) }
        let milliseconds: Int64 = 1_000_000
        switch fault.kind {
        case .crashRestart(let downFor): writer.set("down_for_ms", duration: downFor, unitNanoseconds: milliseconds)
        case .partition(_, let heal): writer.set("heal_after_ms", duration: heal, unitNanoseconds: milliseconds)
        case .delay(let by, let jitter):
            writer.set("delay_ms", duration: by, unitNanoseconds: milliseconds)
            if jitter != .zero { writer.set("jitter_ms", duration: jitter, unitNanoseconds: milliseconds) }
        case .slow(let factor): writer.set("factor", float: factor)
        case .memoryPressure(let fraction): writer.set("fraction", float: fraction)
        default: break
        }
    }
}
