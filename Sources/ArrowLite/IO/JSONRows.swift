/// Renders rows as a JSON array of objects, one object per row, keyed by column name.
///
/// Values keep their exact text: integers and decimals are JSON numbers written digit for digit (a decimal keeps
/// its scale, `12.50`, and is never passed through a double), doubles are the shortest text that reads back
/// exactly, dates are `"YYYY-MM-DD"` strings, NULL is `null`. Doubles that JSON cannot hold (NaN, infinities)
/// are the strings `"NaN"`, `"inf"` and `"-inf"`. Strings are escaped as RFC 8259 requires (quote, backslash and
/// control characters); other characters are written as UTF-8.
///
/// The layout puts one row per line: `[` and `]` on their own lines, `[]` for no rows.
public enum JSONRows {
    /// Formats every row of `batches` as a JSON array of objects.
    /// - Complexity: O(bytes written).
    public static func write(schema: Schema, batches: [RecordBatch]) -> [UInt8] {
        let keys = schema.fields.map { quoted($0.name) + ": " }
        var output: [UInt8] = []
        var rowCount = 0
        output.append(contentsOf: "[".utf8)
        for batch in batches {
            for row in 0..<batch.rowCount {
                output.append(contentsOf: (rowCount == 0 ? "\n  {" : ",\n  {").utf8)
                for (index, column) in batch.columns.enumerated() {
                    if index > 0 { output.append(contentsOf: ", ".utf8) }
                    output.append(contentsOf: keys[index].utf8)
                    output.append(contentsOf: value(column.scalar(at: row)).utf8)
                }
                output.append(UInt8(ascii: "}"))
                rowCount += 1
            }
        }
        output.append(contentsOf: (rowCount == 0 ? "]\n" : "\n]\n").utf8)
        return output
    }

    /// The JSON text of one value.
    public static func value(_ scalar: Scalar) -> String {
        switch scalar {
        case .null: return "null"
        case .boolean(let value): return value ? "true" : "false"
        case .int32(let value): return String(value)
        case .int64(let value): return String(value)
        case .float64(let value): return value.isFinite ? Scalar.format(value) : quoted(Scalar.format(value))
        case .decimal(let value, _, let scale): return Decimal128.format(value, scale: scale)
        case .date32(let days): return quoted(Date32.format(days))
        case .utf8(let text): return quoted(text)
        }
    }

    /// `text` as a JSON string literal, with its quotes.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
