import ArrowLite
import Testing

@Suite struct StringKernelTests {
    let words = StringArray(["skip", "hello", "", nil, "héllo wörld", "lo"]).slice(1, 5)

    @Test("substring counts 1-based characters with PostgreSQL semantics for start <= 0 and no length")
    func substring() throws {
        #expect(strings(try Compute.substring(words, start: 2, length: 3)) == ["ell", "", nil, "éll", "o"])
        #expect(strings(try Compute.substring(words, start: 0, length: 2)) == ["h", "", nil, "h", "l"])
        #expect(strings(try Compute.substring(words, start: -5, length: 3)) == ["", "", nil, "", ""])
        #expect(strings(try Compute.substring(words, start: 7)) == ["", "", nil, "wörld", ""])
        #expect(strings(try Compute.substring(words, start: 9, length: 100)) == ["", "", nil, "rld", ""])
        #expect(throws: ArrowError.self) { try Compute.substring(words, start: 1, length: -1) }
        #expect(throws: ArrowError.self) { try Compute.substring(Int32Array(.int32, [1]), start: 1) }
    }

    @Test("starts_with, ends_with, contains and character_length on a slice with nulls")
    func predicates() throws {
        #expect(booleans(try Compute.startsWith(words, "he")) == [true, false, nil, false, false])
        #expect(booleans(try Compute.startsWith(words, "")) == [true, true, nil, true, true])
        #expect(booleans(try Compute.endsWith(words, "lo")) == [true, false, nil, false, true])
        #expect(booleans(try Compute.contains(words, "llo")) == [true, false, nil, true, false])
        #expect(booleans(try Compute.contains(words, "wö")) == [false, false, nil, true, false])
        #expect(elements(try Compute.characterLength(words), Int32.self) == [5, 0, nil, 11, 2])
    }
}
