import ClusterSim
import Foundation
import PlanKit
import Testing

/// Every file in `scenarios/`: it parses, says what it shows, and — run through the Swift API — does what its
/// `[expect]` section says, with the single-node engine as the oracle. Together the files cover every fault kind,
/// estimator and execution mode, and at least one must-fail scenario.
@Suite("scenario files")
struct ScenarioFilesTests {
    /// The package's `scenarios/` folder, found from this file's path.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Scenario
        .deletingLastPathComponent()  // SimTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package root
        .appendingPathComponent("scenarios").path

    /// The scenario files' names, sorted.
    static let fileNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".toml") }.sorted()
    }()

    /// Scenarios that expose a simulator bug: the file stays, the case is a known issue until the bug is fixed.
    static let knownIssues: [String: String] = [:]

    static func load(_ fileName: String) throws -> Scenario {
        try Scenario.load(path: directory + "/" + fileName)
    }

    /// The rows of a result as sorted text lines (order-insensitive comparison).
    static func rows(_ result: QueryResult?) throws -> [String] {
        try SimulationFixture.rows(result)
    }

    @Test("scenarios/ holds at least 20 files, each parsing without errors and starting with a comment")
    func filesParse() throws {
        #expect(Self.fileNames.count >= 20, "only \(Self.fileNames.count) scenario files in \(Self.directory)")
        for fileName in Self.fileNames {
            let scenario = try Self.load(fileName)
            #expect(scenario.name + ".toml" == fileName, "\(fileName): name is '\(scenario.name)'")
            let text = try String(contentsOfFile: Self.directory + "/" + fileName, encoding: .utf8)
            let comment = text.split(separator: "\n").prefix { $0.hasPrefix("#") }
            #expect(comment.count >= 3, "\(fileName) should start with a comment block saying what it shows")
            #expect(comment.joined().contains("What to look at"), "\(fileName): the comment names what to look at")
        }
    }

    @Test("the files cover every fault kind, every estimator, both execution modes, and a must-fail run")
    func filesCoverTheFeatures() throws {
        let scenarios = try Self.fileNames.map(Self.load)
        let kinds = Set(scenarios.flatMap { $0.faults.faults.map(\.kind.name) })
        for kind in FaultKind.names { #expect(kinds.contains(kind), "no scenario injects '\(kind)'") }
        let estimators = Set(scenarios.map(\.planner.estimator))
        for name in TaskEstimators.names { #expect(estimators.contains(name), "no scenario uses estimator '\(name)'") }
        let modes = Set(scenarios.map(\.planner.mode))
        for mode in ExecutionMode.allCases { #expect(modes.contains(mode), "no scenario runs \(mode)") }
        let failures = Set(scenarios.compactMap(\.expectations.failure))
        #expect(failures.contains(.allWorkersDown))
        #expect(failures.contains(.attemptsExhausted))
        #expect(scenarios.contains { $0.data != .tpch(scale: 0.01) }, "no scenario reads its own data files")
    }

    @Test("each scenario meets its expectations: the single-node result, or its failure class", arguments: fileNames)
    func scenarioRuns(_ fileName: String) throws {
        if let issue = Self.knownIssues[fileName] {
            withKnownIssue(Comment(rawValue: issue)) { try Self.check(fileName) }
        } else {
            try Self.check(fileName)
        }
    }

    /// Plans and runs the scenario as `clustersim run` will, and checks every expectation it states.
    static func check(_ fileName: String) throws {
        let scenario = try load(fileName)
        let catalog = try scenario.catalog(baseDirectory: directory)
        let engine = QueryEngine(catalog: catalog, options: scenario.planner.queryOptions)
        let cluster = scenario.cluster
        let plan = try engine.distributedPlan(
            scenario.sql, workers: cluster.workerAddresses,
            options: DistributedPlannerOptions(estimator: scenario.planner.taskEstimator),
            broadcastRowLimit: scenario.planner.broadcastRowLimit.map(Double.init) ?? 20_000)
        let report = try cluster.run(plan, options: scenario.runOptions)
        let expect = scenario.expectations
        if !scenario.faults.isEmpty { #expect(!report.faultEvents.isEmpty, "\(fileName): no fault fired") }
        if let stages = expect.stages { #expect(plan.stages.count == stages, "\(fileName): stages") }
        if let tasks = expect.tasks { #expect(plan.taskCount == tasks, "\(fileName): tasks") }
        if let maxRetries = expect.maxRetries { #expect(report.retryCount <= maxRetries, "\(fileName): retries") }
        if let deadline = expect.maxVirtualTime {
            #expect(report.virtualTime.nanoseconds <= deadline.nanoseconds, "\(fileName): took \(report.virtualTime)")
        }
        if let hash = expect.traceHash { #expect(report.traceHash == hash, "\(fileName): trace hash") }
        if let failure = expect.failure {
            #expect(report.failure?.failureClass == failure, "\(fileName): \(report.status)")
            #expect(report.result == nil, "\(fileName): a failed run has no result")
            return
        }
        #expect(report.failure == nil, "\(fileName): \(report.failure.map(\.description) ?? "")")
        guard expect.result == .oracle else { return }
        let oracle = QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: 1))
        let expected = try rows(oracle.run(scenario.sql))
        #expect(!expected.isEmpty, "\(fileName): the query returns no rows, so the comparison proves little")
        #expect(try rows(report.result) == expected, "\(fileName): the result differs from the single-node result")
    }
}
