/// Why a simulated run could not produce its result, classified so tests and scenarios can expect a class.
public enum FailureClass: String, Sendable, Hashable, CaseIterable {
    /// Every worker is down (crashed, or declared dead) while work remains.
    case allWorkersDown = "all-workers-down"
    /// A task failed on `RecoveryPolicy.maxAttempts` attempts.
    case attemptsExhausted = "attempts-exhausted"
    /// The query itself failed (a data error: overflow, division by zero…); retrying cannot help.
    case queryError = "query-error"
    /// The run hit its virtual-time deadline or its event limit.
    case limitExceeded = "limit-exceeded"
    /// The run ended with data undelivered or unused, or without the result: a bug of the simulator.
    case leftovers = "leftovers"
}

/// A classified failure of a run: the class and the cause, in words.
public struct RunFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public let failureClass: FailureClass
    public let message: String

    public init(_ failureClass: FailureClass, _ message: String) {
        self.failureClass = failureClass
        self.message = message
    }

    public var description: String { "\(failureClass.rawValue): \(message)" }
}

/// How one task attempt ended.
public enum AttemptOutcome: String, Sendable, Hashable {
    /// It finished and its output was used.
    case finished
    /// It failed (its worker crashed, it ran out of memory, its input was lost); another attempt may follow.
    case failed
    /// The coordinator cancelled it (a speculative copy lost the race, or an input it read was re-run).
    case cancelled
    /// It was still running when the run ended (only in failed runs).
    case unfinished
}
