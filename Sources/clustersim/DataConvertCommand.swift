import ArrowLite

extension Command {
    /// `clustersim data convert IN OUT`: converts between Arrow IPC file, Arrow IPC stream, CSV and `.tbl`.
    static let dataConvert = Command(
        words: ["data", "convert"],
        summary: "convert a table between .arrow, .arrows, .csv and .tbl",
        usage: """
            clustersim data convert IN OUT [options]

            Converts a table between Arrow IPC file (.arrow), Arrow IPC stream (.arrows), CSV (.csv) and TPC-H
            .tbl, chosen by extension (.arrow/.feather/.ipc, .arrows, .csv, .tbl) or by --from/--to. Converting
            Arrow to Arrow keeps the schema and values exactly. OUT appears only when the conversion succeeds: a
            failure (exit code 2, with file:line:column for bad CSV) leaves no file behind.

            Options:
              --from FORMAT     the input format (arrow, arrows, csv, tbl) when the extension does not say
              --to FORMAT       the output format, likewise
            \(DataOptions.usage)

            Examples:
              clustersim data convert tpch/lineitem.tbl lineitem.arrow
              clustersim data convert sales.csv sales.arrows --schema "id:int64,name:utf8,price:decimal(15,2),day:date32"
              clustersim data convert export.txt sales.arrow --from csv --delimiter ';' --null NULL --schema @sales.schema
              clustersim data convert sales.arrow sales.tbl
            """,
        run: { words in
            let arguments = try Arguments(
                words, options: DataOptions.names + ["--from", "--to"], flags: DataOptions.flags)
            let paths = try arguments.requirePositional(["IN", "OUT"])
            let inputFormat = try DataOptions.format(of: paths[0], explicit: arguments.value("--from"))
            let outputFormat = try DataOptions.format(of: paths[1], explicit: arguments.value("--to"))
            let table = try DataOptions.read(path: paths[0], format: inputFormat, arguments)
            let options = outputFormat.isText ? try DataOptions.csvOptions(outputFormat, arguments) : nil
            try TableFile.write(
                path: paths[1], format: outputFormat, schema: table.schema, batches: table.batches, csvOptions: options)
            let rows = table.batches.reduce(0) { $0 + $1.rowCount }
            print("wrote \(rows) rows to \(paths[1]) (\(outputFormat.rawValue)): \(table.schema)")
            return ExitCode.success
        })
}
