import ClusterSim
import Foundation
import Testing

/// The structure of the HTML report of a hand-built run: bars, rows, lanes, markers, the stage graph, escaping.
@Suite("HTML report structure")
struct HTMLReportTests {
    let report = HTMLReportSamples.handBuilt()
    var html: String { report.html(title: "Q3 <a & b>") }

    @Test("one rect.attempt per task attempt, in order, carrying its stage, task, attempt, outcome and worker")
    func oneBarPerAttempt() {
        let bars = HTMLTags.elements(html, tag: "rect", className: "attempt")
        #expect(bars.count == 6)
        #expect(HTMLTags.count("class=\"attempt\"", in: html) == 6)
        let expected = report.tasks.map {
            ["\($0.stage)", "\($0.task)", "\($0.attempt)", $0.outcome.rawValue, "\($0.speculative)", $0.worker]
        }
        let actual = bars.map {
            [
                $0["data-stage"], $0["data-task"], $0["data-attempt"], $0["data-outcome"], $0["data-speculative"],
                $0["data-worker"],
            ].map { $0 ?? "?" }
        }
        #expect(actual == expected)
        // Stage colours: stages 0, 1, 2 take the first three palette entries.
        #expect(bars.map { $0["fill"] ?? "" } == ["#4e79a7", "#4e79a7", "#4e79a7", "#f28e2b", "#f28e2b", "#59a14f"])
        // In the chart, failed attempts get a hatch overlay; nothing else does.
        let chart = String(html[(html.firstRange(of: "<svg class=\"gantt\"")?.lowerBound ?? html.endIndex)...])
        #expect(HTMLTags.elements(chart, tag: "rect", className: "hatch").count == 1)
    }

    @Test("every worker has a row, the idle worker-4 included, plus a top row for the coordinator's fault")
    func rowsForEveryWorker() {
        let rows = HTMLTags.elements(html, tag: "g", className: "row").map { $0["data-worker"] ?? "" }
        #expect(rows == ["coordinator", "worker-1", "worker-2", "worker-3", "worker-4"])
        let withoutCoordinatorFault = SimulationReport(
            result: nil, failure: nil, trace: Trace(), virtualTime: .zero, bytesShuffled: 0, tasks: [], stages: [],
            mode: .pipelined, workerCount: 3, costModel: CostModel(), network: NetworkModel(), seed: 1)
        let idleRows = HTMLTags.elements(withoutCoordinatorFault.html(title: "idle"), tag: "g", className: "row")
        #expect(idleRows.map { $0["data-worker"] ?? "" } == ["worker-1", "worker-2", "worker-3"])
    }

    @Test("a g.fault marker per fault.* event, on its worker's row, the coordinator's on the top row")
    func faultMarkers() throws {
        let markers = HTMLTags.elements(html, tag: "g", className: "fault")
        #expect(markers.map { $0["data-worker"] ?? "" } == ["worker-2", "coordinator"])
        #expect(markers.allSatisfy { $0["data-kind"] == "fault.crash" })
        // Each marker's line starts at the top of its row's band.
        let bands = HTMLTags.elements(html, tag: "rect", className: "row-band").map { $0["y"] ?? "" }
        let lines = html.matches(of: /<g class="fault"[^>]*><line x1="[^"]*" y1="([^"]*)"/).map { String($0.1) }
        #expect(lines == [bands[2], bands[0]])
        // The worker-2 marker sits at 4 ms of 20 ms along the 960-pixel plot that starts at x = 100.
        let x = try #require(html.firstMatch(of: /<g class="fault"[^>]*><line x1="([^"]*)"/)).1
        #expect(x == "292.0")
    }

    @Test("overlapping attempts on one worker take separate sub-lanes; disjoint ones share a lane")
    func subLanes() throws {
        let bars = HTMLTags.elements(html, tag: "rect", className: "attempt")
        func y(_ index: Int) throws -> Double { try #require(Double(bars[index]["y"] ?? "")) }
        // worker-1: stage 0 task 1 [0, 8) and stage 1 task 0 [2, 16) overlap.
        #expect(try y(3) - y(2) == 18)
        // worker-2: the failed attempt [0, 4) and the speculative copy [12, 16) do not.
        #expect(try y(0) == y(4))
        // worker-3: [5, 10) then [16, 20).
        #expect(try y(1) == y(5))
        let heights = HTMLTags.elements(html, tag: "rect", className: "row-band").map { $0["height"] ?? "" }
        // coordinator, worker-1 (two lanes), worker-2, worker-3, worker-4: 2 × 5 padding + lanes × 16 + gaps × 2.
        #expect(heights == ["26.0", "44.0", "26.0", "26.0", "26.0"])
    }

    @Test("the time axis has round tick labels in milliseconds from 0 to the end of the run")
    func tickLabels() {
        #expect(HTMLTags.texts(html, tag: "text", className: "tick") == ["0", "5", "10", "15", "20"])
        let short = SimulationReport(
            result: nil, failure: nil, trace: Trace(), virtualTime: VirtualTime(nanoseconds: 730_000),
            bytesShuffled: 0, tasks: [], stages: [], mode: .pipelined, workerCount: 1, costModel: CostModel(),
            network: NetworkModel(), seed: 1)
        #expect(
            HTMLTags.texts(short.html(title: "short"), tag: "text", className: "tick")
                == ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
    }

    @Test("the stage graph draws leaves left of the root and one edge per input labelled with its boundary")
    func stageGraph() throws {
        let edges = HTMLTags.elements(html, tag: "g", className: "edge")
        #expect(
            edges.map { [$0["data-from"], $0["data-to"], $0["data-boundary"]] } == [
                ["0", "2", "shuffle"], ["1", "2", "broadcast"],
            ])
        #expect(HTMLTags.count(">shuffle</text>", in: html) == 1)
        let boxes = HTMLTags.elements(html, tag: "rect", className: "stage-box")
        let x = try boxes.map { try #require(Double($0["x"] ?? "")) }
        let y = try boxes.map { try #require(Double($0["y"] ?? "")) }
        #expect(x[0] == x[1] && x[1] < x[2])
        #expect(y[0] < y[1] && y[2] > y[0] && y[2] < y[1])
    }

    @Test("text from the report is escaped: SQL-ish `<&>` in the title, failure and events never reaches the page raw")
    func escaping() {
        #expect(html.contains("<title>Q3 &lt;a &amp; b&gt;</title>"))
        #expect(
            html.contains("query-error: division by zero in SELECT a / b FROM t WHERE a &lt; 1 &amp;&amp; b &gt; 2"))
        #expect(html.contains("SELECT * FROM t WHERE a &lt; 1 &amp;&amp; b &gt; 2"))
        #expect(html.contains("after &lt;crash&gt;"))
        #expect(!html.contains("a < 1"))
        #expect(!html.contains("<crash>"))
        #expect(!html.contains("coordinator </td>"))
        #expect(HTMLTags.count("<script>", in: html) == 3)
    }

    @Test("the header shows the status, seed, mode, workers, virtual time, bytes, attempts, retries and trace hash")
    func header() {
        for fact in [
            "<dt>seed</dt><dd>42</dd>", "<dt>mode</dt><dd>staged</dd>", "<dt>workers</dt><dd>4</dd>",
            "<dt>virtual time</dt><dd>20.000 ms</dd>", "<dt>bytes shuffled</dt><dd>123,456</dd>",
            "<dt>tasks</dt><dd>4</dd>", "<dt>attempts</dt><dd>6</dd>", "<dt>retries</dt><dd>2</dd>",
            "<dt>trace hash</dt><dd>\(report.traceHash)</dd>", "<p class=\"status\" data-status=\"query-error\">",
        ] {
            #expect(html.contains(fact), "\(fact)")
        }
    }

    @Test("the tables list each fault, each recovery action, each stage and each attempt")
    func tables() {
        func rowCount(_ kind: String) -> Int {
            guard let table = html.firstRange(of: "<table class=\"\(kind)\">"),
                let end = html[table.upperBound...].firstRange(of: "</table>")
            else { return -1 }
            return HTMLTags.count("<tr>", in: String(html[table.upperBound..<end.lowerBound])) - 1
        }
        #expect(rowCount("faults") == 2)
        #expect(rowCount("recovery") == 2)
        #expect(rowCount("stages") == 3)
        #expect(rowCount("attempts") == 6)
        #expect(html.contains("<td>stage 0 via shuffle, stage 1 via broadcast</td>"))
    }

    @Test("the page is deterministic and self-contained: same report, same bytes; nothing loaded from elsewhere")
    func deterministicAndSelfContained() {
        let other = HTMLReportSamples.handBuilt().html(title: "Q3 <a & b>")
        #expect(html == other)
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for external in ["http:", "https:", "src=", "<link", "@import", "//cdn"] {
            #expect(!withoutNamespace.contains(external), "\(external)")
        }
    }
}
