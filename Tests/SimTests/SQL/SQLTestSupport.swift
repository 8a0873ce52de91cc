import PlanKit

/// PlanKit's location type (Swift Testing has its own `SourceLocation`).
typealias SQLLocation = PlanKit.SourceLocation

/// The `SQLError` that `body` throws, or `nil` when it succeeds.
func sqlError(_ body: () throws(SQLError) -> Void) -> SQLError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

extension Statement {
    /// The query inside a query statement, for tests.
    var queryValue: Query? {
        if case .query(let query) = kind { return query }
        return nil
    }
}
