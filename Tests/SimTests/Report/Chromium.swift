import Foundation
import Testing

/// Headless Chromium for tests that load an HTML page and inspect the DOM after its scripts ran.
///
/// Tests use `.enabled(if: Chromium.requiredOrAvailable)`: without a browser and without the
/// `CLUSTERSIM_REQUIRE_CHROMIUM` environment variable they are skipped; with it set they run and fail through
/// `Chromium.require()` when no browser is installed, so CI can never pass silently.
enum Chromium {
    /// The first of `chromium`, `chromium-browser`, `google-chrome` found on `PATH`.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    /// True when `CLUSTERSIM_REQUIRE_CHROMIUM` is set (CI sets it).
    static let isRequired = ProcessInfo.processInfo.environment["CLUSTERSIM_REQUIRE_CHROMIUM"] != nil

    /// The condition for `.enabled(if:)` on browser tests: run when a browser is there, or when CI demands one.
    static let requiredOrAvailable = executable != nil || isRequired

    /// Records an issue and returns nil when no browser is installed (reached only when one is required).
    static func require() -> String? {
        if let executable { return executable }
        let message =
            "CLUSTERSIM_REQUIRE_CHROMIUM is set but none of chromium, chromium-browser, google-chrome is on PATH: "
            + "install one (apt-get install -y chromium)"
        Issue.record(Comment(rawValue: message))
        return nil
    }

    /// Loads `html` from a temporary file in headless Chromium and returns the DOM serialised after load
    /// (`--dump-dom`).
    /// - Throws: when the file cannot be written, the browser cannot start, exits with an error or runs past
    ///   `timeoutSeconds` of wall-clock time (a hung browser, not a property of the page).
    static func dumpDOM(_ html: String, executable: String, timeoutSeconds: Int = 120) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "clustersim-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html")
        let output = directory.appendingPathComponent("dom.html")
        let errors = directory.appendingPathComponent("stderr")
        try Data(html.utf8).write(to: page)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(directory.appendingPathComponent("profile").path)", "--dump-dom", page.absoluteString,
        ]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(timeoutSeconds), execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        let dom = String(decoding: try Data(contentsOf: output), as: UTF8.self)
        guard process.terminationReason == .exit, process.terminationStatus == 0, !dom.isEmpty else {
            let stderr = String(decoding: try Data(contentsOf: errors), as: UTF8.self)
            throw ChromiumError(
                message: "\(executable) exited with \(process.terminationStatus) (\(process.terminationReason)): "
                    + String(stderr.suffix(2_000)))
        }
        return dom
    }
}

struct ChromiumError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
