import ArrowLite
import PlanKit
import Testing

/// A `partial` hash aggregate over input clustered on its group keys emits its groups early and starts an empty
/// table; over any other input it keeps every group until its input finishes.
@Suite struct EarlyEmissionTests {
    let schema = Schema([Field("k", .int64, nullable: true), Field("v", .int64)])

    /// `keys` with `v` = 1, 2, 3, ... in batches of `batchRows` rows.
    func batches(_ keys: [Int64?], batchRows: Int) throws -> [RecordBatch] {
        let all = try RecordBatch(
            schema: schema,
            columns: [Int64Array(.int64, keys), Int64Array(.int64, keys.indices.map { Int64($0 + 1) })])
        return batchSlices(all, rows: batchRows)
    }

    func aggregates() throws -> [AggregateExpression] {
        let v = try PhysicalExpression.column("v", in: schema)
        return [
            try AggregateExpression(.count, nil), try AggregateExpression(.sum, v), try AggregateExpression(.min, v),
            try AggregateExpression(.max, v), try AggregateExpression(.avg, v),
        ]
    }

    func aggregateOperator(_ mode: AggregateMode, _ output: any BatchSink) throws -> HashAggregateOperator {
        try HashAggregateOperator(
            mode: mode, groupBy: [try PhysicalExpression.column("k", in: schema)], groupNames: ["k"],
            aggregates: aggregates(), output: output, earlyEmitGroupCount: 50)
    }

    /// Pushes `input` through a partial aggregate; returns what it emitted before its input finished, and all.
    func partial(_ input: [RecordBatch]) throws -> (early: Int, all: [RecordBatch]) {
        let sink = CollectSink()
        let partial = try aggregateOperator(.partial, sink)
        for batch in input { try partial.push(batch, input: 0) }
        let early = sink.batches.reduce(0) { $0 + $1.rowCount }
        try partial.finish(input: 0)
        return (early, sink.batches)
    }

    /// The final aggregate of `partialOutput`, rows sorted, beside the single-mode aggregate of `input`.
    func finalAndSingle(_ partialOutput: [RecordBatch], _ input: [RecordBatch]) throws -> ([[String]], [[String]]) {
        let final = try runOperator(partialOutput) { try aggregateOperator(.final, $0) }
        let single = try runOperator(input) { try aggregateOperator(.single, $0) }
        return (sortedRows(rowTexts(final)), sortedRows(rowTexts(single)))
    }

    /// 3,000 rows of 1,000 keys in runs of 1 to 5 rows, a NULL run among them: clustered on the key.
    func clusteredKeys() -> [Int64?] {
        var random = SplitMix64(seed: 11)
        var keys: [Int64?] = []
        var key: Int64 = 0
        while keys.count < 3000 {
            let run = 1 + random.below(5)
            keys += [Int64?](repeating: key == 500 ? nil : key * 7, count: run)
            key += 1
        }
        return Array(keys.prefix(3000))
    }

    @Test("over clustered input (batches sliced to 50 rows) groups come out early, and the final merge equals single")
    func clusteredInputEmitsEarly() throws {
        let keys = clusteredKeys()
        let input = try batches(keys, batchRows: 400)
        let (early, all) = try partial(input)
        let groups = Set(keys.map { $0 ?? -1 }).count
        let rows = all.reduce(0) { $0 + $1.rowCount }
        #expect(early > groups / 2, "most groups leave before the input finishes")
        // An emission every three slices or more, each cutting at most one group in two.
        #expect(rows >= groups && rows <= groups + keys.count / 150)
        let (final, single) = try finalAndSingle(all, input)
        #expect(final == single)
        #expect(single.count == groups)
    }

    @Test("a run of one group over several slices (400 rows, slices of 50) does not turn early emission off")
    func longRunStaysClustered() throws {
        let keys =
            (0..<1400).map { Int64($0) } + [Int64](repeating: 5000, count: 400) + (0..<1400).map { Int64($0 + 6000) }
        let input = try batches(keys, batchRows: 400)
        let (early, all) = try partial(input)
        let groups = Set(keys).count
        #expect(early >= groups - 200, "\(early) of \(groups) groups left early")
        let (final, single) = try finalAndSingle(all, input)
        #expect(final == single)
    }

    @Test("input that comes back to an older group keeps every group until it finishes: one row per group")
    func unclusteredInputWaits() throws {
        var random = SplitMix64(seed: 12)
        let keys = (0..<3000).map { _ in Int64(random.below(100)) } as [Int64?]
        let input = try batches(keys, batchRows: 400)
        let (early, all) = try partial(input)
        #expect(early == 0)
        #expect(all.reduce(0) { $0 + $1.rowCount } == Set(keys).count)
        let (final, single) = try finalAndSingle(all, input)
        #expect(final == single)
    }

    @Test("keys repeated in every batch are not taken for clustered input, though each batch alone fills the table")
    func repeatedKeysAreNotClustered() throws {
        // Every 100-row batch holds keys 0..<100 in order: each batch (two 50-row slices) brings 100 groups.
        let keys = (0..<1000).map { Int64($0 % 100) } as [Int64?]
        let input = try batches(keys, batchRows: 100)
        let (early, all) = try partial(input)
        #expect(early == 0)
        #expect(all.reduce(0) { $0 + $1.rowCount } == 100)
        let (final, single) = try finalAndSingle(all, input)
        #expect(final == single)
    }

    @Test("input clustered at first and then not stops emitting early, and still merges to the single result")
    func clusteringLostMidway() throws {
        var random = SplitMix64(seed: 13)
        let keys = clusteredKeys() + (0..<1000).map { _ in Int64(random.below(200)) * 7 }
        let input = try batches(keys, batchRows: 400)
        let sink = CollectSink()
        let partial = try aggregateOperator(.partial, sink)
        for batch in input.prefix(8) { try partial.push(batch, input: 0) }
        let earlyRows = sink.batches.reduce(0) { $0 + $1.rowCount }
        #expect(earlyRows > 0)
        for batch in input.dropFirst(8) { try partial.push(batch, input: 0) }
        #expect(sink.batches.reduce(0) { $0 + $1.rowCount } == earlyRows, "no emission once a key came back")
        try partial.finish(input: 0)
        let (final, single) = try finalAndSingle(sink.batches, input)
        #expect(final == single)
    }
}
