import ArrowLite
import Foundation
import Testing

/// Golden-file snapshots under `Tests/SimTests/Fixtures`: compared against the copy in the test bundle, or, when
/// `CLUSTERSIM_UPDATE_SNAPSHOTS=1`, rewritten in the source tree instead.
enum Snapshot {
    /// True when snapshot tests rewrite their golden files instead of comparing.
    static var updating: Bool { ProcessInfo.processInfo.environment["CLUSTERSIM_UPDATE_SNAPSHOTS"] == "1" }

    /// `Tests/SimTests/Fixtures` in the source tree, found from this file's path.
    static func sourceFixtures(_ filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
    }

    /// Compares `actual` with the golden file at `path` (relative to `Fixtures`), recording a readable diff on a
    /// mismatch; in update mode writes `actual` to the source tree's file atomically and says so.
    static func check(_ actual: String, against path: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        if updating {
            let url = sourceFixtures().appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileIO.writeAtomically(path: url.path, bytes: Array(actual.utf8))
            print("CLUSTERSIM_UPDATE_SNAPSHOTS=1: rewrote \(url.path) (not compared)")
            return
        }
        guard let expected = try? Fixtures.text(path) else {
            Issue.record(
                "no golden file Fixtures/\(path); create it with CLUSTERSIM_UPDATE_SNAPSHOTS=1",
                sourceLocation: sourceLocation)
            return
        }
        if let difference = difference(expected: expected, actual: actual) {
            let refresh = "CLUSTERSIM_UPDATE_SNAPSHOTS=1 swift test --filter StagePlanSnapshotTests"
            Issue.record(
                "\(path) differs from the golden file: \(difference)\nif the change is intended, refresh: \(refresh)",
                sourceLocation: sourceLocation)
        }
    }

    /// The first difference between two texts, line by line: its line number and both versions of the line
    /// (`<end of text>` past the end of either, `<empty line>` for an empty one); nil when they are equal.
    static func difference(expected: String, actual: String) -> String? {
        guard expected != actual else { return nil }
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let shared = min(old.count, new.count)
        let index = (0..<shared).first { old[$0] != new[$0] } ?? shared
        func line(_ lines: [Substring]) -> String {
            guard index < lines.count else { return "<end of text>" }
            return lines[index].isEmpty ? "<empty line>" : String(lines[index])
        }
        return """
            first difference at line \(index + 1) (golden \(old.count) lines, actual \(new.count) lines)
              golden: \(line(old))
              actual: \(line(new))
            """
    }
}
