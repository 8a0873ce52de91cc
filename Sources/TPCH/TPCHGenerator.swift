import ArrowLite

/// Generates TPC-H data identical to the reference `dbgen`, row for row and (as `.tbl`) byte for byte.
///
/// Any part of any table can be generated on its own: part `i` of `n` holds the same rows whichever other parts are
/// generated, in whatever order, and the parts together hold the whole table — so each scan task of a distributed
/// plan can generate its own slice.
public struct TPCHGenerator: Sendable {
    /// The smallest scale factor: below it the supplier table (10,000 rows at scale 1) would have no rows, and
    /// partsupp's supplier formula would divide by zero (the reference generators crash there).
    public static let smallestScale = 0.0001
    /// The largest scale factor, dbgen's `MAX_SCALE`: keys and counts stay far inside their integer types.
    public static let largestScale = 100_000.0

    /// The scale factor: 1 is about 1 GB of `.tbl` text (6,001,215 lineitem rows).
    public let scale: Double

    /// A generator at scale factor `scale`. Fractional scale factors are taken as given, as `tpchgen-cli` does
    /// (classic dbgen rounds them down: to an integer above 1, to thousandths below).
    /// - Throws: `ArrowError.invalidArgument` unless `smallestScale ≤ scale ≤ largestScale`.
    public init(scale: Double) throws {
        guard scale.isFinite, scale <= Self.largestScale, Int(Double(ScaleBase.supplier) * scale) >= 1 else {
            throw ArrowError.invalidArgument(
                "TPC-H scale factor \(scale) is out of range: expected \(Self.smallestScale) to \(Int(Self.largestScale))"
                    + " (below \(Self.smallestScale) the supplier table has no rows)")
        }
        self.scale = scale
    }

    /// The number of rows in part `part` (0-based) of `partCount` of `table`; the whole table by default.
    /// - Complexity: O(1), except lineitem, whose orders' random line counts are drawn (one stream, no text:
    ///   milliseconds per million orders).
    public func rowCount(_ table: TPCHTable, part: Int = 0, of partCount: Int = 1) -> Int {
        checkPart(part, partCount, 1)
        func slice(_ base: Int) -> PartSlice { PartSlice(base: base, scale: scale, part: part, partCount: partCount) }
        switch table {
        case .nation: return part == 0 ? Distributions.shared.nations.count : 0
        case .region: return part == 0 ? Distributions.shared.regions.count : 0
        case .part: return Int(slice(ScaleBase.part).count)
        case .supplier: return Int(slice(ScaleBase.supplier).count)
        case .partsupp: return Int(slice(ScaleBase.part).count) * PartSuppRows.suppliersPerPart
        case .customer: return Int(slice(ScaleBase.customer).count)
        case .orders: return Int(slice(ScaleBase.orders).count)
        case .lineitem:
            let orders = slice(ScaleBase.orders)
            var lineCount = OrderStreams.lineCount()
            lineCount.advanceRows(orders.start)
            var total = 0
            for _ in 0..<orders.count {
                total += Int(lineCount.next())
                lineCount.rowFinished()
            }
            return total
        }
    }

    /// The rows of part `part` (0-based) of `partCount`, in batches of at most `batchSize` rows (and never more than
    /// 8,388,608, which keeps every string column's int32 offsets in range).
    public func batches(_ table: TPCHTable, part: Int = 0, of partCount: Int = 1, batchSize: Int = 65_536)
        -> [RecordBatch]
    {
        var result: [RecordBatch] = []
        forEachBatch(table, part: part, of: partCount, batchSize: batchSize) { result.append($0) }
        return result
    }

    /// Calls `body` with each batch of part `part` of `partCount`, so a large table need not be held at once.
    public func forEachBatch(
        _ table: TPCHTable, part: Int = 0, of partCount: Int = 1, batchSize: Int = 65_536,
        _ body: (RecordBatch) throws -> Void
    ) rethrows {
        checkPart(part, partCount, batchSize)
        let limit = min(batchSize, BatchSink.rowsPerBatchMaximum)
        var rows = table.rows(scale: scale, part: part, partCount: partCount)
        var sink = BatchSink(schema: table.schema, expectedRows: limit)
        var emitted = false
        while rows.write(into: &sink, limit: limit) > 0 {
            try body(sink.finish())
            emitted = true
        }
        if !emitted { try body(sink.finish()) }
    }

    /// Calls `body` with `.tbl` text of part `part` of `partCount`, in chunks of whole lines (about `chunkBytes`).
    public func forEachTblChunk(
        _ table: TPCHTable, part: Int = 0, of partCount: Int = 1, chunkBytes: Int = 4 << 20,
        _ body: (UnsafeRawBufferPointer, _ rows: Int) throws -> Void
    ) rethrows {
        checkPart(part, partCount, 1)
        var rows = table.rows(scale: scale, part: part, partCount: partCount)
        var sink = TblSink(capacity: chunkBytes + 4096)
        var pending = 0
        while true {
            let written = rows.write(into: &sink, limit: 256)
            pending += written
            if sink.output.count >= chunkBytes || (written == 0 && sink.output.count > 0) {
                try body(sink.output.bytes, pending)
                sink.output.reset()
                pending = 0
            }
            if written == 0 { return }
        }
    }

    /// The whole `.tbl` text of part `part` of `partCount` (convenient for small scale factors and tests).
    public func tbl(_ table: TPCHTable, part: Int = 0, of partCount: Int = 1) -> [UInt8] {
        var bytes: [UInt8] = []
        forEachTblChunk(table, part: part, of: partCount) { chunk, _ in bytes.append(contentsOf: chunk) }
        return bytes
    }

    private func checkPart(_ part: Int, _ partCount: Int, _ batchSize: Int) {
        precondition(partCount >= 1 && part >= 0 && part < partCount, "part \(part) of \(partCount) does not exist")
        precondition(batchSize > 0, "batchSize must be positive")
    }
}
