import Foundation
import Testing

/// Runs `python3` for tests that use pyarrow (or other Python tools) as an oracle.
///
/// Tests that need pyarrow use `.enabled(if: Python.pyarrowRequiredOrAvailable)`: without pyarrow and without
/// the `CI` environment variable they are skipped with a message saying how to install it; when `CI` is set
/// they run and fail through `Python.requirePyarrow()` if pyarrow is missing, so CI can never pass silently.
enum Python {
    struct Output {
        var exitCode: Int32
        var stdout: [UInt8]
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// True when `import pyarrow` works.
    static let hasPyarrow: Bool = (try? run("import pyarrow"))?.exitCode == 0

    /// True when the `CI` environment variable is set.
    static let isCI: Bool = ProcessInfo.processInfo.environment["CI"] != nil

    /// The condition for `.enabled(if:)` on pyarrow tests: run when pyarrow is there, or when CI demands it.
    static let pyarrowRequiredOrAvailable: Bool = hasPyarrow || isCI

    /// The skip message shown when pyarrow is missing outside CI.
    static let pyarrowMissing: Comment =
        "pyarrow is not installed: run `pip install pyarrow` (with CI set, this test fails instead of skipping)"

    /// Records an issue and returns false when pyarrow is missing (reached only with CI set).
    static func requirePyarrow() -> Bool {
        if hasPyarrow { return true }
        Issue.record("CI is set but `import pyarrow` fails: install pyarrow (pip install pyarrow)")
        return false
    }

    /// Runs `python3 -c script arguments...` with `stdin` as its standard input.
    /// - Returns: the exit code, standard output bytes and standard error text.
    static func run(_ script: String, arguments: [String] = [], stdin: [UInt8] = []) throws -> Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "clustersim-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("stdin")
        let output = directory.appendingPathComponent("stdout")
        let errors = directory.appendingPathComponent("stderr")
        try Data(stdin).write(to: input)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        return Output(
            exitCode: process.terminationStatus, stdout: [UInt8](try Data(contentsOf: output)),
            stderr: String(decoding: try Data(contentsOf: errors), as: UTF8.self))
    }
}
