import ArrowLite

/// The leaf of a fragment that reads another stage through a network boundary. In a `StagePlan` it only names
/// the input; a task replaces it with the batches the boundary routes to it (`RoutedInput`).
public struct StageInputSource: TableSource {
    public let input: StageInput
    public let schema: Schema
    /// How many tasks produce the input (for EXPLAIN).
    public let producerTaskCount: Int

    /// The leaf that reads `input`, whose rows have `schema`, produced by `producerTaskCount` tasks.
    public init(input: StageInput, schema: Schema, producerTaskCount: Int) {
        self.input = input
        self.schema = schema
        self.producerTaskCount = producerTaskCount
    }

    public var rowCount: Int? { nil }

    public func batches(part: Int, of parts: Int) throws -> [RecordBatch] {
        throw PhysicalPlanError.invalidPlan(
            node: "[Stage \(input.stage)] => \(input.kind.rawValue)",
            message: "a stage input is read only inside a task, where the boundary's batches replace it")
    }
}

/// The batches a boundary delivers to one task: partition `p` of the task's leaf is `partitions[p]`.
public struct RoutedInput: TableSource {
    public let schema: Schema
    public let partitions: [[RecordBatch]]

    public var rowCount: Int? { partitions.reduce(0) { $0 + $1.reduce(0) { $0 + $1.rowCount } } }

    public func batches(part: Int, of parts: Int) throws -> [RecordBatch] {
        guard parts == partitions.count, partitions.indices.contains(part) else {
            throw PhysicalPlanError.invalidPlan(
                node: "RoutedInput", message: "part \(part) of \(parts) asked, \(partitions.count) delivered")
        }
        return partitions[part]
    }
}

/// Parts `offset ..< offset + parts` of a table split into `totalParts`: a leaf stage's task scans its own slice.
public struct TaskSliceSource: TableSource {
    public let base: any TableSource
    public let offset: Int
    public let totalParts: Int

    public var schema: Schema { base.schema }
    public var rowCount: Int? { nil }

    public func batches(part: Int, of parts: Int) throws -> [RecordBatch] {
        try base.batches(part: offset + part, of: totalParts)
    }
}

extension PhysicalPlan {
    /// The plan with every scan's source replaced by `replace(source, partitionCount)` (kept when nil).
    func replacingScanSources(
        _ replace: (any TableSource, Int) throws -> (any TableSource)?
    ) throws -> PhysicalPlan {
        if case .scan(let table, let source, let projection, let count) = kind {
            guard let new = try replace(source, count) else { return self }
            return try .scan(table, new, projection: projection, partitionCount: count)
        }
        if children.isEmpty { return self }
        return try withChildren(children.map { try $0.replacingScanSources(replace) })
    }
}
