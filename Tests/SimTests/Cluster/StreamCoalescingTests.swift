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
    static func shuffledJoin(rows: Int, batchRows: Int, partitions: Int) throws -> SimulationReport {
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
        return try cluster.run(plan)
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
        "every message but a stream's last carries 8,192 rows per consumer partition; together they carry every row",
        arguments: [2, 3])
    func messagesCarryABatchPerPartition(partitions: Int) throws {
        let report = try Self.shuffledJoin(rows: 120_000, batchRows: 1_000, partitions: partitions)
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
                #expect(size >= 8_192 * partitions, "\(stream): \(rows)")
                // At most one input batch (1,000 rows) past the threshold.
                #expect(size < 8_192 * partitions + 1_000, "\(stream): \(rows)")
            }
        }
    }
}
