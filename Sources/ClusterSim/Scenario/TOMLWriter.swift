/// Builds TOML text line by line, spelling values so that `TOML.parse` reads back exactly the same values.
struct TOMLWriter {
    private(set) var lines: [String] = []

    var text: String { lines.joined(separator: "\n") + "\n" }

    mutating func header(_ name: String) {
        if !lines.isEmpty { lines.append("") }
        lines.append("[\(name)]")
    }

    mutating func arrayHeader(_ name: String) {
        if !lines.isEmpty { lines.append("") }
        lines.append("[[\(name)]]")
    }

    mutating func comment(_ text: String) { lines.append("# \(text)") }

    mutating func set(_ key: String, _ valueText: String) { lines.append("\(key) = \(valueText)") }
    mutating func set(_ key: String, string: String) { set(key, Self.string(string)) }
    mutating func set(_ key: String, integer: Int) { set(key, String(integer)) }
    mutating func set(_ key: String, float: Double) { set(key, Self.float(float)) }
    mutating func set(_ key: String, boolean: Bool) { set(key, boolean ? "true" : "false") }
    mutating func set(_ key: String, duration: VirtualDuration, unitNanoseconds: Int64) {
        set(key, Self.duration(duration.nanoseconds, unitNanoseconds: unitNanoseconds))
    }
    mutating func set(_ key: String, integers: [Int]) {
        set(key, "[" + integers.map(String.init).joined(separator: ", ") + "]")
    }
    mutating func set(_ key: String, strings: [String]) {
        set(key, "[" + strings.map(Self.string).joined(separator: ", ") + "]")
    }

    /// A string: multi-line literal (`'''`) for readable multi-line text when that form can hold it exactly,
    /// otherwise a basic string with escapes.
    static func string(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy {
            $0 == "\n" || $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F)
        }
        if text.contains("\n") && plain && !text.contains("'''") { return "'''\n" + text + "'''" }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// A float in Swift's shortest round-tripping form (`0.25`, `1e-05`, `inf`, `nan`), always with a `.`,
    /// an exponent or a name so it reads back as a float.
    static func float(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let text = "\(value)"
        return text.contains(where: { $0 == "." || $0 == "e" }) ? text : text + ".0"
    }

    /// A duration in `unitNanoseconds` units: an integer when whole, else a float.
    static func duration(_ nanoseconds: Int64, unitNanoseconds: Int64) -> String {
        if nanoseconds % unitNanoseconds == 0 { return String(nanoseconds / unitNanoseconds) }
        return float(Double(nanoseconds) / Double(unitNanoseconds))
    }
}
