import Foundation

/// Reads files from `Tests/SimTests/Fixtures`.
enum Fixtures {
    static func url(_ path: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(path)
    }

    static func text(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: url(path))) }

    /// True when the slow test tier is on (`CLUSTERSIM_FULL=1`); CI runs a reduced form without it.
    static var fullTier: Bool { ProcessInfo.processInfo.environment["CLUSTERSIM_FULL"] == "1" }
}
