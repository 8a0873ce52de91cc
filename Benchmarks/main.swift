import ArrowLite
import Foundation

// benchmarks [NAME-PREFIX ...] [--json] [--runs N] [--scale S]
// Runs every benchmark whose name starts with one of the prefixes (all when none is given).

#if DEBUG
    FileHandle.standardError.write(
        Data(
            """
            ************************************************************************
            WARNING: benchmarks built in DEBUG mode; numbers are meaningless.
            Build with: swift build -c release --product benchmarks
            ************************************************************************

            """.utf8))
#endif

/// Every benchmark, in the order they print.
func allBenchmarks() -> [any Benchmark] {
    [
        SumFloat64Benchmark(), SumDecimalBenchmark(), FilterBenchmark(), HashBenchmark(), SortBenchmark(),
        IPCWriteBenchmark(), IPCReadBenchmark(),
    ]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(2)
}

var prefixes: [String] = []
var json = false
var minimumRuns = 5
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--json": json = true
    case "--runs":
        guard let text = arguments.first, let runs = Int(text), runs > 0 else { fail("--runs expects a positive integer") }
        minimumRuns = runs
        arguments.removeFirst()
    case "--help":
        print("usage: benchmarks [NAME-PREFIX ...] [--json] [--runs N]\n\nbenchmarks:")
        for benchmark in allBenchmarks() { print("  \(benchmark.name)") }
        exit(0)
    default:
        if argument.hasPrefix("--") { fail("unknown option \(argument); see --help") }
        prefixes.append(argument)
    }
}

let selected = allBenchmarks().filter { b in prefixes.isEmpty || prefixes.contains { b.name.hasPrefix($0) } }
if selected.isEmpty { fail("no benchmark name starts with \(prefixes.joined(separator: ", ")); see --help") }
var results: [BenchmarkResult] = []
for var benchmark in selected {
    do {
        let result = try measure(&benchmark, minimumRuns: minimumRuns, minimumSeconds: 1, maximumRuns: 100)
        results.append(result)
        if !json { print(result.line) }
    } catch {
        fail("\(benchmark.name): \(error)")
    }
}
if json { print("[\n  " + results.map(\.json).joined(separator: ",\n  ") + "\n]") }
