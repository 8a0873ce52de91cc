import ArrowLite

/// The names visible while binding one `SELECT`: the columns of its `FROM` entries, each under the qualifier of
/// its entry (alias or table name), and the scope of the enclosing query for correlated subqueries.
final class BindScope {
    struct Entry {
        /// The lowercase alias or table name of the entry, nil for unqualified-only columns.
        let qualifier: String?
        let column: LogicalColumn
    }

    let entries: [Entry]
    let outer: BindScope?

    init(entries: [Entry], outer: BindScope?) {
        self.entries = entries
        self.outer = outer
    }

    /// The column `qualifier.name` (or `name`), searching this scope, then the enclosing ones.
    /// - Throws: `SQLError` when the name is ambiguous here, or unknown everywhere (with "did you mean").
    func resolve(qualifier: String?, name: String, at location: SourceLocation) throws -> LogicalColumn {
        if let column = try lookup(qualifier: qualifier, name: name, at: location) { return column }
        let written = (qualifier.map { "\($0)." } ?? "") + name
        if let qualifier, !allQualifiers.contains(qualifier.lowercased()) {
            let suggestion = Suggestion.closest(to: qualifier, among: allQualifiers)
            throw SQLError(
                "unknown table or alias '\(qualifier)' in \(written)", at: location, width: qualifier.count,
                hint: suggestion.map { "did you mean \($0)?" } ?? "tables in scope: "
                    + allQualifiers.joined(separator: ", "))
        }
        let candidates = allNames(qualifier: qualifier)
        let hint = Suggestion.closest(to: name, among: candidates).map { "did you mean \($0)?" }
        throw SQLError(
            "unknown column '\(written)'", at: location, width: written.count,
            hint: hint ?? "columns in scope: " + candidates.prefix(12).joined(separator: ", ")
                + (candidates.count > 12 ? ", ..." : ""))
    }

    private func lookup(qualifier: String?, name: String, at location: SourceLocation) throws -> LogicalColumn? {
        let lowerName = name.lowercased()
        let lowerQualifier = qualifier?.lowercased()
        let matches = entries.filter {
            $0.column.name.lowercased() == lowerName && (lowerQualifier == nil || $0.qualifier == lowerQualifier)
        }
        if matches.count > 1 && Set(matches.map(\.column.id)).count > 1 {
            let candidates = matches.map { ($0.qualifier.map { "\($0)." } ?? "") + $0.column.name }
            throw SQLError(
                "column '\(name)' is ambiguous", at: location, width: name.count,
                hint: "qualify it: " + candidates.joined(separator: " or "))
        }
        if let match = matches.first { return match.column }
        return try outer?.lookup(qualifier: qualifier, name: name, at: location)
    }

    /// Every qualifier in this scope and the enclosing ones, without repeats, in order.
    private var allQualifiers: [String] {
        var seen: [String] = []
        for entry in entries { if let q = entry.qualifier, !seen.contains(q) { seen.append(q) } }
        for q in outer?.allQualifiers ?? [] where !seen.contains(q) { seen.append(q) }
        return seen
    }

    private func allNames(qualifier: String?) -> [String] {
        let lowerQualifier = qualifier?.lowercased()
        let here = entries.filter { lowerQualifier == nil || $0.qualifier == lowerQualifier }.map(\.column.name)
        return here + (outer?.allNames(qualifier: qualifier) ?? [])
    }

    /// The columns of entries qualified `qualifier` (all entries when nil), for `*` and `t.*`.
    func columns(qualifier: String?) -> [LogicalColumn] {
        let lower = qualifier?.lowercased()
        return entries.filter { lower == nil || $0.qualifier == lower }.map(\.column)
    }
}
