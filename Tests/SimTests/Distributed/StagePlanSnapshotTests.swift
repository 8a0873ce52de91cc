import PlanKit
import TPCH
import Testing

/// The EXPLAIN text of every TPC-H query's stage plan, compared with reviewed golden files in
/// `Fixtures/stage-plans` (README there): a planner change that moves a boundary or a task count shows up as a
/// diff. Fixed settings: SF 0.01, 4 workers, 2 partitions per task, broadcast joins up to 20 000 rows; once with
/// the default estimator (bytes-per-task, 16 MiB) and once with `fixed` (4 tasks) so multi-task stages are shown.
/// Refresh: `CLUSTERSIM_UPDATE_SNAPSHOTS=1 swift test --filter StagePlanSnapshotTests`.
@Suite("stage plans of the 22 TPC-H queries at 4 workers match their golden EXPLAIN files")
struct StagePlanSnapshotTests {
    static let workerCount = 4
    static let partitionCount = 2

    /// The golden text: a header naming the settings, then the plan's EXPLAIN.
    static func snapshot(_ number: Int, estimator: any TaskEstimator, settings: String) throws -> String {
        let plan = try DistributedTestSupport.plan(
            number, workers: workerCount, options: DistributedPlannerOptions(estimator: estimator),
            partitionCount: partitionCount)
        return """
            # TPC-H Q\(number) at SF 0.01 on \(workerCount) workers, \(partitionCount) partitions per task, \
            broadcast ≤ 20000 rows, estimator \(settings)
            # refresh: CLUSTERSIM_UPDATE_SNAPSHOTS=1 swift test --filter StagePlanSnapshotTests

            """ + plan.explain()
    }

    static func name(_ number: Int, _ suffix: String) -> String {
        "stage-plans/q" + (number < 10 ? "0" : "") + "\(number)\(suffix).txt"
    }

    @Test("bytes-per-task (the default): EXPLAIN equals stage-plans/qNN.txt", arguments: 1...22)
    func defaultEstimator(number: Int) throws {
        let text = try Self.snapshot(number, estimator: BytesPerTaskEstimator(), settings: "bytes-per-task (16 MiB)")
        try Snapshot.check(text, against: Self.name(number, ""))
    }

    @Test("fixed (4 tasks): EXPLAIN equals stage-plans/qNN-fixed.txt, with multi-task stages", arguments: 1...22)
    func fixedEstimator(number: Int) throws {
        let text = try Self.snapshot(number, estimator: FixedTaskEstimator(count: 4), settings: "fixed (4 tasks)")
        try Snapshot.check(text, against: Self.name(number, "-fixed"))
        #expect(text.contains("tasks=4"), "Q\(number): the fixed goldens show 4-task stages")
    }

    @Test("a mismatch names the first differing line with both versions, and the line counts")
    func differenceIsReadable() {
        #expect(Snapshot.difference(expected: "a\nb\nc\n", actual: "a\nb\nc\n") == nil)
        #expect(
            Snapshot.difference(expected: "Stage 2 ── tasks=1\n  │ Sort\n", actual: "Stage 2 ── tasks=1\n  │ TopK\n")
                == """
                first difference at line 2 (golden 3 lines, actual 3 lines)
                  golden:   │ Sort
                  actual:   │ TopK
                """)
        #expect(
            Snapshot.difference(expected: "a\n", actual: "a\nb\n")
                == """
                first difference at line 2 (golden 2 lines, actual 3 lines)
                  golden: <empty line>
                  actual: b
                """)
        #expect(
            Snapshot.difference(expected: "a\nb", actual: "a")
                == """
                first difference at line 2 (golden 2 lines, actual 1 lines)
                  golden: b
                  actual: <end of text>
                """)
    }
}
