import ArrowLite

/// Rough row and byte counts of physical plan nodes, for task estimation: table statistics at the scans, fixed
/// ratios above them. Only task counts depend on them, never results.
struct PhysicalEstimates {
    /// Rows of each stage's output, by stage index, for the stage-input leaves that read them.
    var stageOutputRows: [Int: Double] = [:]

    func rows(_ plan: PhysicalPlan) -> Double {
        switch plan.kind {
        case .scan(_, let source, _, _):
            if let input = source as? StagePlaceholder { return stageOutputRows[input.pendingIndex] ?? 1000 }
            return Double(source.statistics?.rowCount ?? 1000)
        case .filter: return rows(plan.children[0]) * 0.5
        case .hashAggregate(let mode, let groups, _, _):
            if groups.isEmpty { return mode == .partial ? Double(plan.children[0].outputPartitionCount) : 1 }
            return max(1, rows(plan.children[0]) * (mode == .final ? 1 : 0.3))
        case .hashJoin(let type, _, _, _):
            let build = rows(plan.children[0])
            let probe = rows(plan.children[1])
            switch type {
            case .inner, .buildOuter, .probeOuter, .fullOuter: return max(build, probe)
            case .buildSemi, .buildAnti: return build * 0.5
            case .probeSemi, .probeAnti: return probe * 0.5
            case .probeMark: return probe
            }
        case .topK(_, let limit): return min(rows(plan.children[0]), Double(limit) * Double(plan.outputPartitionCount))
        case .limit(_, let fetch): return min(rows(plan.children[0]), Double(fetch ?? Int.max))
        case .union: return plan.children.reduce(0) { $0 + rows($1) }
        case .projection, .sort, .hashRepartition, .coalesce: return rows(plan.children[0])
        }
    }

    func bytes(_ plan: PhysicalPlan) -> Double { rows(plan) * PhysicalEstimates.rowWidth(plan.schema) }

    /// Bytes a pipeline breaker of the fragment holds: join build sides, aggregate groups, sort inputs.
    func stateBytes(_ plan: PhysicalPlan) -> Double {
        var held = 0.0
        switch plan.kind {
        case .hashJoin: held = bytes(plan.children[0])
        case .hashAggregate(let mode, _, _, _) where mode != .partial: held = bytes(plan)
        case .sort: held = bytes(plan.children[0])
        default: break
        }
        return held + plan.children.reduce(0) { $0 + stateBytes($1) }
    }

    /// The average bytes of one row: fixed widths, 24 bytes for a string.
    static func rowWidth(_ schema: Schema) -> Double {
        schema.fields.reduce(0) { total, field in
            switch field.dataType {
            case .boolean: return total + 1
            case .int32, .date32: return total + 4
            case .int64, .float64: return total + 8
            case .decimal128: return total + 16
            case .utf8: return total + 24
            }
        }
    }
}
