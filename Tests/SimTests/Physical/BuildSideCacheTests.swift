import ArrowLite
import Dispatch
import PlanKit
import Synchronization
import Testing

/// Broadcast joins that share build sides through a `BuildSideCache`, against joins that index their own.
@Suite struct BuildSideCacheTests {
    let buildSchema = Schema([Field("bk", .int64), Field("name", .utf8), Field("bv", .int64)])
    let probeSchema = Schema([Field("pk", .int64), Field("pv", .int64)])

    /// Build rows without nulls: keys 0..<`count`/2 twice each, a name and a value per row; with `row`, that row's
    /// name is another of the same length (only the string bytes differ).
    func buildRows(_ count: Int, changing row: Int? = nil) throws -> RecordBatch {
        let keys = (0..<count).map { Int64($0 / 2) }
        let names = (0..<count).map { $0 == row ? "NAME-0" : "name-\($0 % 7)" }
        return try RecordBatch(
            schema: buildSchema,
            columns: [Int64Array(.int64, keys), StringArray(names), Int64Array(.int64, keys.map { $0 * 10 })])
    }

    func probeRows(_ count: Int, seed: UInt64) throws -> RecordBatch {
        var random = SplitMix64(seed: seed)
        let keys = (0..<count).map { _ in Int64(random.below(40)) }
        return try RecordBatch(
            schema: probeSchema, columns: [Int64Array(.int64, keys), Int64Array(.int64, keys.map { $0 + 1 })])
    }

    func join(
        _ type: JoinType = .inner, key column: Int = 0, cache: BuildSideCache?, output: any BatchSink = CollectSink()
    ) throws -> HashJoinOperator {
        let key = try JoinKey(build: .column(column, in: buildSchema), probe: .column(0, in: probeSchema))
        return try HashJoinOperator(
            joinType: type, keys: [key], buildSchema: buildSchema, probeSchema: probeSchema, buildSides: cache,
            output: output)
    }

    /// Pushes `build` in slices of `sliceRows` rows (each join's build batches are its own arrays) and finishes it.
    func build(_ join: HashJoinOperator, _ build: RecordBatch, sliceRows: Int) throws {
        for slice in batchSlices(build, rows: sliceRows) {
            try join.push(Compute.take(slice, indices: (0..<Int32(slice.rowCount)).map { $0 }), input: 0)
        }
        try join.finish(input: 0)
    }

    func probe(_ join: HashJoinOperator, _ probe: RecordBatch) throws {
        try join.push(probe, input: 1)
        try join.finish(input: 1)
    }

    @Test(
        "joins given one cache index the same build rows once, and each gives the output of a join without it",
        arguments: [JoinType.inner, .probeOuter, .probeSemi, .probeAnti, .probeMark])
    func sameRowsIndexedOnce(_ type: JoinType) throws {
        let cache = BuildSideCache()
        let rows = try buildRows(60)
        let sinks = (0..<3).map { _ in CollectSink() }
        let joins = try sinks.map { try join(type, cache: cache, output: $0) }
        for (index, shared) in joins.enumerated() { try build(shared, rows, sliceRows: 7 + index * 11) }
        #expect(cache.indexedCount == 1)
        for (index, shared) in joins.enumerated() {
            let alone = CollectSink()
            let unshared = try join(type, cache: nil, output: alone)
            try build(unshared, rows, sliceRows: 60)
            let probeBatch = try probeRows(50, seed: UInt64(index + 1))
            try probe(shared, probeBatch)
            try probe(unshared, probeBatch)
            #expect(rowTexts(sinks[index].batches) == rowTexts(alone.batches), "join \(index)")
            #expect(shared.heldBytes == unshared.heldBytes, "each join counts the whole side")
        }
    }

    @Test("rows differing in one string or holding a null, and other keys, each index their own side")
    func differentRowsOrKeysIndexAgain() throws {
        let cache = BuildSideCache()
        var held: [HashJoinOperator] = []
        func indexes(_ rows: RecordBatch, key: Int = 0) throws -> Int {
            let before = cache.indexedCount
            held.append(try join(key: key, cache: cache))
            try build(held[held.count - 1], rows, sliceRows: 16)
            return cache.indexedCount - before
        }
        let rows = try buildRows(40)
        #expect(try indexes(rows) == 1)
        #expect(try indexes(rows) == 0)
        #expect(try indexes(buildRows(40, changing: 33)) == 1)
        #expect(try indexes(rows, key: 2) == 1)
        let names = try #require(rows.columns[1] as? StringArray)
        let withNull = try RecordBatch(
            schema: buildSchema,
            columns: [rows.columns[0], StringArray((0..<40).map { $0 == 5 ? nil : names.value($0) }), rows.columns[2]])
        #expect(try indexes(withNull) == 1)
        #expect(try indexes(withNull) == 1, "rows with a null are never compared equal")
    }

    @Test("rows read through slices at other offsets share; one differing value or string split does not")
    func offsetsAndValuesAreCompared() throws {
        let cache = BuildSideCache()
        var held: [HashJoinOperator] = []
        func indexes(_ batch: RecordBatch) throws -> Int {
            let before = cache.indexedCount
            held.append(try join(cache: cache))
            try held[held.count - 1].push(batch, input: 0)
            try held[held.count - 1].finish(input: 0)
            return cache.indexedCount - before
        }
        let longer = try buildRows(50)
        let sliced = longer.slice(7, 30)
        let copied = try Compute.take(longer, indices: (7..<37).map { Int32($0) })
        #expect(try indexes(sliced) == 1)
        #expect(try indexes(copied) == 0, "the same rows at offset 0 share the slice's side")
        #expect(try indexes(longer.slice(9, 30)) == 1, "other rows")
        var values = (7..<37).map { Int64(($0 / 2) * 10) }
        values[29] += 1
        let oneValue = try RecordBatch(
            schema: buildSchema, columns: [copied.columns[0], copied.columns[1], Int64Array(.int64, values)])
        #expect(try indexes(oneValue) == 1, "the last fixed-width value differs")
        let split = { (names: [String]) in
            try RecordBatch(
                schema: self.buildSchema,
                columns: [Int64Array(.int64, [1, 2]), StringArray(names), Int64Array(.int64, [3, 4])])
        }
        #expect(try indexes(split(["ab", "c"])) == 1)
        #expect(try indexes(split(["a", "bc"])) == 1, "the same bytes split at another row boundary")
    }

    @Test("joins keyed on an expression other than a (cast) column index their own side, even over the same rows")
    func expressionKeysAreNotShared() throws {
        let cache = BuildSideCache()
        let rows = try buildRows(20)
        let shifted = try PhysicalExpression.arithmetic(
            .column(0, in: buildSchema), .add, .literal(.int64(1)))
        let key = try JoinKey(build: shifted, probe: .column(0, in: probeSchema))
        let joins = try (0..<2).map { _ in
            try HashJoinOperator(
                joinType: .inner, keys: [key], buildSchema: buildSchema, probeSchema: probeSchema,
                buildSides: cache, output: CollectSink())
        }
        for join in joins { try build(join, rows, sliceRows: 20) }
        #expect(cache.indexedCount == 2)
    }

    @Test("a key that casts its column and one that does not index their own sides over the same rows")
    func castKeysAreTold() throws {
        let schema = Schema([Field("f", .float64)])
        let rows = try RecordBatch(schema: schema, columns: [Float64Array(.float64, [1.5, 2.5])])
        let probeBatch = try RecordBatch(schema: schema, columns: [Float64Array(.float64, [1.0, 1.5, 2.0, 2.5])])
        let cache = BuildSideCache()
        let truncated = try PhysicalExpression.cast(.column(0, in: schema), to: .int64)
        var outputs: [[[String]]] = []
        var held: [HashJoinOperator] = []
        for build in [truncated, try PhysicalExpression.column(0, in: schema)] {
            let sink = CollectSink()
            let join = try HashJoinOperator(
                joinType: .inner, keys: [JoinKey(build: build, probe: .column(0, in: schema))], buildSchema: schema,
                probeSchema: schema, buildSides: cache, output: sink)
            try join.push(rows, input: 0)
            try join.finish(input: 0)
            try probe(join, probeBatch)
            outputs.append(rowTexts(sink.batches))
            held.append(join)
        }
        #expect(cache.indexedCount == 2)
        #expect(outputs[0] == [["1.5", "1"], ["2.5", "2"]])
        #expect(outputs[1] == [["1.5", "1.5"], ["2.5", "2.5"]])
    }

    @Test("joins on two threads sharing one cache each give the output of a join without it")
    func concurrentJoins() throws {
        let cache = BuildSideCache()
        let rows = try buildRows(400)
        let probes = try (0..<8).map { try probeRows(300, seed: UInt64($0 + 10)) }
        let expected = try probes.map { probeBatch in
            let sink = CollectSink()
            let alone = try join(cache: nil, output: sink)
            try build(alone, rows, sliceRows: 400)
            try probe(alone, probeBatch)
            return rowTexts(sink.batches)
        }
        let results = Mutex<[[[String]]?]>(Array(repeating: nil, count: probes.count))
        DispatchQueue.concurrentPerform(iterations: probes.count) { index in
            let sink = CollectSink()
            guard let shared = try? join(cache: cache, output: sink), (try? build(shared, rows, sliceRows: 64)) != nil,
                (try? probe(shared, probes[index])) != nil
            else { return }
            let texts = rowTexts(sink.batches)
            results.withLock { $0[index] = texts }
        }
        #expect(results.withLock { $0 } == expected.map { Optional($0) })
        #expect(cache.indexedCount >= 1 && cache.indexedCount <= probes.count)
    }

    @Test("a side lives only while a join holds it: a join after every holder is gone indexes its own")
    func sidesAreHeldByTheirJoins() throws {
        let cache = BuildSideCache()
        let rows = try buildRows(30)
        do {
            let first = try join(cache: cache)
            try build(first, rows, sliceRows: 30)
        }
        let second = try join(cache: cache)
        try build(second, rows, sliceRows: 30)
        #expect(cache.indexedCount == 2)
    }

    @Test("a join that reports build rows refuses a cache (it marks the rows it matched in its side)")
    func reportingJoinsRefuseTheCache() throws {
        for type in [JoinType.buildOuter, .fullOuter, .buildSemi, .buildAnti] {
            #expect(throws: PhysicalPlanError.self) { try join(type, cache: BuildSideCache()) }
        }
    }
}
