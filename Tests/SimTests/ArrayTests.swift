import ArrowLite
import Testing

@Suite struct ArrayTests {
    @Test("a built int64 array keeps values and nulls and passes its invariants")
    func int64RoundTrip() throws {
        let a = Int64Array(.int64, [1, nil, 3])
        #expect(a.count == 3)
        #expect(a.nullCount == 1)
        #expect(a[0] == 1 && a[1] == nil && a[2] == 3)
        try a.checkInvariants()
    }
}
