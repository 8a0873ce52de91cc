import ArrowLite
import Testing

@Suite struct LikeTests {
    let s = StringArray(["abc", "abcabc", "xabcx", "", nil, "a_c", "a%c", "aXc", "é", "ab"])

    func like(_ pattern: String, escape: Character? = "\\") throws -> [Bool?] {
        booleans(try Compute.like(s, pattern: pattern, escape: escape))
    }

    @Test("prefix, suffix, contains and exact fast paths")
    func fastPaths() throws {
        #expect(try like("abc%") == [true, true, false, false, nil, false, false, false, false, false])
        #expect(try like("%abc") == [true, true, false, false, nil, false, false, false, false, false])
        #expect(try like("%abc%") == [true, true, true, false, nil, false, false, false, false, false])
        #expect(try like("abc") == [true, false, false, false, nil, false, false, false, false, false])
        #expect(try like("%") == [true, true, true, true, nil, true, true, true, true, true])
        #expect(try like("") == [false, false, false, true, nil, false, false, false, false, false])
    }

    @Test("general matcher: _ is one character (even multi-byte), %% collapses, backtracking finds late matches")
    func general() throws {
        #expect(try like("a_c") == [true, false, false, false, nil, true, true, true, false, false])
        #expect(try like("_") == [false, false, false, false, nil, false, false, false, true, false])
        #expect(try like("%b%%c") == [true, true, false, false, nil, false, false, false, false, false])
        #expect(try like("a%c%") == [true, true, false, false, nil, true, true, true, false, false])
        #expect(try like("_%_") == [true, true, true, false, nil, true, true, true, false, true])
    }

    @Test("escaped wildcards match literally; a trailing escape is an error; NOT LIKE is NOT of LIKE")
    func escapes() throws {
        #expect(try like("a\\_c") == [false, false, false, false, nil, true, false, false, false, false])
        #expect(try like("a#%c", escape: "#") == [false, false, false, false, nil, false, true, false, false, false])
        #expect(try like("a\\%c", escape: nil) == [false, false, false, false, nil, false, false, false, false, false])
        #expect(throws: ArrowError.self) { try Compute.like(s, pattern: "abc\\") }
        let notLike = Compute.not(try Compute.like(s, pattern: "a%"))
        #expect(booleans(notLike) == [false, false, true, true, nil, false, false, false, true, false])
    }

    @Test("a wildcard followed by a combining mark is still a wildcard (patterns split by code point)")
    func wildcardBeforeCombiningMark() throws {
        // "%\u{301}" is one Swift Character; LIKE counts code points, so it is % then a literal U+0301.
        let s = StringArray(["e\u{301}", "x\u{301}", "e", "\u{301}"])
        #expect(booleans(try Compute.like(s, pattern: "%\u{301}")) == [true, true, false, true])
        #expect(booleans(try Compute.like(s, pattern: "_\u{301}")) == [true, true, false, false])
        #expect(booleans(try Compute.like(s, pattern: "\\\u{301}")) == [false, false, false, true])
    }
}
