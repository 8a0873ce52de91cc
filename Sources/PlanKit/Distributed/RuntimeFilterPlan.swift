import ArrowLite

/// A runtime filter of a distributed plan (Trino's dynamic filtering, DataFusion's dynamic join filters across an
/// exchange). A hash join in stage `joinStage` reads its probe side from stage `probeStage` through a shuffle hashed
/// on the join keys; the filter holds the partition hashes of the join's build keys, and a probe task drops the rows
/// whose key hash the filter rules out before it partitions them, so they are never shuffled. Its keys come from
/// one of two places (`Source`):
///
/// - `.buildShuffle`: the build side is read from stage `buildStage` through a shuffle hashed on the same keys.
///   While the build stage runs, its tasks collect the partition hashes of the rows they send; once every build
///   task finished, the coordinator merges them and launches the probe stage's tasks with the filter (they wait for
///   it, up to a bounded time).
/// - `.joinBuild`: the build side is computed in the join stage itself (an aggregate and a `HAVING` over a shuffle,
///   as in TPC-H Q18), so `buildStage == joinStage`. Each join task hashes its build side's keys once it is built
///   and reports them while it runs; the probe stage's tasks launch at once (the join tasks read their output) and
///   wait for the filter. In staged mode the probe stage finishes before the join stage starts, so such a filter is
///   dropped at the start.
///
/// Planned only where it cannot change a result: joins that drop unmatched probe rows (inner, build outer, build
/// semi and anti, probe semi), on key lists both sides hash in the join's order and as equal types (so equal keys
/// give equal hashes), over a build side without a limit or top-k (an attempt that re-runs it could keep other
/// rows than the one that reported the keys); and only where it can pay: the build side passes through a filter
/// somewhere below. A join-built filter also needs a build side that reads no broadcast.
public struct RuntimeFilterPlan: Sendable, Hashable, CustomStringConvertible {
    /// The filter's number, from 1 in plan order (`rf1`).
    public let id: Int
    /// The stage of the join.
    public let joinStage: Int
    /// The stage whose tasks report the filter's keys: the build side's producer, or the join stage itself.
    public let buildStage: Int
    /// The stage whose output (the join's probe side) the filter checks.
    public let probeStage: Int
    /// Where the keys come from.
    public let source: Source

    /// Where a runtime filter's keys come from.
    public enum Source: Sendable, Hashable {
        /// The output of `buildStage`, the join's build side read through a shuffle.
        case buildShuffle
        /// The build side of the join at position `node` of the join stage's fragment (in `PhysicalPlan.nodes`
        /// order), once each join task built it.
        case joinBuild(node: Int)
    }

    public init(id: Int, joinStage: Int, buildStage: Int, probeStage: Int) {
        self.init(id: id, joinStage: joinStage, buildStage: buildStage, probeStage: probeStage, source: .buildShuffle)
    }

    /// A filter built from the build side of the join at position `joinNode` of stage `joinStage`'s fragment.
    public init(id: Int, joinStage: Int, joinNode: Int, probeStage: Int) {
        self.init(
            id: id, joinStage: joinStage, buildStage: joinStage, probeStage: probeStage,
            source: .joinBuild(node: joinNode))
    }

    private init(id: Int, joinStage: Int, buildStage: Int, probeStage: Int, source: Source) {
        self.id = id
        self.joinStage = joinStage
        self.buildStage = buildStage
        self.probeStage = probeStage
        self.source = source
    }

    /// True for a filter the join stage builds from its join's build side (`.joinBuild`).
    public var isJoinBuilt: Bool { if case .joinBuild = source { true } else { false } }

    public var description: String { "rf\(id)" }

    /// The join types whose unmatched probe rows never reach the output.
    static let filterableJoins: Set<JoinType> = [.inner, .buildOuter, .buildSemi, .buildAnti, .probeSemi]

    /// The runtime filters of `stages` (ids from 1, producers first): one per eligible join, in stage order; a
    /// stage checks at most one and builds at most one of each source (every stage is read once, so a stage's
    /// output is the shuffled build side of one join at most).
    static func plan(_ stages: [Stage]) -> [RuntimeFilterPlan] {
        var filters: [RuntimeFilterPlan] = []
        var selective: [Bool] = []
        var checked = Set<Int>()
        for stage in stages {
            selective.append(isSelective(stage.fragment, selective))
            var joinBuilt = false
            for (index, node) in stage.fragment.nodes.enumerated() {
                let id = filters.count + 1
                if let (build, probe) = shuffledSides(of: node, stages), selective[build.id - 1],
                    checked.insert(probe.id).inserted
                {
                    filters.append(
                        RuntimeFilterPlan(id: id, joinStage: stage.id, buildStage: build.id, probeStage: probe.id))
                } else if !joinBuilt, let probe = joinBuiltProbe(of: node, stages),
                    isSelective(node.children[0], selective), checked.insert(probe.id).inserted
                {
                    joinBuilt = true
                    filters.append(
                        RuntimeFilterPlan(id: id, joinStage: stage.id, joinNode: index, probeStage: probe.id))
                }
            }
        }
        return filters
    }

    /// True when `plan` passes through a filter, or reads a stage that does (`selective`, by stage id - 1).
    private static func isSelective(_ plan: PhysicalPlan, _ selective: [Bool]) -> Bool {
        plan.nodes.contains { node in
            switch node.kind {
            case .filter: return true
            case .scan(_, let source, _, _):
                guard let input = (source as? StageInputSource)?.input else { return false }
                return selective.indices.contains(input.stage - 1) && selective[input.stage - 1]
            default: return false
            }
        }
    }

    /// The producer stages of a join's build and probe sides when both are shuffles hashed on its keys, and the
    /// build stage's rows do not depend on the order its inputs arrive in.
    static func shuffledSides(of node: PhysicalPlan, _ stages: [Stage]) -> (build: Stage, probe: Stage)? {
        guard let (keys, probe) = filterableProbe(of: node, stages),
            let build = shuffleProducer(node.children[0], stages),
            case .hashRepartition(let buildKeys, _) = build.fragment.kind, buildKeys.count == keys.count,
            givesStableRows(build.fragment, stages)
        else { return nil }
        for (key, buildKey) in zip(keys, buildKeys) {
            guard let column = key.build.columnIndex, buildKey.columnIndex == column else { return nil }
        }
        return (build, probe)
    }

    /// The probe side's producer stage of a join whose filter its own stage can build (`.joinBuild`): its build
    /// side gives the same rows however its inputs arrive and reads no broadcast (whose rows every task would
    /// report). Every stage is read once, so the build side cannot read the probe stage (and wait for itself).
    static func joinBuiltProbe(of node: PhysicalPlan, _ stages: [Stage]) -> Stage? {
        guard let (_, probe) = filterableProbe(of: node, stages), givesStableRows(node.children[0], stages),
            !node.children[0].stageInputLeaves.contains(where: { $0.input.kind == .broadcast })
        else { return nil }
        return probe
    }

    /// A join that drops unmatched probe rows, whose probe side is a shuffle hashed on its probe keys in its order,
    /// each build key of its probe key's type (so equal keys hash alike on both sides): its keys and probe stage.
    private static func filterableProbe(of node: PhysicalPlan, _ stages: [Stage]) -> (keys: [JoinKey], probe: Stage)? {
        guard case .hashJoin(let type, let keys, _, _) = node.kind, filterableJoins.contains(type),
            let probe = shuffleProducer(node.children[1], stages),
            case .hashRepartition(let probeKeys, _) = probe.fragment.kind, probeKeys.count == keys.count
        else { return nil }
        for (key, probeKey) in zip(keys, probeKeys) {
            guard let column = key.probe.columnIndex, probeKey.columnIndex == column,
                key.build.dataType == probeKey.dataType
            else { return nil }
        }
        return (keys, probe)
    }

    /// True when `plan` and the stages it reads have no limit or top-k: their rows are the same set in every
    /// attempt, whatever order the inputs arrive in, so keys reported by one attempt hold every key of another.
    /// (A `HAVING` over a floating-point sum could still differ in its last bits between attempts; not handled.)
    private static func givesStableRows(_ plan: PhysicalPlan, _ stages: [Stage]) -> Bool {
        plan.nodes.allSatisfy { node in
            switch node.kind {
            case .limit, .topK: return false
            case .scan(_, let source, _, _):
                guard let input = (source as? StageInputSource)?.input, stages.indices.contains(input.stage - 1)
                else { return true }
                return givesStableRows(stages[input.stage - 1].fragment, stages)
            default: return true
            }
        }
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

    /// The runtime filter stage `stage`'s output builds (`.buildShuffle`), if any.
    public func runtimeFilter(builtBy stage: Int) -> RuntimeFilterPlan? {
        runtimeFilters.first { $0.buildStage == stage && !$0.isJoinBuilt }
    }

    /// The runtime filter stage `stage` builds from one of its joins' build side (`.joinBuild`), if any.
    public func runtimeFilter(builtAtJoinIn stage: Int) -> RuntimeFilterPlan? {
        runtimeFilters.first { $0.joinStage == stage && $0.isJoinBuilt }
    }

    /// Checks the runtime filters: numbered from 1 in order, each at a join of its join stage that the planner
    /// would give one (a join that drops unmatched probe rows, on keys both sides hash alike, over a build side
    /// without a limit or top-k; between shuffled sides, or built at the join from a build side that reads no
    /// broadcast), and no stage checking two or building two of one source.
    func checkRuntimeFilters() throws {
        var building = Set<Int>()
        var buildingAtJoin = Set<Int>()
        var checking = Set<Int>()
        for (index, filter) in runtimeFilters.enumerated() {
            func fail(_ message: String) -> PhysicalPlanError {
                .invalidPlan(node: "runtime filter \(filter)", message: message)
            }
            guard filter.id == index + 1 else { throw fail("is at position \(index + 1)") }
            guard stages.indices.contains(filter.joinStage - 1) else { throw fail("joins in no stage") }
            let join = stage(filter.joinStage)
            switch filter.source {
            case .buildShuffle:
                let joins = join.fragment.nodes.compactMap { RuntimeFilterPlan.shuffledSides(of: $0, stages) }
                guard joins.contains(where: { $0.build.id == filter.buildStage && $0.probe.id == filter.probeStage })
                else {
                    throw fail(
                        "Stage \(filter.joinStage) has no join that drops unmatched probe rows reading Stage "
                            + "\(filter.buildStage) and Stage \(filter.probeStage) through shuffles hashed on its keys")
                }
            case .joinBuild(let node):
                let nodes = join.fragment.nodes
                guard nodes.indices.contains(node),
                    RuntimeFilterPlan.joinBuiltProbe(of: nodes[node], stages)?.id == filter.probeStage
                else {
                    throw fail(
                        "node \(node) of Stage \(filter.joinStage) is no join that drops unmatched probe rows reading "
                            + "Stage \(filter.probeStage) through a shuffle hashed on its keys, with a build side of "
                            + "stable rows and no broadcast")
                }
            }
            let builders =
                filter.isJoinBuilt ? buildingAtJoin.insert(filter.buildStage) : building.insert(filter.buildStage)
            guard builders.inserted, checking.insert(filter.probeStage).inserted else {
                throw fail("shares a stage with another runtime filter")
            }
        }
    }
}
