import ArrowLite
import ClusterSim
import PlanKit
import Testing

/// How producers batch their output into data messages: a consumer task gets a batch's worth of rows (8,192) for
/// each of its partitions per message, so it pushes batches of a useful size however small the repartition's
/// pieces are.
@Suite("data messages")
struct StreamCoalescingTests {
    /// A self-join of `rows` distinct keys without broadcasts: both sides are shuffled as they are scanned, from
    /// stored batches of `batchRows` rows (so every input batch is cut into small pieces).
    static func shuffledJoin(
        rows: Int, batchRows: Int, partitions: Int, mode: ExecutionMode = .pipelined
    ) throws -> SimulationReport {
        let schema = Schema([Field("k", .int64, nullable: false)])
        let batches = try stride(from: 0, to: rows, by: batchRows).map { start in
            let keys = Int64Array(.int64, (start..<min(start + batchRows, rows)).map { Int64($0) })
            return try RecordBatch(schema: schema, columns: [keys])
        }
        var catalog = Catalog()
        catalog.register("t", try MemoryTable(schema: schema, batches: batches))
        let engine = QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: partitions))
        let cluster = Cluster(workers: 2, seed: 1)
        let plan = try engine.distributedPlan(
            "SELECT a.k FROM t a JOIN t b ON a.k = b.k", workers: cluster.workerAddresses,
            options: DistributedPlannerOptions(estimator: FixedTaskEstimator(count: 2)), broadcastRowLimit: nil)
        return try cluster.run(plan, options: RunOptions(mode: mode))
    }

    /// The rows of each data message, per stream (producer attempt and subscriber), in send order.
    static func messageRows(_ report: SimulationReport) -> [String: [Int]] {
        var streams: [String: [Int]] = [:]
        for event in report.trace.events where event.kind == "data.send" {
            let fields = event.detail.split(separator: " ")
            guard let to = fields.first(where: { $0.hasPrefix("to=") }),
                let rows = fields.first(where: { $0.hasPrefix("rows=") }).flatMap({ Int($0.dropFirst(5)) })
            else { continue }
            streams["s\(event.stage ?? -1)t\(event.task ?? -1)a\(event.attempt ?? -1) \(to)", default: []].append(rows)
        }
        return streams
    }

    @Test(
        "shuffled: every message but a stream's last holds 8,192 rows per consumer partition, pipelined or staged",
        arguments: [2, 3], ExecutionMode.allCases)
    func messagesCarryABatchPerPartition(partitions: Int, mode: ExecutionMode) throws {
        let report = try Self.shuffledJoin(rows: 120_000, batchRows: 1_000, partitions: partitions, mode: mode)
        #expect(report.failure == nil)
        #expect(report.result?.rowCount == 120_000)
        let streams = Self.messageRows(report)
        // The two scan stages (1 and 2) of 2 tasks each shuffle to the join's 2 tasks.
        let shuffled = streams.filter { $0.key.hasPrefix("s1t") || $0.key.hasPrefix("s2t") }
        #expect(shuffled.count == 8)
        #expect(shuffled.values.reduce(0) { $0 + $1.reduce(0, +) } == 240_000)
        for (stream, rows) in shuffled {
            #expect(rows.count >= 2, "\(stream): 30,000 rows should need more than one message")
            for size in rows.dropLast() {
                // Closed once it reached the size, so past it by less than one piece (at most a 1,000-row batch).
                #expect((8_192 * partitions..<8_192 * partitions + 1_000).contains(size), "\(stream): \(rows)")
            }
        }
    }

    @Test(
        "the join's output to the root task and the root's to the coordinator go in messages of 8,192 rows or more",
        arguments: ExecutionMode.allCases)
    func oneBatchForACoalesceAndTheCoordinator(mode: ExecutionMode) throws {
        let report = try Self.shuffledJoin(rows: 120_000, batchRows: 1_000, partitions: 2, mode: mode)
        let streams = Self.messageRows(report)
        // Stage 3 (the join) coalesces into stage 4, the root, which sends the result to the coordinator.
        let gathered = streams.filter { $0.key.hasPrefix("s3t") || $0.key.hasPrefix("s4t") }
        #expect(gathered.count == 3)
        #expect(gathered.values.contains { $0.count >= 3 })
        let joinRows = gathered.filter { $0.key.hasPrefix("s3t") }.values.reduce(0) { $0 + $1.reduce(0, +) }
        #expect(joinRows == 120_000)
        #expect(gathered.first { $0.key.contains("to=result") }?.value.reduce(0, +) == 120_000)
        for (stream, rows) in gathered {
            // Each piece is one batch of at most 8,192 rows; a message of one partition closes at 8,192 rows.
            for size in rows.dropLast() { #expect((8_192..<16_384).contains(size), "\(stream): \(rows)") }
        }
    }
}
