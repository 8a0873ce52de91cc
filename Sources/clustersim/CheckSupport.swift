import ArrowLite
import ClusterSim
import Foundation

/// Exit codes of `clustersim run`, `swarm` and `shrink` (the README lists them).
enum CheckExitCode {
    static let passed: Int32 = 0
    static let usage: Int32 = 2
    static let wrongResult: Int32 = 3
    static let livenessFailure: Int32 = 4
    static let unexpectedError: Int32 = 5
    static let expectationFailed: Int32 = 6
    /// The simulator itself threw (or a determinism check found two runs of one seed that differ).
    static let internalError: Int32 = 70

    /// The exit code of a verdict.
    static func of(_ verdict: Verdict) -> Int32 {
        switch verdict {
        case .passed: return passed
        case .wrongResult: return wrongResult
        case .livenessFailure: return livenessFailure
        case .unexpectedError: return unexpectedError
        case .expectationFailed: return expectationFailed
        }
    }

    /// The exit-code paragraph of each check command's help.
    static let help = """
        Exit codes: 0 passed; 2 bad usage or a scenario file error (file:line:col on stderr; nothing runs);
        3 wrong result; 4 liveness failure (the query missed its virtual-time deadline); 5 an unexpected classified
        failure (all-workers-down, attempts-exhausted, query-error, leftovers); 6 another expectation or an
        invariant failed; 70 an internal error of the simulator (a thrown error, or runs of one seed that differ).
        A trap of the simulator ends the process with a signal.
        """
}

/// Loads a scenario and builds its runner, or prints why not: the errors of a scenario file (and of its query or
/// data) are usage errors, exit code 2, and nothing runs.
enum CheckCommandSupport {
    /// The bugs of `--inject-bug NAME[,NAME…]`.
    /// - Throws: `UsageError` naming the known bugs.
    static func injectedBugs(_ arguments: Arguments) throws -> [InjectedBug] {
        guard let text = arguments.value("--inject-bug") else { return [] }
        return try text.split(separator: ",").map { name in
            guard let bug = InjectedBug(rawValue: String(name)) else {
                let known = InjectedBug.allCases.map(\.rawValue).joined(separator: ", ")
                throw UsageError("--inject-bug: unknown bug '\(name)'; known: \(known)")
            }
            return bug
        }
    }

    /// Runs `body` with the runner of the scenario at `path` (with `bugs` planted), mapping errors to exit codes.
    static func withRunner(
        _ path: String, injecting bugs: [InjectedBug] = [], _ body: (ScenarioRunner) throws -> Int32
    ) -> Int32 {
        let runner: ScenarioRunner
        do {
            var scenario = try Scenario.load(path: path)
            scenario.injectedBugs += bugs.filter { !scenario.injectedBugs.contains($0) }
            runner = try ScenarioRunner(scenario: scenario, path: path)
            if !bugs.isEmpty {
                runner.replayArguments = ["--inject-bug", bugs.map(\.rawValue).joined(separator: ",")]
            }
        } catch let error as ScenarioError {
            writeStandardError(error.render())
            return CheckExitCode.usage
        } catch {
            writeError("\(path): \(error)")
            return CheckExitCode.usage
        }
        do {
            return try body(runner)
        } catch let error as CheckError {
            writeError("\(path): \(error)")
            return CheckExitCode.usage
        } catch let error as ClusterError {
            writeError("\(path): \(error)")
            return CheckExitCode.usage
        } catch {
            writeError("internal error of the simulator: \(error)")
            return CheckExitCode.internalError
        }
    }

    static func writeStandardError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Writes `text` to `path` atomically.
    static func write(_ text: String, to path: String) throws {
        try FileIO.writeAtomically(path: path, bytes: Array(text.utf8))
    }
}
