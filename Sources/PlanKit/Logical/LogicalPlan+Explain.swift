import ArrowLite

extension LogicalPlan {
    /// The plan as an indented tree, a node per line, columns as `name#id`.
    public func explain(indent: Int = 0) -> String {
        String(repeating: "  ", count: indent) + headline + "\n"
            + children.map { $0.explain(indent: indent + 1) }.joined()
    }

    private var headline: String {
        func list(_ items: [some CustomStringConvertible]) -> String {
            items.map(\.description).joined(separator: ", ")
        }
        switch self {
        case .scan(let table, _, let columns, _): return "Scan \(table) [\(list(columns))]"
        case .oneRow: return "OneRow"
        case .filter(let predicate, _): return "Filter \(predicate)"
        case .projection(let expressions, let columns, _):
            return "Projection " + zip(expressions, columns).map { "\($0) AS \($1)" }.joined(separator: ", ")
        case .aggregate(let groups, let groupColumns, let aggregates, let aggregateColumns, _):
            let keys = zip(groups, groupColumns).map { "\($0) AS \($1)" }.joined(separator: ", ")
            let values = zip(aggregates, aggregateColumns).map {
                "\($0.function.rawValue)(\($0.distinct ? "DISTINCT " : "")\($0.argument.map(\.description) ?? "*")) AS \($1)"
            }
            return "Aggregate groups=[\(keys)] aggregates=[\(values.joined(separator: ", "))]"
        case .join(let type, _, _, let condition, let mark):
            return "Join \(type.rawValue)" + (condition.map { " on \($0)" } ?? " (cross)")
                + (mark.map { " mark=\($0)" } ?? "")
        case .sort(let order, _): return "Sort \(list(order))"
        case .limit(let offset, let fetch, _): return "Limit offset=\(offset) fetch=\(fetch.map(String.init) ?? "all")"
        case .union(_, let columns): return "Union all [\(list(columns))]"
        }
    }
}
