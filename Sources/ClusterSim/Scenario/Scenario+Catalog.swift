import ArrowLite
import PlanKit

extension Scenario {
    /// The tables the query reads: generated TPC-H tables, or the files of `[[data.table]]`.
    /// - Parameter baseDirectory: the directory relative `path`s start from (the scenario file's directory).
    /// - Throws: `ScenarioError` located at the table's `path` key when a file cannot be read or parsed (the
    ///   message carries the data file's own location), or at 1:1 for a bad TPC-H scale.
    public func catalog(baseDirectory: String) throws -> Catalog {
        switch data {
        case .tpch(let scale, let keyRanges):
            do {
                return try Catalog.tpch(scale: scale, keyRanges: keyRanges)
            } catch {
                throw ScenarioError(
                    file: "<scenario \(name)>", line: 1, column: 1, message: "cannot generate TPC-H data: \(error)",
                    hint: "use a tpch_scale between 0.0001 and 1000")
            }
        case .tables(let tables):
            var catalog = Catalog()
            for table in tables {
                let memory = try Self.load(table, baseDirectory: baseDirectory)
                catalog.register(table.name, try Self.sorted(memory, table))
            }
            return catalog
        }
    }

    /// The table split by key ranges of its `sorted_by` column, or as it is without one.
    /// - Throws: `ScenarioError` at `sorted_by` when the column is missing, not int32/int64, holds a null or is not
    ///   sorted (naming the file's data row, counted from 1).
    static func sorted(_ memory: MemoryTable, _ table: DataTable) throws -> any TableSource {
        guard let column = table.sortedBy, !column.isEmpty else { return memory }
        do {
            return try KeyRangeTable(memory, column: column, ranges: table.keyDomain)
        } catch let error as KeyRangeTableError {
            var failure =
                table.sortedByOrigin ?? ScenarioError(file: "<scenario>", line: 1, column: 1, message: "", hint: "")
            failure.message =
                "table '\(table.name)' cannot be split by '\(column)': "
                + error.message { "data row \($0 + 1) of \(table.path)" }
            switch error {
            case .missingColumn(_, let columns):
                failure.hint =
                    ScenarioSuggestion.closest(to: column, among: columns).map { "did you mean '\($0)'?" }
                    ?? "name one of the table's columns"
            case .unsorted: failure.hint = "sort the file on '\(column)', or remove sorted_by"
            default: failure.hint = "sorted_by names an int32 or int64 column without nulls, sorted ascending"
            }
            throw failure
        }
    }

    /// `path` joined to `baseDirectory` unless it is absolute.
    static func resolve(_ path: String, baseDirectory: String) -> String {
        if path.hasPrefix("/") || baseDirectory.isEmpty { return path }
        return baseDirectory.hasSuffix("/") ? baseDirectory + path : baseDirectory + "/" + path
    }

    static func load(_ table: DataTable, baseDirectory: String) throws -> MemoryTable {
        let path = resolve(table.path, baseDirectory: baseDirectory)
        let origin =
            table.origin ?? ScenarioError(file: "<scenario>", line: 1, column: 1, message: "", hint: "")
        func failure(_ message: String, hint: String) -> ScenarioError {
            var error = origin
            error.message = message
            error.hint = hint
            return error
        }
        let bytes: [UInt8]
        do {
            bytes = try FileIO.readAll(path: path)
        } catch {
            throw failure(
                "cannot read the data file of table '\(table.name)': \(error)",
                hint:
                    "paths are relative to the scenario file's directory (\(baseDirectory.isEmpty ? "." : baseDirectory))"
            )
        }
        do {
            switch table.format {
            case .csv:
                let schema = table.schema ?? Schema([])
                var options = CSVOptions()
                options.hasHeader = table.header
                let batches = try CSV.read(bytes, schema: schema, options: options, fileName: path)
                return try MemoryTable(schema: schema, batches: batches)
            case .ipc:
                // The file format starts with the magic "ARROW1"; anything else is read as a stream.
                let isFile = bytes.starts(with: Array("ARROW1".utf8))
                let (schema, batches) = try isFile ? ArrowIPC.readFile(bytes) : ArrowIPC.readStream(bytes)
                return try MemoryTable(schema: schema, batches: batches)
            }
        } catch {
            throw failure(
                "the data file of table '\(table.name)' is not valid \(table.format.rawValue): \(error)",
                hint: table.format == .csv
                    ? "check the file against 'schema' and 'header' of this [[data.table]]"
                    : "write the file with Arrow IPC (file or stream format)")
        }
    }
}
