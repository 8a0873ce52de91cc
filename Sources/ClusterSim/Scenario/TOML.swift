/// Parses the subset of TOML 1.0 that scenario files use (documented in `docs/scenarios.md`): comments, `key = value`
/// with bare, quoted and dotted keys, `[tables]`, `[[arrays of tables]]`, strings of the four kinds, integers,
/// floats, booleans, arrays and inline tables. Dates and times are not supported.
public enum TOML {
    /// Parses a whole document.
    /// - Parameters:
    ///   - text: the document.
    ///   - fileName: the name errors print.
    /// - Returns: the root table; every value keeps its source location.
    /// - Throws: `ScenarioError` at the first syntax error or duplicate key, with the line, a caret and a hint.
    public static func parse(_ text: String, fileName: String) throws -> TOMLTable {
        var parser = TOMLParser(text: text, fileName: fileName)
        return try parser.parseDocument()
    }
}

/// A recursive-descent parser over the document's Unicode scalars, tracking line and column as it goes.
struct TOMLParser {
    let scalars: [Unicode.Scalar]
    let source: SourceText
    var position = 0
    var line = 1
    var lineStart = 0
    /// Nesting of arrays and inline tables, bounded so hostile input cannot exhaust the stack.
    var depth = 0
    static let maximumDepth = 64

    init(text: String, fileName: String) {
        self.scalars = Array(text.unicodeScalars)
        self.source = SourceText(text, fileName: fileName)
    }

    // MARK: Reading scalars

    var location: SourceLocation { SourceLocation(line: line, column: position - lineStart + 1) }
    var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    func peek(_ offset: Int) -> Unicode.Scalar? {
        let index = position + offset
        return index < scalars.count ? scalars[index] : nil
    }

    mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where position < scalars.count {
            if scalars[position] == "\n" {
                line += 1
                lineStart = position + 1
            }
            position += 1
        }
    }

    /// True at `\n` or `\r\n`.
    var atNewline: Bool { current == "\n" || (current == "\r" && peek(1) == "\n") }

    mutating func skipNewline() { advance(current == "\r" ? 2 : 1) }

    mutating func skipSpaces() { while current == " " || current == "\t" { advance() } }

    mutating func skipComment() {
        guard current == "#" else { return }
        while let scalar = current, scalar != "\n" { advance() }
    }

    /// Skips spaces, comments and newlines.
    mutating func skipBlank() {
        while true {
            skipSpaces()
            skipComment()
            guard atNewline else { return }
            skipNewline()
        }
    }

    func error(_ message: String, at location: SourceLocation? = nil, hint: String) -> ScenarioError {
        source.error(at: location ?? self.location, message, hint: hint)
    }

    /// How errors name the scalar at the current position.
    var currentDescription: String {
        guard let scalar = current else { return "the end of the file" }
        if atNewline { return "the end of the line" }
        if scalar == "\r" { return "a carriage return without a line feed" }
        if scalar.value < 0x20 || scalar.value == 0x7F {
            return "the control character U+\(String(scalar.value, radix: 16, uppercase: true))"
        }
        return "'\(Character(scalar))'"
    }

    // MARK: Document and tables

    mutating func parseDocument() throws -> TOMLTable {
        let root = TOMLTableNode(.header, at: .start)
        var table = root
        while true {
            skipBlank()
            guard current != nil else { break }
            if current == "[" {
                table = try parseHeader(root: root)
            } else {
                try parseKeyValue(into: table)
            }
            try expectLineEnd()
        }
        return root.freeze()
    }

    mutating func expectLineEnd() throws {
        skipSpaces()
        skipComment()
        guard current == nil || atNewline else {
            throw error(
                "expected the end of the line, found \(currentDescription)",
                hint: "put each key = value and each [table] on its own line; comments start with #")
        }
    }

    /// `[a.b]` or `[[a.b]]`: returns the table later keys go into.
    mutating func parseHeader(root: TOMLTableNode) throws -> TOMLTableNode {
        let start = location
        advance()
        let isArray = current == "["
        if isArray { advance() }
        let keys = try parseKey()
        skipSpaces()
        let closing = isArray ? "]]" : "]"
        for _ in 0..<(isArray ? 2 : 1) {
            guard current == "]" else {
                throw error(
                    "expected '\(closing)' to close the table header, found \(currentDescription)",
                    hint: isArray ? "write an array of tables as [[name]]" : "write a table header as [name]")
            }
            advance()
        }
        let name = keys.map(\.key).joined(separator: ".")
        let parent = try walk(keys.dropLast(), from: root, creating: .implicit, header: name)
        let (last, lastLocation) = (keys[keys.count - 1].key, keys[keys.count - 1].location)
        let existing = parent.slot(last)
        if isArray {
            let element = TOMLTableNode(.header, at: start)
            switch existing?.slot {
            case nil: parent.set(last, .tableArray([element]), at: lastLocation)
            case .tableArray(let nodes): parent.set(last, .tableArray(nodes + [element]), at: lastLocation)
            case .some:
                throw error(
                    "'\(name)' is already defined at line \(existing?.keyLocation.line ?? 0), not as an array of tables",
                    at: lastLocation, hint: "use [\(name)] for a single table, or rename one of them")
            }
            return element
        }
        switch existing?.slot {
        case nil:
            let node = TOMLTableNode(.header, at: start)
            parent.set(last, .table(node), at: lastLocation)
            return node
        case .table(let node) where node.origin == .implicit:
            node.origin = .header
            node.location = start
            return node
        default:
            throw error(
                "duplicate table [\(name)]; it is already defined at line \(existing?.keyLocation.line ?? 0)",
                at: lastLocation, hint: "merge the two [\(name)] sections into one")
        }
    }

    /// Follows `keys` down from `table`, creating missing tables with `origin`; descends into the last element of
    /// an array of tables.
    mutating func walk(
        _ keys: ArraySlice<(key: String, location: SourceLocation)>, from table: TOMLTableNode,
        creating origin: TOMLTableNode.Origin, header: String
    ) throws -> TOMLTableNode {
        var node = table
        for (key, keyLocation) in keys {
            switch node.slot(key)?.slot {
            case nil:
                let child = TOMLTableNode(origin, at: keyLocation)
                node.set(key, .table(child), at: keyLocation)
                node = child
            case .table(let child) where child.origin != .inline && (origin == .implicit || child.origin != .header):
                node = child
            case .tableArray(let nodes) where origin == .implicit:
                guard let lastNode = nodes.last else { return node }
                node = lastNode
            default:
                let first = node.slot(key)?.keyLocation.line ?? 0
                throw error(
                    "'\(key)' is already defined at line \(first) and cannot be extended here", at: keyLocation,
                    hint: "define every key of '\(header)' in one place")
            }
        }
        return node
    }

    /// `key = value` (the key may be dotted) into `table`.
    mutating func parseKeyValue(into table: TOMLTableNode) throws {
        let keys = try parseKey()
        skipSpaces()
        let name = keys.map(\.key).joined(separator: ".")
        guard current == "=" else {
            throw error(
                "expected '=' after the key '\(name)', found \(currentDescription)",
                hint: "write key = value; put text values in double quotes")
        }
        advance()
        skipSpaces()
        let value = try parseValue()
        let parent = try walk(keys.dropLast(), from: table, creating: .dotted, header: name)
        let (last, lastLocation) = (keys[keys.count - 1].key, keys[keys.count - 1].location)
        if let existing = parent.slot(last) {
            throw error(
                "duplicate key '\(name)'; it is already defined at line \(existing.keyLocation.line)",
                at: lastLocation, hint: "remove one of the two definitions")
        }
        parent.set(last, .value(value), at: lastLocation)
    }

    /// A bare, quoted or dotted key: its parts with their locations (never empty).
    mutating func parseKey() throws -> [(key: String, location: SourceLocation)] {
        var parts: [(key: String, location: SourceLocation)] = []
        while true {
            skipSpaces()
            let start = location
            parts.append((try parseSimpleKey(), start))
            skipSpaces()
            guard current == "." else { return parts }
            advance()
        }
    }

    mutating func parseSimpleKey() throws -> String {
        if current == "\"" || current == "'" {
            if peek(1) == current && peek(2) == current {
                throw error("a key cannot be a multi-line string", hint: "quote keys with \"...\" on one line")
            }
            return current == "\"" ? try parseBasicString() : try parseLiteralString()
        }
        var key = ""
        while let scalar = current, Self.isBareKeyScalar(scalar) {
            key.unicodeScalars.append(scalar)
            advance()
        }
        guard !key.isEmpty else {
            throw error(
                "expected a key, found \(currentDescription)",
                hint: "bare keys use letters, digits, '_' and '-'; quote any other key as \"...\"")
        }
        return key
    }

    static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": return true
        default: return false
        }
    }

    // MARK: Values

    mutating func parseValue() throws -> TOMLValue {
        let start = location
        switch current {
        case "\"":
            let multiLine = peek(1) == "\"" && peek(2) == "\""
            return TOMLValue(.string(multiLine ? try parseMultiLineBasicString() : try parseBasicString()), at: start)
        case "'":
            let multiLine = peek(1) == "'" && peek(2) == "'"
            return TOMLValue(
                .string(multiLine ? try parseMultiLineLiteralString() : try parseLiteralString()), at: start)
        case "[":
            return TOMLValue(.array(try parseArray()), at: start)
        case "{":
            return TOMLValue(.table(try parseInlineTable()), at: start)
        default:
            return TOMLValue(try parseBareValue(), at: start)
        }
    }

    mutating func enterNesting() throws {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw error(
                "arrays and inline tables nest deeper than \(Self.maximumDepth) levels",
                hint: "scenario files need only a few levels")
        }
    }

    mutating func parseArray() throws -> [TOMLValue] {
        let start = location
        try enterNesting()
        defer { depth -= 1 }
        advance()
        var elements: [TOMLValue] = []
        while true {
            skipBlank()
            if current == "]" {
                advance()
                return elements
            }
            try checkClosed(start, what: "array", closing: "]")
            elements.append(try parseValue())
            skipBlank()
            try checkClosed(start, what: "array", closing: "]")
            if current == "," {
                advance()
            } else if current != "]" {
                throw error(
                    "expected ',' or ']' in the array, found \(currentDescription)",
                    hint: "separate array elements with commas and close the array with ]")
            }
        }
    }

    /// Throws at the end of the file inside an array or inline table opened at `start`.
    func checkClosed(_ start: SourceLocation, what: String, closing: String) throws {
        guard current == nil else { return }
        throw error(
            "the \(what) opened at line \(start.line), column \(start.column) is never closed",
            hint: "close the \(what) with \(closing)")
    }

    /// `{ a = 1, b.c = "x" }`; as in TOML 1.1, it may span lines and end with a comma.
    mutating func parseInlineTable() throws -> TOMLTable {
        let start = location
        try enterNesting()
        defer { depth -= 1 }
        advance()
        let node = TOMLTableNode(.inline, at: start)
        while true {
            skipBlank()
            if current == "}" {
                advance()
                return node.freeze()
            }
            try checkClosed(start, what: "inline table", closing: "}")
            try parseKeyValue(into: node)
            skipBlank()
            try checkClosed(start, what: "inline table", closing: "}")
            if current == "," {
                advance()
            } else if current != "}" {
                throw error(
                    "expected ',' or '}' in the inline table, found \(currentDescription)",
                    hint: "separate key = value pairs with commas and close the table with }")
            }
        }
    }
}
