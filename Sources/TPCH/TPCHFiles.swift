import ArrowLite

/// Writes generated tables to files: `.tbl` and CSV stream in chunks; Arrow IPC files hold a table's batches.
public enum TPCHFiles {
    /// Writes part `part` of `partCount` of `table` to `path` in `format`, atomically (the file appears only when
    /// complete). `progress` is called with the rows written so far.
    /// - Throws: `ArrowError.io` when the file cannot be written; nothing is left at `path` then.
    public static func write(
        _ table: TPCHTable, generator: TPCHGenerator, part: Int = 0, of partCount: Int = 1,
        format: TableFileFormat, to path: String, progress: (Int) -> Void = { _ in }
    ) throws {
        let writer = try AtomicFileWriter(path: path)
        do {
            var rows = 0
            switch format {
            case .tbl:
                try generator.forEachTblChunk(table, part: part, of: partCount) { chunk, count in
                    try writer.write(chunk)
                    rows += count
                    progress(rows)
                }
            case .csv:
                var header = CSV.write(schema: table.schema, batches: [])
                try writer.write(header)
                try generator.forEachBatch(table, part: part, of: partCount) { batch in
                    header.removeAll(keepingCapacity: true)
                    CSV.append(batch: batch, options: CSVOptions(), to: &header)
                    try writer.write(header)
                    rows += batch.rowCount
                    progress(rows)
                }
            case .arrow, .arrows:
                var batches: [RecordBatch] = []
                generator.forEachBatch(table, part: part, of: partCount) { batch in
                    batches.append(batch)
                    rows += batch.rowCount
                    progress(rows)
                }
                let bytes =
                    format == .arrow
                    ? try ArrowIPC.writeFile(schema: table.schema, batches: batches)
                    : try ArrowIPC.writeStream(schema: table.schema, batches: batches)
                try writer.write(bytes)
            }
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
    }
}
