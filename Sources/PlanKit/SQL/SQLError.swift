/// A mistake in SQL text: what is wrong, where, and a hint on how to fix it.
///
/// `render(sql:fileName:)` prints it the way compilers do, with the line and a caret under the place:
/// ```
/// error: expected FROM after the select list, found 'FORM'
///  --> query.sql:3:1
///   |
/// 3 | FORM lineitem
///   | ^^^^
///   = hint: did you mean FROM?
/// ```
public struct SQLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, as one sentence without a final period.
    public var message: String
    /// Where the mistake starts.
    public var location: SourceLocation
    /// How many columns the caret line underlines, at least 1.
    public var width: Int
    /// A suggestion for fixing the mistake, if there is one.
    public var hint: String?

    /// Makes an error at `location`, underlining `width` columns.
    public init(_ message: String, at location: SourceLocation, width: Int = 1, hint: String? = nil) {
        self.message = message
        self.location = location
        self.width = max(1, width)
        self.hint = hint
    }

    /// `line:column: message (hint: ...)`, on one line.
    public var description: String {
        "\(location): \(message)" + (hint.map { " (hint: \($0))" } ?? "")
    }

    /// The error as several lines: message, file and place, the source line with carets, and the hint.
    /// - Parameters:
    ///   - sql: the text the error was found in.
    ///   - fileName: the name to show for that text.
    public func render(sql: String, fileName: String = "query.sql") -> String {
        let sourceLine = Self.line(containing: location.offset, in: Array(sql.utf8))
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        let prefix = String(sourceLine.unicodeScalars.prefix(max(0, location.column - 1)))
        var caretStart = Self.expandingTabs(prefix).unicodeScalars.count
        var shownLine = Self.expandingTabs(sourceLine)
        if shownLine.unicodeScalars.count > Self.widestShownLine {
            (shownLine, caretStart) = Self.window(of: shownLine, around: caretStart)
        }
        let available = max(1, shownLine.unicodeScalars.count - caretStart)
        let carets = String(repeating: "^", count: min(width, available))
        var lines = [
            "error: \(message)",
            "\(gutter)--> \(fileName):\(location.line):\(location.column)",
            "\(gutter) |",
            "\(number) | \(shownLine)",
            "\(gutter) | \(String(repeating: " ", count: caretStart))\(carets)",
        ]
        if let hint { lines.append("\(gutter) = hint: \(hint)") }
        return lines.joined(separator: "\n")
    }

    /// Lines longer than this many columns are cut to a window around the caret.
    private static let widestShownLine = 100

    /// Up to `widestShownLine` columns of `line` around column index `caret`, with "..." where text was cut, and
    /// the caret's index in the result.
    private static func window(of line: String, around caret: Int) -> (line: String, caret: Int) {
        let scalars = Array(line.unicodeScalars)
        let start = max(0, min(caret - widestShownLine / 2, scalars.count - widestShownLine))
        let end = min(scalars.count, start + widestShownLine)
        var text = start > 0 ? "..." : ""
        text.unicodeScalars.append(contentsOf: scalars[start..<end])
        if end < scalars.count { text += "..." }
        return (text, caret - start + (start > 0 ? 3 : 0))
    }

    /// The text of the line that holds byte `offset`, without its line break.
    private static func line(containing offset: Int, in bytes: [UInt8]) -> String {
        let clamped = min(max(0, offset), bytes.count)
        var start = clamped
        while start > 0 && bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var end = clamped
        while end < bytes.count && bytes[end] != UInt8(ascii: "\n") && bytes[end] != UInt8(ascii: "\r") { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static func expandingTabs(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar == "\t" {
                result += "    "
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
