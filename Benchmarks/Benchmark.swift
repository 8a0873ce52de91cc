/// One measured piece of work, in the manner of swift-nio's performance tester: set up once, run repeatedly, and
/// return a checksum from each run so the optimiser cannot remove the work.
protocol Benchmark {
    /// A dotted name (`arrow.sum.float64`); the command line filters by prefix.
    var name: String { get }
    /// Items processed per run (rows, events, ...), for the items-per-second column.
    var itemsPerRun: Int { get }
    /// Prepares data; not timed.
    mutating func setUp() throws
    /// Does the work once and returns a checksum of the result.
    func run() throws -> Int
}

/// What one benchmark measured.
struct BenchmarkResult {
    let name: String
    let runs: Int
    let medianSeconds: Double
    let itemsPerSecond: Double

    var line: String {
        let padded = name.padding(toLength: 28, withPad: " ", startingAt: 0)
        return "\(padded) median \(format(medianSeconds * 1000, digits: 3)) ms   "
            + "\(format(itemsPerSecond / 1e6, digits: 1)) M items/s   (\(runs) runs)"
    }

    var json: String {
        "{\"name\": \"\(name)\", \"median_seconds\": \(medianSeconds), \"items_per_second\": \(itemsPerSecond), \"runs\": \(runs)}"
    }
}

func format(_ value: Double, digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    return String(rounded)
}

/// Runs a benchmark: one warm-up, then at least `minimumRuns` timed runs and until `minimumSeconds` have passed
/// (at most `maximumRuns`). Wall-clock timing is fine here: benchmarks measure, they never decide simulated behaviour.
func measure(_ benchmark: inout some Benchmark, minimumRuns: Int, minimumSeconds: Double, maximumRuns: Int) throws
    -> BenchmarkResult
{
    try benchmark.setUp()
    let clock = ContinuousClock()
    var checksum = try benchmark.run()
    var samples: [Double] = []
    var total = 0.0
    while samples.count < minimumRuns || (total < minimumSeconds && samples.count < maximumRuns) {
        let start = clock.now
        checksum &+= try benchmark.run()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        samples.append(seconds)
        total += seconds
    }
    if checksum == Int.min { print("(checksum \(checksum))") }  // keeps the checksum observable
    samples.sort()
    let median = samples[samples.count / 2]
    return BenchmarkResult(
        name: benchmark.name, runs: samples.count, medianSeconds: median,
        itemsPerSecond: Double(benchmark.itemsPerRun) / median)
}
