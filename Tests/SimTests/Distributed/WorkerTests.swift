import ArrowLite
import PlanKit
import TPCH
import Testing

/// Workers as the in-process driver uses them: headers set on the driver reach every task's worker (with the
/// stage and task), and per-worker session options built by `WorkerSessionBuilder` change how a worker runs.
@Suite("workers receive the driver's headers and honour their session options")
struct WorkerTests {
    @Test("headers set on the StageDriver reach every worker, once per task it runs, with that task's stage and task")
    func headersReachEveryWorker() throws {
        let plan = try DistributedTestSupport.plan(
            3, workers: 4, options: DistributedPlannerOptions(estimator: FixedTaskEstimator(count: 4)))
        #expect(plan.taskCount == 17, "four 4-task stages and the root")
        let channels = InProcessChannelResolver()
        var headers = Headers()
        headers.set("Trace-Id", "q3-run-1")
        headers.set("tenant", "tests")
        let result = try StageDriver(channels: channels, headers: headers).run(plan)
        #expect(result.rowCount == 10, "Q3 keeps the top 10 orders")
        var received = 0
        for address in plan.workers {
            let worker = try #require(try channels.channel(for: address) as? Worker)
            let expected = plan.stages.flatMap { stage in
                stage.workers.indices.filter { stage.workers[$0] == address }.map { "\(stage.id).\($0)" }
            }
            let tasks = worker.receivedHeaders.map { "\($0["stage"] ?? "?").\($0["task"] ?? "?")" }
            #expect(tasks == expected, "\(address) runs exactly its tasks, producers first")
            for request in worker.receivedHeaders {
                #expect(request["trace-id"] == "q3-run-1" && request["TRACE-ID"] == "q3-run-1")
                #expect(request["tenant"] == "tests")
                #expect(request.entries.map(\.name) == ["trace-id", "tenant", "stage", "task"])
            }
            received += worker.receivedHeaders.count
        }
        #expect(received == plan.taskCount)
    }

    @Test("Headers: names are case-insensitive, a second set replaces the value in place, equality follows order")
    func headerSemantics() {
        var headers = Headers()
        headers.set("A", "1")
        headers.set("b", "2")
        headers.set("a", "3")
        #expect(headers.entries.map(\.name) == ["a", "b"])
        #expect(headers["A"] == "3" && headers["missing"] == nil)
        var reversed = Headers()
        reversed.set("b", "2")
        reversed.set("a", "3")
        #expect(headers != reversed)
        reversed = Headers()
        reversed.set("a", "3")
        reversed.set("B", "2")
        #expect(headers == reversed)
    }

    @Test("a session option batch_rows=7 makes the root's sort emit 25 nations as 7 + 7 + 7 + 4 rows, same answer")
    func batchRowsOption() throws {
        let sql = "select n_name from nation order by n_name"
        let engine = QueryEngine(
            catalog: try DistributedTestSupport.catalog.get(), options: QueryOptions(partitionCount: 2))
        let plan = try engine.distributedPlan(
            sql, workers: StaticWorkerResolver(count: 2).workerAddresses(),
            options: DistributedPlannerOptions(estimator: FixedTaskEstimator(count: 2)))
        #expect(plan.stages.count == 2, "two scan tasks, coalesced into the sorting root")
        let small = InProcessChannelResolver { _ in WorkerSessionBuilder().option("batch_rows", "7").build() }
        let batched = try StageDriver(channels: small).run(plan)
        #expect(batched.batches.map(\.rowCount) == [7, 7, 7, 4])
        let worker = try #require(try small.channel(for: plan.root.workers[0]) as? Worker)
        #expect(worker.session.batchRowCount == 7)
        let whole = try StageDriver().run(plan)
        #expect(whole.batches.map(\.rowCount) == [25])
        let names = { (result: QueryResult) in
            try result.concatenated().columns[0].scalars().map(\.description)
        }
        #expect(try names(batched) == names(whole))
        #expect(try names(whole).first == "ALGERIA" && names(whole).last == "VIETNAM")
    }

    @Test("WorkerSessionBuilder keeps options by name and functions by lowercased name; the default batch is 8192")
    func sessionBuilder() throws {
        let session = WorkerSessionBuilder()
            .option("region", "eu")
            .function("Double_It") { arrays in arrays[0] }
            .build()
        #expect(session.options == ["region": "eu"])
        #expect(session.functions.keys.sorted() == ["double_it"])
        #expect(session.batchRowCount == 8192)
        #expect(WorkerSessionBuilder().option("batch_rows", "not a number").build().batchRowCount == 8192)
    }
}

extension ArrowArray {
    /// Every value of the array as a scalar.
    fileprivate func scalars() -> [Scalar] { (0..<count).map { scalar(at: $0) } }
}
