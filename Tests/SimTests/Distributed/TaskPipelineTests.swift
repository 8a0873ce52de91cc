import ArrowLite
import PlanKit
import TPCH
import Testing

/// Task pipelines driven batch by batch in adversarial orders (probe inputs before build inputs, inputs before
/// scans, everything interleaved) must hold probe batches back until their join's build finished and give the
/// single-node engine's answer; their metrics must agree with the whole-plan `LocalExecutor`.
@Suite("task pipelines driven incrementally equal the single-node answers")
struct TaskPipelineTests {
    /// How a test feeds each task.
    enum Order: CaseIterable {
        /// Every stage-input batch (probe-side leaves first), then every table-scan step.
        case inputsFirst
        /// Every table-scan step that can run, then the inputs, then the rest of the scans.
        case scansFirst
        /// One batch or finish of each input partition in turn (probe-side leaves first), a scan step after each.
        case interleaved
    }

    /// What the test drivers observed over a whole plan.
    struct Observations {
        /// Events that grew `heldBytes` by exactly the pushed batch's bytes and emitted no row (held back).
        var heldBackPushes = 0
        /// Tasks with table scans none of which could run before the inputs came.
        var scansGatedAtStart = 0
    }

    /// One event of a stage-input partition: a batch or its finish.
    enum InputEvent {
        case push(input: Int, partition: Int, RecordBatch)
        case finish(input: Int, partition: Int)
    }

    /// The rows of batches as text, one line per row.
    static func rows(_ batches: [RecordBatch]) -> [String] {
        batches.flatMap { batch in
            (0..<batch.rowCount).map { row in
                batch.columns.map { $0.scalar(at: row).description }.joined(separator: "|")
            }
        }
    }

    static func plan(_ number: Int, workers: Int = 3) throws -> StagePlan {
        try DistributedTestSupport.plan(
            number, workers: workers, options: DistributedPlannerOptions(estimator: FixedTaskEstimator()))
    }

    static func expectedRows(_ number: Int) throws -> [String] {
        let engine = QueryEngine(
            catalog: try DistributedTestSupport.catalog.get(), options: QueryOptions(partitionCount: 1))
        let result = try engine.run(TPCHQueries.query(number))
        return rows(result.batches).sorted()
    }

    /// The events of every input partition, each partition's batches then its finish; probe-side leaves (later in
    /// pre-order) first.
    static func inputStreams(_ inputs: [[[RecordBatch]]]) -> [[InputEvent]] {
        inputs.indices.reversed().flatMap { input in
            inputs[input].indices.map { partition in
                inputs[input][partition].map { InputEvent.push(input: input, partition: partition, $0) }
                    + [.finish(input: input, partition: partition)]
            }
        }
    }

    /// The events of `streams` taken one from each stream in turn.
    static func roundRobin(_ streams: [[InputEvent]]) -> [InputEvent] {
        var result: [InputEvent] = []
        for step in 0..<(streams.map(\.count).max() ?? 0) {
            for stream in streams where step < stream.count { result.append(stream[step]) }
        }
        return result
    }

    /// Applies one event, counting it as held back when the pipeline only queued it.
    static func apply(_ event: InputEvent, _ pipeline: TaskPipeline, _ observations: inout Observations) throws {
        let rowsBefore = pipeline.emittedRows.reduce(0) { $0 + $1.rows }
        let bytesBefore = pipeline.heldBytes
        switch event {
        case .push(let input, let partition, let batch):
            try pipeline.push(input: input, partition: partition, batch)
            let rowsAfter = pipeline.emittedRows.reduce(0) { $0 + $1.rows }
            if rowsAfter == rowsBefore && pipeline.heldBytes - bytesBefore == batch.heldBytes && batch.rowCount > 0 {
                observations.heldBackPushes += 1
            }
        case .finish(let input, let partition):
            try pipeline.finish(input: input, partition: partition)
        }
        #expect(pipeline.peakHeldBytes >= pipeline.heldBytes)
    }

    static func drainScans(_ pipeline: TaskPipeline) throws {
        while pipeline.hasRunnableScanStep { try pipeline.runScanStep() }
    }

    /// Runs one task in `order`; returns its output partitions.
    static func runTask(
        _ stage: Stage, _ task: Int, inputs: [[[RecordBatch]]], order: Order, _ observations: inout Observations
    ) throws -> [[RecordBatch]] {
        var partitions = [[RecordBatch]](repeating: [], count: stage.partitionsPerTask)
        var finished = [Bool](repeating: false, count: stage.partitionsPerTask)
        let pipeline = try TaskPipeline(
            stage: stage, task: task, output: { partitions[$0].append(try $1.materialized()) },
            outputFinished: { finished[$0] = true })
        #expect(pipeline.inputPartitionCounts == stage.fragment.stageInputLeaves.map(\.partitionCount))
        let hasTableScans = stage.fragment.nodes.contains {
            if case .scan(_, let source, _, _) = $0.kind { return !(source is StageInputSource) }
            return false
        }
        if hasTableScans && !pipeline.hasRunnableScanStep { observations.scansGatedAtStart += 1 }
        let streams = inputStreams(inputs)
        switch order {
        case .inputsFirst:
            for event in streams.joined() { try apply(event, pipeline, &observations) }
        case .scansFirst:
            try drainScans(pipeline)
            for event in streams.joined() { try apply(event, pipeline, &observations) }
        case .interleaved:
            for event in roundRobin(streams) {
                try apply(event, pipeline, &observations)
                try pipeline.runScanStep()
            }
        }
        try drainScans(pipeline)
        #expect(pipeline.isFinished && finished.allSatisfy { $0 }, "stage \(stage.id) task \(task) finished")
        return partitions
    }

    /// Runs every task of `plan`, stage by stage, routing outputs as `StageDriver` does; returns the root's batches.
    static func run(_ plan: StagePlan, order: Order, _ observations: inout Observations) throws -> [RecordBatch] {
        var outputs: [[TaskResult]] = []
        for stage in plan.stages {
            let leaves = stage.fragment.stageInputLeaves
            var results: [TaskResult] = []
            for task in 0..<stage.taskCount {
                let inputs = leaves.map {
                    StageDriver.route(
                        outputs[$0.input.stage - 1], $0.input.kind, task: task, partitions: $0.partitionCount)
                }
                let partitions = try runTask(stage, task, inputs: inputs, order: order, &observations)
                results.append(TaskResult(partitions: partitions))
            }
            outputs.append(results)
        }
        return outputs[plan.root.id - 1].flatMap { $0.partitions.joined() }
    }

    @Test(
        "every TPC-H query on 3 workers, fed inputs-first, scans-first or interleaved, gives the single-node rows",
        arguments: 1...22)
    func matchesSingleNode(number: Int) throws {
        let expected = try Self.expectedRows(number)
        let plan = try Self.plan(number)
        for order in Order.allCases {
            var observations = Observations()
            let actual = Self.rows(try Self.run(plan, order: order, &observations)).sorted()
            #expect(actual.count == expected.count, "Q\(number) \(order)")
            #expect(actual == expected, "Q\(number) \(order)")
        }
    }

    @Test("the adversarial orders really hold probe batches back and gate probe-side table scans")
    func gatingIsExercised() throws {
        var observations = Observations()
        for number in [3, 5, 9, 18] {
            _ = try Self.run(Self.plan(number), order: .inputsFirst, &observations)
        }
        #expect(observations.heldBackPushes > 0)
        #expect(observations.scansGatedAtStart > 0)
    }

    @Test("per-operator emitted rows at the end equal the LocalExecutor's metrics of the same task fragment")
    func emittedRowsMatchLocalExecutor() throws {
        for number in [1, 3, 9, 13, 21] {
            let plan = try Self.plan(number)
            var outputs: [[TaskResult]] = []
            for stage in plan.stages {
                var results: [TaskResult] = []
                for task in 0..<stage.taskCount {
                    let inputs = stage.fragment.stageInputLeaves.map {
                        StageDriver.route(
                            outputs[$0.input.stage - 1], $0.input.kind, task: task, partitions: $0.partitionCount)
                    }
                    let pipeline = try TaskPipeline(
                        stage: stage, task: task, output: { _, _ in }, outputFinished: { _ in })
                    var observations = Observations()
                    for event in Self.roundRobin(Self.inputStreams(inputs)) {
                        try Self.apply(event, pipeline, &observations)
                    }
                    try Self.drainScans(pipeline)
                    let request = TaskRequest(stage: stage, task: task, inputs: inputs, headers: Headers())
                    let local = try LocalExecutor().run(Worker.taskFragment(request))
                    var expected: [(String, Int)] = []
                    for metric in local.metrics {
                        if let index = expected.firstIndex(where: { $0.0 == metric.name }) {
                            expected[index].1 += metric.outputRowCount
                        } else {
                            expected.append((metric.name, metric.outputRowCount))
                        }
                    }
                    let actual = pipeline.emittedRows
                    #expect(actual.map(\.operatorName) == expected.map(\.0), "Q\(number) stage \(stage.id)")
                    #expect(actual.map(\.rows) == expected.map(\.1), "Q\(number) stage \(stage.id) task \(task)")
                    let localPeak = local.metrics.map(\.peakHeldBytes).max() ?? 0
                    #expect(pipeline.peakHeldBytes >= localPeak, "Q\(number) stage \(stage.id) task \(task)")
                    #expect(pipeline.peakHeldBytes >= pipeline.heldBytes)
                    results.append(TaskResult(partitions: local.partitions))
                }
                outputs.append(results)
            }
        }
    }

    @Test("emitted rows only grow, step by step, and a scan step on lineitem emits at most one batch's rows")
    func emittedRowsAreCumulative() throws {
        let plan = try Self.plan(6, workers: 1)
        let stage = plan.stages[0]
        let pipeline = try TaskPipeline(stage: stage, task: 0, output: { _, _ in }, outputFinished: { _ in })
        var previous = pipeline.emittedRows
        #expect(previous.allSatisfy { $0.rows == 0 })
        var steps = 0
        while pipeline.hasRunnableScanStep {
            try pipeline.runScanStep()
            let current = pipeline.emittedRows
            #expect(current.map(\.operatorName) == previous.map(\.operatorName))
            #expect(zip(current, previous).allSatisfy { $0.rows >= $1.rows })
            previous = current
            steps += 1
        }
        #expect(steps > stage.partitionsPerTask, "one step per batch plus one finish per partition")
        #expect(pipeline.isFinished)
        let lineitemRows = try #require(try DistributedTestSupport.catalog.get().table("lineitem")?.rowCount)
        #expect(previous.first { $0.operatorName == "Scan(lineitem)" }?.rows == lineitemRows)
        try pipeline.runScanStep()
        #expect(pipeline.emittedRows.map(\.rows) == previous.map(\.rows), "a step with nothing runnable is a no-op")
    }

    @Test("push after finish, a second finish and unknown inputs or partitions throw a protocol violation")
    func protocolErrorsThrow() throws {
        let plan = try Self.plan(3)
        let stage = try #require(plan.stages.first { !$0.fragment.stageInputLeaves.isEmpty })
        let pipeline = try TaskPipeline(stage: stage, task: 0, output: { _, _ in }, outputFinished: { _ in })
        let last = pipeline.inputPartitionCounts.count - 1
        try pipeline.finish(input: last, partition: 0)
        let empty = RecordBatch(rowCount: 0)
        func expectProtocolViolation(_ what: String, _ body: () throws -> Void) {
            let error = #expect(throws: PhysicalPlanError.self, "\(what)") { try body() }
            guard case .protocolViolation? = error else {
                Issue.record("\(what): \(String(describing: error))")
                return
            }
        }
        expectProtocolViolation("push after finish") { try pipeline.push(input: last, partition: 0, empty) }
        expectProtocolViolation("second finish") { try pipeline.finish(input: last, partition: 0) }
        expectProtocolViolation("unknown input") { try pipeline.push(input: last + 1, partition: 0, empty) }
        let partitions = pipeline.inputPartitionCounts[0]
        expectProtocolViolation("unknown partition") { try pipeline.finish(input: 0, partition: partitions) }
        expectProtocolViolation("negative input") { try pipeline.finish(input: -1, partition: 0) }
        #expect(throws: PhysicalPlanError.self) {
            try TaskPipeline(stage: stage, task: stage.taskCount, output: { _, _ in }, outputFinished: { _ in })
        }
    }
}
