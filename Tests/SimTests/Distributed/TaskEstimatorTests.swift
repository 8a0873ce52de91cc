import PlanKit
import TPCH
import Testing

/// Task counts: the merge rule of estimates, one worker collapsing every plan to a single stage, the fixed
/// estimator's counts, and the bytes-per-task estimator following the data's size.
@Suite("task estimators and their merge rule decide stage task counts")
struct TaskEstimatorTests {
    @Test("merge: desired counts merge to their maximum, any maximum wins, maximums merge to their minimum")
    func mergeRules() {
        #expect(TaskCountEstimate.merge([]) == nil)
        #expect(TaskCountEstimate.merge([.desired(3)]) == 3)
        #expect(TaskCountEstimate.merge([.desired(2), .desired(7), .desired(5)]) == 7)
        #expect(TaskCountEstimate.merge([.desired(9), .maximum(3)]) == 3)
        #expect(TaskCountEstimate.merge([.maximum(3), .desired(9)]) == 3)
        #expect(TaskCountEstimate.merge([.desired(1), .maximum(6)]) == 6, "a maximum wins even over a smaller desire")
        #expect(TaskCountEstimate.merge([.maximum(6), .maximum(2), .maximum(4)]) == 2)
        #expect(TaskCountEstimate.merge([.desired(50), .maximum(6), .desired(1), .maximum(4)]) == 4)
    }

    @Test("with one worker every query is a single one-task stage: every boundary is removed", arguments: 1...22)
    func oneWorkerIsOneStage(number: Int) throws {
        for name in TaskEstimators.names {
            let options = DistributedPlannerOptions(estimator: try DistributedTestSupport.estimator(name))
            let plan = try DistributedTestSupport.plan(number, workers: 1, options: options)
            #expect(plan.stages.count == 1, "Q\(number), \(name)")
            #expect(plan.stages.allSatisfy { $0.taskCount == 1 && $0.workers == [WorkerAddress("worker-1")] })
            #expect(plan.root.inputs.isEmpty && plan.root.fragment.inputLeaves.isEmpty)
            #expect(!plan.explain().contains("=> Network"), "Q\(number), \(name)")
        }
    }

    @Test(
        "fixed(c) gives every stage min(c, workers) tasks, except the root and NetworkCoalesce consumers (1 task)",
        arguments: 1...22)
    func fixedCounts(number: Int) throws {
        for (count, workers) in [(4, 2), (4, 4), (3, 16), (4, 100)] {
            let options = DistributedPlannerOptions(estimator: FixedTaskEstimator(count: count))
            let plan = try DistributedTestSupport.plan(number, workers: workers, options: options)
            for stage in plan.stages {
                let gathers = stage.id == plan.root.id || stage.inputs.contains { $0.kind == .coalesce }
                let expected = gathers ? 1 : min(count, workers)
                #expect(
                    stage.taskCount == expected, "Q\(number), fixed(\(count)), \(workers) workers, stage \(stage.id)")
            }
            #expect(plan.stages.count > 1, "Q\(number): several tasks need network boundaries")
        }
        let capped = try DistributedTestSupport.plan(
            number, workers: 16,
            options: DistributedPlannerOptions(maximumTasksPerStage: 3, estimator: FixedTaskEstimator(count: 8)))
        #expect(capped.stages.map(\.taskCount).max() == 3, "--max-tasks caps the fixed count")
    }

    @Test("fixed(1) on many workers collapses to one stage, like one worker: single-task boundaries are removed")
    func fixedOneCollapses() throws {
        for number in [1, 3, 9, 18] {
            let plan = try DistributedTestSupport.plan(
                number, workers: 8, options: DistributedPlannerOptions(estimator: FixedTaskEstimator(count: 1)))
            #expect(plan.stages.count == 1, "Q\(number)")
        }
    }

    @Test("the cardinality factor scales follower stages: ×0.5 halves them, 0 gives 1 task, 1e300 caps at the workers")
    func cardinalityFactor() throws {
        // 100 kB per task gives Q1's lineitem scan (7 MB at SF 0.01) 8 of 8 workers; the final aggregate, on
        // which bytes-per-task has no opinion, follows it scaled by the factor.
        for (factor, expected) in [(1.0, 8), (0.5, 4), (0.3, 2), (0, 1), (1e300, 8)] {
            let options = DistributedPlannerOptions(
                estimator: BytesPerTaskEstimator(bytesPerTask: 100_000), cardinalityFactor: factor)
            let plan = try DistributedTestSupport.plan(1, workers: 8, options: options)
            #expect(plan.stage(1).taskCount == 8)
            #expect(plan.stage(2).taskCount == expected, "factor \(factor)")
        }
    }

    /// Bytes of one row of Q1's lineitem scan: 4 decimals (16 B) + 2 strings (24 B) + a date (4 B).
    static let q1ScanRowBytes = 4 * 16 + 2 * 24 + 4

    @Test("bytes-per-task: Q1 on 16 workers gets ⌈rows × 116 B / 2 MB⌉ leaf tasks: 4 at SF 0.01, capped 16 at SF 0.1")
    func bytesPerTaskFollowsData() throws {
        let options = DistributedPlannerOptions(estimator: BytesPerTaskEstimator(bytesPerTask: 2_000_000))
        var leafTasks: [Double: Int] = [:]
        for (scale, catalog) in [
            (0.01, try DistributedTestSupport.catalog.get()), (0.1, try DistributedTestSupport.largerCatalog.get()),
        ] {
            let plan = try DistributedTestSupport.plan(1, workers: 16, options: options, catalog: catalog)
            let rows = try TPCHGenerator(scale: scale).rowCount(.lineitem)
            let wanted = (rows * Self.q1ScanRowBytes + 1_999_999) / 2_000_000
            let leaf = plan.stage(1)
            #expect(leaf.fragment.inputLeaves.isEmpty, "stage 1 scans lineitem")
            #expect(leaf.taskCount == min(16, wanted), "SF \(scale): \(rows) rows")
            leafTasks[scale] = leaf.taskCount
        }
        #expect(leafTasks[0.01] == 4)
        #expect(leafTasks[0.1] == 16)
        // At the default 16 MiB the SF 0.01 lineitem (7 MB) is one task, and one-task stages merge into the root.
        let single = try DistributedTestSupport.plan(1, workers: 16)
        #expect(single.stages.count == 1)
    }
}
