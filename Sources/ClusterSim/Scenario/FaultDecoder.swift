/// Reads `[[faults]]` into a `FaultPlan`: a kind, an optional target, exactly one trigger, a count, and the
/// parameters the kind needs.
struct FaultDecoder {
    let source: SourceText
    let workerCount: Int

    static let triggerKeys = ["at_ms", "at_event", "on_task_start", "on_batches_sent", "probability"]
    static let parameterKeys = ["down_for_ms", "heal_after_ms", "delay_ms", "jitter_ms", "factor", "fraction"]
    static let keys = ["kind", "worker", "link", "count"] + triggerKeys + parameterKeys

    /// The parameters each kind takes; the first of each list is required.
    static func parameters(of kind: String) -> [String] {
        switch kind {
        case "crash-restart": return ["down_for_ms"]
        case "partition", "partition-one-way": return ["heal_after_ms"]
        case "delay": return ["delay_ms", "jitter_ms"]
        case "slow": return ["factor"]
        case "memory-pressure": return ["fraction"]
        default: return []
        }
    }

    func decode(_ root: SectionReader) throws -> FaultPlan {
        var faults: [Fault] = []
        for value in try root.tables("faults", example: "[{ kind = \"crash\", worker = 1, at_ms = 5 }]") {
            let reader = try SectionReader(value, name: "faults", keys: Self.keys, source: source)
            faults.append(try decodeFault(reader))
        }
        return FaultPlan(faults)
    }

    func decodeFault(_ reader: SectionReader) throws -> Fault {
        guard let name = try reader.name("kind", among: FaultKind.names, what: "fault kind") else {
            throw reader.missing("kind", example: "\"crash\"")
        }
        let kind = try decodeKind(name, reader)
        let target = try decodeTarget(kind, reader)
        let trigger = try decodeTrigger(reader)
        let count = try reader.integer("count", in: 1...1_000_000, example: 1) ?? 1
        return Fault(kind, target: target, trigger: trigger, count: count)
    }

    func decodeKind(_ name: String, _ reader: SectionReader) throws -> FaultKind {
        let allowed = Self.parameters(of: name)
        for key in Self.parameterKeys where !allowed.contains(key) {
            guard let value = reader.value(key) else { continue }
            let list = allowed.isEmpty ? "none" : allowed.joined(separator: ", ")
            throw reader.error(
                at: value.location, "'\(key)' does not apply to a '\(name)' fault",
                hint: "the parameters of \(name) are: \(list)")
        }
        if let required = allowed.first, !reader.has(required) {
            throw reader.error(
                at: reader.value("kind")?.location ?? reader.location,
                "a '\(name)' fault needs '\(required)'", hint: "add a line such as: \(required) = 10")
        }
        let milliseconds = 1e6
        switch name {
        case "crash": return .crash
        case "crash-restart":
            return .crashRestart(downFor: try reader.duration("down_for_ms", unitNanoseconds: milliseconds) ?? .zero)
        case "partition", "partition-one-way":
            let heal = try reader.duration("heal_after_ms", unitNanoseconds: milliseconds) ?? .zero
            return .partition(oneWay: name == "partition-one-way", healAfter: heal)
        case "drop": return .drop
        case "delay":
            return .delay(
                by: try reader.duration("delay_ms", unitNanoseconds: milliseconds) ?? .zero,
                jitter: try reader.duration("jitter_ms", unitNanoseconds: milliseconds) ?? .zero)
        case "reorder": return .reorder
        case "duplicate": return .duplicate
        case "slow": return .slow(factor: try reader.number("factor", in: 0.001...1000, example: "0.25") ?? 1)
        case "memory-pressure":
            let fraction = try reader.number("fraction", in: 0...1, example: "0.5") ?? 1
            if fraction == 0, let value = reader.value("fraction") {
                throw reader.error(
                    at: value.location, "'fraction' must be more than 0", hint: "write e.g. fraction = 0.25")
            }
            return .memoryPressure(fraction: fraction)
        default: return .corrupt
        }
    }

    func decodeTarget(_ kind: FaultKind, _ reader: SectionReader) throws -> FaultTarget {
        let workers = 1...max(1, workerCount)
        let worker = try reader.integer("worker", in: workers, example: 1)
        let link = try reader.integers("link", count: 2, in: workers, example: "[1, 2]")
        switch (worker, link) {
        case (nil, nil): return .any
        case (let worker?, nil): return .worker(worker)
        case (nil, let link?):
            guard link[0] != link[1] else {
                throw reader.error(
                    at: reader.value("link")?.location ?? reader.location,
                    "'link' joins two different workers, found [\(link[0]), \(link[1])]",
                    hint: "write link = [from, to], e.g. link = [1, 2]")
            }
            switch kind {
            case .crash, .crashRestart, .slow, .memoryPressure:
                throw reader.error(
                    at: reader.value("link")?.location ?? reader.location,
                    "a '\(kind.name)' fault acts on a worker, not a link", hint: "write worker = N instead of link")
            default: return .link(from: link[0], to: link[1])
            }
        case (.some, .some):
            throw reader.error(
                at: reader.value("link")?.location ?? reader.location,
                "a fault has either 'worker' or 'link', not both",
                hint: "remove one; without either, the fault may hit any worker")
        }
    }

    func decodeTrigger(_ reader: SectionReader) throws -> FaultTrigger {
        let present = Self.triggerKeys.filter(reader.has)
        guard let key = present.first else {
            throw reader.error(
                at: reader.value("kind")?.location ?? reader.location, "the fault has no trigger",
                hint: "add one of: " + Self.triggerKeys.joined(separator: ", ") + " (e.g. at_ms = 5)")
        }
        if present.count > 1 {
            throw reader.error(
                at: reader.value(present[1])?.location ?? reader.location,
                "a fault has exactly one trigger, found '\(present[0])' and '\(present[1])'",
                hint: "split it into two [[faults]] or remove one trigger")
        }
        let indices = 0...Int.max
        switch key {
        case "at_ms":
            let time = try reader.duration("at_ms", unitNanoseconds: 1e6) ?? .zero
            return .atTime(VirtualTime.zero.advanced(by: time))
        case "at_event":
            return .atEvent(try reader.integer("at_event", in: 1...Int.max, example: 100) ?? 1)
        case "on_task_start":
            let pair = try reader.integers("on_task_start", count: 2, in: indices, example: "[1, 0]") ?? [0, 0]
            return .taskStart(stage: pair[0], task: pair[1])
        case "on_batches_sent":
            let triple =
                try reader.integers("on_batches_sent", count: 3, in: indices, example: "[1, 0, 2]") ?? [0, 0, 1]
            return .batchesSent(stage: triple[0], task: triple[1], batches: triple[2])
        default:
            return .probability(try reader.number("probability", in: 0...1, example: "0.01") ?? 0)
        }
    }
}
