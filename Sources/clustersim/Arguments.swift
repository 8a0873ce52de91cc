/// The options and positional arguments of one command, parsed against the command's declared options.
///
/// Options take a value (`--limit 5` or `--limit=5`); flags take none (`--json`). An unknown option is a usage
/// error that suggests the closest declared name.
struct Arguments {
    private(set) var positional: [String] = []
    private var values: [String: String] = [:]
    private var setFlags: [String] = []

    /// Parses `arguments` against the declared `options` (taking values) and `flags` (without values).
    /// - Throws: `UsageError` for an unknown option, a missing value or a repeated option.
    init(_ arguments: [String], options: [String] = [], flags: [String] = []) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positional.append(argument)
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if flags.contains(name) {
                guard inlineValue == nil else { throw UsageError("\(name) takes no value") }
                setFlags.append(name)
            } else if options.contains(name) {
                guard values[name] == nil else { throw UsageError("\(name) is given twice") }
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("\(name) needs a value") }
                    values[name] = arguments[index]
                    index += 1
                }
            } else {
                let suggestion = closestName(to: name, among: options + flags + ["--help"])
                throw UsageError(
                    "unknown option \(name)" + (suggestion.map { " (did you mean \($0)?)" } ?? ""))
            }
        }
    }

    /// The value of an option, or nil when it was not given.
    func value(_ name: String) -> String? { values[name] }

    /// True when the flag was given.
    func flag(_ name: String) -> Bool { setFlags.contains(name) }

    /// The value of an option parsed as an integer within `range`.
    /// - Throws: `UsageError` naming the option when the value is not an integer in range.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError("\(name) expects an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return number
    }

    /// The value of an option parsed as a positive number.
    /// - Throws: `UsageError` naming the option when the value is not a positive number.
    func positiveNumber(_ name: String) throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let number = Double(text), number > 0, number.isFinite else {
            throw UsageError("\(name) expects a positive number, got '\(text)'")
        }
        return number
    }

    /// The value of an option that must be one of `choices`.
    /// - Throws: `UsageError` listing the choices.
    func choice(_ name: String, among choices: [String]) throws -> String? {
        guard let text = values[name] else { return nil }
        guard choices.contains(text) else {
            throw UsageError("\(name) expects one of \(choices.joined(separator: ", ")), got '\(text)'")
        }
        return text
    }

    /// Requires exactly `count` positional arguments, naming them in the error.
    /// - Throws: `UsageError` when there are more or fewer.
    func requirePositional(_ names: [String]) throws -> [String] {
        guard positional.count == names.count else {
            let expected = names.map { "<\($0)>" }.joined(separator: " ")
            throw UsageError("expected \(expected), got \(positional.count) argument(s)")
        }
        return positional
    }
}

/// A mistake in how a command was called: printed with the command's usage, exit code 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The candidate with the smallest edit distance to `name`, if it is close enough to be a plausible typo.
func closestName(to name: String, among candidates: [String]) -> String? {
    let scored = candidates.map { (candidate: $0, distance: editDistance(name, $0)) }
    guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
    return best.distance <= max(2, name.count / 3) ? best.candidate : nil
}

/// Levenshtein distance over characters.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
