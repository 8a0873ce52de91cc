import Foundation

/// One measured piece of work, in the manner of swift-nio's `NIOPerformanceTester`: the harness calls `setUp` once,
/// `run` once to warm up and then repeatedly while timing it, and `tearDown` once.
protocol Benchmark: AnyObject {
    /// A dotted name (`arrow.sum.float64`); the command line selects benchmarks by name prefix.
    var name: String { get }
    /// The items (rows) one run processes, for the items-per-second rate.
    var itemsPerRun: Int { get }
    /// Builds the input. Not timed.
    func setUp() throws
    /// Does the measured work once and returns a checksum of its result, so the work cannot be optimised away.
    /// Every run must return the same checksum (the harness checks: the kernels are deterministic).
    func run() throws -> UInt64
    /// Releases the input. Not timed.
    func tearDown()
}

extension Benchmark {
    func tearDown() {}

    /// Whether the command line's `pattern` selects this benchmark: a name prefix, or with a trailing `$` the
    /// whole name.
    func matches(_ pattern: String) -> Bool {
        pattern.hasSuffix("$") ? name == pattern.dropLast() : name.hasPrefix(pattern)
    }
}

/// How many times to run each benchmark.
struct RunPolicy {
    /// Exactly this many timed runs, when set (`--runs N`).
    var fixedRuns: Int? = nil
    /// Otherwise: at least this many runs…
    var minimumRuns = 5
    /// …and more until the timed runs add up to this many seconds…
    var minimumSeconds = 1.0
    /// …but never more than this many runs.
    var maximumRuns = 200
}

/// The outcome of one benchmark.
struct Measurement {
    var name: String
    var itemsPerRun: Int
    var runSeconds: [Double]
    var checksum: UInt64

    /// The median of the timed runs (the mean of the middle two for an even count).
    var medianSeconds: Double {
        let sorted = runSeconds.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The fastest timed run: on a shared machine the least disturbed one, so A/B comparisons of small changes
    /// look at it beside the median.
    var minimumSeconds: Double { runSeconds.min() ?? 0 }

    var itemsPerSecond: Double { Double(itemsPerRun) / medianSeconds }

    /// One line: name, median time, rate in millions of items per second, runs, checksum, fastest run. The
    /// comparison script `Benchmarks/scripts/compare_sums.py` prints the same first columns.
    var line: String {
        let padded = name.count < 28 ? name + String(repeating: " ", count: 28 - name.count) : name
        return padded
            + String(
                format: " median %10.3f ms %10.1f M items/s %5d runs  checksum %016llx  min %.3f ms",
                medianSeconds * 1000, itemsPerSecond / 1e6, runSeconds.count, checksum, minimumSeconds * 1000)
    }

    /// A JSON object with `name`, `median_seconds`, `min_seconds`, `items_per_second`, `runs` and `checksum`.
    var json: String {
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return String(
            format: "{\"name\": \"%@\", \"median_seconds\": %.9f, \"min_seconds\": %.9f, "
                + "\"items_per_second\": %.1f, \"runs\": %d, \"checksum\": \"%016llx\"}", escaped as NSString,
            medianSeconds, minimumSeconds, itemsPerSecond, runSeconds.count, checksum)
    }
}

/// A benchmark whose checksum changed between runs: its work is not deterministic, which is a bug.
struct ChecksumMismatch: Error, CustomStringConvertible {
    var name: String
    var first: UInt64
    var later: UInt64
    var description: String {
        "\(name): run returned checksum \(String(later, radix: 16)) after \(String(first, radix: 16)); the work must be deterministic"
    }
}

/// Sets up, warms up, times and tears down one benchmark.
/// - Throws: what the benchmark throws, or `ChecksumMismatch`.
func measure(_ benchmark: any Benchmark, policy: RunPolicy) throws -> Measurement {
    try benchmark.setUp()
    defer { benchmark.tearDown() }
    let checksum = try benchmark.run()
    var seconds: [Double] = []
    let clock = ContinuousClock()
    while shouldContinue(seconds, policy) {
        var result: UInt64 = 0
        let elapsed = try clock.measure { result = try benchmark.run() }
        guard result == checksum else { throw ChecksumMismatch(name: benchmark.name, first: checksum, later: result) }
        seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    return Measurement(
        name: benchmark.name, itemsPerRun: benchmark.itemsPerRun, runSeconds: seconds, checksum: checksum)
}

private func shouldContinue(_ seconds: [Double], _ policy: RunPolicy) -> Bool {
    if let fixed = policy.fixedRuns { return seconds.count < fixed }
    if seconds.count < policy.minimumRuns { return true }
    return seconds.count < policy.maximumRuns && seconds.reduce(0, +) < policy.minimumSeconds
}
