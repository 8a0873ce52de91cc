import ArrowLite

/// One column a logical plan node produces. Its `id` is unique within a query, so expressions refer to columns by
/// id wherever they sit in the tree: rules move filters and reorder joins without renumbering anything.
public struct LogicalColumn: Sendable, Hashable, CustomStringConvertible {
    /// The query-wide identity of the column.
    public let id: Int
    /// The name it is shown and output with.
    public let name: String
    public let dataType: DataType
    public let nullable: Bool

    /// Makes a column.
    public init(id: Int, name: String, dataType: DataType, nullable: Bool) {
        self.id = id
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
    }

    /// A reference to this column, as logical expressions hold it (`.column(index: id)`).
    public var reference: PhysicalExpression {
        PhysicalExpression(.column(index: id, name: name), dataType, nullable: nullable)
    }

    /// The output field of the column.
    public var field: Field { Field(name, dataType, nullable: nullable) }

    /// The same column, nullable (the columns of an outer join's optional side).
    public var asNullable: LogicalColumn { LogicalColumn(id: id, name: name, dataType: dataType, nullable: true) }

    public var description: String { "\(name)#\(id)" }
}

/// The joins of a logical plan. `left` is the side whose rows semi, anti, mark and left joins keep.
public enum LogicalJoinType: String, Sendable, Hashable {
    /// Matching pairs (a cross join when the condition is nil or has no equality between the sides).
    case inner
    /// Every left row, with null right columns where nothing matches.
    case left
    /// Left rows with a match (`EXISTS`, `IN`), once each.
    case semi
    /// Left rows without a match (`NOT EXISTS`).
    case anti
    /// Every left row plus a boolean mark with SQL `IN` semantics (true, false, or null when nulls are involved).
    case mark
}

/// A relational plan over columns identified by id. Expressions are `PhysicalExpression`s whose `.column(index:)`
/// holds a column *id* (not a position); the physical planner rebinds them to positions. The binder builds these
/// plans, already decorrelated (subqueries become semi, anti, mark and outer joins, joins with aggregates); the
/// optimiser rewrites them; the physical planner turns them into partitioned `PhysicalPlan`s.
public indirect enum LogicalPlan: Sendable {
    /// Reads `columns` (a subset of the table's, in table order) of a catalog table.
    case scan(table: String, source: any TableSource, columns: [LogicalColumn], tableIndices: [Int])
    /// One row of no columns (`SELECT` without `FROM`).
    case oneRow
    /// Keeps rows where the predicate is true.
    case filter(PhysicalExpression, LogicalPlan)
    /// Computes each expression as the matching output column.
    case projection([PhysicalExpression], [LogicalColumn], LogicalPlan)
    /// Groups by `groups` (each output as the matching `groupColumns` entry) and computes `aggregates` (each
    /// output as the matching `aggregateColumns` entry).
    case aggregate(
        groups: [PhysicalExpression], groupColumns: [LogicalColumn], aggregates: [AggregateExpression],
        aggregateColumns: [LogicalColumn], LogicalPlan)
    /// Joins `left` and `right` on `condition`; a mark join outputs `mark` after the left columns.
    case join(LogicalJoinType, LogicalPlan, LogicalPlan, condition: PhysicalExpression?, mark: LogicalColumn?)
    /// Orders the rows (stable).
    case sort([SortExpression], LogicalPlan)
    /// Skips `offset` rows, then keeps `fetch` (all when nil).
    case limit(offset: Int, fetch: Int?, LogicalPlan)
    /// `UNION ALL` of inputs with matching column types: row `r` of input `i` becomes a row of `columns`.
    case union([LogicalPlan], columns: [LogicalColumn])

    /// The columns the node produces, in order.
    public var output: [LogicalColumn] {
        switch self {
        case .scan(_, _, let columns, _): return columns
        case .oneRow: return []
        case .filter(_, let input), .sort(_, let input), .limit(_, _, let input): return input.output
        case .projection(_, let columns, _): return columns
        case .aggregate(_, let groupColumns, _, let aggregateColumns, _): return groupColumns + aggregateColumns
        case .join(let type, let left, let right, _, let mark):
            switch type {
            case .inner: return left.output + right.output
            case .left: return left.output + right.output.map(\.asNullable)
            case .semi, .anti: return left.output
            case .mark: return left.output + (mark.map { [$0] } ?? [])
            }
        case .union(_, let columns): return columns
        }
    }

    /// The direct inputs, in order.
    public var children: [LogicalPlan] {
        switch self {
        case .scan, .oneRow: return []
        case .filter(_, let input), .projection(_, _, let input), .aggregate(_, _, _, _, let input),
            .sort(_, let input), .limit(_, _, let input):
            return [input]
        case .join(_, let left, let right, _, _): return [left, right]
        case .union(let inputs, _): return inputs
        }
    }

    /// The same node over new inputs (as many as `children`).
    public func withChildren(_ inputs: [LogicalPlan]) -> LogicalPlan {
        switch self {
        case .scan, .oneRow: return self
        case .filter(let predicate, _): return .filter(predicate, inputs[0])
        case .projection(let expressions, let columns, _): return .projection(expressions, columns, inputs[0])
        case .aggregate(let groups, let groupColumns, let aggregates, let aggregateColumns, _):
            return .aggregate(
                groups: groups, groupColumns: groupColumns, aggregates: aggregates,
                aggregateColumns: aggregateColumns, inputs[0])
        case .join(let type, _, _, let condition, let mark):
            return .join(type, inputs[0], inputs[1], condition: condition, mark: mark)
        case .sort(let order, _): return .sort(order, inputs[0])
        case .limit(let offset, let fetch, _): return .limit(offset: offset, fetch: fetch, inputs[0])
        case .union(_, let columns): return .union(inputs, columns: columns)
        }
    }

    /// Rewrites the tree bottom-up: `transform` sees each node after its children were rewritten.
    public func transformUp(_ transform: (LogicalPlan) throws -> LogicalPlan) rethrows -> LogicalPlan {
        let rewritten = try children.map { try $0.transformUp(transform) }
        return try transform(children.isEmpty ? self : withChildren(rewritten))
    }
}
