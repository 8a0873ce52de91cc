import ArrowLite
import Foundation

// `benchmarks [NAME-PREFIX ...] [--json] [--runs N] [--scale S] [--list]`: runs the benchmarks whose names start with
// one of the prefixes (all when none is given), each with a warm-up and repeated timed runs, and prints one line per
// benchmark, or with --json one JSON array of objects with name, median_seconds, items_per_second. Build with
// `swift build -c release --product benchmarks`; numbers from a debug build are meaningless.

let usage = """
    usage: benchmarks [NAME-PREFIX ...] [--json] [--runs N] [--scale S] [--list]
      NAME-PREFIX  run only benchmarks whose names start with one of these (default: all); a trailing $
                   matches the whole name (sim.workers16.q03$ leaves out sim.workers16.q03.parallel)
      --json       print a JSON array of {name, median_seconds, min_seconds, items_per_second, runs, checksum}
      --runs N     exactly N timed runs each (default: at least 5, and more until 1 s, at most 200)
      --scale S    data size factor (default 1: sums over lineitem's 6,001,215 rows, other arrow.* over 1M rows,
                   tpch.gen.* and tpch.q01…q22 at TPC-H scale factor S)
      --list       print the benchmark names and exit
    """

/// The parsed command line.
struct Options {
    var prefixes: [String] = []
    var json = false
    var list = false
    var policy = RunPolicy()
    var scale = 1.0

    /// Parses the arguments after the program name.
    /// - Throws: a message for an unknown option or a bad value.
    init(_ arguments: [String]) throws {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--json": json = true
            case "--list": list = true
            case "--help", "-h":
                print(usage)
                exit(0)
            case "--runs":
                guard let text = remaining.popFirst(), let runs = Int(text), runs > 0 else {
                    throw UsageError("--runs expects a positive integer")
                }
                policy.fixedRuns = runs
            case "--scale":
                guard let text = remaining.popFirst(), let scale = Double(text), scale > 0, scale <= 1_000 else {
                    throw UsageError("--scale expects a number in (0, 1000], e.g. 0.1")
                }
                self.scale = scale
            default:
                guard !argument.hasPrefix("-") else { throw UsageError("unknown option \(argument)") }
                prefixes.append(argument)
            }
        }
    }
}

struct UsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

func standardError(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

func main() -> Int32 {
    MemoryTuning.retainFreedMemory()
    #if DEBUG
        standardError(
            """
            ************************************************************************
            * WARNING: this is a DEBUG build. Its numbers mean nothing.            *
            * Build with: swift build -c release --product benchmarks              *
            ************************************************************************
            """)
    #endif
    let options: Options
    do {
        options = try Options(Array(CommandLine.arguments.dropFirst()))
    } catch let error as UsageError {
        standardError("benchmarks: \(error.message)\n\(usage)")
        return 2
    } catch {
        standardError("benchmarks: \(error)")
        return 2
    }
    let all =
        arrowBenchmarks(scale: options.scale) + tpchBenchmarks(scale: options.scale)
        + csvBenchmarks(scale: options.scale) + tpchQueryBenchmarks(scale: options.scale)
        + simBenchmarks(scale: options.scale) + calibrationBenchmarks(scale: options.scale)
        + swarmBenchmarks(scale: options.scale)
    let selected = all.filter { b in options.prefixes.isEmpty || options.prefixes.contains { b.matches($0) } }
    if options.list {
        for benchmark in all { print(benchmark.name) }
        return 0
    }
    guard !selected.isEmpty else {
        standardError(
            "benchmarks: no benchmark name starts with \(options.prefixes.joined(separator: " or ")); try --list")
        return 2
    }
    var measurements: [Measurement] = []
    for benchmark in selected {
        do {
            let measurement = try measure(benchmark, policy: options.policy)
            measurements.append(measurement)
            if !options.json { print(measurement.line) }
        } catch {
            standardError("benchmarks: \(benchmark.name) failed: \(error)")
            return 1
        }
    }
    if options.json { print("[\n  " + measurements.map(\.json).joined(separator: ",\n  ") + "\n]") }
    return 0
}

exit(main())
