import ArrowLite
import PlanKit

/// `[data]`, `[recovery]`, `[flow_control]`, `[swarm]` and `[expect]`.
extension ScenarioDecoder {
    // MARK: [data]

    static let dataTableKeys = ["name", "path", "format", "schema", "header", "sorted_by", "key_domain"]

    func decodeData(_ root: SectionReader) throws -> ScenarioData {
        guard let data = try section(root, "data", keys: ["tpch_scale", "key_ranges", "table"]) else {
            return .tpch(scale: 0.01)
        }
        let tables = try data.tables("table", example: "[{ name = \"t\", path = \"t.csv\", format = \"csv\" }]")
        if tables.isEmpty {
            let scale = try data.number("tpch_scale", in: 0.0001...1000, example: "0.01") ?? 0.01
            return .tpch(scale: scale, keyRanges: try data.boolean("key_ranges") ?? false)
        }
        for key in ["tpch_scale", "key_ranges"] {
            guard let value = data.value(key) else { continue }
            throw data.error(
                at: value.location, "[data] has both '\(key)' and [[data.table]]",
                hint: "use generated TPC-H tables or files, not both")
        }
        var names: [String: Int] = [:]
        var result: [DataTable] = []
        for value in tables {
            let table = try decodeDataTable(value)
            if let line = names[table.name.lowercased()] {
                throw source.error(
                    at: value.table?.entry("name")?.value.location ?? value.location,
                    "the table '\(table.name)' is already defined at line \(line)", hint: "give each table its own name"
                )
            }
            names[table.name.lowercased()] = value.table?.entry("name")?.value.location.line ?? 0
            result.append(table)
        }
        return .tables(result)
    }

    func decodeDataTable(_ value: TOMLValue) throws -> DataTable {
        let reader = try SectionReader(value, name: "data.table", keys: Self.dataTableKeys, source: source)
        guard let name = try reader.string("name", example: "\"orders\"") else {
            throw reader.missing("name", example: "\"orders\"")
        }
        guard let path = try reader.string("path", example: "\"data/orders.csv\"") else {
            throw reader.missing("path", example: "\"data/orders.csv\"")
        }
        let formats = DataFileFormat.allCases.map(\.rawValue)
        guard let formatName = try reader.name("format", among: formats, what: "format") else {
            throw reader.missing("format", example: "\"csv\"")
        }
        let format = DataFileFormat(rawValue: formatName) ?? .csv
        let schema = try decodeSchema(reader)
        if format == .csv && schema == nil { throw reader.missing("schema", example: "[\"id:int64\", \"name:utf8\"]") }
        if format == .ipc, let value = reader.value("schema") ?? reader.value("header") {
            throw reader.error(
                at: value.location, "Arrow IPC files carry their own schema and have no header",
                hint: "remove 'schema' and 'header' from this [[data.table]]")
        }
        var table = DataTable(
            name: name, path: path, format: format, schema: schema, header: try reader.boolean("header") ?? true)
        table.origin = source.error(
            at: reader.value("path")?.location ?? reader.location, "", hint: "")
        try decodeSortKey(reader, into: &table)
        return table
    }

    /// `sorted_by = "id"` and `key_domain = [1, 1000]`: the table is split by ranges of its sort key.
    private func decodeSortKey(_ reader: SectionReader, into table: inout DataTable) throws {
        table.sortedBy = try reader.string("sorted_by", example: "\"order_id\"")
        if let value = reader.value("sorted_by") {
            table.sortedByOrigin = source.error(at: value.location, "", hint: "")
            if table.sortedBy?.isEmpty == true {
                throw reader.error(
                    at: value.location, "'sorted_by' is empty",
                    hint: "name the int32 or int64 column the file is sorted on")
            }
        }
        guard let domain = try reader.range("key_domain", in: Int.min...Int.max, example: "[1, 1000]") else { return }
        guard table.sortedBy != nil else {
            throw reader.error(
                at: reader.value("key_domain")?.location ?? reader.location, "'key_domain' needs 'sorted_by'",
                hint: "name the column the file is sorted on, e.g. sorted_by = \"order_id\"")
        }
        table.keyDomain = try KeyRanges(low: Int64(domain.lowerBound), high: Int64(domain.upperBound))
    }

    /// `schema = ["id:int64", "price:decimal(15,2)"]`.
    func decodeSchema(_ reader: SectionReader) throws -> Schema? {
        let fields = try reader.array("schema", example: "[\"id:int64\", \"name:utf8\"]") { element, _ in
            guard let text = element.string else {
                throw reader.typeError("schema", element, expected: "a \"name:type\" string", example: "[\"id:int64\"]")
            }
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0].drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            guard parts.count == 2, !name.isEmpty, let type = try? DataType(parsing: String(parts[1])) else {
                throw reader.error(
                    at: element.location, "'\(text)' is not a column as name:type",
                    hint: "types are int32, int64, float64, boolean, utf8, date32, decimal(P,S); e.g. \"price:float64\""
                )
            }
            return Field(name, type)
        }
        guard let fields else { return nil }
        guard !fields.isEmpty else {
            throw reader.error(
                at: reader.value("schema")?.location ?? reader.location, "'schema' has no columns",
                hint: "list the columns, e.g. schema = [\"id:int64\", \"name:utf8\"]")
        }
        return Schema(fields)
    }

    // MARK: [recovery], [flow_control]

    static let recoveryKeys = [
        "max_attempts", "backoff_ms", "max_backoff_ms", "heartbeat_interval_ms", "heartbeat_timeout_ms",
        "speculation", "speculation_multiplier", "speculation_quantile", "retransmit_timeout_ms", "max_retransmits",
    ]

    func decodeRecovery(_ root: SectionReader) throws -> RecoveryPolicy {
        let defaults = RecoveryPolicy()
        guard let reader = try section(root, "recovery", keys: Self.recoveryKeys) else { return defaults }
        let backoff = try reader.duration("backoff_ms", unitNanoseconds: 1e6) ?? defaults.backoff
        let maxBackoff =
            try reader.duration("max_backoff_ms", unitNanoseconds: 1e6) ?? max(backoff, defaults.maxBackoff)
        try ordered(reader, "backoff_ms", backoff, "max_backoff_ms", maxBackoff)
        let interval = try reader.duration("heartbeat_interval_ms", unitNanoseconds: 1e6) ?? defaults.heartbeatInterval
        let timeout =
            try reader.duration("heartbeat_timeout_ms", unitNanoseconds: 1e6)
            ?? max(interval, defaults.heartbeatTimeout)
        try ordered(reader, "heartbeat_interval_ms", interval, "heartbeat_timeout_ms", timeout)
        for key in ["heartbeat_interval_ms", "retransmit_timeout_ms"] {
            if let value = reader.value(key), value.number == 0 {
                throw reader.error(at: value.location, "'\(key)' must be more than 0", hint: "write e.g. \(key) = 10")
            }
        }
        return RecoveryPolicy(
            maxAttempts: try reader.integer("max_attempts", in: 1...1000, example: 4) ?? defaults.maxAttempts,
            backoff: backoff, maxBackoff: maxBackoff, heartbeatInterval: interval, heartbeatTimeout: timeout,
            speculation: try reader.boolean("speculation") ?? defaults.speculation,
            speculationMultiplier: try reader.number("speculation_multiplier", in: 1...1000, example: "2")
                ?? defaults.speculationMultiplier,
            speculationQuantile: try reader.number("speculation_quantile", in: 0...1, example: "0.75")
                ?? defaults.speculationQuantile,
            retransmitTimeout: try reader.duration("retransmit_timeout_ms", unitNanoseconds: 1e6)
                ?? defaults.retransmitTimeout,
            maxRetransmits: try reader.integer("max_retransmits", in: 0...1000, example: 12) ?? defaults.maxRetransmits)
    }

    /// Throws when the later of two bounds (`max_backoff_ms`) is below the earlier one (`backoff_ms`).
    func ordered(
        _ reader: SectionReader, _ lowKey: String, _ low: VirtualDuration, _ highKey: String, _ high: VirtualDuration
    ) throws {
        guard high < low else { return }
        let location = reader.value(highKey)?.location ?? reader.value(lowKey)?.location ?? reader.location
        throw reader.error(
            at: location, "'\(highKey)' must be at least '\(lowKey)'", hint: "raise \(highKey) or lower \(lowKey)")
    }

    func decodeFlowControl(_ root: SectionReader) throws -> FlowControl {
        let defaults = FlowControl()
        guard let reader = try section(root, "flow_control", keys: ["link_window", "max_queued_bytes"]) else {
            return defaults
        }
        return FlowControl(
            linkWindow: try reader.integer("link_window", in: 1...1_000_000, example: 16) ?? defaults.linkWindow,
            maxQueuedBytes: try reader.integer("max_queued_bytes", in: 1...Int.max, example: 8_388_608)
                ?? defaults.maxQueuedBytes)
    }

    // MARK: [swarm], [expect]

    func decodeSwarm(_ root: SectionReader) throws -> SwarmOptions {
        let keys = ["kinds", "max_faults", "workers", "latency_us", "probability", "queries", "vary_runtime_filters"]
        var options = SwarmOptions()
        guard let reader = try section(root, "swarm", keys: keys) else { return options }
        if let kinds = try reader.array(
            "kinds", example: "[\"crash\", \"drop\"]",
            { element, _ in
                guard let kind = element.string else {
                    throw reader.typeError("kinds", element, expected: "a string", example: "[\"crash\"]")
                }
                guard FaultKind.names.contains(kind) else {
                    throw reader.error(
                        at: element.location, "unknown fault kind '\(kind)' in 'kinds'",
                        hint: ScenarioSuggestion.hint(for: kind, among: FaultKind.names, what: "the fault kinds are"))
                }
                return kind
            })
        {
            options.kinds = kinds
        }
        options.maxFaults = try reader.integer("max_faults", in: 0...1000, example: 3) ?? options.maxFaults
        options.workers = try reader.range("workers", in: 1...100_000, example: "[2, 8]")
        options.latencyMicroseconds = try reader.range("latency_us", in: 0...1_000_000_000, example: "[50, 500]")
        options.probability = try reader.number("probability", in: 0...1, example: "0.02") ?? options.probability
        options.queries =
            try reader.array("queries", example: "[1, 3, 6]") { element, _ in
                try reader.integer(of: element, key: "queries", in: 1...22, example: 1)
            } ?? []
        options.varyRuntimeFilters = try reader.boolean("vary_runtime_filters") ?? options.varyRuntimeFilters
        return options
    }

    func decodeExpectations(_ root: SectionReader) throws -> Expectations {
        let keys = ["result", "max_retries", "max_virtual_time_ms", "stages", "tasks", "failure", "trace_hash"]
        var expectations = Expectations()
        guard let reader = try section(root, "expect", keys: keys) else { return expectations }
        let checks = Expectations.ResultCheck.allCases.map(\.rawValue)
        if let result = try reader.name("result", among: checks, what: "result check") {
            expectations.result = Expectations.ResultCheck(rawValue: result) ?? .oracle
        }
        expectations.maxRetries = try reader.integer("max_retries", in: 0...Int.max, example: 2)
        expectations.maxVirtualTime = try reader.duration("max_virtual_time_ms", unitNanoseconds: 1e6)
        expectations.stages = try reader.integer("stages", in: 1...Int.max, example: 3)
        expectations.tasks = try reader.integer("tasks", in: 1...Int.max, example: 8)
        let classes = FailureClass.allCases.map(\.rawValue)
        if let failure = try reader.name("failure", among: classes, what: "failure class") {
            expectations.failure = FailureClass(rawValue: failure)
        }
        expectations.traceHash = try reader.string("trace_hash", example: "\"3f2a…\"")
        if let hash = expectations.traceHash, hash.isEmpty || !hash.allSatisfy(\.isHexDigit) {
            throw reader.error(
                at: reader.value("trace_hash")?.location ?? reader.location, "'trace_hash' must be hexadecimal digits",
                hint: "copy the hash a run prints, e.g. trace_hash = \"9c1e05…\"")
        }
        return expectations
    }
}
