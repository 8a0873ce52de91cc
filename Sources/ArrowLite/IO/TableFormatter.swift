/// Renders rows as an aligned text table for terminals: a header, a rule, the rows, and a `(N rows)` footer.
public enum TableFormatter {
    /// Formats at most `limit` rows of `batches`.
    /// - Parameter totalRows: the row count to report in the footer (defaults to the rows in `batches`).
    public static func format(schema: Schema, batches: [RecordBatch], limit: Int = .max, totalRows: Int? = nil)
        -> String
    {
        var cells: [[String]] = [schema.fields.map(\.name)]
        var rightAligned = schema.fields.map { $0.dataType.isNumeric }
        outer: for batch in batches {
            for row in 0..<batch.rowCount {
                if cells.count - 1 >= limit { break outer }
                cells.append(batch.columns.map { display($0.scalar(at: row)) })
            }
        }
        if schema.fields.isEmpty { rightAligned = [] }
        let widths = schema.fields.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        var lines: [String] = []
        for (index, row) in cells.enumerated() {
            let padded = row.enumerated().map { column, text in
                pad(text, to: widths[column], right: index > 0 && rightAligned[column])
            }
            lines.append(String(padded.joined(separator: " | ").reversed().drop(while: { $0 == " " }).reversed()))
            if index == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-")) }
        }
        let total = totalRows ?? batches.reduce(0) { $0 + $1.rowCount }
        let shown = cells.count - 1
        lines.append(shown < total ? "(\(total) rows, \(shown) shown)" : "(\(total) row\(total == 1 ? "" : "s"))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A scalar's display text with control characters made visible, so one value stays on one line.
    static func display(_ value: Scalar) -> String {
        let text = value.description
        guard text.contains(where: { $0.isNewline || $0 == "\t" }) else { return text }
        return text.replacingAll(["\n": "\\n", "\r": "\\r", "\t": "\\t"])
    }

    static func pad(_ text: String, to width: Int, right: Bool) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }
}

extension String {
    func replacingAll(_ replacements: [Character: String]) -> String {
        var result = ""
        for character in self { result += replacements[character] ?? String(character) }
        return result
    }
}
