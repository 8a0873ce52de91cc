import Foundation

extension Compute {
    /// SQL `substring(s FROM start FOR length)`, counting characters (Unicode code points), 1-based, as PostgreSQL
    /// and DataFusion do: the result is the characters at positions `start ..< start + length` that exist, so a
    /// start of 0 or below eats into the length (`substring('hello', 0, 2)` is `'h'`). Without `length`, everything
    /// from `start` on. Nulls stay null.
    /// - Throws: `ArrowError.invalidArgument` for a negative length, `ArrowError.typeMismatch` for a non-utf8 column.
    public static func substring(_ array: any ArrowArray, start: Int, length: Int? = nil) throws -> StringArray {
        let strings = try utf8Column(array, "substring")
        if let length, length < 0 {
            throw ArrowError.invalidArgument("substring: negative length \(length) is not allowed")
        }
        let first = max(start, 1)
        let end = length.map { start.addingReportingOverflow($0).overflow ? Int.max : start + $0 } ?? Int.max
        var builder = StringBuilder(
            capacity: strings.count, dataCapacity: strings.offset(strings.count) - strings.offset(0))
        withExtendedLifetime(strings) {
            for i in 0..<strings.count {
                if strings.isNull(i) {
                    builder.appendNull()
                    continue
                }
                let bytes = strings.bytes(i)
                guard end > first else {
                    builder.append(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<0]))
                    continue
                }
                let lower = byteOffset(ofCharacter: first, in: bytes)
                let upper = end == Int.max ? bytes.count : byteOffset(ofCharacter: end, in: bytes)
                builder.append(bytes: UnsafeRawBufferPointer(rebasing: bytes[lower..<max(lower, upper)]))
            }
        }
        return builder.finish()
    }

    /// The byte offset where 1-based character `position` starts (the byte count when the string is shorter).
    @inline(__always)
    static func byteOffset(ofCharacter position: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        var character = 1
        var offset = 0
        while offset < bytes.count && character < position {
            offset += 1
            while offset < bytes.count && bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            character += 1
        }
        return offset
    }

    /// The number of characters (Unicode code points) of each string; nulls stay null.
    /// - Throws: `ArrowError.typeMismatch` for a non-utf8 column.
    public static func characterLength(_ array: any ArrowArray) throws -> Int32Array {
        let strings = try utf8Column(array, "character_length")
        let values = makeValues(Int32.self, count: strings.count) { out in
            withExtendedLifetime(strings) {
                for i in 0..<strings.count {
                    var count: Int32 = 0
                    for byte in strings.bytes(i) where byte & 0xC0 != 0x80 { count &+= 1 }
                    out[i] = count
                }
            }
        }
        return Int32Array(dataType: .int32, count: strings.count, values: values, validity: strings.validity)
    }

    /// True where the string begins with `prefix` (`starts_with`); nulls stay null.
    /// - Throws: `ArrowError.typeMismatch` for a non-utf8 column.
    public static func startsWith(_ array: any ArrowArray, _ prefix: String) throws -> BooleanArray {
        try matchEach(array, prefix, "starts_with") { s, p in s.count >= p.count && bytesEqual(s, 0, p) }
    }

    /// True where the string ends with `suffix` (`ends_with`); nulls stay null.
    /// - Throws: `ArrowError.typeMismatch` for a non-utf8 column.
    public static func endsWith(_ array: any ArrowArray, _ suffix: String) throws -> BooleanArray {
        try matchEach(array, suffix, "ends_with") { s, p in s.count >= p.count && bytesEqual(s, s.count - p.count, p) }
    }

    /// True where the string contains `needle` (`contains`, `strpos > 0`); nulls stay null.
    /// - Throws: `ArrowError.typeMismatch` for a non-utf8 column.
    public static func contains(_ array: any ArrowArray, _ needle: String) throws -> BooleanArray {
        try matchEach(array, needle, "contains") { s, p in firstIndex(of: p, in: s, from: 0) != nil }
    }

    static func utf8Column(_ array: any ArrowArray, _ function: String) throws -> StringArray {
        guard array.dataType == .utf8 else {
            throw ArrowError.typeMismatch(expected: "utf8 for \(function)", found: array.dataType.description)
        }
        return typed(array, as: StringArray.self)
    }

    /// Runs `predicate(string bytes, pattern bytes)` on each element.
    @inline(__always)
    static func matchEach(
        _ array: any ArrowArray, _ pattern: String, _ function: String,
        _ predicate: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool
    ) throws -> BooleanArray {
        let strings = try utf8Column(array, function)
        var text = pattern
        let values = text.withUTF8 { p in
            withExtendedLifetime(strings) {
                packBits(count: strings.count) { predicate(strings.bytes($0), UnsafeRawBufferPointer(p)) }
            }
        }
        return BooleanArray(values: values, validity: strings.validity, nullCount: strings.nullCount)
    }

    /// True when `pattern` occurs in `bytes` at byte `offset`. Precondition: it fits.
    @inline(__always)
    static func bytesEqual(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ pattern: UnsafeRawBufferPointer) -> Bool {
        pattern.isEmpty || memcmp(bytes.baseAddress! + offset, pattern.baseAddress!, pattern.count) == 0
    }

    /// The first byte offset at or after `from` where `needle` occurs in `haystack`: `memchr` finds candidates
    /// for the first byte, `memcmp` checks the rest.
    static func firstIndex(
        of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, from: Int
    ) -> Int? {
        if needle.isEmpty { return from <= haystack.count ? from : nil }
        guard haystack.count - from >= needle.count, let base = haystack.baseAddress else { return nil }
        let first = Int32(needle[0])
        var position = from
        let last = haystack.count - needle.count
        while position <= last {
            guard let hit = memchr(base + position, first, last - position + 1) else { return nil }
            let candidate = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + candidate, needle.baseAddress!, needle.count) == 0 { return candidate }
            position = candidate + 1
        }
        return nil
    }
}
