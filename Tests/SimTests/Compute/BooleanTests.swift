import ArrowLite
import Testing

@Suite struct BooleanTests {
    // Every pair of {true, false, null}: left varies slowest.
    let left = BooleanArray([true, true, true, false, false, false, nil, nil, nil])
    let right = BooleanArray([true, false, nil, true, false, nil, true, false, nil])

    @Test("AND follows the SQL three-valued truth table")
    func andTable() throws {
        #expect(booleans(try Compute.and(left, right)) == [true, false, nil, false, false, false, nil, false, nil])
    }

    @Test("OR follows the SQL three-valued truth table")
    func orTable() throws {
        #expect(booleans(try Compute.or(left, right)) == [true, true, true, true, false, nil, true, nil, nil])
    }

    @Test("NOT flips values and keeps nulls; IS NULL is never null")
    func notAndIsNull() {
        #expect(booleans(Compute.not(BooleanArray([true, false, nil]))) == [false, true, nil])
        #expect(booleans(Compute.isNull(Int32Array(.int32, [1, nil]))) == [false, true])
        #expect(booleans(Compute.isNotNull(Int32Array(.int32, [1, nil]))) == [true, false])
    }

    @Test("Kleene logic on unaligned slices and without nulls")
    func slices() throws {
        let a = BooleanArray([false, false, false] + [true, false, nil, true, true, false, true, false, true, false])
        let b = BooleanArray([true] + [nil, nil, true, false, true, true, false, false, true, true])
        let r = try Compute.and(a.slice(3, 10), b.slice(1, 10))
        #expect(booleans(r) == [nil, false, nil, false, true, false, false, false, true, false])
        try r.checkInvariants()
        let plain = try Compute.or(BooleanArray([true, false, false]), BooleanArray([false, false, true]))
        #expect(booleans(plain) == [true, false, true])
    }
}
