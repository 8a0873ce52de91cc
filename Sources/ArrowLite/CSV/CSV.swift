/// Reads and writes CSV (and TPC-H `.tbl`) against an explicit schema.
///
/// The text layout is RFC 4180: records end with LF or CRLF (the last may have no line end), blank lines are
/// skipped, and a field that starts with the quote may hold delimiters, line breaks and doubled quotes. Values parse
/// by the field's type, straight from the bytes:
/// - int32, int64: an optional sign and digits; out of range is an error, never a wrap.
/// - float64: anything `strtod` reads completely (`1e3`, `inf`, `nan`).
/// - decimal128(P, S): digits with an optional sign and point, parsed exactly as an integer (never via a double);
///   more than S fraction digits round half away from zero, as a cast does; more than P - S integer digits is an
///   error.
/// - date32: `YYYY-MM-DD`, a day that exists.
/// - boolean: `true`, `false`, `t`, `f`, `1`, `0`, in any letter case.
/// - utf8: the field's text verbatim (it must be valid UTF-8). Other types ignore surrounding spaces.
///
/// An unquoted field equal to `options.nullToken` is NULL (an error in a non-nullable field); a quoted one is a
/// value, so `""` is the empty string when the null token is empty.
public enum CSV {
    /// Parses CSV bytes into batches of at most `batchSize` rows (one empty batch for input without rows).
    /// - Parameters:
    ///   - bytes: the whole input.
    ///   - schema: the column names and types; with a header, the header must name the same columns in order.
    ///   - fileName: shown in error messages.
    /// - Throws: `ArrowError.csv(file:line:column:message:)` with the 1-based line and the character column where
    ///   the offending field starts, saying what was expected and what was found (a wrong field count also hints at
    ///   the delimiter).
    /// - Complexity: O(bytes), parsed from the bytes in place: no allocation per field (a quoted field with doubled
    ///   quotes is unescaped into a reused scratch buffer).
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
