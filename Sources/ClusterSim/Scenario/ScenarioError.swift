/// A place in a scenario file: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of a file, where errors about the file as a whole point.
    public static let start = SourceLocation(line: 1, column: 1)

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}

/// An error in a scenario file (or in the data files it names), located like a compiler's:
/// `file:line:column: error: message`, the source line, a caret under the column, and a hint.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The scenario file's name as given to `Scenario.parse` or `Scenario.load`.
    public var file: String
    public var line: Int
    public var column: Int
    /// What is wrong, in one sentence without a final full stop.
    public var message: String
    /// How to fix it.
    public var hint: String
    /// The text of the offending line, when known (shown with a caret by `render()`).
    public var sourceLine: String?

    public init(file: String, line: Int, column: Int, message: String, hint: String, sourceLine: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
        self.sourceLine = sourceLine
    }

    /// The error as compilers print it:
    /// ```
    /// quick.toml:4:11: error: expected an integer for 'workers', found a string
    /// workers = "three"
    ///           ^
    /// hint: write a whole number without quotes, e.g. workers = 3
    /// ```
    public func render() -> String {
        var lines = ["\(file):\(line):\(column): error: \(message)"]
        if let sourceLine {
            lines.append(sourceLine)
            // Keep tabs so the caret lines up under tab-indented text.
            let prefix = sourceLine.unicodeScalars.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " }
            lines.append(prefix.joined() + "^")
        }
        if !hint.isEmpty { lines.append("hint: \(hint)") }
        return lines.joined(separator: "\n")
    }

    public var description: String { render() }
}

/// The text of a scenario file split into lines, to make located errors.
struct SourceText: Sendable {
    let fileName: String
    let lines: [String]

    init(_ text: String, fileName: String) {
        self.fileName = fileName
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
    }

    /// An error at `location`, showing its line.
    func error(at location: SourceLocation, _ message: String, hint: String) -> ScenarioError {
        let index = location.line - 1
        let sourceLine = lines.indices.contains(index) ? lines[index] : nil
        return ScenarioError(
            file: fileName, line: location.line, column: location.column, message: message, hint: hint,
            sourceLine: sourceLine)
    }
}

/// "Did you mean ...?" for misspelt keys and names.
enum ScenarioSuggestion {
    /// The candidate closest to `word` if it is a likely typo (at most a third of its letters edited, at least one).
    static func closest(to word: String, among candidates: [String]) -> String? {
        let typed = Array(word.lowercased().unicodeScalars)
        guard !typed.isEmpty, typed.count <= 64 else { return nil }
        let allowed = max(1, typed.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(typed, Array(candidate.lowercased().unicodeScalars))
            if distance <= allowed && distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// `did you mean 'x'?` or, without a close candidate, the list of valid words.
    static func hint(for word: String, among candidates: [String], what: String) -> String {
        if let near = closest(to: word, among: candidates) { return "did you mean '\(near)'?" }
        return "\(what): " + candidates.map { "'\($0)'" }.joined(separator: ", ")
    }

    /// Levenshtein distance with swaps of neighbours counted as one edit.
    static func editDistance(_ left: [Unicode.Scalar], _ right: [Unicode.Scalar]) -> Int {
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: right.count + 1), count: left.count + 1)
        for row in 0...left.count { table[row][0] = row }
        for column in 0...right.count { table[0][column] = column }
        for row in 1...left.count {
            for column in 1...right.count {
                let cost = left[row - 1] == right[column - 1] ? 0 : 1
                var value = min(
                    table[row - 1][column] + 1, table[row][column - 1] + 1, table[row - 1][column - 1] + cost)
                if row > 1, column > 1, left[row - 1] == right[column - 2], left[row - 2] == right[column - 1] {
                    value = min(value, table[row - 2][column - 2] + 1)
                }
                table[row][column] = value
            }
        }
        return table[left.count][right.count]
    }
}
