/// Reads one table of a scenario file: rejects unknown keys first (with "did you mean"), then reads typed values,
/// each failure a located `ScenarioError` with a hint.
struct SectionReader {
    let table: TOMLTable
    /// The section's dotted name (`cluster.network`), empty for the top level.
    let name: String
    /// Where the section starts (its header), for errors about missing keys.
    let location: SourceLocation
    let source: SourceText

    /// Checks that every key of `value`'s table is one of `keys`.
    /// - Throws: `ScenarioError` when `value` is not a table, or at the first unknown key.
    init(_ value: TOMLValue, name: String, keys: [String], source: SourceText) throws {
        guard let table = value.table else {
            throw source.error(
                at: value.location, "expected a table for '\(name)', found \(value.typeName)",
                hint: "write it as a section [\(name)] or an inline table { key = value }")
        }
        self.table = table
        self.name = name
        self.location = value.location
        self.source = source
        for entry in table.entries where !keys.contains(entry.key) {
            // A top-level key written after a [section] header lands in that section: say so.
            let misplaced = !name.isEmpty && ScenarioDecoder.topLevelKeys.contains(entry.key)
            throw source.error(
                at: entry.keyLocation, "unknown key '\(entry.key)' in \(title)",
                hint: misplaced
                    ? "'\(entry.key)' belongs at the top level: move it above the first [section] header"
                    : ScenarioSuggestion.hint(for: entry.key, among: keys, what: "the keys of \(title) are"))
        }
    }

    /// `[cluster]`, or "the top level".
    var title: String { name.isEmpty ? "the top level" : "[\(name)]" }

    func error(at location: SourceLocation, _ message: String, hint: String) -> ScenarioError {
        source.error(at: location, message, hint: hint)
    }

    /// The error for `value` of `key` having the wrong type.
    func typeError(_ key: String, _ value: TOMLValue, expected: String, example: String) -> ScenarioError {
        error(
            at: value.location, "expected \(expected) for '\(key)', found \(value.typeName)",
            hint: "write e.g. \(key) = \(example)")
    }

    /// The error for a required key that is absent.
    func missing(_ key: String, example: String) -> ScenarioError {
        error(
            at: location, "missing required key '\(key)' in \(title)",
            hint: "add a line such as: \(key) = \(example)")
    }

    func value(_ key: String) -> TOMLValue? { table[key] }

    func has(_ key: String) -> Bool { table[key] != nil }

    // MARK: Typed values

    func string(_ key: String, example: String = "\"text\"") throws -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw typeError(key, value, expected: "a string", example: example) }
        return text
    }

    func boolean(_ key: String) throws -> Bool? {
        guard let value = table[key] else { return nil }
        guard let flag = value.boolean else { throw typeError(key, value, expected: "a boolean", example: "true") }
        return flag
    }

    /// An integer in `range`.
    func integer(_ key: String, in range: ClosedRange<Int>, example: Int? = nil) throws -> Int? {
        guard let value = table[key] else { return nil }
        return try integer(of: value, key: key, in: range, example: example)
    }

    func integer(
        of value: TOMLValue, key: String, in range: ClosedRange<Int>, example: Int? = nil, shown: String? = nil
    ) throws -> Int {
        let shown = shown ?? String(example ?? range.lowerBound)
        guard let raw = value.integer else {
            throw typeError(key, value, expected: "an integer", example: "\(shown)")
        }
        guard let number = Int(exactly: raw), range.contains(number) else {
            throw error(
                at: value.location, "'\(key)' must be \(Self.describe(range)), found \(raw)",
                hint: "write e.g. \(key) = \(shown)")
        }
        return number
    }

    /// A finite number (integer or float) in `range`.
    func number(_ key: String, in range: ClosedRange<Double>, example: String) throws -> Double? {
        guard let value = table[key] else { return nil }
        guard let number = value.number else { throw typeError(key, value, expected: "a number", example: example) }
        guard number.isFinite, range.contains(number) else {
            throw error(
                at: value.location, "'\(key)' must be \(Self.describe(range)), found \(number)",
                hint: "write e.g. \(key) = \(example)")
        }
        return number
    }

    /// A duration written as a number of `unit`s (`delay_ms = 2.5`).
    func duration(_ key: String, unitNanoseconds: Double) throws -> VirtualDuration? {
        let limit = 9e18 / unitNanoseconds
        guard let amount = try number(key, in: 0...limit, example: "10") else { return nil }
        return VirtualDuration(nanoseconds: Int64((amount * unitNanoseconds).rounded()))
    }

    /// An array whose elements `element` reads (it gets each element and its index).
    func array<Element>(
        _ key: String, example: String, _ element: (TOMLValue, Int) throws -> Element
    ) throws -> [Element]? {
        guard let value = table[key] else { return nil }
        guard let elements = value.array else { throw typeError(key, value, expected: "an array", example: example) }
        return try elements.enumerated().map { try element($1, $0) }
    }

    /// An array of exactly `count` integers in `range` (`link = [1, 3]`).
    func integers(_ key: String, count: Int, in range: ClosedRange<Int>, example: String) throws -> [Int]? {
        guard let value = table[key] else { return nil }
        let numbers = try array(key, example: example) { element, _ in
            try integer(of: element, key: key, in: range, shown: example)
        }
        guard let numbers, numbers.count == count else {
            throw error(
                at: value.location, "'\(key)' needs exactly \(count) integers, found \(numbers?.count ?? 0)",
                hint: "write e.g. \(key) = \(example)")
        }
        return numbers
    }

    /// A `[min, max]` pair of integers in `range` with min ≤ max.
    func range(_ key: String, in range: ClosedRange<Int>, example: String) throws -> ClosedRange<Int>? {
        guard let pair = try integers(key, count: 2, in: range, example: example) else { return nil }
        guard pair[0] <= pair[1] else {
            throw error(
                at: table[key]?.location ?? location, "'\(key)' is [min, max], but \(pair[0]) > \(pair[1])",
                hint: "write the smaller bound first, e.g. \(key) = \(example)")
        }
        return pair[0]...pair[1]
    }

    /// A string that must be one of `names`.
    func name(_ key: String, among names: [String], what: String) throws -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else {
            throw typeError(key, value, expected: "a string", example: "\"\(names.first ?? "")\"")
        }
        guard names.contains(text) else {
            throw error(
                at: value.location, "unknown \(what) '\(text)' for '\(key)'",
                hint: ScenarioSuggestion.hint(for: text, among: names, what: "the \(what)s are"))
        }
        return text
    }

    /// The tables of an array of tables (`[[faults]]`), or of a single inline table.
    func tables(_ key: String, example: String) throws -> [TOMLValue] {
        guard let value = table[key] else { return [] }
        if value.table != nil { return [value] }
        guard let elements = value.array else {
            throw typeError(key, value, expected: "an array of tables", example: example)
        }
        return elements
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == Int.max { return "at least \(range.lowerBound)" }
        return "between \(range.lowerBound) and \(range.upperBound)"
    }

    static func describe(_ range: ClosedRange<Double>) -> String {
        if range.upperBound >= 1e9 { return "at least \(range.lowerBound) (and finite)" }
        return "between \(range.lowerBound) and \(range.upperBound)"
    }
}
