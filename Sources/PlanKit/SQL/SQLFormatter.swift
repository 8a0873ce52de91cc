/// Prints syntax trees back as SQL text on one line: keywords in upper case, names quoted only when they must be,
/// and parentheses exactly where precedence needs them. Parsing the printed text gives an equal tree.
///
/// `SQLFormatter.format(tree)` prints with the fewest parentheses. `SQLFormatter(parenthesizesEverything: true)`
/// puts every operator expression in parentheses, so another engine reads the tree's shape without relying on
/// our precedence rules (the DuckDB oracle tests use this).
public struct SQLFormatter: Sendable {
    /// Whether every operator expression is printed in parentheses.
    public var parenthesizesEverything: Bool

    /// Makes a printer.
    public init(parenthesizesEverything: Bool = false) {
        self.parenthesizesEverything = parenthesizesEverything
    }

    /// The SQL text of a statement with the fewest parentheses (without a final `;`).
    public static func format(_ statement: Statement) -> String { SQLFormatter().format(statement) }

    /// The SQL text of a query with the fewest parentheses.
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
            return
                "CREATE \(replace)VIEW \(Self.name(view.name))\(columnList(view.columnNames)) AS \(format(view.query))"
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
                "\(Self.name(entry.name))\(columnList(entry.columnNames)) AS (\(format(entry.query)))"
            }
            parts.append("WITH " + entries.joined(separator: ", "))
        }
        parts.append(format(query.body))
        if !query.orderBy.isEmpty {
            parts.append("ORDER BY " + query.orderBy.map(format).joined(separator: ", "))
        }
        if let limit = query.limit { parts.append("LIMIT " + format(limit)) }
        if let offset = query.offset { parts.append("OFFSET " + format(offset)) }
        return parts.joined(separator: " ")
    }

    /// The SQL text of a query body: a `SELECT` or a `UNION` of them.
    public func format(_ body: QueryBody) -> String {
        switch body {
        case .select(let select): format(select)
        case .union(let left, let right, let all): "\(format(left)) UNION \(all ? "ALL " : "")\(format(right))"
        }
    }

    private func format(_ select: Select) -> String {
        var parts = ["SELECT" + (select.distinct ? " DISTINCT" : ""), select.items.map(format).joined(separator: ", ")]
        if !select.from.isEmpty { parts += ["FROM", select.from.map(format).joined(separator: ", ")] }
        if let condition = select.condition { parts += ["WHERE", format(condition)] }
        if !select.groupBy.isEmpty { parts += ["GROUP BY", select.groupBy.map(format).joined(separator: ", ")] }
        if let having = select.having { parts += ["HAVING", format(having)] }
        return parts.joined(separator: " ")
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

    /// The SQL text of a `FROM` entry.
    public func format(_ reference: TableReference) -> String {
        switch reference.kind {
        case .table(let tableName, let alias):
            return Self.name(tableName) + format(alias)
        case .derived(let query, let alias):
            return "(\(format(query)))" + format(alias)
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
