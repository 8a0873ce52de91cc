import Foundation

/// A query's answer as another engine computed it: a fixture of `Fixtures/tpch-answers` (see its README).
///
/// The header holds one `name:TYPE` field per column with the other engine's type (`revenue:DECIMAL(38,4)`); the
/// rows are RFC 4180 CSV where an empty unquoted field is NULL and `""` is an empty string.
struct ReferenceAnswer: Equatable {
    /// A column's name and the reference engine's type name, upper case (`DECIMAL(38,4)`, `DOUBLE`, `DATE`).
    struct Column: Equatable {
        var name: String
        var type: String
    }

    var columns: [Column]
    /// Each row's field texts; nil is NULL.
    var rows: [[String?]]

    /// Parses a fixture's text.
    /// - Throws: `ReferenceAnswerError` naming the line when the text is not CSV, a header field has no type, or a
    ///   row has another field count than the header.
    init(csv text: String) throws {
        let records = try ReferenceAnswer.records(text)
        guard let header = records.first else { throw ReferenceAnswerError(line: 1, message: "no header line") }
        columns = try header.map { field in
            guard let field, let colon = field.lastIndex(of: ":") else {
                throw ReferenceAnswerError(line: 1, message: "header field '\(field ?? "")' is not name:TYPE")
            }
            return Column(name: String(field[..<colon]), type: String(field[field.index(after: colon)...]).uppercased())
        }
        rows = Array(records.dropFirst())
        for (index, row) in rows.enumerated() where row.count != columns.count {
            throw ReferenceAnswerError(
                line: index + 2, message: "\(row.count) fields, the header has \(columns.count)")
        }
    }

    /// Makes an answer from parts (for tests of the comparator).
    init(columns: [Column], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The fixture of TPC-H query `number` at `scale` (`"0.01"`, `"0.1"`).
    static func tpch(_ number: Int, scale: String) throws -> ReferenceAnswer {
        try ReferenceAnswer(csv: Fixtures.text("tpch-answers/sf\(scale)/q\(number).csv"))
    }

    /// Splits RFC 4180 text (LF or CRLF line ends) into records; an unquoted empty field is nil.
    static func records(_ text: String) throws -> [[String?]] {
        var records: [[String?]] = []
        var record: [String?] = []
        var field = ""
        var quoted = false
        var inQuotes = false
        var line = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        func endField() {
            record.append(field.isEmpty && !quoted ? nil : field)
            field = ""
            quoted = false
        }
        while let scalar = pending {
            pending = scalars.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = scalars.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard field.isEmpty && !quoted else {
                    throw ReferenceAnswerError(line: line, message: "a quote inside an unquoted field")
                }
                quoted = true
                inQuotes = true
            case ",": endField()
            case "\r" where pending == "\n": continue
            case "\n":
                endField()
                records.append(record)
                record = []
                line += 1
            default:
                guard !quoted else {
                    throw ReferenceAnswerError(line: line, message: "text after a closing quote")
                }
                field.unicodeScalars.append(scalar)
            }
        }
        guard !inQuotes else { throw ReferenceAnswerError(line: line, message: "a quoted field is not closed") }
        if !field.isEmpty || quoted || !record.isEmpty {
            endField()
            records.append(record)
        }
        return records
    }
}

/// A reference answer file is malformed.
struct ReferenceAnswerError: Error, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "reference answer line \(line): \(message)" }
}
