/// Prints syntax trees back as SQL text: keywords in upper case, names quoted only when they must be, and
/// parentheses exactly where precedence needs them. Parsing the printed text gives an equal tree.
///
/// `SQLFormatter.format(tree)` prints on one line with the fewest parentheses. `SQLFormatter(layout: .indented)`
/// puts each clause on its own line with its entries indented below it (for EXPLAIN and for reading).
/// `SQLFormatter(parenthesizesEverything: true)` puts every operator expression in parentheses, so another engine
/// reads the tree's shape without relying on our precedence rules (the DuckDB oracle tests use this).
public struct SQLFormatter: Sendable {
    /// How printed text is laid out.
    public enum Layout: Sendable {
        /// Everything on one line, single spaces.
        case singleLine
        /// One clause per line, entries and top-level AND conditions indented by four spaces below it, subqueries
        /// indented further.
        case indented
    }

    /// Whether every operator expression is printed in parentheses.
    public var parenthesizesEverything: Bool
    /// How the text is laid out.
    public var layout: Layout
    /// The indentation of the line being printed, in spaces (`.indented` only).
    private var indentation = 0

    /// Makes a printer.
    public init(layout: Layout = .singleLine, parenthesizesEverything: Bool = false) {
        self.layout = layout
        self.parenthesizesEverything = parenthesizesEverything
    }

    /// The SQL text of a statement on one line with the fewest parentheses (without a final `;`).
    public static func format(_ statement: Statement) -> String { SQLFormatter().format(statement) }

    /// The SQL text of a query on one line with the fewest parentheses.
    public static func format(_ query: Query) -> String { SQLFormatter().format(query) }

    /// The SQL text of an expression with the fewest parentheses.
    public static func format(_ expression: Expression) -> String { SQLFormatter().format(expression) }

    /// The SQL text of a statement (without a final `;`).
    public func format(_ statement: Statement) -> String {
        switch statement.kind {
        case .query(let query):
            return format(query)
        case .createView(let view):
            let replace = view.replacesExisting ? "OR REPLACE " : ""
            let head = "CREATE \(replace)VIEW \(Self.name(view.name))\(columnList(view.columnNames)) AS"
            return head + lineBreak + format(view.query)
        case .dropView(let viewName, let ifExists):
            return "DROP VIEW \(ifExists ? "IF EXISTS " : "")\(Self.name(viewName))"
        case .explain(let inner, let analyze):
            return "EXPLAIN \(analyze ? "ANALYZE " : "")\(format(inner))"
        }
    }

    /// The SQL text of a query.
    public func format(_ query: Query) -> String {
        var parts: [String] = []
        if !query.commonTableExpressions.isEmpty {
            let entries = query.commonTableExpressions.map { entry in
                "\(Self.name(entry.name))\(columnList(entry.columnNames)) AS \(parenthesized(entry.query))"
            }
            parts.append("WITH " + entries.joined(separator: "," + lineBreak))
        }
        parts.append(format(query.body))
        if !query.orderBy.isEmpty { parts.append(clause("ORDER BY", query.orderBy.map(nested.format))) }
        if let limit = query.limit { parts.append("LIMIT " + format(limit)) }
        if let offset = query.offset { parts.append("OFFSET " + format(offset)) }
        return parts.joined(separator: lineBreak)
    }

    /// The SQL text of a query body: a `SELECT` or a `UNION` of them.
    public func format(_ body: QueryBody) -> String {
        switch body {
        case .select(let select):
            return format(select)
        case .union(let left, let right, let all):
            return format(left) + lineBreak + "UNION \(all ? "ALL" : "")" + lineBreak + format(right)
        }
    }

    private func format(_ select: Select) -> String {
        var parts = [clause("SELECT" + (select.distinct ? " DISTINCT" : ""), select.items.map(nested.format))]
        if !select.from.isEmpty { parts.append(clause("FROM", select.from.map(nested.format))) }
        if let condition = select.condition { parts.append(clause("WHERE", [nested.formatCondition(condition)])) }
        if !select.groupBy.isEmpty { parts.append(clause("GROUP BY", select.groupBy.map(nested.format))) }
        if let having = select.having { parts.append(clause("HAVING", [nested.formatCondition(having)])) }
        return parts.joined(separator: lineBreak)
    }

    private func format(_ item: SelectItem) -> String {
        switch item.kind {
        case .wildcard(let qualifier): qualifier.map { "\(Self.name($0)).*" } ?? "*"
        case .expression(let expression, let alias): format(expression) + (alias.map { " AS \(Self.name($0))" } ?? "")
        }
    }

    private func format(_ item: OrderItem) -> String {
        var text = format(item.expression)
        if item.descending { text += " DESC" }
        if let nullsFirst = item.nullsFirst { text += nullsFirst ? " NULLS FIRST" : " NULLS LAST" }
        return text
    }

    // MARK: Layout

    /// A line break at the current indentation (`.indented`), or a space.
    var lineBreak: String {
        layout == .indented ? "\n" + String(repeating: " ", count: indentation) : " "
    }

    /// This printer, indented one level deeper.
    private var nested: SQLFormatter {
        var deeper = self
        if layout == .indented { deeper.indentation += 4 }
        return deeper
    }

    /// `keyword` and its entries: on one line, or the entries on their own lines one level deeper.
    private func clause(_ keyword: String, _ entries: [String]) -> String {
        guard layout == .indented else { return keyword + " " + entries.joined(separator: ", ") }
        let entryBreak = nested.lineBreak
        return keyword + entryBreak + entries.joined(separator: "," + entryBreak)
    }

    /// A subquery in parentheses; indented one level deeper, with `)` on its own line, in `.indented` layout.
    func parenthesized(_ query: Query) -> String {
        guard layout == .indented else { return "(\(format(query)))" }
        return "(" + nested.lineBreak + nested.format(query) + lineBreak + ")"
    }

    /// The SQL text of a `FROM` entry.
    public func format(_ reference: TableReference) -> String {
        switch reference.kind {
        case .table(let tableName, let alias):
            return Self.name(tableName) + format(alias)
        case .derived(let query, let alias):
            return parenthesized(query) + format(alias)
        case .join(let join):
            var right = format(join.right)
            if case .join = join.right.kind { right = "(\(right))" }
            let condition = join.condition.map { " ON \(format($0))" } ?? ""
            return "\(format(join.left)) \(join.kind.rawValue) \(right)\(condition)"
        }
    }

    private func format(_ alias: TableAlias?) -> String {
        guard let alias else { return "" }
        return " AS \(Self.name(alias.name))\(columnList(alias.columnNames))"
    }

    private func columnList(_ names: [String]) -> String {
        names.isEmpty ? "" : " (" + names.map(Self.name).joined(separator: ", ") + ")"
    }

    /// A name as SQL text: bare when it reads back as the same name, in double quotes otherwise.
    static func name(_ text: String) -> String {
        let isPlain =
            text.unicodeScalars.first.map { ("a"..."z").contains($0) || $0 == "_" } == true
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        if isPlain && Keyword(word: text) == nil { return text }
        return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}

extension Statement: CustomStringConvertible {
    /// The statement as SQL text.
    public var description: String { SQLFormatter.format(self) }
}

extension Query: CustomStringConvertible {
    /// The query as SQL text.
    public var description: String { SQLFormatter.format(self) }
}

extension Expression: CustomStringConvertible {
    /// The expression as SQL text.
    public var description: String { SQLFormatter.format(self) }
}
