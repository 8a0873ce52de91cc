extension Schema {
    /// Parses a schema written as `name:type` pairs separated by commas, e.g.
    /// `id:int64, name:utf8, price:decimal(15,2), day:date32`. Names may be left out (`int64,utf8`); then the
    /// columns take `defaultNames` (a CSV header), or `column1`, `column2`, ... Every field is nullable.
    /// - Throws: `ArrowError.invalidValue` naming the entry that is not a known type, or a count mismatch.
    public init(parsing spec: String, defaultNames: [String]? = nil) throws {
        let entries = Schema.splitTopLevel(spec)
        guard !entries.isEmpty else {
            throw ArrowError.invalidValue(
                value: spec, target: "schema", hint: "write name:type pairs, e.g. id:int64,name:utf8")
        }
        if let defaultNames, defaultNames.count != entries.count {
            throw ArrowError.invalidValue(
                value: spec, target: "schema",
                hint: "the schema has \(entries.count) columns but the header names \(defaultNames.count)")
        }
        var fields: [Field] = []
        for (index, entry) in entries.enumerated() {
            let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingSpaces() }
            let name = parts.count == 2 ? parts[0] : (defaultNames?[index] ?? "column\(index + 1)")
            let typeText = parts.count == 2 ? parts[1] : parts[0]
            do {
                fields.append(Field(name, try DataType(parsing: typeText)))
            } catch {
                throw ArrowError.invalidValue(
                    value: entry, target: "schema entry \(index + 1)",
                    hint: "use name:type with a type of boolean, int32, int64, float64, decimal(P,S), date32, utf8")
            }
        }
        self.init(fields)
    }

    /// Splits at commas that are not inside parentheses.
    static func splitTopLevel(_ text: String) -> [String] {
        var entries: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == "," && depth == 0 {
                entries.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        entries.append(current)
        return entries.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
