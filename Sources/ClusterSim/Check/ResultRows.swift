import ArrowLite
import PlanKit

/// How a run's rows differ from the oracle's, as multisets of rows (each row is its values' text joined by `|`):
/// the rows the run lost and the rows it has too many of (duplicates or wrong values).
public struct ResultComparison: Sendable, Hashable, CustomStringConvertible {
    /// Rows of the oracle the run does not have (with multiplicity), sorted.
    public let missing: [String]
    /// Rows of the run the oracle does not have (with multiplicity), sorted.
    public let extra: [String]
    public let expectedCount: Int
    public let actualCount: Int

    public var matches: Bool { missing.isEmpty && extra.isEmpty }

    /// Compares two **sorted** row lists as multisets.
    /// - Complexity: O(n + m), one merge pass.
    public init(expected: [String], actual: [String]) {
        var missing: [String] = []
        var extra: [String] = []
        var left = 0
        var right = 0
        while left < expected.count || right < actual.count {
            if right == actual.count || (left < expected.count && expected[left] < actual[right]) {
                missing.append(expected[left])
                left += 1
            } else if left == expected.count || actual[right] < expected[left] {
                extra.append(actual[right])
                right += 1
            } else {
                left += 1
                right += 1
            }
        }
        self.missing = missing
        self.extra = extra
        expectedCount = expected.count
        actualCount = actual.count
    }

    /// `14 rows equal the oracle's`, or counts and the first differing rows.
    public var description: String {
        if matches { return "\(actualCount) rows equal the oracle's" }
        func sample(_ rows: [String]) -> String {
            rows.prefix(3).map { "[\($0)]" }.joined(separator: " ") + (rows.count > 3 ? " …" : "")
        }
        var parts = ["\(actualCount) rows, the oracle has \(expectedCount)"]
        if !missing.isEmpty { parts.append("\(missing.count) missing \(sample(missing))") }
        if !extra.isEmpty { parts.append("\(extra.count) extra \(sample(extra))") }
        return parts.joined(separator: "; ")
    }
}

/// Rows of results as text, for order-insensitive comparison with the oracle.
enum ResultRows {
    /// The rows of `result` as sorted text lines.
    /// - Throws: concatenation errors (only for more than 2 GiB of strings).
    static func lines(_ result: QueryResult) throws -> [String] {
        let batch = try result.concatenated()
        return (0..<batch.rowCount).map { row in
            batch.columns.map { $0.scalar(at: row).description }.joined(separator: "|")
        }.sorted()
    }
}
