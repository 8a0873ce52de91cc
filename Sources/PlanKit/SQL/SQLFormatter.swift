/// Prints syntax trees back as SQL text on one line: keywords in upper case, names quoted only when they must be,
/// and parentheses exactly where precedence needs them. Parsing the printed text gives an equal tree.
public enum SQLFormatter {
    /// The SQL text of a statement (without a final `;`).
    public static func format(_ statement: Statement) -> String {
        switch statement.kind {
        case .query(let query):
            return format(query)
        case .createView(let view):
            let replace = view.replacesExisting ? "OR REPLACE " : ""
            return "CREATE \(replace)VIEW \(name(view.name))\(columnList(view.columnNames)) AS \(format(view.query))"
        case .dropView(let viewName, let ifExists):
            return "DROP VIEW \(ifExists ? "IF EXISTS " : "")\(name(viewName))"
        case .explain(let inner, let analyze):
            return "EXPLAIN \(analyze ? "ANALYZE " : "")\(format(inner))"
        }
    }

    /// The SQL text of a query.
    public static func format(_ query: Query) -> String {
        var parts: [String] = []
        if !query.commonTableExpressions.isEmpty {
            let entries = query.commonTableExpressions.map { entry in
                "\(name(entry.name))\(columnList(entry.columnNames)) AS (\(format(entry.query)))"
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
    public static func format(_ body: QueryBody) -> String {
        switch body {
        case .select(let select): format(select)
        case .union(let left, let right, let all): "\(format(left)) UNION \(all ? "ALL " : "")\(format(right))"
        }
    }

    private static func format(_ select: Select) -> String {
        var parts = ["SELECT" + (select.distinct ? " DISTINCT" : ""), select.items.map(format).joined(separator: ", ")]
        if !select.from.isEmpty { parts += ["FROM", select.from.map(format).joined(separator: ", ")] }
        if let condition = select.condition { parts += ["WHERE", format(condition)] }
        if !select.groupBy.isEmpty { parts += ["GROUP BY", select.groupBy.map(format).joined(separator: ", ")] }
        if let having = select.having { parts += ["HAVING", format(having)] }
        return parts.joined(separator: " ")
    }

    private static func format(_ item: SelectItem) -> String {
        switch item.kind {
        case .wildcard(let qualifier): qualifier.map { "\(name($0)).*" } ?? "*"
        case .expression(let expression, let alias): format(expression) + (alias.map { " AS \(name($0))" } ?? "")
        }
    }

    private static func format(_ item: OrderItem) -> String {
        var text = format(item.expression)
        if item.descending { text += " DESC" }
        if let nullsFirst = item.nullsFirst { text += nullsFirst ? " NULLS FIRST" : " NULLS LAST" }
        return text
    }

    /// The SQL text of a `FROM` entry.
    public static func format(_ reference: TableReference) -> String {
        switch reference.kind {
        case .table(let tableName, let alias):
            return name(tableName) + format(alias)
        case .derived(let query, let alias):
            return "(\(format(query)))" + format(alias)
        case .join(let join):
            var right = format(join.right)
            if case .join = join.right.kind { right = "(\(right))" }
            let condition = join.condition.map { " ON \(format($0))" } ?? ""
            return "\(format(join.left)) \(join.kind.rawValue) \(right)\(condition)"
        }
    }

    private static func format(_ alias: TableAlias?) -> String {
        guard let alias else { return "" }
        return " AS \(name(alias.name))\(columnList(alias.columnNames))"
    }

    private static func columnList(_ names: [String]) -> String {
        names.isEmpty ? "" : " (" + names.map(name).joined(separator: ", ") + ")"
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
