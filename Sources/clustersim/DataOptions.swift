import ArrowLite

/// The options `data convert` and `data cat` share for choosing formats and reading text files.
enum DataOptions {
    static let names = ["--schema", "--delimiter", "--null"]
    static let flags = ["--no-header"]

    static let usage = """
          --schema SPEC     column types for CSV/.tbl input: "id:int64,name:utf8,price:decimal(15,2),day:date32"
                            (names may be left out to take them from the CSV header), or @FILE holding that text
          --delimiter C     the CSV field delimiter (default ',' for .csv, '|' for .tbl)
          --no-header       the CSV has no header row
          --null TOKEN      the text of NULL in CSV (default: empty)
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
                throw UsageError("--delimiter expects one character, got '\(delimiter)'")
            }
            options.delimiter = delimiter == "\\t" ? 0x09 : bytes[0]
        }
        if arguments.flag("--no-header") { options.hasHeader = false }
        if let null = arguments.value("--null") { options.nullToken = null }
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
            throw UsageError(
                "reading \(format.rawValue) needs --schema, because its text carries no types; for example\n"
                    + "  --schema \"id:int64,name:utf8,price:decimal(15,2),day:date32\"")
        }
        if spec.hasPrefix("@") {
            spec = String(decoding: try FileIO.readAll(path: String(spec.dropFirst())), as: UTF8.self)
        }
        let bytes = try FileIO.readAll(path: path)
        // An empty file has no header; its columns keep the names of the spec (or column1, column2, ...).
        let header = options.hasHeader ? try CSV.readHeader(bytes, options: options, fileName: path) : []
        let schema = try Schema(parsing: spec, defaultNames: header.isEmpty ? nil : header)
        return (schema, try CSV.read(bytes, schema: schema, options: options, fileName: path))
    }
}
