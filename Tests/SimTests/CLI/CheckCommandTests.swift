import ClusterSim
import Foundation
import Testing

/// `clustersim run`, `swarm` and `shrink` as a user runs them: exit codes, summaries, report files, replay lines.
@Suite("clustersim run, swarm, shrink") struct CheckCommandTests {
    static func path(_ name: String) -> String { CheckFixture.path(name) }

    @Test("run: a recovering scenario exits 0 and prints faults, recovery, checks, time, bytes and trace hash")
    func runPasses() throws {
        let result = try CLI.run(["run", Self.path("crash-restart.toml")])
        #expect(result.status == 0, "\(result.stderr)")
        for text in [
            "fault.crash-restart", "recovery   ", "ok   safety: ", "ok   liveness: ", "ok   expect.stages: ",
            "shuffled   ", "trace      ", "verdict    passed",
        ] {
            #expect(result.stdout.contains(text), "\(text)")
        }
        #expect(!result.stdout.contains("replay:"))
    }

    @Test("run: a scenario file error exits 2 with file:line:col on stderr and runs nothing")
    func runBadFile() throws {
        let result = try CLI.run(["run", Self.path("bad-key.toml")])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("bad-key.toml:7:1: error: unknown key 'latncy_us' in [cluster.network]"),
            "\(result.stderr)")
        #expect(result.stderr.contains("did you mean"))
        #expect(result.stdout.isEmpty)
        let missing = try CLI.run(["run", "/nonexistent/scenario.toml"])
        #expect(missing.status == 2 && missing.stderr.contains("/nonexistent/scenario.toml:1:1"))
    }

    @Test("run: a planted bug exits 3 and prints the replay line and the trace before the failure")
    func runWrongResult() throws {
        let file = Self.path("planted-duplicate.toml")
        let result = try CLI.run(["run", file])
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("FAIL safety: "))
        #expect(result.stdout.contains("replay: clustersim run \(file) --seed 3\n"))
        #expect(result.stdout.contains("trace before the failure"))
        #expect(result.stdout.contains("query.done"))
    }

    @Test("run: a must-fail scenario passes; --report, --trace and --html write their files; determinism holds")
    func runFiles() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("run.json").path
        let trace = directory.appendingPathComponent("trace.json").path
        let html = directory.appendingPathComponent("run.html").path
        let result = try CLI.run([
            "run", Self.path("all-workers-down.toml"), "--report", report, "--trace", trace, "--html", html,
            "--check-determinism",
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("ok   expect.failure: expected all-workers-down"))
        #expect(result.stdout.contains("determinism deterministic: both runs have the same"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report)))
        let object = try #require(json as? [String: Any])
        #expect(object["verdict"] as? String == "passed")
        #expect(object["status"] as? String == "all-workers-down")
        #expect((object["checks"] as? [[String: Any]])?.isEmpty == false)
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: trace))) is [String: Any])
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("<svg"))
    }

    @Test("swarm: exits 0 when every seed passes and its JSON report has the documented keys")
    func swarmReport() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("swarm.json").path
        let result = try CLI.run(["swarm", Self.path("q3-swarm.toml"), "--seeds", "1..4", "--report", report])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("seeds run             4"))
        #expect(result.stderr.contains("swarm: 4/4 seeds, 0 failing"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report)))
        let object = try #require(json as? [String: Any])
        for key in ["seeds_run", "passed", "wrong_results", "liveness_failures", "unexpected_errors", "failures"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["seeds_run"] as? Int == 4 && object["passed"] as? Int == 4)
        let bad = try CLI.run(["swarm", Self.path("q3-swarm.toml"), "--seeds", "9..2"])
        #expect(bad.status == 2 && bad.stderr.contains("--seeds expects A..B"))
    }

    @Test("swarm then shrink --out: the minimal scenario file parses, has ≤ 2 faults and still exits 3")
    func shrinkWritesScenario() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var scenario = try CheckFixture.scenario("q3-swarm.toml")
        scenario.injectedBugs = [.noDeduplication]
        scenario.swarm.kinds = ["duplicate"]
        let file = directory.appendingPathComponent("dedup.toml").path
        try scenario.toml().write(toFile: file, atomically: true, encoding: .utf8)
        let swarm = try CLI.run(["swarm", file, "--seeds", "1..12"])
        #expect(swarm.status == 3, "\(swarm.stdout)")
        let seed = try #require(InjectBugOptionTests.firstWrongResultSeed(swarm.stdout), "\(swarm.stdout)")
        #expect(swarm.stdout.contains("replay: clustersim run \(file) --seed \(seed) --swarm"))

        let minimal = directory.appendingPathComponent("minimal.toml").path
        let shrink = try CLI.run(["shrink", file, "--seed", String(seed), "--swarm", "--out", minimal])
        #expect(shrink.status == 0, "\(shrink.stdout)\(shrink.stderr)")
        let saved = try Scenario.load(path: minimal)
        #expect((1...2).contains(saved.faults.faults.count))
        #expect(saved.injectedBugs == [.noDeduplication] && saved.seed == UInt64(seed))
        let rerun = try CLI.run(["run", minimal])
        #expect(rerun.status == 3, "\(rerun.stdout)")

        let passing = try CLI.run(["shrink", Self.path("crash-restart.toml"), "--seed", "5"])
        #expect(passing.status == 1 && passing.stdout.contains("nothing to shrink"))
    }

    @Test("--help of run, swarm and shrink documents the exit codes")
    func help() throws {
        for command in ["run", "swarm", "shrink"] {
            let result = try CLI.run([command, "--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("Exit codes: 0 "), "\(command)")
        }
    }
}

/// `--inject-bug` plants a deliberate bug from the command line; the replay line carries it.
@Suite("clustersim --inject-bug") struct InjectBugOptionTests {
    /// The seed of the first `seed N: wrong-result` line of a swarm's output.
    static func firstWrongResultSeed(_ output: String) -> Int? {
        for line in output.split(separator: "\n") where line.contains(": wrong-result") {
            let words = line.split(separator: " ")
            if let index = words.firstIndex(of: "seed"), index + 1 < words.count {
                return Int(words[index + 1].dropLast())
            }
        }
        return nil
    }

    @Test("swarm --inject-bug no-deduplication finds wrong results whose replay lines plant the bug again")
    func injectBug() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var scenario = try CheckFixture.scenario("q3-swarm.toml")
        scenario.swarm.kinds = ["duplicate"]
        let file = directory.appendingPathComponent("duplicates.toml").path
        try scenario.toml().write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["swarm", file, "--seeds", "1..12"]).status == 0)
        let planted = try CLI.run(["swarm", file, "--seeds", "1..12", "--inject-bug", "no-deduplication"])
        #expect(planted.status == 3, "\(planted.stdout)")
        let seed = try #require(Self.firstWrongResultSeed(planted.stdout), "\(planted.stdout)")
        let replay = "clustersim run \(file) --seed \(seed) --swarm --inject-bug no-deduplication"
        #expect(planted.stdout.contains("replay: \(replay)\n"))
        let rerun = try CLI.run(Array(replay.split(separator: " ").dropFirst().map(String.init)))
        #expect(rerun.status == 3)
        let unknown = try CLI.run(["run", file, "--inject-bug", "no-fencing"])
        #expect(unknown.status == 2 && unknown.stderr.contains("known: skip-fencing"))
    }
}
