import ClusterSim
import Foundation

extension Command {
    /// `clustersim swarm FILE --seeds A..B`: many seeds, each with its own drawn faults and cluster shape.
    static let swarm = Command(
        words: ["swarm"],
        summary: "run many seeds of a scenario, each with a random fault plan from its [swarm] section",
        usage: """
            clustersim swarm FILE --seeds A..B [--report out.json] [--inject-bug NAME]

            For each seed from A to B, draws a fault plan and a cluster shape from the [swarm] section of FILE
            (which fault kinds are on, how many faults and where, worker count, latency, query), runs it and
            checks safety (the rows equal the single-node engine's), liveness and invariants (and the expected
            failure class of a must-fail scenario). Prints a progress bar on stderr (a line every tenth of the
            seeds when stderr is not a terminal), a summary table, and the replay line of each failure.

            Options:
              --seeds A..B      the seeds to run, both included (e.g. 1..500)
              --inject-bug NAME     plant a deliberate bug (skip-fencing, no-lineage-rerun, no-deduplication;
                                    several separated by commas) to test the harness itself
              --report FILE     write the summary as JSON: seeds_run, passed, wrong_results, liveness_failures,
                                unexpected_errors, expectation_failures, faults_drawn, failures (seed, kind,
                                replay, shape, faults, detail)

            \(CheckExitCode.help)
            The exit code is the most severe verdict of any seed.

            Examples:
              clustersim swarm scenarios/swarm-q3.toml --seeds 1..500 --report swarm.json
            """,
        run: { words in
            let arguments = try Arguments(words, options: ["--inject-bug", "--seeds", "--report"])
            let path = try arguments.requirePositional(["FILE"])[0]
            guard let text = arguments.value("--seeds") else { throw UsageError("--seeds A..B is required") }
            let seeds = try SeedRange.parse(text)
            return CheckCommandSupport.withRunner(
                path, injecting: try CheckCommandSupport.injectedBugs(arguments)
            ) { runner in
                var progress = SwarmProgress(total: seeds.count)
                let summary = try Swarm(runner: runner).run(seeds: seeds.range) { done, run in
                    progress.update(done: done, failed: !run.passed)
                }
                progress.finish()
                print(SwarmTable.text(summary, seeds: seeds, path: path))
                if let report = arguments.value("--report") {
                    try CheckCommandSupport.write(summary.json(), to: report)
                }
                return CheckExitCode.of(summary.verdict)
            }
        })
}

/// `A..B` (or `A...B`, or one seed `A`).
struct SeedRange {
    let range: ClosedRange<UInt64>
    var count: Int { Int(range.upperBound - range.lowerBound) + 1 }

    /// - Throws: `UsageError` for text that is not two seeds with `A ≤ B`, or more than 10,000,000 seeds.
    static func parse(_ text: String) throws -> SeedRange {
        let parts = text.replacingOccurrences(of: "...", with: "..").components(separatedBy: "..")
        let numbers = parts.map { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(numbers.count), let first = numbers[0], let last = numbers[numbers.count - 1],
            first <= last, last <= UInt64(Int.max)
        else {
            throw UsageError("--seeds expects A..B with whole numbers A ≤ B (e.g. 1..500), got '\(text)'")
        }
        guard last - first < 10_000_000 else { throw UsageError("--seeds: at most 10,000,000 seeds at once") }
        return SeedRange(range: first...last)
    }
}

/// The swarm's progress on stderr: a bar redrawn in place on a terminal, else a line every tenth of the seeds.
struct SwarmProgress {
    let total: Int
    private let interactive = isatty(2) != 0
    private var failures = 0

    init(total: Int) { self.total = total }

    mutating func update(done: Int, failed: Bool) {
        if failed { failures += 1 }
        let text = "\(done)/\(total) seeds, \(failures) failing"
        if interactive {
            let width = 30
            let filled = total == 0 ? width : done * width / total
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(text)".utf8))
        } else if done == total || done % max(1, total / 10) == 0 {
            FileHandle.standardError.write(Data("swarm: \(text)\n".utf8))
        }
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// The summary table `clustersim swarm` prints.
enum SwarmTable {
    static func text(_ summary: SwarmSummary, seeds: SeedRange, path: String) -> String {
        func row(_ name: String, _ value: Int) -> String {
            name.padding(toLength: 22, withPad: " ", startingAt: 0) + String(value)
        }
        var lines = [
            "swarm \(path), seeds \(seeds.range.lowerBound)..\(seeds.range.upperBound)",
            row("seeds run", summary.seedsRun),
            row("passed", summary.passed),
            row("wrong results", summary.wrongResults),
            row("liveness failures", summary.livenessFailures),
            row("unexpected errors", summary.unexpectedErrors),
            row("expectation failures", summary.expectationFailures),
            row("faults drawn", summary.faultsDrawn),
        ]
        if !summary.failures.isEmpty { lines.append("failures:") }
        for failure in summary.failures {
            lines.append("  seed \(failure.seed): \(failure.verdict) — \(failure.detail)")
            lines.append(
                "    \(failure.shape); faults: \(failure.faults.faults.map(\.description).joined(separator: "; "))")
            lines.append("    replay: \(failure.replay)")
        }
        return lines.joined(separator: "\n")
    }
}
