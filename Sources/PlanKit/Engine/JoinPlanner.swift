import ArrowLite

/// Plans one logical join as a hash join: which side builds, which equalities are keys (the rest is a residual
/// filter), and how rows meet — as they are when both sides are split by the same key ranges on the keys, else
/// both sides hash-partitioned on the keys (a side that already is keeps its partitions), or the build side
/// broadcast (coalesced to one partition and seen by every probe partition). A join without equalities joins on a
/// constant key.
struct JoinPlanner {
    let planner: PhysicalPlanner

    func join(
        _ type: LogicalJoinType, _ left: LogicalPlan, _ right: LogicalPlan, _ condition: PhysicalExpression?,
        _ mark: LogicalColumn?
    ) throws -> (PhysicalPlan, [LogicalColumn]) {
        let (leftPlan, leftColumns) = try planner.convert(left)
        let (rightPlan, rightColumns) = try planner.convert(right)
        let estimator = planner.estimator
        let leftRows = estimator.rows(left)
        let rightRows = estimator.rows(right)
        // Which side builds, and the physical join type that keeps the logical meaning.
        let buildIsLeft: Bool
        let physicalType: JoinType
        switch type {
        case .inner:
            buildIsLeft = leftRows < rightRows
            physicalType = .inner
        case .left:
            buildIsLeft = leftRows < rightRows
            physicalType = buildIsLeft ? .buildOuter : .probeOuter
        case .semi:
            buildIsLeft = leftRows * 4 < rightRows
            physicalType = buildIsLeft ? .buildSemi : .probeSemi
        case .anti:
            buildIsLeft = leftRows * 4 < rightRows
            physicalType = buildIsLeft ? .buildAnti : .probeAnti
        case .mark:
            buildIsLeft = false
            physicalType = .probeMark
        }
        let build = buildIsLeft ? (leftPlan, leftColumns, left) : (rightPlan, rightColumns, right)
        let probe = buildIsLeft ? (rightPlan, rightColumns, right) : (leftPlan, leftColumns, left)
        let (pairs, residual) = JoinKeys.split(
            condition, left: Set(build.2.output.map(\.id)), right: Set(probe.2.output.map(\.id)))
        var keys = try pairs.map { try JoinKey(build: $0.0.bound(to: build.1), probe: $0.1.bound(to: probe.1)) }
        let constantKey = keys.isEmpty
        if constantKey {
            let zero = try PhysicalExpression.literal(.int32(0))
            keys = [try JoinKey(build: zero, probe: zero)]
        }
        let outputColumns = columns(physicalType, build: build.1, probe: probe.1, mark: mark)
        let residualColumns = build.1 + probe.1
        let boundResidual = try PhysicalExpression.conjunction(residual).map { try $0.bound(to: residualColumns) }
        let (buildInput, probeInput) = try distribute(
            physicalType, keys, build: build.0, probe: probe.0, buildRows: buildIsLeft ? leftRows : rightRows,
            constantKey: constantKey)
        let physical = try PhysicalPlan.hashJoin(
            physicalType, keys: keys, residual: boundResidual, build: buildInput, probe: probeInput)
        return (physical, outputColumns)
    }

    /// The logical columns of the physical join's output, in its order.
    private func columns(
        _ type: JoinType, build: [LogicalColumn], probe: [LogicalColumn], mark: LogicalColumn?
    ) -> [LogicalColumn] {
        let buildSide = type == .probeOuter ? build.map(\.asNullable) : build
        let probeSide = type == .buildOuter ? probe.map(\.asNullable) : probe
        var result: [LogicalColumn] = []
        if type.emitsBuildColumns { result += buildSide }
        if type.emitsProbeColumns { result += probeSide }
        if type == .probeMark, let mark { result.append(mark) }
        return result
    }

    /// The join's inputs, partitioned so matching rows meet: as they are when both are split by the same key
    /// ranges on the keys (no exchange beats any), else broadcast a small build side (never for joins that
    /// report unmatched build rows, which each probe partition would report again), else partition both sides
    /// on the keys at their common type, keeping a side's partitions when it already is partitioned on them or on
    /// some of them (a co-partitioned join, as Spark and Trino plan one). A mark join always broadcasts: its null
    /// semantics need the whole build.
    private func distribute(
        _ type: JoinType, _ keys: [JoinKey], build: PhysicalPlan, probe: PhysicalPlan, buildRows: Double,
        constantKey: Bool
    ) throws -> (PhysicalPlan, PhysicalPlan) {
        if build.outputPartitionCount == 1 && probe.outputPartitionCount == 1 { return (build, probe) }
        let buildKeys = try keys.map { try PhysicalExpression.cast($0.build, to: $0.commonType) }
        let probeKeys = try keys.map { try PhysicalExpression.cast($0.probe, to: $0.commonType) }
        if !constantKey && type != .probeMark && coPartitioned(build, buildKeys, probe, probeKeys) {
            return (build, probe)
        }
        if !type.reportsBuildRows && (constantKey || type == .probeMark || buildRows <= planner.broadcastRowLimit) {
            return (planner.gathered(build), probe)
        }
        if constantKey { return (planner.gathered(build), planner.gathered(probe)) }
        // A side already hash-partitioned on some of its keys keeps its partitions; the other side follows on the
        // matching keys. Both hash the same values at the same types, so equal keys meet in one partition.
        if let picked = picked(probe, probeKeys) {
            return (try partitioned(build, on: picked.map { buildKeys[$0] }), probe)
        }
        if let picked = picked(build, buildKeys) {
            return (build, try partitioned(probe, on: picked.map { probeKeys[$0] }))
        }
        return (try partitioned(build, on: buildKeys), try partitioned(probe, on: probeKeys))
    }

    /// True when both sides are split by the same key ranges on matching keys (the same positions in `keys`) and
    /// in the same number of partitions, so equal keys already sit in partitions of the same index. (Two sides
    /// hashed alike are kept by `picked` and `partitioned`, after the broadcast choice, as before key ranges.)
    private func coPartitioned(
        _ build: PhysicalPlan, _ buildKeys: [PhysicalExpression], _ probe: PhysicalPlan,
        _ probeKeys: [PhysicalExpression]
    ) -> Bool {
        let (buildLayout, probeLayout) = (build.keyPartitioning, probe.keyPartitioning)
        guard case .keyRanges = probeLayout.scheme, build.outputPartitionCount == probe.outputPartitionCount,
            buildLayout.scheme == probeLayout.scheme
        else { return false }
        let buildColumns = buildKeys.map(\.columnIndex)
        return probeLayout.keyIndexLists(within: probeKeys.map(\.columnIndex)).contains { indices in
            let matching = indices.map { buildColumns[$0] }
            return !matching.contains(nil) && buildLayout.keyLists.contains(matching.compactMap { $0 })
        }
    }

    /// Which of `keys` `side` is already hash-partitioned on (positions in `keys`, in hash order), if any. A side
    /// split by key ranges is not: the other side could follow it only by the same ranges.
    private func picked(_ side: PhysicalPlan, _ keys: [PhysicalExpression]) -> [Int]? {
        guard side.outputPartitionCount == planner.partitionCount, side.keyPartitioning.scheme == .hash else {
            return nil
        }
        return side.keyPartitioning.keyIndices(within: keys.map(\.columnIndex))
    }

    /// `side` hash-partitioned on `keys`: itself when it already is, else under a hash repartition.
    private func partitioned(_ side: PhysicalPlan, on keys: [PhysicalExpression]) throws -> PhysicalPlan {
        let columns = keys.map(\.columnIndex)
        if side.outputPartitionCount == planner.partitionCount, !columns.contains(nil),
            side.keyPartitioning.scheme == .hash, side.keyPartitioning.keyLists.contains(columns.compactMap { $0 })
        {
            return side
        }
        return try .hashRepartition(keys: keys, partitionCount: planner.partitionCount, side)
    }
}
