import ArrowLite
import PlanKit

/// Where a scenario's tables come from: the `[data]` section.
public enum ScenarioData: Sendable, Hashable {
    /// The eight TPC-H tables generated at this scale factor; with `keyRanges`, orders and lineitem split by
    /// order-key ranges and part and partsupp by part-key ranges (`Catalog.tpch(scale:keyRanges:)`).
    case tpch(scale: Double, keyRanges: Bool = false)
    /// Tables read from files.
    case tables([DataTable])
}

/// The format of a data file.
public enum DataFileFormat: String, Sendable, Hashable, CaseIterable {
    /// Comma-separated text; needs a schema.
    case csv
    /// Arrow IPC, file or stream format (told apart by the file's first bytes).
    case ipc
}

/// One `[[data.table]]`: a table read from a file.
public struct DataTable: Sendable, Hashable {
    /// The table's name in SQL.
    public var name: String
    /// The file, relative to the scenario file's directory (or absolute).
    public var path: String
    public var format: DataFileFormat
    /// The columns of a CSV file (Arrow IPC files carry their own).
    public var schema: Schema?
    /// Whether a CSV file starts with a header row.
    public var header: Bool
    /// The int32 or int64 column the file is sorted on: the table is then split by key ranges of it
    /// (`KeyRangeTable`), not by row counts, so joins and aggregates on it need no exchange.
    public var sortedBy: String?
    /// The key domain split into ranges (nil: the file's first to last key); ignored without `sortedBy`. Tables
    /// with equal domains and key columns of one type are co-partitioned on their `sortedBy` columns.
    public var keyDomain: KeyRanges?
    /// Where `path` is written in the scenario, so read errors point at it; not part of equality.
    var origin: ScenarioError?
    /// Where `sorted_by` is written, so key errors point at it; not part of equality.
    var sortedByOrigin: ScenarioError?

    public init(
        name: String, path: String, format: DataFileFormat, schema: Schema? = nil, header: Bool = true,
        sortedBy: String? = nil, keyDomain: KeyRanges? = nil
    ) {
        self.name = name
        self.path = path
        self.format = format
        self.schema = schema
        self.header = header
        self.sortedBy = sortedBy
        self.keyDomain = keyDomain
    }

    public static func == (left: DataTable, right: DataTable) -> Bool {
        left.name == right.name && left.path == right.path && left.format == right.format
            && left.schema == right.schema && left.header == right.header && left.sortedBy == right.sortedBy
            && left.keyDomain == right.keyDomain
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(path)
        hasher.combine(format)
        hasher.combine(schema)
        hasher.combine(header)
        hasher.combine(sortedBy)
        hasher.combine(keyDomain)
    }
}

/// How the query is planned: the `[planner]` section.
public struct PlannerSettings: Sendable, Hashable {
    /// The task estimator's name (`TaskEstimators.names`).
    public var estimator: String
    /// Partitions of scans, joins and aggregates (`QueryOptions.partitionCount`).
    public var partitions: Int
    /// Join build sides up to this many rows are broadcast instead of shuffled; nil for the planner's default.
    public var broadcastRowLimit: Int?
    public var mode: ExecutionMode
    /// Plan runtime filters (`DistributedPlannerOptions.runtimeFilters`).
    public var runtimeFilters: Bool
    /// How long after the query's start a stage may wait for the runtime filter it checks
    /// (`RunOptions.runtimeFilterWait`).
    public var runtimeFilterWait: VirtualDuration

    public init(
        estimator: String = TaskEstimators.names[0], partitions: Int = QueryOptions().partitionCount,
        broadcastRowLimit: Int? = nil, mode: ExecutionMode = .pipelined, runtimeFilters: Bool = true,
        runtimeFilterWait: VirtualDuration = RunOptions.defaultRuntimeFilterWait
    ) {
        self.estimator = estimator
        self.partitions = partitions
        self.broadcastRowLimit = broadcastRowLimit
        self.mode = mode
        self.runtimeFilters = runtimeFilters
        self.runtimeFilterWait = runtimeFilterWait
    }

    /// The estimator, with its default settings.
    public var taskEstimator: any TaskEstimator { TaskEstimators.named(estimator) ?? BytesPerTaskEstimator() }

    /// The single-node planning options.
    public var queryOptions: QueryOptions { QueryOptions(partitionCount: partitions) }

    /// The distributed planning options.
    public var plannerOptions: DistributedPlannerOptions {
        DistributedPlannerOptions(estimator: taskEstimator, runtimeFilters: runtimeFilters)
    }
}

/// What the scenario runs: the `[query]` section.
public enum ScenarioQuery: Sendable, Hashable {
    /// SQL text (one statement, or a script whose last statement returns the result).
    case sql(String)
    /// A TPC-H query by number (1...22).
    case tpch(Int)
}
