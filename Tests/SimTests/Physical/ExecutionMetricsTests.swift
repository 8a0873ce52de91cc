import ArrowLite
import PlanKit
import Testing

/// Determinism, memory accounting and row counts of local runs.
@Suite struct ExecutionMetricsTests {
    /// The aggregate plan without its final sort and coalesce: output order is decided by the operators alone.
    func unsortedPlan(_ partitions: Int) throws -> PhysicalPlan {
        let sorted = try LocalExecutorTests.aggregatePlan(partitions: partitions)
        return sorted.children[0].children[0]
    }

    @Test("two runs of one plan emit identical batches in identical partitions, in identical order")
    func deterministic() throws {
        let first = try LocalExecutor(batchRowCount: 3).run(unsortedPlan(8))
        let second = try LocalExecutor(batchRowCount: 3).run(unsortedPlan(8))
        #expect(first.partitions.map { rowTexts($0) } == second.partitions.map { rowTexts($0) })
        #expect(first.partitions.map(\.count) == second.partitions.map(\.count))
        #expect(first.metrics == second.metrics)
    }

    @Test("metrics count each instance's output rows: scans emit the table, the final aggregate one row per group")
    func rowCounts() throws {
        let result = try LocalExecutor().run(unsortedPlan(3))
        let scanRows = result.metrics.filter { $0.name == "Scan(t)" }.map(\.outputRowCount)
        #expect(scanRows.reduce(0, +) == 1000)
        #expect(scanRows == [333, 333, 334])
        let finalRows = result.metrics.filter { $0.name == "HashAggregate(final)" }.reduce(0) { $0 + $1.outputRowCount }
        #expect(finalRows == result.batches.reduce(0) { $0 + $1.rowCount })
        #expect(finalRows == 6)
    }

    @Test("a sort holds its input's bytes until it finishes and nothing after; streaming operators hold nothing")
    func heldBytes() throws {
        let batch = try int64Batch([(0..<1000).map { Int64($0) }])
        let sort = try SortOperator(
            order: [SortExpression(try .column(0, in: batch.schema))], schema: batch.schema, output: CollectSink())
        try sort.push(batch, input: 0)
        #expect(sort.heldBytes >= 8000)
        try sort.finish(input: 0)
        #expect(sort.heldBytes == 0)
        let result = try LocalExecutor().run(LocalExecutorTests.aggregatePlan(partitions: 2))
        #expect(result.metrics.filter { $0.name == "Sort" }.allSatisfy { $0.peakHeldBytes > 0 })
        #expect(result.metrics.filter { $0.name == "Filter" }.allSatisfy { $0.peakHeldBytes == 0 })
    }

    @Test("a slice holds its own rows' bytes: a repartition's 32 pieces of one batch add up to it, not to 32 batches")
    func slicesHoldTheirOwnBytes() throws {
        let batch = try PartitionTests.fixedWidthBatch(rows: 4020, seed: 1)
        let (rows, offsets) = try Compute.groupByPartition(
            batch, hashes: try Compute.partitionHashes([batch.columns[2]]), partitionCount: 32)
        let pieces = (0..<32).map { rows.slice(offsets[$0], offsets[$0 + 1] - offsets[$0]) }
        let total = pieces.reduce(0) { $0 + $1.heldBytes }
        let buffers = 6 + 1  // one values buffer per column, plus the strings' data
        #expect(total >= rows.heldBytes - 64 * buffers)  // the whole pads each buffer once…
        #expect(total <= rows.heldBytes + 32 * 64 * buffers)  // …each piece pads its own
        let sort = try SortOperator(
            order: [SortExpression(try .column(2, in: batch.schema))], schema: batch.schema, output: CollectSink())
        try sort.push(pieces[0], input: 0)
        #expect(sort.heldBytes == pieces[0].heldBytes)
        #expect(sort.heldBytes < rows.heldBytes / 8)
    }

    @Test("withChildren rebuilds a node over new children and re-checks it")
    func withChildren() throws {
        let plan = try LocalExecutorTests.aggregatePlan(partitions: 3)
        let coalesce = plan.children[0]
        let rebuilt = try plan.withChildren([coalesce.children[0]])
        #expect(rebuilt.outputPartitionCount == 3)
        #expect(rebuilt.description.hasPrefix("Sort order=[region@0 ASC NULLS LAST] partitions=3\n"))
        #expect(throws: PhysicalPlanError.self) { try plan.withChildren([]) }
    }
}
