/// What the optimiser knows about a table without reading it: its row count and, for some columns, how many
/// distinct values they hold. Join ordering estimates an equi-join's output as `|L| × |R| / max(ndv(l), ndv(r))`.
public struct TableStatistics: Sendable, Equatable {
    /// The number of rows.
    public var rowCount: Int
    /// Distinct value counts by lowercase column name; a column not listed is assumed to have `rowCount`.
    public var distinctCounts: [String: Int]

    /// Makes statistics.
    public init(rowCount: Int, distinctCounts: [String: Int] = [:]) {
        self.rowCount = rowCount
        self.distinctCounts = distinctCounts
    }

    /// The distinct count of `column` (looked up, never iterated), at most the row count and at least 1.
    public func distinctCount(_ column: String) -> Int {
        max(1, min(rowCount, distinctCounts[column.lowercased()] ?? rowCount))
    }
}
