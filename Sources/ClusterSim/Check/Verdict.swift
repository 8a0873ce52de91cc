/// The outcome of checking one run of a scenario, from the most to the least severe. Each has its own exit code in
/// `clustersim run` and `clustersim swarm` (3 to 6; 0 for `passed`).
public enum Verdict: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Every check passed.
    case passed
    /// The run finished but its rows differ from the single-node oracle's (rows lost, duplicated or wrong).
    case wrongResult = "wrong-result"
    /// The run did not finish before its virtual-time deadline (or hit its event limit).
    case livenessFailure = "liveness-failure"
    /// The run failed with a classified error the scenario did not expect.
    case unexpectedError = "unexpected-error"
    /// Another expectation or an invariant failed (retries, virtual time, stage or task counts, trace hash, an
    /// expected failure that did not happen, a broken plan or attempt invariant).
    case expectationFailed = "expectation-failed"

    public var description: String { rawValue }
}

/// One check of a run: its name (`safety`, `liveness`, `invariants`, `expect.max_retries`…), whether it passed,
/// and what it saw.
public struct CheckResult: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let passed: Bool
    public let detail: String
    /// The verdict a failure of this check gives.
    public let failureVerdict: Verdict

    public init(name: String, passed: Bool, detail: String, failureVerdict: Verdict) {
        self.name = name
        self.passed = passed
        self.detail = detail
        self.failureVerdict = failureVerdict
    }

    /// `ok   safety: 14 rows equal the oracle's`.
    public var description: String { (passed ? "ok   " : "FAIL ") + name + (detail.isEmpty ? "" : ": " + detail) }
}

extension [CheckResult] {
    /// The most severe verdict among the failed checks (`passed` when none failed).
    var verdict: Verdict {
        let failed = Set(filter { !$0.passed }.map(\.failureVerdict))
        return Verdict.allCases.dropFirst().first { failed.contains($0) } ?? .passed
    }
}
