import ArrowLite
import PlanKit
import TPCH

/// Turns a parsed TOML document into a `Scenario`, section by section.
struct ScenarioDecoder {
    let source: SourceText

    static let topLevelKeys = [
        "name", "description", "seed", "inject_bug", "cluster", "data", "planner", "query", "faults", "recovery",
        "flow_control", "swarm", "expect",
    ]

    func decode(_ document: TOMLTable) throws -> Scenario {
        let root = try SectionReader(
            TOMLValue(.table(document), at: .start), name: "", keys: Self.topLevelKeys, source: source)
        guard let name = try root.string("name", example: "\"quick-start\"") else {
            throw root.missing("name", example: "\"quick-start\"")
        }
        let seed = try root.integer("seed", in: 0...Int.max, example: 1) ?? 1
        guard let cluster = try section(root, "cluster", keys: Self.clusterKeys, required: true) else {
            throw root.missing("cluster", example: "{ workers = 3 }")
        }
        let workers = try decodeWorkers(cluster)
        var scenario = Scenario(
            name: name, description: try root.string("description") ?? "", seed: UInt64(seed), workers: workers,
            query: try decodeQuery(root))
        scenario.network = try decodeNetwork(cluster)
        scenario.costModel = try decodeCostModel(cluster)
        scenario.data = try decodeData(root)
        scenario.planner = try decodePlanner(root)
        scenario.faults = try FaultDecoder(source: source, workerCount: workers.count).decode(root)
        scenario.recovery = try decodeRecovery(root)
        scenario.flowControl = try decodeFlowControl(root)
        scenario.injectedBugs = try decodeInjectedBugs(root)
        scenario.swarm = try decodeSwarm(root)
        scenario.expectations = try decodeExpectations(root)
        return scenario
    }

    /// The reader of `parent`'s section `key`; nil when absent and not required.
    func section(_ parent: SectionReader, _ key: String, keys: [String], required: Bool = false) throws
        -> SectionReader?
    {
        let fullName = parent.name.isEmpty ? key : "\(parent.name).\(key)"
        guard let value = parent.value(key) else {
            guard !required else {
                throw parent.error(
                    at: parent.location, "missing required section [\(fullName)]",
                    hint: "add a [\(fullName)] section; see docs/scenarios.md")
            }
            return nil
        }
        return try SectionReader(value, name: fullName, keys: keys, source: source)
    }

    // MARK: [cluster]

    static let clusterKeys = ["workers", "cores", "memory_mb", "speed", "worker", "network", "cost_model"]
    static let workerKeys = ["index", "cores", "memory_mb", "speed"]

    func decodeWorkers(_ cluster: SectionReader) throws -> [WorkerSpec] {
        guard let count = try cluster.integer("workers", in: 1...100_000, example: 3) else {
            throw cluster.missing("workers", example: "3")
        }
        let base = try workerSpec(cluster, defaults: WorkerSpec())
        var workers = Array(repeating: base, count: count)
        var seen: [Int: Int] = [:]
        for value in try cluster.tables("worker", example: "[{ index = 1, speed = 0.5 }]") {
            let reader = try SectionReader(value, name: "cluster.worker", keys: Self.workerKeys, source: source)
            guard let index = try reader.integer("index", in: 1...count, example: 1) else {
                throw reader.missing("index", example: "1")
            }
            if let line = seen[index] {
                throw reader.error(
                    at: reader.value("index")?.location ?? reader.location,
                    "worker \(index) is already overridden at line \(line)", hint: "merge the two [[cluster.worker]]")
            }
            seen[index] = reader.value("index")?.location.line ?? 0
            workers[index - 1] = try workerSpec(reader, defaults: base)
        }
        return workers
    }

    func workerSpec(_ reader: SectionReader, defaults: WorkerSpec) throws -> WorkerSpec {
        let cores = try reader.integer("cores", in: 1...4096, example: 2) ?? defaults.cores
        let memory = try reader.integer("memory_mb", in: 1...(1 << 30), example: 4096) ?? (defaults.memoryBytes >> 20)
        let speed = try reader.number("speed", in: 0.001...1000, example: "0.5") ?? defaults.speed
        return WorkerSpec(cores: cores, memoryBytes: memory << 20, speed: speed)
    }

    func decodeNetwork(_ cluster: SectionReader) throws -> NetworkModel {
        guard let network = try section(cluster, "network", keys: ["latency_us", "bandwidth_mbps"]) else {
            return NetworkModel()
        }
        let defaults = NetworkModel()
        let latency = try network.duration("latency_us", unitNanoseconds: 1e3) ?? defaults.latency
        let bandwidth = try network.number("bandwidth_mbps", in: 0.001...1e9, example: "1250")
        // Whole bytes per second, so writing the value back in MB/s and reading it again gives the same number.
        let bytesPerSecond = bandwidth.map { ($0 * 1e6).rounded() } ?? defaults.bytesPerSecond
        return NetworkModel(latency: latency, bytesPerSecond: bytesPerSecond)
    }

    /// `[cluster.cost_model]`: the scalar constants, and `per_row_ns = { HashJoin = 32 }` for per-kind constants
    /// (kinds not named keep their calibrated values).
    func decodeCostModel(_ cluster: SectionReader) throws -> CostModel {
        let keys = ["task_start_ns", "per_byte_ns", "default_per_row_ns", "per_row_ns"]
        var model = CostModel()
        guard let cost = try section(cluster, "cost_model", keys: keys) else { return model }
        model.taskStartNanoseconds =
            try cost.number(keys[0], in: 0...1e15, example: "20000") ?? model.taskStartNanoseconds
        model.perByteNanoseconds = try cost.number(keys[1], in: 0...1e15, example: "3.1") ?? model.perByteNanoseconds
        model.defaultPerRowNanoseconds =
            try cost.number(keys[2], in: 0...1e15, example: "7.7") ?? model.defaultPerRowNanoseconds
        guard let rows = try section(cost, "per_row_ns", keys: CostModel.operatorKinds) else { return model }
        for entry in rows.table.entries {
            let nanoseconds = try rows.number(entry.key, in: 0...1e15, example: "32") ?? 0
            model.setPerRowNanoseconds(nanoseconds, kind: entry.key)
        }
        return model
    }

    // MARK: [planner], [query]

    func decodePlanner(_ root: SectionReader) throws -> PlannerSettings {
        let keys = [
            "estimator", "partitions", "broadcast_row_limit", "mode", "runtime_filters", "runtime_filter_wait_ms",
        ]
        guard let planner = try section(root, "planner", keys: keys) else { return PlannerSettings() }
        var settings = PlannerSettings()
        settings.estimator =
            try planner.name("estimator", among: TaskEstimators.names, what: "estimator")
            ?? settings.estimator
        settings.partitions = try planner.integer("partitions", in: 1...4096, example: 4) ?? settings.partitions
        settings.broadcastRowLimit = try planner.integer("broadcast_row_limit", in: 0...Int.max, example: 10_000)
        let modes = ExecutionMode.allCases.map(\.rawValue)
        if let mode = try planner.name("mode", among: modes, what: "mode") {
            settings.mode = ExecutionMode(rawValue: mode) ?? .pipelined
        }
        settings.runtimeFilters = try planner.boolean("runtime_filters") ?? settings.runtimeFilters
        settings.runtimeFilterWait =
            try planner.duration("runtime_filter_wait_ms", unitNanoseconds: 1e6) ?? settings.runtimeFilterWait
        return settings
    }

    func decodeQuery(_ root: SectionReader) throws -> ScenarioQuery {
        guard let query = try section(root, "query", keys: ["sql", "tpch"], required: true) else {
            throw root.missing("query", example: "{ tpch = 1 }")
        }
        let sql = try query.string("sql", example: "\"SELECT 1\"")
        let number = try query.integer("tpch", in: 1...22, example: 1)
        switch (sql, number) {
        case (let sql?, nil):
            guard sql.contains(where: { !$0.isWhitespace }) else {
                throw query.error(
                    at: query.value("sql")?.location ?? query.location, "'sql' is empty",
                    hint: "write the query, e.g. sql = \"SELECT count(*) FROM lineitem\"")
            }
            return .sql(sql)
        case (nil, let number?): return .tpch(number)
        case (nil, nil):
            throw query.error(
                at: query.location, "[query] needs 'sql' or 'tpch'",
                hint: "write sql = \"SELECT ...\" or tpch = 3")
        case (.some, .some):
            throw query.error(
                at: query.value("tpch")?.location ?? query.location, "[query] has both 'sql' and 'tpch'",
                hint: "keep exactly one of them")
        }
    }

    // MARK: top level

    func decodeInjectedBugs(_ root: SectionReader) throws -> [InjectedBug] {
        guard let value = root.value("inject_bug") else { return [] }
        let names = InjectedBug.allCases.map(\.rawValue)
        let example = "\"\(names[0])\""
        let elements = value.array ?? [value]
        var bugs: [InjectedBug] = []
        for element in elements {
            guard let text = element.string else {
                throw root.typeError("inject_bug", element, expected: "a string", example: example)
            }
            guard let bug = InjectedBug(rawValue: text) else {
                throw root.error(
                    at: element.location, "unknown bug '\(text)' for 'inject_bug'",
                    hint: ScenarioSuggestion.hint(for: text, among: names, what: "the bugs are"))
            }
            if !bugs.contains(bug) { bugs.append(bug) }
        }
        return bugs
    }
}
