import ArrowLite

/// An equi-join by hashing: input 0 (build) is buffered until it finishes, then indexed in a `RowKeyTable` with
/// its rows grouped by key in contiguous arrays; input 1 (probe) streams through, each batch producing its output
/// at once. Build rows whose key has a null never match, nor do such probe rows.
///
/// The optional residual filter is evaluated over the candidate pairs as a batch of build columns followed by probe
/// columns, unprojected and all nullable (`JoinType.fullOuter`'s schema, whatever the join type); a pair matches
/// only when it is true.
///
/// The partitions of a broadcast join in one task may share one `SharedBuildSide`, as DataFusion's `CollectLeft`
/// joins share one hash table: the build side is then collected and indexed once instead of once per partition.
/// The tasks of a simulation that build from the same broadcast may share one through a `BuildSideCache`.
///
/// An optional projection picks the output columns (positions in `joinType.outputSchema`), as DataFusion's
/// `HashJoinExec` does: only those columns of the matched rows are copied.
public final class HashJoinOperator: PhysicalOperator {
    public let joinType: JoinType
    public let keys: [JoinKey]
    public let residual: PhysicalExpression?
    public let buildSchema: Schema
    public let probeSchema: Schema
    /// The output columns, as positions in the unprojected output (`joinType.outputSchema`); nil keeps them all.
    public let projection: [Int]?
    public let schema: Schema
    public var name: String { "HashJoin(\(joinType.rawValue))" }
    public let batchRowCount: Int

    private let output: any BatchSink
    /// The output before the projection (`joinType.outputSchema`).
    private let unprojectedSchema: Schema
    private let pairSchema: Schema
    private var inputs = InputTracker("HashJoin", inputCount: 2)
    private var buildBatches: [RecordBatch] = []
    /// The held bytes of `buildBatches`, kept as they arrive (summing on every push was quadratic in batches).
    private var buildBatchBytes = 0
    private var built: BuildSide?
    /// Whether each build row has matched a probe row so far: only joins that report build rows set them, and only
    /// an operator that indexed its side or borrowed it from the cache holds them (their bytes count either way).
    private var matched: [Bool] = []
    /// The build side shared with the other partitions of a broadcast join, and whether this operator indexes it.
    private let shared: (side: SharedBuildSide, isOwner: Bool)?
    /// Collects the partition hashes of the build side's keys for a runtime filter, once built.
    private let buildKeys: BuildKeyCollector?
    /// Where a side indexed from the same rows by another join may be found (and this one's is kept).
    private let buildSides: BuildSideCache?

    /// `shared` makes this operator one of the partitions sharing a build side; the first to join it indexes the
    /// build batches, the others ignore them and adopt its index when their build input finishes (after its own).
    /// `buildKeys` receives the partition hashes of the build keys (`Compute.partitionHashes`, uncast) once the
    /// build side is indexed: a join-built runtime filter (`RuntimeFilterPlan.Source.joinBuild`). `buildSides`
    /// lends this join a side another join indexed from the same rows and keys, or keeps this one's for others.
    /// - Throws: `PhysicalPlanError.invalidPlan` without keys, for a projection past the output columns, or for a
    ///   shared build side or a build side cache in a join that reports build rows;
    ///   `PhysicalPlanError.invalidExpression` for a non-boolean residual.
    public init(
        joinType: JoinType, keys: [JoinKey], residual: PhysicalExpression? = nil, buildSchema: Schema,
        probeSchema: Schema, projection: [Int]? = nil, sharing shared: SharedBuildSide? = nil,
        buildKeys: BuildKeyCollector? = nil, buildSides: BuildSideCache? = nil, output: any BatchSink,
        batchRowCount: Int = 8192
    ) throws {
        guard !keys.isEmpty else {
            throw PhysicalPlanError.invalidPlan(node: "HashJoin", message: "a hash join needs at least one key")
        }
        if (shared != nil || buildSides != nil) && joinType.reportsBuildRows {
            throw PhysicalPlanError.invalidPlan(
                node: "HashJoin",
                message: "a \(joinType.rawValue) join reports build rows; it cannot share its build side")
        }
        let unprojected = joinType.outputSchema(build: buildSchema, probe: probeSchema)
        let projectedSchema = try unprojected.projected(projection, node: "HashJoin")
        if let residual { try PhysicalExpression.requireBoolean(residual, "a join filter") }
        self.joinType = joinType
        self.keys = keys
        self.residual = residual
        self.buildSchema = buildSchema
        self.probeSchema = probeSchema
        self.output = output
        self.batchRowCount = batchRowCount
        self.projection = projection
        unprojectedSchema = unprojected
        schema = projectedSchema
        // Registers last, once nothing can throw: a refused operator never becomes the owner.
        self.shared = shared.map { ($0, $0.join()) }
        self.buildKeys = buildKeys
        self.buildSides = buildSides
        buildKeys?.addSide()
        pairSchema = JoinType.fullOuter.outputSchema(build: buildSchema, probe: probeSchema)
    }

    /// True once the build side finished, so probe batches may come.
    var isBuildFinished: Bool { built != nil }

    /// The bytes this operator holds. A side its task's partitions share counts once, for its owner; a side lent
    /// by a `BuildSideCache` counts in full for each join that uses it (each simulated worker holds its own).
    public var heldBytes: Int {
        buildBatchBytes + (shared?.isOwner == false ? 0 : (built?.heldBytes ?? 0) + matched.count)
    }

    public func push(_ batch: RecordBatch, input: Int) throws {
        try inputs.checkPush(input)
        if input == 0 {
            if batch.rowCount > 0 && shared?.isOwner != false {
                buildBatches.append(batch)
                buildBatchBytes += batch.heldBytes
            }
            return
        }
        guard let built else {
            throw PhysicalPlanError.protocolViolation(operator: name, message: "probe batch before the build finished")
        }
        if batch.rowCount > 0 { try probe(batch, built) }
    }

    public func finish(input: Int) throws {
        if input == 1 && built == nil {
            throw PhysicalPlanError.protocolViolation(operator: name, message: "probe finished before the build")
        }
        try inputs.finish(input)
        if input == 0, let shared, !shared.isOwner {
            guard let side = shared.side.built else {
                throw PhysicalPlanError.protocolViolation(
                    operator: name, message: "a shared build side finished before its owner indexed it")
            }
            built = side
            buildKeys?.sideBuilt([])
            return
        }
        if input == 0 {
            let batch =
                buildBatches.isEmpty
                ? try RecordBatch(
                    schema: buildSchema, columns: buildSchema.fields.map { Compute.nullArray($0.dataType, count: 0) })
                : try Compute.concat(buildBatches)
            buildBatches = []
            buildBatchBytes = 0
            let index = { try BuildSide(batch, keyColumns: self.keyColumns(batch, \.build)) }
            built = try buildSides?.side(for: batch, keys: keys, make: index) ?? index()
            shared?.side.built = built
            matched = [Bool](repeating: false, count: batch.rowCount)
            try buildKeys?.sideBuilt(Compute.partitionHashes(keys.map { try $0.build.evaluate(batch) }))
            return
        }
        if let built { try emitBuildRows(built) }
        try output.finish()
    }

    /// The key columns of `batch` on one side, cast to the keys' common types.
    private func keyColumns(
        _ batch: RecordBatch, _ side: KeyPath<JoinKey, PhysicalExpression>
    ) throws -> [any ArrowArray] {
        try keys.map { try Compute.cast($0[keyPath: side].evaluate(batch), to: $0.commonType) }
    }

    private func probe(_ batch: RecordBatch, _ built: BuildSide) throws {
        let columns = try keyColumns(batch, \.probe)
        let keyIds = built.table.lookup(KeyRows(columns), hashes: try Compute.hashRows(columns))
        var pairs = built.candidatePairs(keyIds, probeHasNull: nullRows(columns))
        if let residual, !pairs.build.isEmpty {
            let candidates = try joined(
                built.batch, pairs.build, batch, pairs.probe, projection: nil, schema: pairSchema)
            let kept = Compute.selectedIndices(try residual.evaluateBoolean(candidates).withNullsAsFalse())
            pairs = (kept.map { pairs.build[Int($0)] }, kept.map { pairs.probe[Int($0)] })
        }
        if joinType.reportsBuildRows { for row in pairs.build { matched[Int(row)] = true } }
        switch joinType {
        case .inner, .buildOuter:
            try emit(joined(built.batch, pairs.build, batch, pairs.probe, projection: projection, schema: schema))
        case .probeOuter, .fullOuter:
            let (buildRows, probeRows) = withUnmatchedProbeRows(pairs, rowCount: batch.rowCount)
            try emit(joined(built.batch, buildRows, batch, probeRows, projection: projection, schema: schema))
        case .probeSemi, .probeAnti:
            let hasMatch = matchFlags(pairs.probe, rowCount: batch.rowCount)
            let rows = (0..<Int32(batch.rowCount)).filter { hasMatch[Int($0)] == (joinType == .probeSemi) }
            try emit(Compute.take(projected(batch), indices: rows))
        case .probeMark:
            try emit(projected(marked(batch, pairs.probe, keyColumns: columns, built: built)))
        case .buildSemi, .buildAnti:
            break
        }
    }

    /// Rows with a null in any key column.
    private func nullRows(_ columns: [any ArrowArray]) -> [Bool] {
        var result = [Bool](repeating: false, count: columns.first?.count ?? 0)
        for column in columns where column.nullCount > 0 {
            for row in result.indices where column.isNull(row) { result[row] = true }
        }
        return result
    }

    private func matchFlags(_ probeRows: [Int32], rowCount: Int) -> [Bool] {
        var flags = [Bool](repeating: false, count: rowCount)
        for row in probeRows { flags[Int(row)] = true }
        return flags
    }

    /// The matched pairs with every unmatched probe row inserted in probe order (build index nil).
    private func withUnmatchedProbeRows(
        _ pairs: (build: [Int32], probe: [Int32]), rowCount: Int
    ) -> ([Int32?], [Int32?]) {
        var buildRows: [Int32?] = []
        var probeRows: [Int32?] = []
        var next = 0
        for row in 0..<Int32(rowCount) {
            if next < pairs.probe.count && pairs.probe[next] == row {
                while next < pairs.probe.count && pairs.probe[next] == row {
                    buildRows.append(pairs.build[next])
                    probeRows.append(row)
                    next += 1
                }
            } else {
                buildRows.append(nil)
                probeRows.append(row)
            }
        }
        return (buildRows, probeRows)
    }

    private func marked(
        _ batch: RecordBatch, _ matchedProbeRows: [Int32], keyColumns: [any ArrowArray], built: BuildSide
    ) throws -> RecordBatch {
        let hasMatch = matchFlags(matchedProbeRows, rowCount: batch.rowCount)
        let probeNull = nullRows(keyColumns)
        let buildRowCount = built.batch.rowCount
        var mark = BooleanBuilder(capacity: batch.rowCount)
        for row in 0..<batch.rowCount {
            if hasMatch[row] {
                mark.append(true)
            } else if buildRowCount > 0 && (probeNull[row] || built.hasNullKey) {
                mark.appendNull()
            } else {
                mark.append(false)
            }
        }
        return try RecordBatch(schema: unprojectedSchema, columns: batch.columns + [mark.finish()])
    }

    /// At the end of the probe side: unmatched build rows (outer, anti) or matched ones (semi).
    private func emitBuildRows(_ built: BuildSide) throws {
        let wanted: Bool
        switch joinType {
        case .buildOuter, .fullOuter, .buildAnti: wanted = false
        case .buildSemi: wanted = true
        default: return
        }
        let rows = (0..<Int32(built.batch.rowCount)).filter { matched[Int($0)] == wanted }
        if joinType == .buildSemi || joinType == .buildAnti {
            return try emit(Compute.take(projected(built.batch), indices: rows))
        }
        let probeRows = [Int32?](repeating: nil, count: rows.count)
        let noProbe = try RecordBatch(
            schema: probeSchema.allNullable,
            columns: probeSchema.fields.map { Compute.nullArray($0.dataType, count: 0) })
        try emit(joined(built.batch, rows.map { $0 }, noProbe, probeRows, projection: projection, schema: schema))
    }

    /// Build columns at `buildRows` followed by probe columns at `probeRows` (nil gives nulls; a side with no
    /// rows, such as an empty build side, gives all nulls); with a projection, only the columns it picks.
    private func joined(
        _ build: RecordBatch, _ buildRows: [Int32?], _ probe: RecordBatch, _ probeRows: [Int32?], projection: [Int]?,
        schema: Schema
    ) throws -> RecordBatch {
        let (buildIndices, probeIndices) = (Int32Array(.int32, buildRows), Int32Array(.int32, probeRows))
        let buildCount = build.schema.count
        let columns = try Self.positions(projection, buildCount + probe.schema.count).map { index in
            index < buildCount
                ? try HashJoinOperator.gather(build, index, buildIndices)
                : try HashJoinOperator.gather(probe, index - buildCount, probeIndices)
        }
        return try RecordBatch(schema: schema, columns: columns)
    }

    /// Column `column` of `batch` at `rows` (a null index gives null; a batch without rows gives all nulls).
    private static func gather(_ batch: RecordBatch, _ column: Int, _ rows: Int32Array) throws -> any ArrowArray {
        if batch.rowCount == 0 { return Compute.nullArray(batch.schema.fields[column].dataType, count: rows.count) }
        return try Compute.take(batch.columns[column], indices: rows)
    }

    /// Build columns at `buildRows` followed by probe columns at `probeRows`; with a projection, only the columns it
    /// picks (positions in build columns followed by probe columns), and only those are copied.
    private func joined(
        _ build: RecordBatch, _ buildRows: [Int32], _ probe: RecordBatch, _ probeRows: [Int32], projection: [Int]?,
        schema: Schema
    ) throws -> RecordBatch {
        let columns = try Self.positions(projection, build.columns.count + probe.columns.count).map { index in
            index < build.columns.count
                ? try Compute.take(build.columns[index], indices: buildRows)
                : try Compute.take(probe.columns[index - build.columns.count], indices: probeRows)
        }
        return try RecordBatch(schema: schema, columns: columns)
    }

    /// The positions of the output columns among `count` unprojected ones.
    private static func positions(_ projection: [Int]?, _ count: Int) -> [Int] { projection ?? Array(0..<count) }

    /// The projected columns of a batch laid out as the unprojected output (semi, anti and mark joins, whose output
    /// is one side's columns, plus the mark).
    private func projected(_ batch: RecordBatch) throws -> RecordBatch {
        guard let projection else { return batch }
        return try RecordBatch(schema: schema, columns: projection.map { batch.columns[$0] })
    }

    private func emit(_ batch: RecordBatch) throws {
        var start = 0
        while start < batch.rowCount {
            let length = min(batchRowCount, batch.rowCount - start)
            try output.push(batch.slice(start, length))
            start += length
        }
    }
}

/// One build side for the partitions of a broadcast join in one task (DataFusion's `CollectLeft`): the first operator
/// to join it owns it and indexes the build batches once; the others adopt that index. Every partition sees the
/// whole build side, so only joins that never report build rows may share one (inner and probe-side joins).
public final class SharedBuildSide {
    fileprivate var built: BuildSide?
    private var members = 0

    public init() {}

    /// Registers an operator; true for the first, the owner.
    fileprivate func join() -> Bool {
        members += 1
        return members == 1
    }
}
