import ClusterSim
import Foundation

extension Command {
    /// `clustersim shrink FILE --seed N`: reduces a failing run's fault plan to a minimal one.
    static let shrink = Command(
        words: ["shrink"],
        summary: "reduce a failing seed's fault plan to a minimal one that fails the same way",
        usage: """
            clustersim shrink FILE --seed N [--swarm] [--out minimal.toml] [--max-runs R] [--inject-bug NAME]

            Runs seed N of the scenario in FILE; if it fails, reduces its fault plan by delta debugging over the
            faults, then over their parameters (a count of 1, earlier times, smaller probabilities, shorter
            durations), keeping a candidate only when it fails with the same verdict. Prints the minimal plan and
            writes it as a scenario file that replays the failure with `clustersim run`.

            Options:
              --seed N          the failing seed
              --swarm           the faults were drawn by `clustersim swarm` (as in its replay line)
              --out FILE        write the minimal scenario (its shape, seed and faults) to FILE
              --inject-bug NAME     plant a deliberate bug (skip-fencing, no-lineage-rerun, no-deduplication;
                                    several separated by commas) to test the harness itself
              --max-runs R      spend at most R candidate runs (default 200)

            Exit codes: 0 the failure was shrunk (and written with --out); 1 the seed passes: nothing to shrink;
            2 bad usage or a scenario file error; 70 an internal error of the simulator.

            Examples:
              clustersim shrink scenarios/swarm-q3.toml --seed 17 --swarm --out regression.toml
            """,
        run: { words in
            let arguments = try Arguments(
                words, options: ["--inject-bug", "--seed", "--out", "--max-runs"], flags: ["--swarm"])
            let path = try arguments.requirePositional(["FILE"])[0]
            guard let seed = try arguments.integer("--seed", in: 0...Int.max).map(UInt64.init) else {
                throw UsageError("--seed N is required (the failing seed)")
            }
            let maximumRuns = try arguments.integer("--max-runs", in: 1...100_000) ?? 200
            let swarm = arguments.flag("--swarm")
            return CheckCommandSupport.withRunner(
                path, injecting: try CheckCommandSupport.injectedBugs(arguments)
            ) { runner in
                let original = try swarm ? Swarm(runner: runner).run(seed: seed) : runner.run(seed: seed)
                guard
                    let outcome = try Shrinker(runner: runner, maximumRuns: maximumRuns).shrink(original)
                else {
                    print("seed \(seed) passes: nothing to shrink")
                    return ExitCode.failure
                }
                let faults = outcome.minimal.variant.faults.faults
                print("seed \(seed): \(original.verdict) with \(original.variant.faults.faults.count) faults")
                print("shrunk in \(outcome.runs) runs to \(faults.count) fault(s), still \(outcome.minimal.verdict):")
                for fault in faults { print("  \(fault)") }
                print("  (\(outcome.minimal.failedChecks.map { "\($0.name): \($0.detail)" }.joined(separator: "; ")))")
                if let out = arguments.value("--out") {
                    var scenario = outcome.scenario(from: runner.scenario)
                    scenario.name += "-minimal"
                    scenario.description =
                        "Shrunk by `clustersim shrink \(path) --seed \(seed)\(swarm ? " --swarm" : "")`: "
                        + "\(faults.count) fault(s), \(outcome.minimal.verdict)."
                    if swarm { scenario.expectations = Swarm(runner: runner).expectations }
                    try CheckCommandSupport.write(scenario.toml(), to: out)
                    print("wrote \(out); replay: clustersim run \(out)")
                }
                return CheckExitCode.passed
            }
        })
}
