import ArrowLite
import Foundation
import TPCH

extension Command {
    /// `clustersim data gen`: writes the built-in TPC-H tables (identical to the reference dbgen) to files.
    static let dataGen = Command(
        words: ["data", "gen"],
        summary: "generate TPC-H tables (dbgen-identical) as .tbl, .csv or .arrow files",
        usage: """
            clustersim data gen --scale S --out DIR [--format tbl|csv|arrow] [--parts N] [--tables LIST]

            Writes the eight TPC-H tables, identical to the reference dbgen (row for row; byte for byte as .tbl).
            One file per table (DIR/lineitem.tbl), or with --parts N one file per part in a folder per table
            (DIR/lineitem/lineitem.1.tbl ... lineitem.N.tbl). Files appear only when complete.

            Options:
              --scale S        the scale factor, 0.0001 to 100000, e.g. 0.01, 1, 10 (1 is about 1 GB of .tbl text)
              --out DIR        the output directory (created if missing)
              --format F       tbl (default), csv (with a header row) or arrow (Arrow IPC file; each file's
                               batches are held in memory, so split large tables with --parts)
              --parts N        split every table into N parts (1 to 100000)
              --tables LIST    comma-separated tables (default: all): \(TPCHTable.allCases.map(\.rawValue).joined(separator: ","))

            Example:
              clustersim data gen --scale 0.1 --format arrow --out tpch-sf0.1
            """,
        run: { words in
            let arguments = try Arguments(words, options: ["--scale", "--out", "--format", "--parts", "--tables"])
            _ = try arguments.requirePositional([])
            guard let scale = try arguments.positiveNumber("--scale") else { throw UsageError("--scale is required") }
            guard let directory = arguments.value("--out") else { throw UsageError("--out is required") }
            let format = try formatChoice(arguments.choice("--format", among: ["tbl", "csv", "arrow"]) ?? "tbl")
            let partCount = try arguments.integer("--parts", in: 1...100_000) ?? 1
            let tables = try tableList(arguments.value("--tables"))
            let generator: TPCHGenerator
            do { generator = try TPCHGenerator(scale: scale) } catch ArrowError.invalidArgument(let message) {
                throw UsageError("--scale: \(message)")
            }
            if format == .arrow { try checkArrowFileSizes(generator, tables, partCount: partCount) }
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var progress = GenerationProgress()
            for table in tables {
                progress.begin()
                let total = generator.rowCount(table)
                var rows = 0
                for part in 0..<partCount {
                    let path = try outputPath(directory, table, part: part, of: partCount, format: format)
                    let before = rows
                    try TPCHFiles.write(
                        table, generator: generator, part: part, of: partCount, format: format, to: path
                    ) {
                        rows = before + $0
                        progress.report(table.rawValue, rows: rows, of: total)
                    }
                }
                progress.finish(
                    table.rawValue, rows: rows,
                    location: partCount == 1
                        ? "\(directory)/\(table.rawValue).\(format.rawValue)" : "\(directory)/\(table.rawValue)/")
            }
            return ExitCode.success
        })

    private static func formatChoice(_ name: String) -> TableFileFormat {
        name == "csv" ? .csv : (name == "arrow" ? .arrow : .tbl)
    }

    /// The most rows one Arrow IPC file may hold: its batches and their serialised bytes are held in memory together
    /// (about 5 GB for this many lineitem rows).
    static let arrowRowsPerFileMaximum = 16_000_000

    /// Refuses Arrow output whose files would not fit in memory, naming the `--parts` that would.
    private static func checkArrowFileSizes(_ generator: TPCHGenerator, _ tables: [TPCHTable], partCount: Int) throws {
        for table in tables {
            let largest = (0..<partCount).map { generator.rowCount(table, part: $0, of: partCount) }.max() ?? 0
            guard largest > arrowRowsPerFileMaximum else { continue }
            let needed = (generator.rowCount(table) + arrowRowsPerFileMaximum - 1) / arrowRowsPerFileMaximum + 1
            throw UsageError(
                "--format arrow holds each file in memory, and a \(table.rawValue) file would have \(largest) rows"
                    + " (at most \(arrowRowsPerFileMaximum)); add --parts \(needed) or more")
        }
    }

    /// Parses `--tables`, suggesting the closest name for a typo.
    private static func tableList(_ text: String?) throws -> [TPCHTable] {
        guard let text else { return TPCHTable.allCases }
        var tables: [TPCHTable] = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            guard let table = TPCHTable(rawValue: name) else {
                let suggestion = closestName(to: name, among: TPCHTable.allCases.map(\.rawValue))
                throw UsageError("unknown table '\(name)'" + (suggestion.map { " (did you mean \($0)?)" } ?? ""))
            }
            if !tables.contains(table) { tables.append(table) }
        }
        guard !tables.isEmpty else { throw UsageError("--tables names no table") }
        return tables
    }

    private static func outputPath(
        _ directory: String, _ table: TPCHTable, part: Int, of partCount: Int, format: TableFileFormat
    )
        throws -> String
    {
        guard partCount > 1 else { return "\(directory)/\(table.rawValue).\(format.rawValue)" }
        let folder = "\(directory)/\(table.rawValue)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return "\(folder)/\(table.rawValue).\(part + 1).\(format.rawValue)"
    }
}

/// Progress on stderr, never stdout: on a terminal a line rewritten in place at most twice a second, otherwise a
/// plain line every 10 seconds (so logs of long runs show life); and one summary line per table. Wall-clock time only
/// paces the display; it never affects the data.
struct GenerationProgress {
    private let clock = ContinuousClock()
    private var lastReport: ContinuousClock.Instant?
    private var tableStart: ContinuousClock.Instant?
    private let interactive = isatty(2) != 0

    /// Starts timing a table.
    mutating func begin() {
        tableStart = clock.now
        lastReport = nil
    }

    mutating func report(_ table: String, rows: Int, of total: Int) {
        let now = clock.now
        let interval: Duration = interactive ? .milliseconds(500) : .seconds(10)
        guard let since = lastReport ?? tableStart, now - since >= interval else { return }
        lastReport = now
        let percent = total > 0 ? " \(rows * 100 / total)%" : ""
        let text = "  \(table)\(percent) \(rows) of \(total) rows"
        FileHandle.standardError.write(Data((interactive ? "\r\u{1B}[K\(text)" : "\(text)\n").utf8))
    }

    mutating func finish(_ table: String, rows: Int, location: String) {
        let seconds =
            tableStart.map { (clock.now - $0).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))) }
            ?? "0.0 sec"
        let clear = interactive ? "\r\u{1B}[K" : ""
        FileHandle.standardError.write(Data("\(clear)\(table): \(rows) rows -> \(location) (\(seconds))\n".utf8))
    }
}
