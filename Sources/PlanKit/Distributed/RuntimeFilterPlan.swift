import ArrowLite

/// A runtime filter of a distributed plan (Trino's dynamic filtering, DataFusion's dynamic join filters across an
/// exchange). A hash join in stage `joinStage` reads its build side from stage `buildStage` and its probe side from
/// stage `probeStage`, both through shuffles hashed on the join keys. While the build stage runs, its tasks collect
/// the partition hashes of the rows they send; once every build task finished, the coordinator merges them into a
/// `RuntimeFilter` and launches the probe stage's tasks with it (they wait for it, up to a bounded time). A probe
/// task drops the rows whose key hash the filter rules out before it partitions them, so they are never shuffled.
///
/// Planned only where it cannot change a result: joins that drop unmatched probe rows (inner, build outer, build
/// semi and anti, probe semi), on key lists both shuffles hash in the join's order and as equal types (so equal
/// keys give equal hashes); and only where it can pay: the build side passes through a filter somewhere below.
public struct RuntimeFilterPlan: Sendable, Hashable, CustomStringConvertible {
    /// The filter's number, from 1 in plan order (`rf1`).
    public let id: Int
    /// The stage of the join.
    public let joinStage: Int
    /// The stage whose output (the join's build side) the filter is built from.
    public let buildStage: Int
    /// The stage whose output (the join's probe side) the filter checks.
    public let probeStage: Int

    public init(id: Int, joinStage: Int, buildStage: Int, probeStage: Int) {
        self.id = id
        self.joinStage = joinStage
        self.buildStage = buildStage
        self.probeStage = probeStage
    }

    public var description: String { "rf\(id)" }

    /// The join types whose unmatched probe rows never reach the output.
    static let filterableJoins: Set<JoinType> = [.inner, .buildOuter, .buildSemi, .buildAnti, .probeSemi]

    /// The runtime filters of `stages` (ids from 1, producers first): one per eligible join, in stage order.
    static func plan(_ stages: [Stage]) -> [RuntimeFilterPlan] {
        var filters: [RuntimeFilterPlan] = []
        var selective: [Bool] = []
        for stage in stages {
            selective.append(
                stage.fragment.nodes.contains { if case .filter = $0.kind { true } else { false } }
                    || stage.inputs.contains { selective[$0.stage - 1] })
            for node in stage.fragment.nodes {
                guard let (build, probe) = shuffledSides(of: node, stages), selective[build.id - 1] else { continue }
                filters.append(
                    RuntimeFilterPlan(
                        id: filters.count + 1, joinStage: stage.id, buildStage: build.id, probeStage: probe.id))
            }
        }
        return filters
    }

    /// The producer stages of a join's build and probe sides when both are shuffles hashed on its keys.
    static func shuffledSides(of node: PhysicalPlan, _ stages: [Stage]) -> (build: Stage, probe: Stage)? {
        guard case .hashJoin(let type, let keys, _, _) = node.kind, filterableJoins.contains(type),
            let build = shuffleProducer(node.children[0], stages),
            let probe = shuffleProducer(node.children[1], stages),
            case .hashRepartition(let buildKeys, _) = build.fragment.kind,
            case .hashRepartition(let probeKeys, _) = probe.fragment.kind,
            buildKeys.count == keys.count, probeKeys.count == keys.count
        else { return nil }
        for (key, (buildKey, probeKey)) in zip(keys, zip(buildKeys, probeKeys)) {
            guard let column = key.build.columnIndex, buildKey.columnIndex == column,
                let probeColumn = key.probe.columnIndex, probeKey.columnIndex == probeColumn,
                buildKey.dataType == probeKey.dataType
            else { return nil }
        }
        return (build, probe)
    }

    /// The producer of a stage-input leaf read through a shuffle.
    private static func shuffleProducer(_ leaf: PhysicalPlan, _ stages: [Stage]) -> Stage? {
        guard case .scan(_, let source, _, _) = leaf.kind, let input = (source as? StageInputSource)?.input,
            input.kind == .shuffle, stages.indices.contains(input.stage - 1)
        else { return nil }
        return stages[input.stage - 1]
    }
}

extension StagePlan {
    /// The runtime filter stage `stage` checks, if any.
    public func runtimeFilter(checkedBy stage: Int) -> RuntimeFilterPlan? {
        runtimeFilters.first { $0.probeStage == stage }
    }

    /// The runtime filter stage `stage` builds, if any.
    public func runtimeFilter(builtBy stage: Int) -> RuntimeFilterPlan? {
        runtimeFilters.first { $0.buildStage == stage }
    }

    /// Checks the runtime filters: numbered from 1 in order, each between the shuffled sides of a join of its join
    /// stage that the planner would give one (a join that drops unmatched probe rows, on keys both shuffles hash
    /// alike), and no stage building or checking two.
    func checkRuntimeFilters() throws {
        var building = Set<Int>()
        var checking = Set<Int>()
        for (index, filter) in runtimeFilters.enumerated() {
            func fail(_ message: String) -> PhysicalPlanError {
                .invalidPlan(node: "runtime filter \(filter)", message: message)
            }
            guard filter.id == index + 1 else { throw fail("is at position \(index + 1)") }
            guard stages.indices.contains(filter.joinStage - 1) else { throw fail("joins in no stage") }
            let joins = stage(filter.joinStage).fragment.nodes.compactMap {
                RuntimeFilterPlan.shuffledSides(of: $0, stages)
            }
            guard joins.contains(where: { $0.build.id == filter.buildStage && $0.probe.id == filter.probeStage }) else {
                throw fail(
                    "Stage \(filter.joinStage) has no join that drops unmatched probe rows reading Stage "
                        + "\(filter.buildStage) and Stage \(filter.probeStage) through shuffles hashed on its keys")
            }
            guard building.insert(filter.buildStage).inserted, checking.insert(filter.probeStage).inserted else {
                throw fail("shares a stage with another runtime filter")
            }
        }
    }
}
