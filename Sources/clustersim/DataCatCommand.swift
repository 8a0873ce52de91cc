import ArrowLite

extension Command {
    /// `clustersim data cat FILE`: prints a table as an aligned text table or as CSV.
    static let dataCat = Command(
        words: ["data", "cat"],
        summary: "print a table file (.arrow, .arrows, .csv, .tbl)",
        usage: """
            clustersim data cat FILE [--limit N] [--format table|csv] [options]

            Prints a table: an aligned text table (the first 20 rows unless --limit says otherwise) or CSV with a
            header (every row unless --limit is given). NULL prints as NULL in a table and as an empty field in CSV.

            Options:
              --limit N         print at most N rows
              --format F        table (default) or csv
              --from FORMAT     the file's format (arrow, arrows, csv, tbl) when the extension does not say
            \(DataOptions.usage)

            Examples:
              clustersim data cat tpch/lineitem.arrow --limit 5
              clustersim data cat tpch/nation.tbl --format csv
              clustersim data cat prices.csv --schema "id:int64,price:decimal(15,2),day:date32"
            """,
        run: { words in
            let arguments = try Arguments(
                words, options: DataOptions.names + ["--limit", "--format", "--from"], flags: DataOptions.flags)
            let path = try arguments.requirePositional(["FILE"])[0]
            let format = try DataOptions.format(of: path, explicit: arguments.value("--from"))
            let output = try arguments.choice("--format", among: ["table", "csv"]) ?? "table"
            let limit = try arguments.integer("--limit", in: 0...Int.max)
            let table = try DataOptions.read(path: path, format: format, arguments)
            if output == "csv" {
                let batches = limited(table.batches, to: limit ?? Int.max)
                var options = try DataOptions.csvOptions(.csv, arguments)
                options.hasHeader = true
                let text = CSV.write(schema: table.schema, batches: batches, options: options)
                print(String(decoding: text, as: UTF8.self), terminator: "")
            } else {
                print(
                    TableFormatter.format(schema: table.schema, batches: table.batches, limit: limit ?? 20),
                    terminator: "")
            }
            return ExitCode.success
        })

    /// The first `limit` rows of `batches`, as zero-copy slices.
    static func limited(_ batches: [RecordBatch], to limit: Int) -> [RecordBatch] {
        var remaining = limit
        var result: [RecordBatch] = []
        for batch in batches where remaining > 0 {
            let take = min(remaining, batch.rowCount)
            result.append(batch.slice(0, take))
            remaining -= take
        }
        return result
    }
}
