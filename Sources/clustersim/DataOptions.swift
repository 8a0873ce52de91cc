import ArrowLite
import TPCH

/// The options `data convert` and `data cat` share for choosing formats and reading text files.
enum DataOptions {
    static let names = ["--schema", "--delimiter", "--null"]
    static let flags = ["--no-header"]

    static let usage = """
          --schema SPEC     column types for CSV/.tbl input: "id:int64,name:utf8,price:decimal(15,2),day:date32"
                            (names may be left out to take them from the CSV header, else column1, column2, ...),
                            or @FILE holding that text. Types: boolean, int32, int64, float64, decimal(P,S),
                            date32, utf8. A .tbl file named after a TPC-H table (lineitem.tbl, lineitem.3.tbl)
                            defaults to that table's schema.
          --delimiter C     the CSV field delimiter (default ',' for .csv, '|' for .tbl; \\t for a tab)
          --no-header       the CSV has no header row
          --null TOKEN      the text of NULL in CSV (default: empty; a quoted "" is an empty string)
                            --delimiter, --no-header and --null apply to every CSV/.tbl side of the command.
        """

    /// The format of `path`: `explicit` when given, else by extension.
    /// - Throws: `UsageError` listing the known extensions.
    static func format(of path: String, explicit: String?) throws -> TableFileFormat {
        if let explicit {
            guard let format = TableFileFormat(rawValue: explicit) else {
                throw UsageError("unknown format '\(explicit)'; use one of arrow, arrows, csv, tbl")
            }
            return format
        }
        guard let format = TableFileFormat(path: path) else {
            throw UsageError(
                "cannot tell the format of '\(path)' from its extension; use .arrow (Arrow IPC file), "
                    + ".arrows (Arrow IPC stream), .csv or .tbl, or name it with --from/--to")
        }
        return format
    }

    /// The CSV options for a text format, adjusted by --delimiter, --no-header and --null.
    static func csvOptions(_ format: TableFileFormat, _ arguments: Arguments) throws -> CSVOptions {
        var options = format.csvOptions
        if let delimiter = arguments.value("--delimiter") {
            let bytes = Array(delimiter.utf8)
            guard bytes.count == 1 || delimiter == "\\t" else {
                throw UsageError("--delimiter expects one ASCII character (or \\t), got '\(delimiter)'")
            }
            let byte = delimiter == "\\t" ? 0x09 : bytes[0]
            guard byte != options.quote, byte != 0x0A, byte != 0x0D else {
                throw UsageError("--delimiter cannot be the quote or a line break, got '\(delimiter)'")
            }
            options.delimiter = byte
        }
        if arguments.flag("--no-header") { options.hasHeader = false }
        if let null = arguments.value("--null") {
            // A token holding these could not be written unquoted, and a quoted field is never NULL.
            let reserved = [options.delimiter, options.quote, 0x0A, 0x0D]
            guard !null.utf8.contains(where: reserved.contains) else {
                throw UsageError("--null cannot contain the delimiter, the quote or a line break, got '\(null)'")
            }
            options.nullToken = null
        }
        return options
    }

    /// Reads any supported file, resolving a CSV schema from --schema and the header.
    /// - Throws: `UsageError` when a text file has no --schema; `ArrowError` for unreadable files.
    static func read(path: String, format: TableFileFormat, _ arguments: Arguments) throws -> (
        schema: Schema, batches: [RecordBatch]
    ) {
        guard format.isText else { return try TableFile.read(path: path, format: format) }
        let options = try csvOptions(format, arguments)
        guard var spec = arguments.value("--schema") else {
            if format == .tbl, let table = tpchTable(named: path) {
                return (
                    table.schema,
                    try TableFile.read(path: path, format: format, schema: table.schema, csvOptions: options).batches
                )
            }
            throw UsageError(
                "reading \(format.rawValue) needs --schema, because its text carries no types; for example\n"
                    + "  --schema \"id:int64,name:utf8,price:decimal(15,2),day:date32\"")
        }
        if spec.hasPrefix("@") {
            spec = String(decoding: try FileIO.readAll(path: String(spec.dropFirst())), as: UTF8.self)
        }
        let bytes = try FileIO.readAll(path: path)
        // Unnamed columns take the header's names. A header of another length (or none, in an empty file) gives
        // no names; CSV.read then reports the header's length with its line and column.
        let header = options.hasHeader ? try CSV.readHeader(bytes, options: options, fileName: path) : []
        let unnamed = try Schema(parsing: spec)
        let schema = header.count == unnamed.count ? try Schema(parsing: spec, defaultNames: header) : unnamed
        return (schema, try CSV.read(bytes, schema: schema, options: options, fileName: path))
    }

    /// The TPC-H table a `.tbl` file is named after (`lineitem.tbl`, `dir/lineitem.3.tbl`), if any.
    static func tpchTable(named path: String) -> TPCHTable? {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.split(separator: ".").first.flatMap { TPCHTable(rawValue: $0.lowercased()) }
    }
}
