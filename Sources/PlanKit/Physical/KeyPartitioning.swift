/// How a plan node's rows are spread over its partitions by key (DataFusion's `Partitioning::Hash` as an output
/// property): each key list is a list of output columns whose values chose every row's partition, by the same
/// `scheme` for all lists. A node can hold several equivalent lists: an inner join partitioned on `a = b` is
/// partitioned on `[a]` and on `[b]`.
///
/// The scheme says how keys chose partitions: a hash repartition hashes them in list order
/// (`Compute.partitionHashes`); a scan of a `KeyRangeTable` splits its key column by `KeyRanges`. Two sides are
/// co-partitioned only when their lists match under the same scheme: a hashed side can be made to follow a
/// range-split one only by hashing both.
///
/// The planner reads it to leave out exchanges whose work is already done: a join side already partitioned on its
/// keys (or on some of them) keeps its partitions, and an aggregate whose input is partitioned on some of its group
/// columns aggregates once, in place, since equal groups already share a partition.
public struct KeyPartitioning: Sendable, Hashable, CustomStringConvertible {
    /// How keys chose partitions.
    public enum Scheme: Sendable, Hashable {
        /// By the hash of the list's columns, modulo the partition count (a hash repartition).
        case hash
        /// By the range the one key column falls in (a scan of a `KeyRangeTable`).
        case keyRanges(KeyRanges)
    }

    /// Equivalent lists of output column positions; empty when the partitions are not known to follow keys
    /// (unclustered scans, unions, coalesced plans, columns computed above the exchange).
    public let keyLists: [[Int]]
    /// How the lists' keys chose partitions.
    public let scheme: Scheme

    /// A layout of `keyLists`, kept in one order without repeats so equal layouts compare equal.
    public init(keyLists: [[Int]], scheme: Scheme = .hash) {
        self.keyLists = Set(keyLists).sorted { $0.lexicographicallyPrecedes($1) }
        self.scheme = keyLists.isEmpty ? .hash : scheme
    }

    /// No known layout.
    public static let unknown = KeyPartitioning(keyLists: [])

    /// The lists joined by `=`, e.g. `[0] = [3]`.
    public var description: String {
        let lists = keyLists.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" }.joined(separator: " = ")
        guard case .keyRanges(let ranges) = scheme else { return lists }
        return lists + " by key ranges \(ranges)"
    }

    /// The lists whose columns all map to new positions through `position` (nil drops the list).
    func mapped(_ position: (Int) -> Int?) -> KeyPartitioning {
        KeyPartitioning(
            keyLists: keyLists.compactMap { list in
                let moved = list.compactMap(position)
                return moved.count == list.count ? moved : nil
            }, scheme: scheme)
    }

    /// The first list all of whose columns are among `columns`, as positions in `columns` (for a join: which keys
    /// the other side must be partitioned on; for an aggregate: proof that equal groups share a partition).
    func keyIndices(within columns: [Int?]) -> [Int]? { keyIndexLists(within: columns).first }

    /// Every list all of whose columns are among `columns`, as positions in `columns`, in `keyLists` order.
    func keyIndexLists(within columns: [Int?]) -> [[Int]] {
        keyLists.compactMap { list in
            let indices = list.compactMap { column in columns.firstIndex(of: column) }
            return indices.count == list.count ? indices : nil
        }
    }
}

extension KeyPartitioning {
    /// The layout of a node of `kind` over `children`, from its children's layouts.
    static func of(_ kind: PhysicalPlan.Kind, _ children: [PhysicalPlan]) -> KeyPartitioning {
        switch kind {
        case .scan(_, let source, let projection, _):
            guard let clustering = source.clustering else { return .unknown }
            return KeyPartitioning(keyLists: [[clustering.column]], scheme: .keyRanges(clustering.ranges))
                .mapped { projected($0, projection) }
        case .union, .coalesce:
            return .unknown
        case .hashRepartition(let keys, _):
            let columns = keys.map(\.columnIndex)
            return columns.contains(nil) ? .unknown : KeyPartitioning(keyLists: [columns.compactMap { $0 }])
        case .filter(_, let projection):
            return children[0].keyPartitioning.mapped { projected($0, projection) }
        case .projection(let expressions, _):
            return children[0].keyPartitioning.mapped { column in
                expressions.firstIndex { $0.columnIndex == column }
            }
        case .hashAggregate(let mode, let groupBy, _, _):
            // A final aggregate's input is the partial state, whose first columns are the groups in order.
            if mode == .final { return children[0].keyPartitioning.mapped { $0 < groupBy.count ? $0 : nil } }
            return children[0].keyPartitioning.mapped { column in groupBy.firstIndex { $0.columnIndex == column } }
        case .hashJoin(let type, _, _, let projection):
            return joined(type, build: children[0], probe: children[1]).mapped { projected($0, projection) }
        case .sort, .topK, .limit:
            return children[0].keyPartitioning  // rows stay in their partition
        }
    }

    /// A join's layout before its projection. Probe rows stay in their partition, so the probe side's lists hold
    /// unless the join pads probe columns with nulls. A partitioned build side (not broadcast) pairs partition `i`
    /// with probe partition `i`, so its lists hold for joins that emit only real build rows, when both sides
    /// follow one scheme (the planner partitions them so; a build side of another scheme adds nothing).
    private static func joined(_ type: JoinType, build: PhysicalPlan, probe: PhysicalPlan) -> KeyPartitioning {
        var lists: [[Int]] = []
        var scheme = KeyPartitioning.Scheme.hash
        let probeOffset = type.emitsBuildColumns ? build.schema.count : 0
        if type.emitsProbeColumns && type != .buildOuter && type != .fullOuter
            && !probe.keyPartitioning.keyLists.isEmpty
        {
            lists += probe.keyPartitioning.keyLists.map { $0.map { $0 + probeOffset } }
            scheme = probe.keyPartitioning.scheme
        }
        let buildLayout = build.keyPartitioning
        if build.outputPartitionCount > 1 && [.inner, .buildOuter, .buildSemi, .buildAnti].contains(type)
            && (lists.isEmpty || buildLayout.scheme == scheme)
        {
            lists += buildLayout.keyLists
            scheme = buildLayout.scheme
        }
        return KeyPartitioning(keyLists: lists, scheme: scheme)
    }

    private static func projected(_ column: Int, _ projection: [Int]?) -> Int? {
        guard let projection else { return column }
        return projection.firstIndex(of: column)
    }
}

extension PhysicalExpression {
    /// The input column this expression reads unchanged, if it is a bare column reference.
    var columnIndex: Int? {
        if case .column(let index, _) = node { return index }
        return nil
    }
}
