/// Tables by name. Lookup ignores ASCII case (SQL identifiers); listings are sorted, never in hash order.
public struct Catalog: Sendable {
    private var tables: [String: Entry] = [:]

    private struct Entry: Sendable {
        var name: String
        var source: any TableSource
    }

    /// An empty catalog.
    public init() {}

    /// Adds or replaces the table `name` (the spelling given is kept for listings).
    public mutating func register(_ name: String, _ source: any TableSource) {
        tables[Catalog.key(name)] = Entry(name: name, source: source)
    }

    /// The table named `name` in any letter case, or nil.
    public func table(_ name: String) -> (any TableSource)? { tables[Catalog.key(name)]?.source }

    /// The table named `name`.
    /// - Throws: `PhysicalPlanError.unknownTable` with the closest registered names as a hint.
    public func resolve(_ name: String) throws -> any TableSource {
        if let source = table(name) { return source }
        throw PhysicalPlanError.unknownTable(name: name, known: tableNames)
    }

    /// The registered names, sorted by their lowercase form.
    public var tableNames: [String] {
        tables.keys.sorted().compactMap { tables[$0]?.name }
    }

    private static func key(_ name: String) -> String { name.lowercased() }
}
