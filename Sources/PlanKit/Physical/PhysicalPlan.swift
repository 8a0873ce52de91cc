import ArrowLite

/// A node of a physical plan: what to compute, its children, and properties computed once at construction (output
/// schema, output partition count). Build plans with the static constructors, which check schemas and partition
/// counts and throw `PhysicalPlanError` with the node's name; a built plan is immutable and `Sendable`.
///
/// Partitioning: a scan produces `partitionCount` partitions; filter, projection, aggregate, sort, top-K and limit
/// work per partition and keep their child's count (so sort, top-K and limit are per partition: coalesce first for
/// a global order); a hash repartition produces its own count; coalesce produces 1; a union merges partition `i` of
/// every child (children must agree); a hash join outputs the probe side's partitions and takes a build side with
/// the same count (partitioned join) or with 1 partition (broadcast to every probe partition).
public final class PhysicalPlan: Sendable, CustomStringConvertible {
    /// What a node computes.
    public enum Kind: Sendable {
        case scan(table: String, source: any TableSource, projection: [Int]?, partitionCount: Int)
        case filter(PhysicalExpression, projection: [Int]?)
        case projection([PhysicalExpression], names: [String])
        case hashAggregate(AggregateMode, groupBy: [PhysicalExpression], groupNames: [String], [AggregateExpression])
        /// Children: build (0), probe (1).
        case hashJoin(JoinType, keys: [JoinKey], residual: PhysicalExpression?, projection: [Int]?)
        case sort([SortExpression])
        case topK([SortExpression], limit: Int)
        case limit(offset: Int, fetch: Int?)
        case union
        case hashRepartition(keys: [PhysicalExpression], partitionCount: Int)
        case coalesce
    }

    public let kind: Kind
    public let children: [PhysicalPlan]
    /// The schema of every output batch.
    public let schema: Schema
    /// How many output partitions (streams) the node produces.
    public let outputPartitionCount: Int
    /// Which output columns chose each row's partition, and how (their hash or their key range), when an exchange
    /// or a key-range scan below did and nothing since moved rows between partitions, computed those columns anew
    /// or padded them with nulls (an outer join's unmatched side).
    public let keyPartitioning: KeyPartitioning
    /// The stage-input leaves of this subtree (a fragment's), in pre-order: what each reads and how many partitions
    /// it has. Kept from construction: a simulation asks for them on every launch and subscription.
    public let stageInputLeaves: [(input: StageInput, partitionCount: Int)]

    private init(_ kind: Kind, _ children: [PhysicalPlan], _ schema: Schema, _ outputPartitionCount: Int) {
        self.kind = kind
        self.children = children
        self.schema = schema
        self.outputPartitionCount = outputPartitionCount
        keyPartitioning = outputPartitionCount > 1 ? KeyPartitioning.of(kind, children) : .unknown
        if case .scan(_, let source as StageInputSource, _, let count) = kind {
            stageInputLeaves = [(source.input, count)]
        } else {
            stageInputLeaves = children.flatMap(\.stageInputLeaves)
        }
    }

    /// The node's name as EXPLAIN prints it.
    public var name: String {
        switch kind {
        case .scan: return "Scan"
        case .filter: return "Filter"
        case .projection: return "Projection"
        case .hashAggregate(let mode, _, _, _): return "HashAggregate(\(mode.rawValue))"
        case .hashJoin(let type, _, _, _): return "HashJoin(\(type.rawValue))"
        case .sort: return "Sort"
        case .topK: return "TopK"
        case .limit: return "Limit"
        case .union: return "Union"
        case .hashRepartition: return "HashRepartition"
        case .coalesce: return "Coalesce"
        }
    }

    /// ` projection=[name@position, …]` for a node whose projection picks its output columns, else nothing.
    private func projected(_ projection: [Int]?) -> String {
        guard let projection else { return "" }
        return " projection=[" + zip(projection, schema.fields).map { "\($1.name)@\($0)" }.joined(separator: ", ") + "]"
    }

    /// The node's parameters as EXPLAIN prints them.
    public var details: String {
        func list<T>(_ items: [T]) -> String { "[" + items.map { "\($0)" }.joined(separator: ", ") + "]" }
        switch kind {
        case .scan(let table, _, let projection, _):
            var text = "table=\(table)" + (projection.map { " projection=\(list($0))" } ?? "")
            if case .keyRanges = keyPartitioning.scheme, let column = keyPartitioning.keyLists.first?.first {
                text += " key_ranges=\(schema.fields[column].name)@\(column)"
            }
            return text
        case .filter(let predicate, let projection): return "predicate=\(predicate)" + projected(projection)
        case .projection(let expressions, let names):
            return list(zip(expressions, names).map { "\($0) AS \($1)" })
        case .hashAggregate(_, let groupBy, let names, let aggregates):
            return "groupBy=\(list(zip(groupBy, names).map { "\($0) AS \($1)" })) aggregates=\(list(aggregates))"
        case .hashJoin(_, let keys, let residual, let projection):
            return "on=\(list(keys))" + (residual.map { " filter=\($0)" } ?? "") + projected(projection)
        case .sort(let order): return "order=\(list(order))"
        case .topK(let order, let limit): return "order=\(list(order)) limit=\(limit)"
        case .limit(let offset, let fetch): return "offset=\(offset) fetch=\(fetch.map(String.init) ?? "all")"
        case .union, .coalesce: return ""
        case .hashRepartition(let keys, _): return "keys=\(list(keys))"
        }
    }

    /// An indented text tree, one node per line with its parameters and partition count, for EXPLAIN and snapshot
    /// tests. Children are indented two spaces; a join lists its build side first.
    public var description: String { explain() }

    /// The text tree of `description`, starting at `indent` levels.
    public func explain(indent: Int = 0) -> String {
        let text = details.isEmpty ? "" : " " + details
        var lines = String(repeating: "  ", count: indent) + "\(name)\(text) partitions=\(outputPartitionCount)\n"
        for child in children { lines += child.explain(indent: indent + 1) }
        return lines
    }

    /// Every node in pre-order (a node, then its children in order); the executor numbers nodes this way.
    public var nodes: [PhysicalPlan] {
        var nodes: [PhysicalPlan] = []
        appendNodes(to: &nodes)
        return nodes
    }

    private func appendNodes(to nodes: inout [PhysicalPlan]) {
        nodes.append(self)
        for child in children { child.appendNodes(to: &nodes) }
    }

    /// The same node over new children (as DataFusion's `with_new_children`), re-checked like a new node; for
    /// optimiser rules that rewrite subtrees.
    /// - Throws: `invalidPlan` when the children's count differs, or as the node's constructor.
    public func withChildren(_ newChildren: [PhysicalPlan]) throws -> PhysicalPlan {
        guard newChildren.count == children.count else {
            throw PhysicalPlan.invalid(name, "has \(children.count) children, \(newChildren.count) were given")
        }
        switch kind {
        case .scan: return self
        case .filter(let predicate, let projection):
            return try .filter(predicate, newChildren[0], projection: projection)
        case .projection(let expressions, let names): return try .projection(expressions, names: names, newChildren[0])
        case .hashAggregate(let mode, let groupBy, let names, let aggregates):
            return try .hashAggregate(mode, groupBy: groupBy, groupNames: names, aggregates: aggregates, newChildren[0])
        case .hashJoin(let type, let keys, let residual, let projection):
            return try .hashJoin(
                type, keys: keys, residual: residual, build: newChildren[0], probe: newChildren[1],
                projection: projection)
        case .sort(let order): return try .sort(order, newChildren[0])
        case .topK(let order, let limit): return try .topK(order, limit: limit, newChildren[0])
        case .limit(let offset, let fetch): return try .limit(offset: offset, fetch: fetch, newChildren[0])
        case .union: return try .union(newChildren)
        case .hashRepartition(let keys, let count):
            return try .hashRepartition(keys: keys, partitionCount: count, newChildren[0])
        case .coalesce: return .coalesce(newChildren[0])
        }
    }

    // MARK: - Constructors

    /// Reads `source` in `partitionCount` parts, keeping the `projection` columns (all when nil).
    /// - Throws: `invalidPlan` for a projection index outside the table, an empty projection, or fewer than 1
    ///   partition.
    public static func scan(
        _ table: String, _ source: any TableSource, projection: [Int]? = nil, partitionCount: Int
    ) throws -> PhysicalPlan {
        guard partitionCount > 0 else { throw invalid("Scan(\(table))", "needs at least one partition") }
        let schema = try source.schema.projected(projection, node: "Scan(\(table))")
        let kind = Kind.scan(table: table, source: source, projection: projection, partitionCount: partitionCount)
        return PhysicalPlan(kind, [], schema, partitionCount)
    }

    /// Keeps rows where `predicate` (bound to `input`'s schema) is true. `projection` picks the output columns
    /// (positions in `input`'s schema), so the filter copies only those; nil outputs them all.
    public static func filter(
        _ predicate: PhysicalExpression, _ input: PhysicalPlan, projection: [Int]? = nil
    ) throws -> PhysicalPlan {
        try check(predicate, against: input, "Filter")
        try PhysicalExpression.requireBoolean(predicate, "a filter")
        let schema = try input.schema.projected(projection, node: "Filter")
        return PhysicalPlan(.filter(predicate, projection: projection), [input], schema, input.outputPartitionCount)
    }

    /// Computes `expressions` (bound to `input`'s schema) as columns named `names`.
    public static func projection(
        _ expressions: [PhysicalExpression], names: [String], _ input: PhysicalPlan
    ) throws -> PhysicalPlan {
        guard expressions.count == names.count else { throw invalid("Projection", "one name per expression") }
        for expression in expressions { try check(expression, against: input, "Projection") }
        let schema = Schema(zip(expressions, names).map { Field($1, $0.dataType, nullable: $0.nullable) })
        return PhysicalPlan(.projection(expressions, names: names), [input], schema, input.outputPartitionCount)
    }

    /// A hash aggregate. In `partial` and `single` mode `groupBy` and the aggregates' arguments are bound to
    /// `input`'s schema; in `final` mode `input` must be the partial aggregate (pass the same `groupBy` and
    /// aggregates as it has).
    public static func hashAggregate(
        _ mode: AggregateMode, groupBy: [PhysicalExpression], groupNames: [String],
        aggregates: [AggregateExpression], _ input: PhysicalPlan
    ) throws -> PhysicalPlan {
        let node = "HashAggregate(\(mode.rawValue))"
        guard groupBy.count == groupNames.count else { throw invalid(node, "one name per group expression") }
        if mode == .final {
            let expected = HashAggregateOperator.outputSchema(.partial, groupBy, groupNames, aggregates)
            guard expected.fields.map(\.dataType) == input.schema.fields.map(\.dataType) else {
                throw invalid(node, "input \(input.schema) is not the partial state \(expected)")
            }
        } else {
            for expression in groupBy + aggregates.compactMap(\.argument) {
                try check(expression, against: input, node)
            }
        }
        if mode != .single, let distinct = aggregates.first(where: \.distinct) {
            throw invalid(node, "\(distinct) needs single mode; repartition on the group keys and aggregate once")
        }
        let schema = HashAggregateOperator.outputSchema(mode, groupBy, groupNames, aggregates)
        let kind = Kind.hashAggregate(mode, groupBy: groupBy, groupNames: groupNames, aggregates)
        return PhysicalPlan(kind, [input], schema, input.outputPartitionCount)
    }

    /// A hash join of `build` (held) and `probe` (streamed). The residual is bound to build columns followed by
    /// probe columns. `projection` picks the output columns (positions in `type.outputSchema`), so the join copies
    /// only those; nil outputs them all.
    public static func hashJoin(
        _ type: JoinType, keys: [JoinKey], residual: PhysicalExpression? = nil, build: PhysicalPlan,
        probe: PhysicalPlan, projection: [Int]? = nil
    ) throws -> PhysicalPlan {
        let node = "HashJoin(\(type.rawValue))"
        guard !keys.isEmpty else { throw invalid(node, "needs at least one key") }
        for key in keys {
            try check(key.build, against: build, node)
            try check(key.probe, against: probe, node)
        }
        if let residual {
            try PhysicalExpression.requireBoolean(residual, "a join filter")
            guard residual.maximumColumnIndex < build.schema.count + probe.schema.count else {
                throw invalid(node, "filter \(residual) reads past the joined columns")
            }
        }
        guard build.outputPartitionCount == probe.outputPartitionCount || build.outputPartitionCount == 1 else {
            throw invalid(
                node,
                "build has \(build.outputPartitionCount) partitions, probe \(probe.outputPartitionCount); "
                    + "repartition both on the keys to one count, or coalesce the build side to 1")
        }
        let schema = try type.outputSchema(build: build.schema, probe: probe.schema).projected(projection, node: node)
        return PhysicalPlan(
            .hashJoin(type, keys: keys, residual: residual, projection: projection), [build, probe], schema,
            probe.outputPartitionCount)
    }

    /// Sorts each partition.
    public static func sort(_ order: [SortExpression], _ input: PhysicalPlan) throws -> PhysicalPlan {
        guard !order.isEmpty else { throw invalid("Sort", "no sort keys") }
        for item in order { try check(item.expression, against: input, "Sort") }
        return PhysicalPlan(.sort(order), [input], input.schema, input.outputPartitionCount)
    }

    /// The first `limit` rows of each partition in `order`.
    public static func topK(_ order: [SortExpression], limit: Int, _ input: PhysicalPlan) throws -> PhysicalPlan {
        guard !order.isEmpty, limit >= 0 else { throw invalid("TopK", "needs sort keys and a limit of at least 0") }
        for item in order { try check(item.expression, against: input, "TopK") }
        return PhysicalPlan(.topK(order, limit: limit), [input], input.schema, input.outputPartitionCount)
    }

    /// Skips `offset` rows and keeps `fetch` (all when nil), per partition.
    public static func limit(offset: Int = 0, fetch: Int?, _ input: PhysicalPlan) throws -> PhysicalPlan {
        guard offset >= 0, (fetch ?? 0) >= 0 else { throw invalid("Limit", "offset and fetch must not be negative") }
        return PhysicalPlan(.limit(offset: offset, fetch: fetch), [input], input.schema, input.outputPartitionCount)
    }

    /// `UNION ALL` of children with the same column types and partition counts (names come from the first child,
    /// a column is nullable when it is in any child).
    public static func union(_ inputs: [PhysicalPlan]) throws -> PhysicalPlan {
        guard let first = inputs.first else { throw invalid("Union", "needs at least one input") }
        var fields = first.schema.fields
        for input in inputs.dropFirst() {
            guard input.schema.fields.map(\.dataType) == fields.map(\.dataType) else {
                throw invalid("Union", "input \(input.schema) differs from \(first.schema)")
            }
            guard input.outputPartitionCount == first.outputPartitionCount else {
                throw invalid(
                    "Union", "inputs have \(first.outputPartitionCount) and \(input.outputPartitionCount) partitions")
            }
            for (index, field) in input.schema.fields.enumerated() where field.nullable {
                fields[index].nullable = true
            }
        }
        return PhysicalPlan(.union, inputs, Schema(fields), first.outputPartitionCount)
    }

    /// Redistributes rows into `partitionCount` partitions by the hash of `keys`.
    public static func hashRepartition(
        keys: [PhysicalExpression], partitionCount: Int, _ input: PhysicalPlan
    ) throws -> PhysicalPlan {
        guard !keys.isEmpty, partitionCount > 0 else {
            throw invalid("HashRepartition", "needs at least one key and one partition")
        }
        for key in keys { try check(key, against: input, "HashRepartition") }
        let kind = Kind.hashRepartition(keys: keys, partitionCount: partitionCount)
        return PhysicalPlan(kind, [input], input.schema, partitionCount)
    }

    /// Merges every partition of `input` into one.
    public static func coalesce(_ input: PhysicalPlan) -> PhysicalPlan {
        PhysicalPlan(.coalesce, [input], input.schema, 1)
    }

    private static func invalid(_ node: String, _ message: String) -> PhysicalPlanError {
        .invalidPlan(node: node, message: message)
    }

    private static func check(_ expression: PhysicalExpression, against input: PhysicalPlan, _ node: String) throws {
        guard expression.maximumColumnIndex < input.schema.count else {
            throw invalid(node, "\(expression) reads past the input's \(input.schema.count) columns")
        }
    }
}
