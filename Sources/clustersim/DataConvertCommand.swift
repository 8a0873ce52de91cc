import ArrowLite

extension Command {
    /// `clustersim data convert IN OUT`: converts between Arrow IPC file, Arrow IPC stream, CSV and `.tbl`.
    static let dataConvert = Command(
        words: ["data", "convert"],
        summary: "convert a table between .arrow, .arrows, .csv and .tbl",
        usage: """
            clustersim data convert IN OUT [options]

            Converts a table between Arrow IPC file (.arrow), Arrow IPC stream (.arrows), CSV (.csv) and TPC-H
            .tbl, chosen by extension. OUT appears only when the conversion succeeds.

            Options:
              --from FORMAT     the input format (arrow, arrows, csv, tbl) when the extension does not say
              --to FORMAT       the output format, likewise
            \(DataOptions.usage)

            Example:
              clustersim data convert nation.tbl nation.arrow --schema "n_nationkey:int64,n_name:utf8,n_regionkey:int64,n_comment:utf8"
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
