extension SimulationReport {
    /// The report as one self-contained HTML page (inline CSS, a small inline script for hover tooltips, nothing
    /// loaded from elsewhere): a header with the status and totals, an SVG Gantt chart of every task attempt on every
    /// worker over virtual time with fault markers, a legend, the stage graph, and tables of faults fired, recovery
    /// actions, per-stage and per-attempt metrics.
    ///
    /// Every text taken from the report is HTML-escaped. The page is a function of the report alone (no dates, no
    /// hash-ordered iteration), so the same run gives the same bytes.
    ///
    /// Each attempt is one `<rect class="attempt">` with `data-stage`, `data-task`, `data-attempt`, `data-outcome`,
    /// `data-speculative` and `data-worker` attributes; each fault one `<g class="fault">`. When the page loads, its
    /// scripts set `data-script-ok="1"` on `<body>`, or `data-script-error` with the message if a script failed.
    /// - Parameter title: the page title and heading (escaped).
    /// - Returns: the HTML text.
    public func html(title: String) -> String {
        let sections = [
            headerHTML(title: title),
            "<section id=\"timeline\">\n<h2>Timeline</h2>\n\(legendHTML())\n<div class=\"chart\">\n\(ganttSVG())\n</div>"
                + "\n</section>",
            "<section id=\"stage-graph\">\n<h2>Stage graph</h2>\n<div class=\"chart\">\n\(stageGraphSVG())\n</div>\n"
                + "</section>",
            "<section id=\"faults\">\n<h2>Faults fired (\(faultEvents.count))</h2>\n"
                + eventTableHTML(faultEvents, kind: "faults", empty: "No fault fired.") + "\n</section>",
            "<section id=\"recovery\">\n<h2>Recovery actions (\(recoveryEvents.count))</h2>\n"
                + eventTableHTML(recoveryEvents, kind: "recovery", empty: "No recovery action.") + "\n</section>",
            "<section id=\"stages\">\n<h2>Stages</h2>\n\(stageTableHTML())\n</section>",
            "<section id=\"attempts\">\n<h2>Task attempts (\(tasks.count))</h2>\n\(attemptTableHTML())\n</section>",
        ]
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(title))</title>
            <style>
            \(Self.styleSheet)
            </style>
            </head>
            <body>
            <script>
            \(Self.errorScript)
            </script>
            \(sections.joined(separator: "\n"))
            <div id="tooltip" role="tooltip"></div>
            <script>
            \(Self.tooltipScript)
            </script>
            <script>
            \(Self.loadedScript)
            </script>
            </body>
            </html>

            """
    }

    private func headerHTML(title: String) -> String {
        let statusText = failure.map { "\($0.failureClass.rawValue): \($0.message)" } ?? "ok"
        let taskCount = Set(tasks.map { "\($0.stage).\($0.task)" }).count
        let facts: [(String, String)] = [
            ("seed", String(seed)),
            ("mode", mode.rawValue),
            ("workers", String(workerCount)),
            ("virtual time", HTMLText.milliseconds(virtualTime.nanoseconds) + " ms"),
            ("bytes shuffled", HTMLText.grouped(bytesShuffled)),
            ("result rows", result.map { HTMLText.grouped($0.rowCount) } ?? "none"),
            ("stages", String(stages.count)),
            ("tasks", String(taskCount)),
            ("attempts", String(tasks.count)),
            ("retries", String(retryCount)),
            ("faults fired", String(faultEvents.count)),
            ("recovery actions", String(recoveryEvents.count)),
            ("trace events", String(trace.eventCount)),
            ("trace hash", traceHash),
            ("cost model", costModel.description),
            ("network", network.description),
        ]
        let items = facts.map { "<div><dt>\(HTMLText.escape($0.0))</dt><dd>\(HTMLText.escape($0.1))</dd></div>" }
        return "<header>\n<h1>\(HTMLText.escape(title))</h1>\n"
            + "<p class=\"status\" data-status=\"\(HTMLText.escape(status))\">\(HTMLText.escape(statusText))</p>\n"
            + "<dl class=\"facts\">\n\(items.joined(separator: "\n"))\n</dl>\n</header>"
    }

    /// Swatches for the stage colours (every stage of the plan or of an attempt, by id) and the outcome styles.
    private func legendHTML() -> String {
        var stageIdentifiers = stages.map(\.id) + tasks.map(\.stage)
        stageIdentifiers = Array(Set(stageIdentifiers)).sorted()
        let stageItems = stageIdentifiers.map { id in
            "<span class=\"legend-item\"><svg width=\"18\" height=\"12\"><rect class=\"swatch\" x=\"1\" y=\"1\" "
                + "width=\"16\" height=\"10\" fill=\"\(HTMLText.stageColor(id))\"/></svg>stage \(id)</span>"
        }
        let styles: [(outcome: String, speculative: Bool, label: String)] = [
            ("finished", false, "finished"), ("failed", false, "failed (hatched, red outline)"),
            ("cancelled", false, "cancelled (faded)"), ("unfinished", false, "unfinished (dotted)"),
            ("finished", true, "speculative copy (dashed)"),
        ]
        let outcomeItems = styles.map { style in
            let hatch =
                style.outcome == "failed"
                ? "<rect class=\"hatch\" x=\"1\" y=\"1\" width=\"16\" height=\"10\" fill=\"url(#hatch)\"/>" : ""
            return "<span class=\"legend-item\"><svg width=\"18\" height=\"12\"><rect class=\"swatch\" "
                + "data-outcome=\"\(style.outcome)\" data-speculative=\"\(style.speculative)\" x=\"1\" y=\"1\" "
                + "width=\"16\" height=\"10\" fill=\"#bbbbbb\"/>\(hatch)</svg>\(HTMLText.escape(style.label))</span>"
        }
        let faultItem =
            "<span class=\"legend-item\"><svg width=\"18\" height=\"12\"><path class=\"fault-swatch\" "
            + "d=\"M3 1 L15 1 L9 11 Z\"/></svg>fault</span>"
        return "<div class=\"legend\">\n<div>\(stageItems.joined())</div>\n<div>\(outcomeItems.joined())\(faultItem)"
            + "</div>\n</div>"
    }

    private static let styleSheet = """
        body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 16px 24px; }
        h1 { font-size: 20px; margin: 0 0 6px; }
        h2 { font-size: 16px; margin: 24px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        .status { display: inline-block; padding: 2px 10px; border-radius: 10px; font-weight: 600; margin: 0 0 8px; }
        .status[data-status="ok"] { background: #dff3df; color: #17631d; }
        .status:not([data-status="ok"]) { background: #fde2e1; color: #9b1c14; }
        .facts { display: flex; flex-wrap: wrap; gap: 4px 20px; margin: 0; }
        .facts div { display: flex; gap: 6px; }
        .facts dt { color: #666; }
        .facts dd { margin: 0; font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
        .chart { overflow-x: auto; }
        svg.stage-graph { max-width: 100%; height: auto; }
        .legend { margin-bottom: 8px; }
        .legend-item { display: inline-flex; align-items: center; gap: 4px; margin-right: 14px; }
        svg text { font: 11px system-ui, sans-serif; fill: #222; }
        .row-band { fill: #ffffff; stroke: #eeeeee; }
        .row:nth-child(even) .row-band { fill: #f6f7f9; }
        .row-label { font-weight: 600; }
        .axis { stroke: #555; }
        .grid { stroke: #dddddd; stroke-dasharray: 2 3; }
        .tick, .axis-title { text-anchor: middle; fill: #555; }
        rect.attempt, rect.swatch { stroke: #333; stroke-width: 0.5; }
        rect.attempt[data-outcome="failed"], rect.swatch[data-outcome="failed"] { stroke: #d00; stroke-width: 2; }
        rect.attempt[data-outcome="cancelled"], rect.swatch[data-outcome="cancelled"] { opacity: 0.35; }
        rect.attempt[data-outcome="unfinished"], rect.swatch[data-outcome="unfinished"] {
          fill-opacity: 0.55; stroke-dasharray: 1 2; stroke-width: 1.5; }
        rect.attempt[data-speculative="true"], rect.swatch[data-speculative="true"] {
          stroke: #000; stroke-width: 1.5; stroke-dasharray: 4 2; }
        rect.attempt:hover { stroke: #000; stroke-width: 2; }
        .hatch { pointer-events: none; }
        .hatch-line { stroke: #d00; stroke-width: 2; opacity: 0.7; }
        .fault line { stroke: #d00; stroke-width: 1.5; }
        .fault path, .fault-swatch { fill: #d00; }
        .stage-box { fill: #fff; stroke: #888; }
        .stage-name { font-weight: 600; font-size: 13px; }
        .edge path { fill: none; stroke: #777; stroke-width: 1.5; }
        .edge text { text-anchor: middle; fill: #444; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
        #arrow path { fill: #777; }
        table { border-collapse: collapse; margin-bottom: 8px; }
        th, td { border: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }
        th { background: #f3f4f6; }
        td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
        .empty { color: #666; font-style: italic; }
        #tooltip { position: absolute; display: none; max-width: 420px; padding: 4px 8px; background: #222;
          color: #fff; border-radius: 4px; pointer-events: none; white-space: pre-wrap; z-index: 10; }
        """

    /// Installed first: records any later script error on `<body>` as `data-script-error`.
    private static let errorScript = """
        window.onerror = function (message, source, line) {
          document.body.dataset.scriptError = String(message) + " (line " + line + ")";
        };
        """

    /// Shows the hovered attempt's or fault's `<title>` text next to the pointer.
    private static let tooltipScript = """
        (function () {
          var tip = document.getElementById("tooltip");
          document.addEventListener("mousemove", function (event) {
            var target = event.target.closest ? event.target.closest(".attempt, .fault") : null;
            var title = target ? target.querySelector("title") : null;
            if (!title) { tip.style.display = "none"; return; }
            tip.textContent = title.textContent;
            tip.style.left = (event.pageX + 14) + "px";
            tip.style.top = (event.pageY + 14) + "px";
            tip.style.display = "block";
          });
          window.clusterSimTooltipReady = true;
        })();
        """

    /// Runs last: marks the page loaded when the tooltip script ran, and counts the attempt bars the browser parsed.
    private static let loadedScript = """
        if (window.clusterSimTooltipReady) { document.body.dataset.scriptOk = "1"; }
        document.body.dataset.attemptBars = String(document.querySelectorAll("svg rect.attempt").length);
        """
}
