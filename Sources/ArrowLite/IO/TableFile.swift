/// The file formats ArrowLite reads and writes, chosen by extension or by name.
public enum TableFileFormat: String, CaseIterable, Sendable {
    /// Arrow IPC file format (`.arrow`, `.feather`, `.ipc`).
    case arrow
    /// Arrow IPC stream format (`.arrows`).
    case arrows
    /// Comma-separated values with a header row (`.csv`).
    case csv
    /// TPC-H `.tbl`: `|`-separated, no header, every line ends with `|`.
    case tbl

    /// The format a path's extension names, or nil.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "arrow", "feather", "ipc": self = .arrow
        case "arrows": self = .arrows
        case "csv": self = .csv
        case "tbl": self = .tbl
        default: return nil
        }
    }

    /// True for the text formats, which need a schema to be read.
    public var isText: Bool { self == .csv || self == .tbl }

    /// The CSV options of a text format.
    public var csvOptions: CSVOptions { self == .tbl ? .tbl : CSVOptions() }
}

/// Reads and writes whole tables in any `TableFileFormat`.
public enum TableFile {
    /// Reads a table.
    /// - Parameters:
    ///   - schema: required for CSV and `.tbl` (their text carries no types); ignored for Arrow IPC.
    ///   - csvOptions: overrides the format's default CSV options.
    /// - Throws: `ArrowError` naming the path and the place in it.
    public static func read(
        path: String, format: TableFileFormat, schema: Schema? = nil, csvOptions: CSVOptions? = nil
    ) throws -> (schema: Schema, batches: [RecordBatch]) {
        let bytes = try FileIO.readAll(path: path)
        switch format {
        case .arrow: return try withPath(path) { try ArrowIPC.readFile(bytes) }
        case .arrows: return try withPath(path) { try ArrowIPC.readStream(bytes) }
        case .csv, .tbl:
            guard let schema else {
                throw ArrowError.invalidArgument(
                    "\(path): reading \(format.rawValue) needs a schema (its text has no types)")
            }
            let batches = try CSV.read(bytes, schema: schema, options: csvOptions ?? format.csvOptions, fileName: path)
            return (schema, batches)
        }
    }

    /// Writes a table atomically: the file appears only when complete.
    /// - Throws: `ArrowError`; on failure no file is left at `path`.
    public static func write(
        path: String, format: TableFileFormat, schema: Schema, batches: [RecordBatch], csvOptions: CSVOptions? = nil
    ) throws {
        let bytes: [UInt8]
        switch format {
        case .arrow: bytes = try ArrowIPC.writeFile(schema: schema, batches: batches)
        case .arrows: bytes = try ArrowIPC.writeStream(schema: schema, batches: batches)
        case .csv, .tbl: bytes = CSV.write(schema: schema, batches: batches, options: csvOptions ?? format.csvOptions)
        }
        try FileIO.writeAtomically(path: path, bytes: bytes)
    }

    /// Prefixes IPC errors with the path, keeping the byte offset.
    private static func withPath<R>(_ path: String, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch ArrowError.ipc(let offset, let message) {
            throw ArrowError.ipc(offset: offset, message: "\(path): \(message)")
        }
    }
}
