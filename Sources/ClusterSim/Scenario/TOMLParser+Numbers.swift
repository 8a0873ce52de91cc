/// Booleans, integers (decimal with `_`, and `0x`, `0o`, `0b`) and floats (`1.5`, `1e-3`, `inf`, `nan`).
extension TOMLParser {
    /// A value that is not a string, array or inline table.
    mutating func parseBareValue() throws -> TOMLValue.Content {
        let start = location
        var token = ""
        while let scalar = current, Self.isBareKeyScalar(scalar) || scalar == "+" || scalar == "." || scalar == ":" {
            token.unicodeScalars.append(scalar)
            advance()
        }
        guard !token.isEmpty else {
            throw error(
                "expected a value, found \(currentDescription)",
                hint: "write a string in quotes, a number, true or false, an array [...] or an inline table {...}")
        }
        if token == "true" { return .boolean(true) }
        if token == "false" { return .boolean(false) }
        if let content = try number(token, at: start) { return content }
        if token.unicodeScalars.first.map({ ("A"..."Z").contains($0) || ("a"..."z").contains($0) }) == true {
            throw error(
                "expected a value, found the bare word '\(token)'", at: start,
                hint: "put text in double quotes: \"\(token)\"; booleans are lower-case true and false")
        }
        if Self.looksLikeDateOrTime(token) {
            throw error(
                "dates and times are not supported in scenario files", at: start,
                hint: "write virtual times as numbers, e.g. at_ms = 1.5")
        }
        throw error(
            "'\(token)' is not a valid number", at: start,
            hint: "integers look like 42 or 1_000; floats like 0.5, 1e-3, inf or nan (digits on both sides of '.')")
    }

    static func looksLikeDateOrTime(_ token: String) -> Bool {
        let scalars = Array(token.unicodeScalars)
        return token.contains(":") || (scalars.count >= 5 && scalars[4] == "-")
    }

    /// The number `token` spells, nil when it is not a number at all; throws when it is one that does not fit.
    func number(_ token: String, at start: SourceLocation) throws -> TOMLValue.Content? {
        var body = Substring(token)
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        if body == "inf" { return .float(sign == "-" ? -.infinity : .infinity) }
        if body == "nan" { return .float(.nan) }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.hasPrefix(prefix) {
            let digits = body.dropFirst(2)
            guard sign.isEmpty, !token.hasPrefix("+"), Self.validDigits(digits, radix: radix) else { return nil }
            guard let value = Int64(digits.filter { $0 != "_" }, radix: radix) else {
                throw error(
                    "the integer \(token) does not fit in 64 bits", at: start,
                    hint: "use a value between -2^63 and 2^63-1")
            }
            return .integer(value)
        }
        guard let parts = Self.splitDecimal(body) else { return nil }
        if parts.fraction == nil && parts.exponent == nil {
            guard let value = Int64(sign + parts.integer.filter { $0 != "_" }) else {
                throw error(
                    "the integer \(token) does not fit in 64 bits", at: start,
                    hint: "use a value between -9223372036854775808 and 9223372036854775807")
            }
            return .integer(value)
        }
        guard let value = Double(sign + body.filter { $0 != "_" }), value.isFinite else {
            throw error("the float \(token) is out of range", at: start, hint: "use a finite value below 1.8e308")
        }
        return .float(value)
    }

    /// Splits `123.45e-6` into its parts, checking each: nil when the text is not a decimal number (a leading zero
    /// before more digits is not allowed, as in TOML).
    static func splitDecimal(
        _ body: Substring
    ) -> (integer: Substring, fraction: Substring?, exponent: Substring?)? {
        var rest = body
        var exponent: Substring?
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var digits = rest[rest.index(after: e)...]
            if let first = digits.first, first == "+" || first == "-" { digits = digits.dropFirst() }
            guard validDigits(digits, radix: 10) else { return nil }
            exponent = digits
            rest = rest[..<e]
        }
        var fraction: Substring?
        if let dot = rest.firstIndex(of: ".") {
            let digits = rest[rest.index(after: dot)...]
            guard validDigits(digits, radix: 10) else { return nil }
            fraction = digits
            rest = rest[..<dot]
        }
        guard validDigits(rest, radix: 10) else { return nil }
        if rest.count > 1 && rest.first == "0" { return nil }
        return (rest, fraction, exponent)
    }

    /// Digits of `radix`, with single underscores only between digits.
    static func validDigits(_ text: Substring, radix: Int) -> Bool {
        guard let first = text.first, let last = text.last, first != "_", last != "_" else { return false }
        var previousUnderscore = false
        for character in text {
            if character == "_" {
                if previousUnderscore { return false }
                previousUnderscore = true
                continue
            }
            previousUnderscore = false
            guard let value = character.hexDigitValue, value < radix else { return false }
        }
        return true
    }
}
