import ArrowLite
import PlanKit
import Testing

/// Hash joins of every type against a nested-loop reference written here.
@Suite struct HashJoinTests {
    let buildSchema = Schema([Field("bk1", .int64), Field("bk2", .utf8), Field("bv", .int64)])
    let probeSchema = Schema([Field("pk1", .int32), Field("pk2", .utf8), Field("pv", .int64)])

    struct Row {
        var k1: Int64?
        var k2: String?
        var v: Int64?
        var texts: [String] { [k1.map(String.init) ?? "NULL", k2 ?? "NULL", v.map(String.init) ?? "NULL"] }
    }

    func randomRows(_ count: Int, _ random: inout SplitMix64) -> [Row] {
        (0..<count).map { _ in
            Row(
                k1: random.below(8) == 0 ? nil : Int64(random.below(6)),
                k2: random.below(10) == 0 ? nil : ["p", "q"][random.below(2)],
                v: random.below(9) == 0 ? nil : Int64(random.below(100)))
        }
    }

    func batches(_ rows: [Row], _ schema: Schema, int32Keys: Bool, batchSize: Int) throws -> [RecordBatch] {
        stride(from: 0, to: rows.count, by: batchSize).map { start in
            let chunk = Array(rows[start..<min(rows.count, start + batchSize)])
            let k1: any ArrowArray =
                int32Keys
                ? Int32Array(.int32, chunk.map { $0.k1.map { Int32($0) } }) : Int64Array(.int64, chunk.map(\.k1))
            return try! RecordBatch(
                schema: schema, columns: [k1, StringArray(chunk.map(\.k2)), Int64Array(.int64, chunk.map(\.v))])
        }
    }

    /// The reference: keys equal and not null, and (with the residual) build.v < probe.v.
    func matches(_ b: Row, _ p: Row, residual: Bool) -> Bool {
        guard let bk1 = b.k1, let bk2 = b.k2, let pk1 = p.k1, let pk2 = p.k2, bk1 == pk1, bk2 == pk2 else {
            return false
        }
        guard residual else { return true }
        guard let bv = b.v, let pv = p.v else { return false }
        return bv < pv
    }

    func reference(_ type: JoinType, _ build: [Row], _ probe: [Row], residual: Bool) -> [[String]] {
        let nulls = ["NULL", "NULL", "NULL"]
        var rows: [[String]] = []
        var buildMatched = [Bool](repeating: false, count: build.count)
        for p in probe {
            let hits = build.indices.filter { matches(build[$0], p, residual: residual) }
            for b in hits { buildMatched[b] = true }
            switch type {
            case .inner, .buildOuter: rows += hits.map { build[$0].texts + p.texts }
            case .probeOuter, .fullOuter:
                rows += hits.isEmpty ? [nulls + p.texts] : hits.map { build[$0].texts + p.texts }
            case .probeSemi: if !hits.isEmpty { rows.append(p.texts) }
            case .probeAnti: if hits.isEmpty { rows.append(p.texts) }
            case .probeMark:
                let hasNull = p.k1 == nil || p.k2 == nil || build.contains { $0.k1 == nil || $0.k2 == nil }
                let mark = !hits.isEmpty ? "true" : (!build.isEmpty && hasNull ? "NULL" : "false")
                rows.append(p.texts + [mark])
            case .buildSemi, .buildAnti: break
            }
        }
        switch type {
        case .buildOuter, .fullOuter:
            rows += build.indices.filter { !buildMatched[$0] }.map { build[$0].texts + nulls }
        case .buildSemi: rows += build.indices.filter { buildMatched[$0] }.map { build[$0].texts }
        case .buildAnti: rows += build.indices.filter { !buildMatched[$0] }.map { build[$0].texts }
        default: break
        }
        return rows
    }

    /// A join of `type` on the first column of each side.
    func singleKeyJoin(
        _ type: JoinType, projection: [Int]? = nil, sharing shared: SharedBuildSide? = nil,
        buildKeys: BuildKeyCollector? = nil, output: any BatchSink = CollectSink()
    ) throws -> HashJoinOperator {
        let key = try JoinKey(build: .column(0, in: buildSchema), probe: .column(0, in: probeSchema))
        return try HashJoinOperator(
            joinType: type, keys: [key], buildSchema: buildSchema, probeSchema: probeSchema, projection: projection,
            sharing: shared, buildKeys: buildKeys, output: output)
    }

    func run(
        _ type: JoinType, _ build: [Row], _ probe: [Row], residual: Bool, batchSize: Int, projection: [Int]? = nil
    ) throws -> [RecordBatch] {
        let keys = [
            try JoinKey(build: .column(0, in: buildSchema), probe: .column(0, in: probeSchema)),
            try JoinKey(build: .column(1, in: buildSchema), probe: .column(1, in: probeSchema)),
        ]
        let pairs = JoinType.inner.outputSchema(build: buildSchema, probe: probeSchema)
        let filter =
            residual ? try PhysicalExpression.compare(.column(2, in: pairs), .less, .column(5, in: pairs)) : nil
        let sink = CollectSink()
        let join = try HashJoinOperator(
            joinType: type, keys: keys, residual: filter, buildSchema: buildSchema, probeSchema: probeSchema,
            projection: projection, output: sink, batchRowCount: 7)
        for batch in try batches(build, buildSchema, int32Keys: false, batchSize: batchSize) {
            try join.push(batch, input: 0)
        }
        try join.finish(input: 0)
        for batch in try batches(probe, probeSchema, int32Keys: true, batchSize: batchSize) {
            try join.push(batch, input: 1)
        }
        try join.finish(input: 1)
        #expect(sink.isFinished)
        for batch in sink.batches { try batch.checkInvariants() }
        return sink.batches
    }

    @Test(
        "every join type, with and without a residual filter, equals a nested loop on seeded data with null keys and duplicates",
        arguments: JoinType.allCases)
    func matchesNestedLoop(_ type: JoinType) throws {
        for seed in 1...4 as ClosedRange<UInt64> {
            var random = SplitMix64(seed: seed)
            let build = randomRows(Int(seed) * 9, &random)
            let probe = randomRows(50, &random)
            for residual in [false, true] {
                let output = try run(type, build, probe, residual: residual, batchSize: 4 + Int(seed))
                #expect(
                    rowTexts(output) == reference(type, build, probe, residual: residual),
                    "seed \(seed), residual \(residual)")
            }
        }
    }

    @Test(
        "a projection outputs the chosen columns, reordered, equal to the full output's at those positions",
        arguments: JoinType.allCases)
    func projectionPicksColumns(_ type: JoinType) throws {
        let width = type.outputSchema(build: buildSchema, probe: probeSchema).count
        let projection = [width - 1, 0, width / 2]
        for seed in 1...3 as ClosedRange<UInt64> {
            var random = SplitMix64(seed: seed)
            let build = randomRows(Int(seed) * 9, &random)
            let probe = randomRows(40, &random)
            for residual in [false, true] {
                let full = rowTexts(try run(type, build, probe, residual: residual, batchSize: 5))
                let picked = try run(type, build, probe, residual: residual, batchSize: 5, projection: projection)
                #expect(rowTexts(picked) == full.map { row in projection.map { row[$0] } }, "seed \(seed)")
                #expect(picked.allSatisfy { $0.schema.count == projection.count })
            }
        }
        // An empty build side: outer joins pad with nulls, anti and mark joins keep every probe row.
        var random = SplitMix64(seed: 9)
        let probe = randomRows(6, &random)
        let full = rowTexts(try run(type, [], probe, residual: false, batchSize: 4))
        let picked = try run(type, [], probe, residual: false, batchSize: 4, projection: projection)
        #expect(rowTexts(picked) == full.map { row in projection.map { row[$0] } }, "empty build side")
    }

    @Test("a projection position past the join's output is a PhysicalPlanError for the operator and the plan node")
    func projectionOutOfRangeIsAnError() throws {
        #expect(throws: PhysicalPlanError.self) { try singleKeyJoin(.probeSemi, projection: [0, 3]) }
        #expect(throws: PhysicalPlanError.self) { try singleKeyJoin(.inner, projection: []) }
        let key = try JoinKey(build: .column(0, in: buildSchema), probe: .column(0, in: probeSchema))
        let build = try PhysicalPlan.scan("b", MemoryTable(schema: buildSchema, batches: []), partitionCount: 1)
        let probe = try PhysicalPlan.scan("p", MemoryTable(schema: probeSchema, batches: []), partitionCount: 1)
        #expect(throws: PhysicalPlanError.self) {
            try PhysicalPlan.hashJoin(.inner, keys: [key], build: build, probe: probe, projection: [6])
        }
        let join = try PhysicalPlan.hashJoin(.inner, keys: [key], build: build, probe: probe, projection: [5, 0])
        #expect(join.schema.fields.map(\.name) == ["pv", "bk1"])
        #expect(join.details.hasSuffix("projection=[pv@5, bk1@0]"))
    }

    @Test(
        "partitions sharing a broadcast build side each give the unshared join's output; the table is counted once",
        arguments: [JoinType.inner, .probeOuter, .probeSemi, .probeAnti, .probeMark])
    func sharedBuildSide(_ type: JoinType) throws {
        var random = SplitMix64(seed: 5)
        let build = randomRows(30, &random)
        let probes = (0..<3).map { _ in randomRows(20, &random) }
        let shared = SharedBuildSide()
        let sinks = probes.map { _ in CollectSink() }
        let joins = try sinks.map { try singleKeyJoin(type, sharing: shared, output: $0) }
        let fanOut = FanOutSink(joins.map { JoinBuildInput($0) })
        for batch in try batches(build, buildSchema, int32Keys: false, batchSize: 7) { try fanOut.push(batch) }
        try fanOut.finish()
        #expect(joins[0].heldBytes > 0 && joins.dropFirst().allSatisfy { $0.heldBytes == 0 })
        for (partition, join) in joins.enumerated() {
            let alone = CollectSink()
            let unshared = try singleKeyJoin(type, output: alone)
            for batch in try batches(build, buildSchema, int32Keys: false, batchSize: 7) {
                try unshared.push(batch, input: 0)
            }
            try unshared.finish(input: 0)
            for target in [join, unshared] {
                for batch in try batches(probes[partition], probeSchema, int32Keys: true, batchSize: 6) {
                    try target.push(batch, input: 1)
                }
                try target.finish(input: 1)
            }
            #expect(rowTexts(sinks[partition].batches) == rowTexts(alone.batches), "partition \(partition)")
        }
    }

    @Test("a 50,000-key build side (large enough to touch its slots ahead) pairs each probe key with its build row")
    func largeBuildSide() throws {
        // Build keys are the even numbers below 100,000, each with its half as value; probe keys run over
        // 0..<120,000 in a scrambled order, so half of those below 100,000 match and none above.
        let build = (0..<50_000).map { Row(k1: Int64(2 * $0), k2: "p", v: Int64($0)) }
        let probe = (0..<120_000).map { Row(k1: Int64($0 * 7_919 % 120_000), k2: "p", v: 0) }
        let sink = CollectSink()
        let join = try singleKeyJoin(.inner, output: sink)
        for batch in try batches(build, buildSchema, int32Keys: false, batchSize: 8_191) {
            try join.push(batch, input: 0)
        }
        try join.finish(input: 0)
        for batch in try batches(probe, probeSchema, int32Keys: true, batchSize: 8_191) {
            try join.push(batch, input: 1)
        }
        try join.finish(input: 1)
        let expected = probe.compactMap(\.k1).filter { $0 < 100_000 && $0 % 2 == 0 }.map { key in
            ["\(key)", "p", "\(key / 2)", "\(key)", "p", "0"]
        }
        #expect(rowTexts(sink.batches) == expected)
    }

    @Test(
        "a build-key collector completes once every instance built its side, with the partition hashes of their keys")
    func buildKeyCollector() throws {
        var random = SplitMix64(seed: 11)
        let sides = (0..<2).map { _ in randomRows(25, &random) }
        let unshared = BuildKeyCollector(joinNode: 0, limit: 1_000)
        let joins = try sides.map { _ in try singleKeyJoin(.inner, buildKeys: unshared) }
        var expected: [UInt64] = []
        for (join, side) in zip(joins, sides) {
            #expect(!unshared.isComplete)
            let sideBatches = try batches(side, buildSchema, int32Keys: false, batchSize: 7)
            for batch in sideBatches { try join.push(batch, input: 0) }
            try join.finish(input: 0)
            expected += try Compute.partitionHashes([Compute.concat(sideBatches).columns[0]])
        }
        #expect(unshared.isComplete && unshared.keys.collectedHashes == expected)
        // Partitions sharing a broadcast side: the owner reports its keys once, the others none.
        let shared = BuildKeyCollector(joinNode: 0, limit: 1_000)
        let side = SharedBuildSide()
        let sharing = try (0..<3).map { _ in try singleKeyJoin(.inner, sharing: side, buildKeys: shared) }
        let fanOut = FanOutSink(sharing.map { JoinBuildInput($0) })
        let sideBatches = try batches(sides[0], buildSchema, int32Keys: false, batchSize: 7)
        for batch in sideBatches { try fanOut.push(batch) }
        #expect(!shared.isComplete)
        try fanOut.finish()
        #expect(shared.isComplete)
        #expect(shared.keys.collectedHashes == (try Compute.partitionHashes([Compute.concat(sideBatches).columns[0]])))
    }

    @Test("a shared build side: refused for joins reporting build rows, never owned by a refused operator, owner first")
    func sharedBuildSideMisuse() throws {
        #expect(throws: PhysicalPlanError.self) { try singleKeyJoin(.buildOuter, sharing: SharedBuildSide()) }
        // A refused operator does not become the owner: the next one does, and indexes the build side.
        let shared = SharedBuildSide()
        #expect(throws: PhysicalPlanError.self) { try singleKeyJoin(.inner, projection: [9], sharing: shared) }
        let joins = try (0..<2).map { _ in try singleKeyJoin(.inner, sharing: shared) }
        #expect(throws: PhysicalPlanError.self) { try joins[1].finish(input: 0) }
        try joins[0].finish(input: 0)
        #expect(joins[0].heldBytes > 0)
    }

    @Test("an empty build side: inner finds nothing, probe outer pads, anti keeps all, mark is false")
    func emptyBuild() throws {
        let probe = [Row(k1: 1, k2: "p", v: 5), Row(k1: nil, k2: "q", v: 6)]
        #expect(try run(.inner, [], probe, residual: false, batchSize: 4).allSatisfy { $0.rowCount == 0 })
        #expect(
            rowTexts(try run(.probeOuter, [], probe, residual: false, batchSize: 4)) == [
                ["NULL", "NULL", "NULL", "1", "p", "5"], ["NULL", "NULL", "NULL", "NULL", "q", "6"],
            ])
        #expect(rowTexts(try run(.probeAnti, [], probe, residual: false, batchSize: 4)).count == 2)
        #expect(
            rowTexts(try run(.probeMark, [], probe, residual: false, batchSize: 4)).map(\.last) == ["false", "false"])
    }

    @Test("pushing a probe batch before the build side finished is a protocol violation")
    func probeBeforeBuild() throws {
        let join = try singleKeyJoin(.inner)
        let probe = try batches([Row(k1: 1, k2: "p", v: 1)], probeSchema, int32Keys: true, batchSize: 1)[0]
        #expect(throws: PhysicalPlanError.self) { try join.push(probe, input: 1) }
        #expect(throws: PhysicalPlanError.self) { try join.finish(input: 1) }
    }
}

/// Feeds a join's build input (input 0) as a `BatchSink`, as the executor's fan-out of a broadcast does.
private final class JoinBuildInput: BatchSink {
    let join: HashJoinOperator
    init(_ join: HashJoinOperator) { self.join = join }
    func push(_ batch: RecordBatch) throws { try join.push(batch, input: 0) }
    func finish() throws { try join.finish(input: 0) }
}
