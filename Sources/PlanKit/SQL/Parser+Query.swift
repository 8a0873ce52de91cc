// Queries: WITH, SELECT, FROM with joins and derived tables, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, UNION.

extension SQLParser {
    /// Tokens that may follow a complete select-list entry, table reference or clause.
    private static let clauseFollowers: [Keyword] = [.from, .where, .group, .having, .order, .limit, .offset, .union]

    /// Whether the current token can end a clause: a clause keyword, `)`, `;` or the end of input.
    private func atClauseBoundary(_ distance: Int = 0) -> Bool {
        let token = peek(distance)
        switch token.kind {
        case .endOfInput, .symbol(.rightParenthesis), .symbol(.semicolon): return true
        case .keyword(let keyword): return Self.clauseFollowers.contains(keyword)
        default: return false
        }
    }

    /// Throws unless the current token can end a clause.
    private func expectClauseBoundary(
        _ what: String, suggesting keywords: [Keyword], hint: String
    ) throws(SQLError) {
        if atClauseBoundary() { return }
        throw unexpected(what, suggesting: keywords, hintOtherwise: hint)
    }

    /// `[WITH ...] body [ORDER BY ...] [LIMIT n] [OFFSET n]`.
    mutating func parseQuery() throws(SQLError) -> Query {
        try enterNesting()
        defer { nestingDepth -= 1 }
        let start = current.location
        var commonTableExpressions: [CommonTableExpression] = []
        if consume(.with) {
            repeat {
                commonTableExpressions.append(try parseCommonTableExpression())
            } while consume(.comma)
        }
        var body = try parseSelect()
        while consume(.union) {
            let all = consume(.all)
            if !all { _ = consume(.distinct) }
            body = .union(body, try parseSelect(), all: all)
        }
        var query = Query(commonTableExpressions: commonTableExpressions, body: body, location: start)
        if consume(.order) {
            try expect(.by, "after ORDER")
            repeat {
                query.orderBy.append(try parseOrderItem())
            } while consume(.comma)
        }
        if consume(.limit) { query.limit = try parseExpression() }
        if consume(.offset) { query.offset = try parseExpression() }
        return query
    }

    private mutating func parseCommonTableExpression() throws(SQLError) -> CommonTableExpression {
        let start = current.location
        let name = try parseName("as the name of a WITH query")
        let columnNames = try parseOptionalColumnNames()
        try expect(.as, "after the name of a WITH query")
        let opening = try expect(.leftParenthesis, "before the WITH query")
        let query = try parseQuery()
        try expectClosing(opening)
        return CommonTableExpression(name: name, columnNames: columnNames, query: query, location: start)
    }

    private mutating func parseOrderItem() throws(SQLError) -> OrderItem {
        var item = OrderItem(expression: try parseExpression())
        if consume(.desc) {
            item.descending = true
        } else {
            _ = consume(.asc)
        }
        if consume(.nulls) {
            if consume(.first) {
                item.nullsFirst = true
            } else {
                try expect(.last, "or FIRST after NULLS")
                item.nullsFirst = false
            }
        }
        return item
    }

    /// `SELECT [DISTINCT | ALL] items [FROM ...] [WHERE ...] [GROUP BY ...] [HAVING ...]`.
    private mutating func parseSelect() throws(SQLError) -> QueryBody {
        let start = try expect(.select, "to start a query").location
        var select = Select(items: [], location: start)
        if consume(.distinct) {
            select.distinct = true
        } else {
            _ = consume(.all)
        }
        repeat {
            select.items.append(try parseSelectItem())
        } while consume(.comma)
        try expectClauseBoundary(
            "FROM after the select list", suggesting: [.from] + Self.clauseFollowers,
            hint: "separate select-list entries with ','")
        if consume(.from) {
            repeat {
                select.from.append(try parseTableReference())
            } while consume(.comma)
            try expectClauseBoundary(
                "WHERE, GROUP BY, ORDER BY or the end of the query after the FROM list",
                suggesting: Self.clauseFollowers + [.join, .inner, .left, .right, .full, .cross, .on],
                hint: "separate tables with ',' or join them with JOIN ... ON")
        }
        if consume(.where) {
            select.condition = try parseExpression()
            try expectClauseBoundary(
                "GROUP BY, ORDER BY or the end of the query after the WHERE condition",
                suggesting: Self.clauseFollowers + [.and, .or], hint: "combine conditions with AND or OR")
        }
        if consume(.group) {
            try expect(.by, "after GROUP")
            repeat {
                select.groupBy.append(try parseExpression())
            } while consume(.comma)
        }
        if consume(.having) { select.having = try parseExpression() }
        return .select(select)
    }

    private mutating func parseSelectItem() throws(SQLError) -> SelectItem {
        let start = current.location
        if consume(.star) { return SelectItem(.wildcard(qualifier: nil), location: start) }
        if let qualifier = nameText(current), peek(1).kind == .symbol(.dot), peek(2).kind == .symbol(.star) {
            advance()
            advance()
            advance()
            return SelectItem(.wildcard(qualifier: qualifier), location: start)
        }
        let expression = try parseExpression()
        return SelectItem(.expression(expression, alias: try parseAlias()), location: start)
    }

    /// `AS name`, or a bare name when the token after it ends the entry (so a misspelt `FORM` is not an alias).
    private mutating func parseAlias() throws(SQLError) -> String? {
        if consume(.as) { return try parseName("after AS") }
        guard let name = nameText(current) else { return nil }
        let next = peek(1)
        let endsEntry =
            atClauseBoundary(1) || next.kind == .symbol(.comma) || next.kind == .symbol(.leftParenthesis)
            || [.join, .inner, .left, .right, .full, .cross, .on].contains(next.keyword ?? .all)
        guard endsEntry else { return nil }
        advance()
        return name
    }

    // MARK: FROM

    /// A table, derived table or parenthesised join, followed by any joins.
    mutating func parseTableReference() throws(SQLError) -> TableReference {
        var reference = try parseTableFactor()
        while let kind = try parseJoinKind() {
            let right = try parseTableFactor()
            var condition: Expression?
            if kind != .cross {
                try expect(.on, "and a join condition after the joined table")
                condition = try parseExpression()
            }
            let join = Join(left: reference, right: right, kind: kind, condition: condition)
            reference = TableReference(.join(join), location: reference.location)
        }
        return reference
    }

    /// Consumes a join keyword sequence and says which join it is; `nil` when none follows.
    private mutating func parseJoinKind() throws(SQLError) -> JoinKind? {
        let kind: JoinKind
        switch current.keyword {
        case .join: kind = .inner
        case .inner: kind = .inner
        case .left: kind = .left
        case .right: kind = .right
        case .full: kind = .full
        case .cross: kind = .cross
        default: return nil
        }
        if check(.join) {
            advance()
            return kind
        }
        advance()
        if kind == .left || kind == .right || kind == .full { _ = consume(.outer) }
        try expect(.join, "after \(kind == .inner ? "INNER" : kind.rawValue.split(separator: " ")[0])")
        return kind
    }

    private mutating func parseTableFactor() throws(SQLError) -> TableReference {
        let start = current.location
        if check(.leftParenthesis) {
            let opening = advance()
            try enterNesting()
            defer { nestingDepth -= 1 }
            if check(.select) || check(.with) {
                let query = try parseQuery()
                try expectClosing(opening)
                return TableReference(.derived(query, alias: try parseTableAlias()), location: start)
            }
            let inner = try parseTableReference()
            try expectClosing(opening)
            return inner
        }
        guard nameText(current) != nil else {
            throw unexpected("a table name or '(' in the FROM list", suggesting: [])
        }
        let name = try parseName("as a table name")
        return TableReference(.table(name: name, alias: try parseTableAlias()), location: start)
    }

    private mutating func parseTableAlias() throws(SQLError) -> TableAlias? {
        let start = check(.as) ? peek(1).location : current.location
        guard let name = try parseAlias() else { return nil }
        return TableAlias(name: name, columnNames: try parseOptionalColumnNames(), location: start)
    }

    // MARK: Names

    /// The name a token spells when used as an identifier: unquoted names, quoted names, unreserved keywords.
    func nameText(_ token: Token) -> String? {
        switch token.kind {
        case .identifier(let name), .quotedIdentifier(let name): return name
        case .keyword(let keyword) where !keyword.isReserved: return keyword.rawValue.lowercased()
        default: return nil
        }
    }

    /// For a keyword where a name was expected: how to quote it. (A separate non-throwing function: Swift 6.3's
    /// optimiser crashes on this closure inside the typed-throws `parseName`.)
    func keywordAsNameHint(_ token: Token) -> String? {
        guard let keyword = token.keyword else { return nil }
        return "\(keyword.rawValue) is a keyword; write \"\(keyword.rawValue.lowercased())\" to use it as a name"
    }

    /// Consumes a name or throws "expected a name <context>, found ...".
    mutating func parseName(_ context: String) throws(SQLError) -> String {
        guard let name = nameText(current) else {
            throw unexpected("a name \(context)", suggesting: [], hintOtherwise: keywordAsNameHint(current))
        }
        advance()
        return name
    }

    /// `(name, ...)` if the current token is `(`; empty otherwise.
    mutating func parseOptionalColumnNames() throws(SQLError) -> [String] {
        guard check(.leftParenthesis) else { return [] }
        let opening = advance()
        var names: [String] = []
        repeat {
            names.append(try parseName("in the column name list"))
        } while consume(.comma)
        try expectClosing(opening)
        return names
    }
}
