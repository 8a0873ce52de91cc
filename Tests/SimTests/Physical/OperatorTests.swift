import ArrowLite
import PlanKit
import Testing

/// Streaming operators, sort, top-K and repartition on small hand-built batches.
@Suite struct OperatorTests {
    @Test("filter drops false and NULL rows; projection computes columns")
    func filterAndProjection() throws {
        let batch = try int64Batch([[1, 2, nil, 4], [10, nil, 30, 40]])
        let predicate = try PhysicalExpression.compare(.column(0, in: batch.schema), .greater, .literal(.int64(1)))
        let kept = try runOperator([batch]) {
            try FilterOperator(predicate: predicate, schema: batch.schema, output: $0)
        }
        #expect(rowTexts(kept) == [["2", "NULL"], ["4", "40"]])
        let sum = try PhysicalExpression.arithmetic(.column(0, in: batch.schema), .add, .column(1, in: batch.schema))
        let projected = try runOperator([batch]) {
            ProjectionOperator(expressions: [sum], schema: Schema([Field("s", .int64)]), output: $0)
        }
        #expect(rowTexts(projected) == [["11"], ["NULL"], ["NULL"], ["44"]])
    }

    @Test("a filter's projection outputs the picked columns of the kept rows, even a column only the predicate read")
    func filterProjection() throws {
        let batch = try int64Batch([[1, 2, nil, 4], [10, nil, 30, 40], [7, 8, 9, 6]])
        let predicate = try PhysicalExpression.compare(.column(0, in: batch.schema), .greater, .literal(.int64(1)))
        let schema = Schema([batch.schema.fields[2], batch.schema.fields[1]])
        let kept = try runOperator([batch]) {
            try FilterOperator(predicate: predicate, schema: schema, projection: [2, 1], output: $0)
        }
        #expect(rowTexts(kept) == [["8", "NULL"], ["6", "40"]])
        #expect(kept.allSatisfy { $0.schema == schema })
        let scan = try PhysicalPlan.scan("t", MemoryTable(schema: batch.schema, batches: [batch]), partitionCount: 1)
        #expect(throws: PhysicalPlanError.self) { try PhysicalPlan.filter(predicate, scan, projection: [3]) }
        let filter = try PhysicalPlan.filter(predicate, scan, projection: [2])
        #expect(filter.schema.count == 1 && filter.details.hasSuffix("projection=[\(schema.fields[0].name)@2]"))
    }

    @Test("limit with offset spans batches and stops")
    func limit() throws {
        let batches = try [int64Batch([[1, 2, 3]]), int64Batch([[4, 5]]), int64Batch([[6, 7]])]
        let output = try runOperator(batches) {
            LimitOperator(offset: 2, fetch: 3, schema: batches[0].schema, output: $0)
        }
        #expect(rowTexts(output) == [["3"], ["4"], ["5"]])
        let none = try runOperator(batches) {
            LimitOperator(offset: 10, fetch: nil, schema: batches[0].schema, output: $0)
        }
        #expect(none.isEmpty)
    }

    @Test("union finishes only after every input finished and rejects pushes after finish")
    func union() throws {
        let batch = try int64Batch([[1]])
        let sink = CollectSink()
        let union = UnionOperator(inputCount: 2, schema: batch.schema, output: sink)
        try union.push(batch, input: 1)
        try union.finish(input: 1)
        #expect(!sink.isFinished)
        #expect(throws: PhysicalPlanError.self) { try union.push(batch, input: 1) }
        try union.push(batch, input: 0)
        try union.finish(input: 0)
        #expect(sink.isFinished && sink.rowCount == 2)
    }

    @Test("sort orders by several keys with NULL placement, stably")
    func sort() throws {
        let batch = try int64Batch([[2, 1, nil, 2, 1], [1, 2, 3, 4, 5]])
        let order = [
            SortExpression(try .column(0, in: batch.schema), SortKey(ascending: false)),
            SortExpression(try .column(1, in: batch.schema)),
        ]
        let output = try runOperator([batch.slice(0, 2), batch.slice(2, 3)]) {
            try SortOperator(order: order, schema: batch.schema, output: $0, batchRowCount: 2)
        }
        #expect(output.map(\.rowCount) == [2, 2, 1])
        #expect(rowTexts(output) == [["NULL", "3"], ["2", "1"], ["2", "4"], ["1", "2"], ["1", "5"]])
    }

    @Test("top-K equals a full sort cut to k on seeded data and never holds more than k rows")
    func topK() throws {
        var random = SplitMix64(seed: 3)
        let batches = try (0..<9).map { _ in
            try int64Batch([(0..<11).map { _ in random.below(5) == 0 ? nil : Int64(random.below(20)) }])
        }
        let order = [SortExpression(try .column(0, in: batches[0].schema), SortKey(ascending: true, nullsFirst: true))]
        let all = try Compute.concat(batches)
        let reference = rowTexts(
            try Compute.take(
                all, indices: Array(try Compute.sortToIndices(all.columns, keys: order.map(\.key)).prefix(13))))
        let sink = CollectSink()
        let topK = try TopKOperator(order: order, limit: 13, schema: all.schema, output: sink)
        for batch in batches {
            try topK.push(batch, input: 0)
            #expect(topK.heldRowCount <= 13)
        }
        try topK.finish(input: 0)
        #expect(rowTexts(sink.batches) == reference)
    }

    @Test("hash repartition keeps every row exactly once and sends equal keys to one partition")
    func repartition() throws {
        var random = SplitMix64(seed: 11)
        let values = (0..<500).map { _ in random.below(10) == 0 ? nil : Int64(random.below(40)) }
        let batch = try int64Batch([values, (0..<500).map { Int64($0) }])
        final class Partitions: PartitionedBatchSink {
            var rows: [[[String]]] = Array(repeating: [], count: 4)
            var finished = false
            func push(_ batch: RecordBatch, partition: Int) throws { rows[partition] += rowTexts(batch) }
            func finish() throws { finished = true }
        }
        let partitions = Partitions()
        let op = try HashRepartitionOperator(
            keys: [.column(0, in: batch.schema)], partitionCount: 4, schema: batch.schema, output: partitions)
        try op.push(batch.slice(0, 200), input: 0)
        try op.push(batch.slice(200, 300), input: 0)
        try op.finish(input: 0)
        #expect(partitions.finished)
        #expect(sortedRows(partitions.rows.flatMap { $0 }) == sortedRows(rowTexts(batch)))
        var home: [String: Int] = [:]
        for (partition, rows) in partitions.rows.enumerated() {
            #expect(!rows.isEmpty)
            for row in rows {
                #expect(home[row[0], default: partition] == partition, "key \(row[0]) in two partitions")
                home[row[0]] = partition
            }
        }
    }

    @Test("memory tables split into parts that hold every row once, in order")
    func memoryTableParts() throws {
        let table = try MemoryTable(
            schema: Schema([Field("a", .int64)]), batches: [int64Batch([[1, 2, 3]]), int64Batch([[4, 5, 6, 7]])])
        for parts in [1, 2, 3, 8] {
            let rows = try (0..<parts).flatMap { try rowTexts(table.batches(part: $0, of: parts)) }
            #expect(rows == (1...7).map { ["\($0)"] })
        }
        #expect(throws: PhysicalPlanError.self) { try table.batches(part: 3, of: 3) }
        var catalog = Catalog()
        catalog.register("Orders", table)
        catalog.register("lineitem", table)
        #expect(catalog.table("ORDERS") != nil)
        #expect(catalog.tableNames == ["lineitem", "Orders"])
        #expect(throws: PhysicalPlanError.self) { try catalog.resolve("part") }
    }
}
