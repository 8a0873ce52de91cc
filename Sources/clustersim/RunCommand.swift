import ClusterSim
import Foundation

extension Command {
    /// `clustersim run FILE`: runs a scenario once and checks it.
    static let run = Command(
        words: ["run"],
        summary: "run a scenario file once and check the result, liveness and expectations",
        usage: """
            clustersim run FILE [--seed S] [--swarm] [--report out.json] [--trace out.json] [--html out.html]
                                [--check-determinism] [--inject-bug NAME]

            Runs the scenario in FILE on its simulated cluster and checks the run: safety (the rows equal the
            single-node engine's), liveness (the query finishes before 10 × its fault-free virtual time + 2 s),
            the plan's and the attempts' invariants, and the file's [expect] section. Prints what ran, the faults
            that fired, the recovery actions, each check, the virtual time, the bytes shuffled and the trace hash;
            on a failure, the line that replays it and the trace before the failure.

            Options:
              --seed S              the seed (default: the file's seed); the same seed gives the same run
              --swarm               draw the faults and the cluster shape from the file's [swarm] section with
                                    this seed, as `clustersim swarm` does (replays a swarm failure)
              --report FILE         write the JSON report (verdict, checks, replay line, then the run's report)
              --trace FILE          write a Chrome trace (open in Perfetto)
              --html FILE           write a self-contained HTML report (Gantt chart, stage graph)
              --inject-bug NAME     plant a deliberate bug (skip-fencing, no-lineage-rerun, no-deduplication;
                                    several separated by commas) to test the harness itself
              --check-determinism   run the seed twice and compare every trace event; report the first that
                                    differs (exit 70 if any does)

            \(CheckExitCode.help)

            Examples:
              clustersim run scenarios/quick-start.toml
              clustersim run scenarios/crash.toml --seed 7 --html crash.html
              clustersim run scenarios/swarm-q3.toml --seed 42 --swarm
            """,
        run: { words in
            let arguments = try Arguments(
                words, options: ["--inject-bug", "--seed", "--report", "--trace", "--html"],
                flags: ["--swarm", "--check-determinism"])
            let path = try arguments.requirePositional(["FILE"])[0]
            let seed = try arguments.integer("--seed", in: 0...Int.max).map(UInt64.init)
            let swarm = arguments.flag("--swarm")
            return CheckCommandSupport.withRunner(
                path, injecting: try CheckCommandSupport.injectedBugs(arguments)
            ) { runner in
                let seed = seed ?? runner.scenario.seed
                let run = try swarm ? Swarm(runner: runner).run(seed: seed) : runner.run(seed: seed)
                print(RunSummary.text(run, scenario: runner.scenario, path: path))
                if let report = arguments.value("--report") {
                    try CheckCommandSupport.write(RunSummary.json(run), to: report)
                }
                if let trace = arguments.value("--trace") {
                    try CheckCommandSupport.write(run.report.chromeTrace(), to: trace)
                }
                if let html = arguments.value("--html") {
                    try CheckCommandSupport.write(run.report.html(title: runner.scenario.name), to: html)
                }
                if arguments.flag("--check-determinism") {
                    let check = try runner.checkDeterminism(seed: seed, swarm: swarm)
                    print("determinism \(check)")
                    if !check.identical { return CheckExitCode.internalError }
                }
                return CheckExitCode.of(run.verdict)
            }
        })
}
