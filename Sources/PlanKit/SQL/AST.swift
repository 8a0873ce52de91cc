// The syntax tree of SQL statements and queries. Every node keeps the `SourceLocation` where it was written (for
// binder errors later); equality ignores locations, so a tree equals the tree of its own printed text.

/// One SQL statement.
public struct Statement: Sendable, Equatable {
    /// Which statement it is.
    public var kind: StatementKind
    /// Where the statement starts.
    @IgnoredByEquality public var location: SourceLocation

    /// Makes a statement.
    public init(_ kind: StatementKind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// The statements PlanKit understands.
public indirect enum StatementKind: Sendable, Equatable {
    /// A query: `[WITH ...] SELECT ...`.
    case query(Query)
    /// `CREATE [OR REPLACE] VIEW name [(columns)] AS query`.
    case createView(CreateView)
    /// `DROP VIEW [IF EXISTS] name`.
    case dropView(name: String, ifExists: Bool)
    /// `EXPLAIN [ANALYZE] statement`.
    case explain(Statement, analyze: Bool)
}

/// `CREATE [OR REPLACE] VIEW name [(columns)] AS query`.
public struct CreateView: Sendable, Equatable {
    /// The view's name (folded to lower case unless quoted).
    public var name: String
    /// Names for the query's output columns; empty to keep the query's own names.
    public var columnNames: [String]
    /// The view's definition.
    public var query: Query
    /// Whether `OR REPLACE` was given.
    public var replacesExisting: Bool

    /// Makes a view definition.
    public init(name: String, columnNames: [String], query: Query, replacesExisting: Bool) {
        self.name = name
        self.columnNames = columnNames
        self.query = query
        self.replacesExisting = replacesExisting
    }
}

/// A complete query: common table expressions, a body, then ordering and limits that apply to the whole body.
public struct Query: Sendable, Equatable {
    /// The `WITH` list, in order; empty without `WITH`.
    public var commonTableExpressions: [CommonTableExpression]
    /// The `SELECT` (or a `UNION` of them).
    public var body: QueryBody
    /// `ORDER BY` items, in order.
    public var orderBy: [OrderItem]
    /// `LIMIT` count, if given.
    public var limit: Expression?
    /// `OFFSET` count, if given.
    public var offset: Expression?
    /// Where the query starts.
    @IgnoredByEquality public var location: SourceLocation

    /// Makes a query.
    public init(
        commonTableExpressions: [CommonTableExpression] = [], body: QueryBody, orderBy: [OrderItem] = [],
        limit: Expression? = nil, offset: Expression? = nil, location: SourceLocation
    ) {
        self.commonTableExpressions = commonTableExpressions
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.offset = offset
        self.location = location
    }
}

/// `name [(columns)] AS (query)` in a `WITH` list.
public struct CommonTableExpression: Sendable, Equatable {
    /// The name the query is known by in the rest of the statement.
    public var name: String
    /// Names for the query's output columns; empty to keep the query's own names.
    public var columnNames: [String]
    /// The named query.
    public var query: Query
    /// Where the name is written.
    @IgnoredByEquality public var location: SourceLocation

    /// Makes a common table expression.
    public init(name: String, columnNames: [String], query: Query, location: SourceLocation) {
        self.name = name
        self.columnNames = columnNames
        self.query = query
        self.location = location
    }
}

/// A query body: one `SELECT`, or a set operation over bodies.
public indirect enum QueryBody: Sendable, Equatable {
    /// `SELECT ...`.
    case select(Select)
    /// `left UNION [ALL] right`; `all` keeps duplicates.
    case union(QueryBody, QueryBody, all: Bool)
}

/// `SELECT [DISTINCT] items [FROM ...] [WHERE ...] [GROUP BY ...] [HAVING ...]`.
public struct Select: Sendable, Equatable {
    /// Whether `DISTINCT` removes duplicate rows.
    public var distinct: Bool
    /// The select list, in order.
    public var items: [SelectItem]
    /// The `FROM` list; several entries are a comma (cross) join. Empty without `FROM`.
    public var from: [TableReference]
    /// The `WHERE` condition.
    public var condition: Expression?
    /// The `GROUP BY` expressions, in order.
    public var groupBy: [Expression]
    /// The `HAVING` condition.
    public var having: Expression?
    /// Where `SELECT` is written.
    @IgnoredByEquality public var location: SourceLocation

    /// Makes a select.
    public init(
        distinct: Bool = false, items: [SelectItem], from: [TableReference] = [], condition: Expression? = nil,
        groupBy: [Expression] = [], having: Expression? = nil, location: SourceLocation
    ) {
        self.distinct = distinct
        self.items = items
        self.from = from
        self.condition = condition
        self.groupBy = groupBy
        self.having = having
        self.location = location
    }
}

/// One entry of a select list, with the place it starts.
public struct SelectItem: Sendable, Equatable {
    /// What the entry is.
    public var kind: SelectItemKind
    /// Where the entry starts.
    @IgnoredByEquality public var location: SourceLocation

    /// Makes a select-list entry.
    public init(_ kind: SelectItemKind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// The kinds of select-list entry.
public enum SelectItemKind: Sendable, Equatable {
    /// An expression with an optional alias (`AS name`).
    case expression(Expression, alias: String?)
    /// `*` (qualifier `nil`) or `table.*`.
    case wildcard(qualifier: String?)
}

/// An entry of a `FROM` list, with the place it starts.
public struct TableReference: Sendable, Equatable {
    /// What the entry is.
    public var kind: TableReferenceKind
    /// Where the entry starts (for a join: where its left input starts).
    @IgnoredByEquality public var location: SourceLocation

    /// Makes a table reference.
    public init(_ kind: TableReferenceKind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// The kinds of `FROM` entry.
public indirect enum TableReferenceKind: Sendable, Equatable {
    /// A table or view by name.
    case table(name: String, alias: TableAlias?)
    /// A subquery in parentheses (a derived table).
    case derived(Query, alias: TableAlias?)
    /// Two references joined.
    case join(Join)
}

/// `left [kind] JOIN right [ON condition]`.
public struct Join: Sendable, Equatable {
    /// The left input.
    public var left: TableReference
    /// The right input.
    public var right: TableReference
    /// Which rows the join keeps.
    public var kind: JoinKind
    /// The `ON` condition; `nil` for `CROSS JOIN`.
    public var condition: Expression?

    /// Makes a join.
    public init(left: TableReference, right: TableReference, kind: JoinKind, condition: Expression?) {
        self.left = left
        self.right = right
        self.kind = kind
        self.condition = condition
    }
}

/// The kinds of join.
public enum JoinKind: String, Sendable, Equatable {
    /// `[INNER] JOIN`: matching pairs only.
    case inner = "JOIN"
    /// `LEFT [OUTER] JOIN`: every left row, with nulls where nothing matches.
    case left = "LEFT JOIN"
    /// `RIGHT [OUTER] JOIN`: every right row, with nulls where nothing matches.
    case right = "RIGHT JOIN"
    /// `FULL [OUTER] JOIN`: every row of both sides.
    case full = "FULL JOIN"
    /// `CROSS JOIN`: every pair.
    case cross = "CROSS JOIN"
}

/// `[AS] name [(column, ...)]` after a table reference.
public struct TableAlias: Sendable, Equatable {
    /// The name the table is known by in the query.
    public var name: String
    /// New names for the table's columns, in order; empty to keep them.
    public var columnNames: [String]
    /// Where the alias's name is written.
    @IgnoredByEquality public var location: SourceLocation

    /// Makes an alias.
    public init(name: String, columnNames: [String] = [], location: SourceLocation = .start) {
        self.name = name
        self.columnNames = columnNames
        self.location = location
    }
}

/// One `ORDER BY` entry.
public struct OrderItem: Sendable, Equatable {
    /// What to sort by.
    public var expression: Expression
    /// Whether `DESC` was given (ascending otherwise).
    public var descending: Bool
    /// `NULLS FIRST` (`true`), `NULLS LAST` (`false`) or unspecified (`nil`).
    public var nullsFirst: Bool?

    /// Makes an order item.
    public init(expression: Expression, descending: Bool = false, nullsFirst: Bool? = nil) {
        self.expression = expression
        self.descending = descending
        self.nullsFirst = nullsFirst
    }
}
