import Foundation

extension Compute {
    /// SQL `LIKE`: `%` matches any run of characters (possibly empty), `_` exactly one character (code point),
    /// and the escape character makes the next pattern character literal. Case-sensitive; nulls stay null.
    /// `NOT LIKE` is `not(like(...))`. Patterns of the forms `abc`, `abc%`, `%abc`, `%abc%` and `%` use byte
    /// comparisons; others use a backtracking matcher.
    /// - Parameters:
    ///   - array: a utf8 column.
    ///   - pattern: the LIKE pattern.
    ///   - escape: the escape character (backslash by default, as in PostgreSQL and DataFusion); nil for none.
    /// - Throws: `ArrowError.invalidArgument` when the pattern ends with the escape character,
    ///   `ArrowError.typeMismatch` for a non-utf8 column.
    public static func like(_ array: any ArrowArray, pattern: String, escape: Character? = "\\") throws -> BooleanArray
    {
        let tokens = try likeTokens(pattern, escape: escape)
        let literals = tokens.map { token -> String? in
            if case .literal(let l) = token { return l } else { return nil }
        }
        let shape = tokens.map { $0 == .anyRun ? "%" : ($0 == .oneCharacter ? "_" : "a") }.joined()
        switch shape {
        case "": return try matchEach(array, "", "LIKE") { s, _ in s.isEmpty }
        case "a":
            return try matchEach(array, literals[0]!, "LIKE") { s, p in s.count == p.count && bytesEqual(s, 0, p) }
        case "%": return try matchEach(array, "", "LIKE") { _, _ in true }
        case "a%": return try startsWith(array, literals[0]!)
        case "%a": return try endsWith(array, literals[1]!)
        case "%a%": return try contains(array, literals[1]!)
        default:
            let compiled = tokens.map(CompiledToken.init)
            return try matchEach(array, "", "LIKE") { s, _ in likeMatch(compiled, s) }
        }
    }

    /// One element of a parsed LIKE pattern.
    enum LikeToken: Equatable {
        /// Characters that must appear as they are.
        case literal(String)
        /// `_`: one character.
        case oneCharacter
        /// `%`: any run of characters.
        case anyRun
    }

    /// Splits a pattern into literals, `_` and `%`; consecutive `%` collapse into one.
    static func likeTokens(_ pattern: String, escape: Character?) throws -> [LikeToken] {
        var tokens: [LikeToken] = []
        var literal = ""
        var escaped = false
        func flush() {
            if !literal.isEmpty { tokens.append(.literal(literal)) }
            literal = ""
        }
        // By code point, not by Character: "%" followed by a combining mark is one Character but two tokens.
        for scalar in pattern.unicodeScalars {
            let c = Character(scalar)
            if escaped {
                literal.append(c)
                escaped = false
            } else if c == escape {
                escaped = true
            } else if c == "%" {
                flush()
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            } else if c == "_" {
                flush()
                tokens.append(.oneCharacter)
            } else {
                literal.append(c)
            }
        }
        if escaped {
            throw ArrowError.invalidArgument("LIKE pattern '\(pattern)' ends with the escape character")
        }
        flush()
        return tokens
    }

    /// A token with its literal bytes ready for comparison.
    struct CompiledToken {
        let kind: LikeToken
        let bytes: [UInt8]
        init(_ token: LikeToken) {
            kind = token
            if case .literal(let s) = token { bytes = Array(s.utf8) } else { bytes = [] }
        }
    }

    /// Wildcard matching with one backtrack point (the latest `%`), which suffices because a later `%` can absorb
    /// anything an earlier one could. `_` and `%` advance by whole UTF-8 code points.
    static func likeMatch(_ tokens: [CompiledToken], _ s: UnsafeRawBufferPointer) -> Bool {
        let n = s.count
        var tokenIndex = 0
        var position = 0
        var starToken = -1
        var starPosition = 0
        func characterEnd(_ p: Int) -> Int {
            var q = p + 1
            while q < n && s[q] & 0xC0 == 0x80 { q += 1 }
            return q
        }
        while true {
            if tokenIndex < tokens.count {
                let token = tokens[tokenIndex]
                switch token.kind {
                case .anyRun:
                    starToken = tokenIndex
                    starPosition = position
                    tokenIndex += 1
                    continue
                case .oneCharacter:
                    if position < n {
                        position = characterEnd(position)
                        tokenIndex += 1
                        continue
                    }
                case .literal:
                    let matched = token.bytes.withUnsafeBytes { p in
                        position + p.count <= n && bytesEqual(s, position, p)
                    }
                    if matched {
                        position += token.bytes.count
                        tokenIndex += 1
                        continue
                    }
                }
            } else if position == n {
                return true
            }
            guard starToken >= 0 && starPosition < n else { return false }
            starPosition = characterEnd(starPosition)
            position = starPosition
            tokenIndex = starToken + 1
        }
    }
}
