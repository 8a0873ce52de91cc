import ArrowLite
import ClusterSim
import Foundation
import PlanKit
import TPCH

extension Command {
    /// `clustersim sql`: runs SQL over the TPC-H tables generated in memory and prints the result.
    static let sql = Command(
        words: ["sql"],
        summary: "run SQL (or a TPC-H query) over TPC-H tables generated in memory",
        usage: """
            clustersim sql "SQL" | --file FILE | --tpch N  [--scale S] [--format table|csv|json] [options]

            Generates the eight TPC-H tables in memory (dbgen-identical) and runs the SQL with the single-node engine.
            The SQL may hold several statements separated by ';' (CREATE VIEW, a query, DROP VIEW); the result of
            the last query is printed. Syntax errors are reported before any data is generated.

            Options:
              --file FILE       read the SQL from FILE
              --tpch N          run TPC-H query N (1 to 22) with the specification's validation parameters;
                                query 15 is the specification's script (CREATE VIEW revenue0; the query; DROP VIEW)
              --scale S         the TPC-H scale factor of the tables (default 0.01)
              --key-ranges      split orders and lineitem by order-key ranges, part and partsupp by part-key
                                ranges (as dbgen sorts them): joins and aggregates on those keys need no shuffle
              --format F        table (default): an aligned text table; csv: a header row, then RFC 4180 rows
                                (ISO dates, decimals with their scale, NULL as an empty field); json: an array of
                                objects, one per row (numbers exact, dates as "YYYY-MM-DD", NULL as null)
              --limit N         print at most N rows (the table footer still counts every row)
              --partitions P    split scans, joins and aggregates into P partitions (default 4)
              --print-sql       print the SQL that would run, exactly, and stop (no data is generated)
              --workers N       run on N simulated workers instead of the single-node engine; prints a summary
                                line on stderr
              --mode M          with --workers: pipelined (default: every stage live, batches stream) or staged
                                (a stage starts when the stages it reads have finished)
              --parallel        with --workers: run the simulation on 2 threads (same result, same trace hash)
              --no-runtime-filters  with --workers: plan no runtime filters (see clustersim explain)
              --runtime-filter-wait MS  with --workers: how long after the query's start (virtual time) a stage
                                may wait for the runtime filter it checks before it runs without it
                                (default 1000; 0: never wait)
              --seed S          the simulation's seed (default 1): the same seed gives the same trace
              --estimator NAME  the task estimator for --workers (default bytes-per-task)
              --report FILE     with --workers: write the JSON report (status, trace_hash, virtual_time_ms,
                                bytes_shuffled, tasks, per-stage metrics)
              --trace FILE      with --workers: write a Chrome trace (open in Perfetto: a slice per task)
              --html FILE       with --workers: write the HTML report (a Gantt chart per worker, the stage graph)

            Exit codes: 0 success; 2 bad usage or bad SQL (shown with its line, column and a caret);
            1 the query failed while running (overflow, division by zero, a bad cast).

            Examples:
              clustersim sql "select n_name, count(*) from nation group by n_name order by n_name"
              clustersim sql --tpch 1 --scale 0.1 --format csv
              clustersim sql --file q.sql --format json --limit 10
              clustersim sql --tpch 15 --print-sql > q15.sql
              clustersim sql --tpch 3 --workers 8 --seed 42 --report run.json --trace run.trace.json
              clustersim sql --tpch 9 --workers 16 --mode staged --parallel --html run.html
            """,
        run: { words in
            let arguments = try Arguments(
                words,
                options: [
                    "--file", "--tpch", "--scale", "--format", "--limit", "--partitions", "--workers", "--seed",
                    "--estimator", "--report", "--trace", "--mode", "--html", "--runtime-filter-wait",
                ],
                flags: ["--print-sql", "--parallel", "--no-runtime-filters", "--key-ranges"])
            let source = try SQLSource(arguments)
            if arguments.flag("--print-sql") {
                print(source.text)
                return ExitCode.success
            }
            let format = try arguments.choice("--format", among: ["table", "csv", "json"]) ?? "table"
            let limit = try arguments.integer("--limit", in: 0...Int.max)
            let partitionCount = try arguments.integer("--partitions", in: 1...1024) ?? 4
            let scale = try arguments.positiveNumber("--scale") ?? 0.01
            guard
                let engine = try source.tpchEngine(
                    scale: scale, partitionCount: partitionCount, keyRanges: arguments.flag("--key-ranges"))
            else {
                return ExitCode.usage
            }
            let simulation = try SimulationOptions(arguments)
            let result: QueryResult
            do {
                if let simulation {
                    result = try simulation.run(source.text, engine: engine)
                } else {
                    result = try engine.run(source.text)
                }
            } catch let error as SQLError {
                writeSQLError(error, source)
                return ExitCode.usage
            } catch {
                writeError("query failed: \(error)")
                return ExitCode.failure
            }
            print(render(result, format: format, limit: limit), terminator: "")
            return ExitCode.success
        })

    /// The text of `result` in `format` (table, csv or json), at most `limit` rows.
    static func render(_ result: QueryResult, format: String, limit: Int?) -> String {
        let batches = limit.map { limited(result.batches, to: $0) } ?? result.batches
        switch format {
        case "csv":
            return String(decoding: CSV.write(schema: result.schema, batches: batches), as: UTF8.self)
        case "json":
            return String(decoding: JSONRows.write(schema: result.schema, batches: batches), as: UTF8.self)
        default:
            return TableFormatter.format(schema: result.schema, batches: batches, totalRows: result.rowCount)
        }
    }

    /// Prints a SQL error the way compilers do: message, `--> file:line:column`, the line with a caret, a hint.
    static func writeSQLError(_ error: SQLError, _ source: SQLSource) {
        FileHandle.standardError.write(Data((error.render(sql: source.text, fileName: source.name) + "\n").utf8))
    }
}

/// Where the SQL of `clustersim sql` comes from: the command line, a file, or a TPC-H query number.
struct SQLSource {
    /// The SQL text.
    let text: String
    /// The name errors show for the text: `query.sql` for the command line, the path, or `tpch-qN.sql`.
    let name: String

    /// Reads the one source the arguments name.
    /// - Throws: `UsageError` when none or several are given, the query number is out of range, or the file cannot
    ///   be read.
    init(_ arguments: Arguments) throws {
        let path = arguments.value("--file")
        let number = try arguments.integer("--tpch", in: 1...22)
        let given = arguments.positional.count + (path == nil ? 0 : 1) + (number == nil ? 0 : 1)
        guard given == 1, arguments.positional.count <= 1 else {
            throw UsageError(
                "give the SQL as one argument, or --file FILE, or --tpch N (got \(given) sources)")
        }
        if let path {
            let bytes: [UInt8]
            do { bytes = try FileIO.readAll(path: path) } catch { throw UsageError("--file: \(error)") }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw UsageError("--file: \(path) is not UTF-8 text")
            }
            self.text = text
            self.name = path
        } else if let number {
            self.text = TPCHQueries.query(number)
            self.name = "tpch-q\(number).sql"
        } else {
            self.text = arguments.positional[0]
            self.name = "query.sql"
        }
    }

    /// An engine over the TPC-H tables generated at `scale` (split by key ranges with `keyRanges`), once the text
    /// parses; nil after printing the syntax error (so no data is generated for SQL that cannot run).
    /// - Throws: `UsageError` for a scale factor TPC-H cannot make.
    func tpchEngine(scale: Double, partitionCount: Int, keyRanges: Bool) throws -> QueryEngine? {
        do throws(SQLError) {
            _ = try SQLParser.parseScript(text)
        } catch {
            Command.writeSQLError(error, self)
            return nil
        }
        let catalog: Catalog
        do {
            catalog = try Catalog.tpch(scale: scale, keyRanges: keyRanges)
        } catch { throw UsageError("--scale: \(error)") }
        return QueryEngine(catalog: catalog, options: QueryOptions(partitionCount: partitionCount))
    }
}
