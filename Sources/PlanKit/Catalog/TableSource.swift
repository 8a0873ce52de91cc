import ArrowLite

/// A table a scan can read. A scan task asks for one part of the table and pushes the batches it gets into its
/// pipeline, so a source must split itself into any number of parts deterministically.
public protocol TableSource: Sendable {
    /// The columns every batch of the table has.
    var schema: Schema { get }
    /// The number of rows, when known without reading the table (estimators use it).
    var rowCount: Int? { get }
    /// The batches of part `part` of `parts`; the parts together hold every row exactly once.
    /// - Parameters:
    ///   - part: the part index, `0..<parts`.
    ///   - parts: how many parts the table is split into (at least 1).
    /// - Throws: `PhysicalPlanError.invalidPlan` for a part outside `0..<parts`; a source's own read errors.
    func batches(part: Int, of parts: Int) throws -> [RecordBatch]
    /// What the optimiser may assume about the table (row count, distinct counts), when known.
    var statistics: TableStatistics? { get }
    /// The key ranges the parts follow, when the table is split by key rather than by row count
    /// (`KeyRangeTable`); the planner then joins and aggregates such tables on that key without an exchange.
    var clustering: TableClustering? { get }
}

extension TableSource {
    /// By default only the row count is known (when `rowCount` is).
    public var statistics: TableStatistics? { rowCount.map { TableStatistics(rowCount: $0) } }
    /// By default parts follow row counts, not keys.
    public var clustering: TableClustering? { nil }
}

/// A table held in memory as record batches. Part `p` of `n` holds the rows
/// `rowCount * p / n ..< rowCount * (p + 1) / n` in table order, as zero-copy slices of the stored batches.
public struct MemoryTable: TableSource {
    public let schema: Schema
    /// The stored batches, in table order.
    public let storedBatches: [RecordBatch]
    /// The rows of every stored batch together.
    public let rowCount: Int?

    /// Creates a table from batches of one schema.
    /// - Throws: `PhysicalPlanError.invalidPlan` naming the first batch whose schema differs.
    public init(schema: Schema, batches: [RecordBatch]) throws {
        for (index, batch) in batches.enumerated() where batch.schema != schema {
            throw PhysicalPlanError.invalidPlan(
                node: "MemoryTable", message: "batch \(index) has schema \(batch.schema), expected \(schema)")
        }
        self.schema = schema
        self.storedBatches = batches.filter { $0.rowCount > 0 }
        self.rowCount = storedBatches.reduce(0) { $0 + $1.rowCount }
    }

    public func batches(part: Int, of parts: Int) throws -> [RecordBatch] {
        guard parts > 0, (0..<parts).contains(part) else {
            throw PhysicalPlanError.invalidPlan(
                node: "MemoryTable", message: "part \(part) of \(parts) does not exist")
        }
        let total = rowCount ?? 0
        return rows(total * part / parts..<total * (part + 1) / parts)
    }

    /// The rows `range` (in table order) as zero-copy slices of the stored batches.
    /// - Precondition: `range` lies within `0..<rowCount`.
    func rows(_ range: Range<Int>) -> [RecordBatch] {
        precondition(range.lowerBound >= 0 && range.upperBound <= rowCount ?? 0, "rows \(range) are outside the table")
        let (start, end) = (range.lowerBound, range.upperBound)
        var result: [RecordBatch] = []
        var batchStart = 0
        for batch in storedBatches {
            let batchEnd = batchStart + batch.rowCount
            let low = max(start, batchStart)
            let high = min(end, batchEnd)
            if low < high { result.append(batch.slice(low - batchStart, high - low)) }
            batchStart = batchEnd
        }
        return result
    }
}
