import ClusterSim
import Foundation
import PlanKit
import TPCH
import Testing

/// The HTML report loaded in headless Chromium: its scripts run without errors and the browser's DOM has one
/// attempt bar per task attempt. Skipped without a browser unless `CLUSTERSIM_REQUIRE_CHROMIUM` is set.
@Suite(
    "HTML report in headless Chromium", .serialized,
    .enabled(
        if: Chromium.requiredOrAvailable,
        "no chromium on PATH: apt-get install -y chromium (with CLUSTERSIM_REQUIRE_CHROMIUM set this fails instead)"))
struct HTMLReportBrowserTests {
    /// The DOM Chromium built from `html`, or nil (with an issue recorded) when no browser is installed.
    static func load(_ html: String) throws -> String? {
        guard let executable = Chromium.require() else { return nil }
        return try Chromium.dumpDOM(html, executable: executable)
    }

    /// Checks a loaded page: scripts ran to the end without an error, and the DOM holds `attempts` attempt bars.
    static func expectLoaded(_ dom: String, attempts: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(
            dom.contains("data-script-ok=\"1\""), "the page's scripts did not finish", sourceLocation: sourceLocation)
        let error = dom.firstMatch(of: /data-script-error="([^"]*)"/).map { String($0.1) }
        #expect(error == nil, "script error: \(error ?? "")", sourceLocation: sourceLocation)
        #expect(HTMLTags.count("class=\"attempt\"", in: dom) == attempts, sourceLocation: sourceLocation)
        #expect(
            HTMLTags.elements(dom, tag: "rect", className: "attempt").count == attempts, sourceLocation: sourceLocation)
        // Counted by the page's own script with querySelectorAll: the bars are SVG elements, not stray text.
        #expect(dom.contains("data-attempt-bars=\"\(attempts)\""), sourceLocation: sourceLocation)
    }

    @Test("a hand-built report loads without script errors and with one bar per attempt")
    func handBuiltReportLoads() throws {
        let report = HTMLReportSamples.handBuilt()
        guard let dom = try Self.load(report.html(title: "hand-built <report> & faults")) else { return }
        Self.expectLoaded(dom, attempts: report.tasks.count)
        #expect(HTMLTags.elements(dom, tag: "g", className: "fault").count == 2)
    }

    @Test("the check catches a failing script: a broken tooltip script sets data-script-error and no data-script-ok")
    func brokenScriptIsCaught() throws {
        let html = HTMLReportSamples.handBuilt().html(title: "broken")
        let broken = html.replacingOccurrences(
            of: "window.clusterSimTooltipReady = true;",
            with: "missingFunction(); window.clusterSimTooltipReady = true;")
        #expect(broken != html)
        guard let dom = try Self.load(broken) else { return }
        #expect(!dom.contains("data-script-ok=\"1\""))
        #expect(dom.contains("data-script-error=\"Uncaught ReferenceError: missingFunction is not defined"))
    }

    @Test("the report of a real TPC-H Q3 run on 3 workers loads with one bar per attempt")
    func realRunLoads() throws {
        let cluster = Cluster(workers: 3, seed: 1)
        let engine = QueryEngine(catalog: try Catalog.tpch(scale: 0.01), options: QueryOptions(partitionCount: 2))
        let plan = try engine.distributedPlan(
            TPCHQueries.query(3), workers: cluster.workerAddresses,
            options: DistributedPlannerOptions(estimator: FixedTaskEstimator()))
        let report = try cluster.run(plan)
        #expect(report.succeeded)
        #expect(report.tasks.count >= report.stages.count && report.stages.count > 1)
        let html = report.html(title: "TPC-H Q3, 3 workers, seed 1")
        #expect(HTMLTags.elements(html, tag: "g", className: "stage").count == report.stages.count)
        guard let dom = try Self.load(html) else { return }
        Self.expectLoaded(dom, attempts: report.tasks.count)
    }
}
