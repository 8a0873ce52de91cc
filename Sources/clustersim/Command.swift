/// One `clustersim` command: its words (`["data", "cat"]`), a one-line summary, its usage text, and what it does.
/// `run` receives the arguments after the command's words and returns the process exit code.
struct Command: Sendable {
    let words: [String]
    let summary: String
    let usage: String
    let run: @Sendable ([String]) throws -> Int32
}

/// Exit codes of `clustersim`, documented in the README.
enum ExitCode {
    static let success: Int32 = 0
    /// The command ran and found a failure (a check failed, a query failed).
    static let failure: Int32 = 1
    /// Bad usage or bad input (unknown option, malformed file, bad SQL).
    static let usage: Int32 = 2
}

extension Command {
    /// Every command of the tool. A new command adds its file (one per command) and one line here.
    static let all: [Command] = [
        .dataConvert,
        .dataCat,
        .dataGen,
        .sql,
        .explain,
        .run,
        .swarm,
        .shrink,
    ]
}
