/// Reads and writes CSV (and TPC-H `.tbl`) against an explicit schema.
public enum CSV {
    /// Parses CSV bytes into batches of at most `batchSize` rows.
    /// - Parameters:
    ///   - bytes: the whole input.
    ///   - schema: the column names and types; with a header, the header must name the same columns in order.
    ///   - fileName: shown in error messages.
    /// - Throws: `ArrowError.csv` naming the line and column, what was expected and what was found.
    public static func read(
        _ bytes: [UInt8], schema: Schema, options: CSVOptions = .init(), fileName: String = "<input>",
        batchSize: Int = 65_536
    ) throws -> [RecordBatch] {
        precondition(batchSize > 0, "batchSize must be positive")
        return try bytes.withUnsafeBytes { raw in
            var reader = CSVReader(bytes: raw, schema: schema, options: options, fileName: fileName)
            return try reader.readAll(batchSize: batchSize)
        }
    }

    /// The column names in the first record (for a header row), or an empty list for empty input.
    /// - Throws: `ArrowError.csv` when the first record is malformed.
    public static func readHeader(_ bytes: [UInt8], options: CSVOptions = .init(), fileName: String = "<input>")
        throws -> [String]
    {
        try bytes.withUnsafeBytes { raw in
            var tokenizer = CSVTokenizer(bytes: raw, options: options, fileName: fileName)
            guard try tokenizer.nextRecord() else { return [] }
            var names = (0..<tokenizer.fields.count).map { CSVReader.text(of: $0, in: tokenizer) }
            if options.trailingDelimiter, names.last == "" { names.removeLast() }
            return names
        }
    }
}
