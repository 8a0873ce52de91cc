import ArrowLite
import PlanKit
import Testing

/// Rows of batches as display text (`NULL` for null), one array per row, so expectations are plain literals.
func rowTexts(_ batches: [RecordBatch]) -> [[String]] {
    batches.flatMap { batch in
        (0..<batch.rowCount).map { row in batch.columns.map { $0.scalar(at: row).description } }
    }
}

func rowTexts(_ batch: RecordBatch) -> [[String]] { rowTexts([batch]) }

/// A batch of int64 columns from optional values, named a, b, c, ...
func int64Batch(_ columns: [[Int64?]]) throws -> RecordBatch {
    let names = ["a", "b", "c", "d", "e"]
    let schema = Schema(columns.indices.map { Field(names[$0], .int64) })
    return try RecordBatch(schema: schema, columns: columns.map { Int64Array(.int64, $0) })
}

/// Pushes `batches` into input 0 of an operator made by `make`, finishes it, and returns what it emitted.
func runOperator(
    _ batches: [RecordBatch], _ make: (any BatchSink) throws -> any PhysicalOperator
) throws -> [RecordBatch] {
    let sink = CollectSink()
    let op = try make(sink)
    for batch in batches { try op.push(batch, input: 0) }
    try op.finish(input: 0)
    #expect(sink.isFinished)
    return sink.batches
}

/// `batch` in consecutive slices of `rows` rows (the last may be shorter).
func batchSlices(_ batch: RecordBatch, rows: Int) -> [RecordBatch] {
    stride(from: 0, to: batch.rowCount, by: rows).map { batch.slice($0, min(rows, batch.rowCount - $0)) }
}

/// Sorts rows of text for order-insensitive comparison.
func sortedRows(_ rows: [[String]]) -> [[String]] { rows.sorted { $0.lexicographicallyPrecedes($1) } }
