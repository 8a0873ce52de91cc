import ArrowLite
import Testing

@Suite struct FilterTakeConcatTests {
    @Test("filter keeps true rows and drops false and null mask rows for every type")
    func filterAllTypes() throws {
        let mask = BooleanArray([true, false, nil, true, true])
        #expect(elements(try Compute.filter(Int64Array(.int64, [1, 2, 3, nil, 5]), mask), Int64.self) == [1, nil, 5])
        #expect(strings(try Compute.filter(StringArray(["a", "b", "c", "d", nil]), mask)) == ["a", "d", nil])
        #expect(
            booleans(try Compute.filter(BooleanArray([true, true, true, false, nil]), mask)) == [true, false, nil])
        #expect(
            texts(try Compute.filter(try decimals(["1.1", "2.2", "3.3", "4.4", "5.5"], 5, 1), mask)) == [
                "1.1", "4.4", "5.5",
            ])
    }

    @Test("filter on a slice with a sliced mask over more than one byte")
    func filterSlices() throws {
        let values = Int32Array(.int32, (0..<30).map { Int32($0) })
        let mask = BooleanArray((0..<30).map { $0 % 3 == 0 })
        let r = try Compute.filter(values.slice(3, 20), mask.slice(5, 20))
        // mask.slice(5, 20)[k] is true where (k + 5) % 3 == 0: k = 1, 4, 7, ..., 19 → values 4, 7, ..., 22.
        #expect(elements(r, Int32.self) == [4, 7, 10, 13, 16, 19, 22])
        #expect(throws: ArrowError.self) { try Compute.filter(values, BooleanArray([true])) }
    }

    @Test("take gathers by Int and Int32 indices, a null index gives null, a bad index throws")
    func take() throws {
        let s = StringArray(["x", "zero", "one", nil, "three"]).slice(1, 4)
        #expect(strings(try Compute.take(s, indices: [3, 0, 2, 0])) == ["three", "zero", nil, "zero"])
        #expect(strings(try Compute.take(s, indices: Int32Array(.int32, [1, nil, 3]))) == ["one", nil, "three"])
        let n = Float64Array(.float64, [1.5, nil, 3.5])
        #expect(elements(try Compute.take(n, indices: [Int32(2), 1, 0]), Double.self) == [3.5, nil, 1.5])
        #expect(throws: ArrowError.self) { try Compute.take(n, indices: [3]) }
        #expect(throws: ArrowError.self) { try Compute.take(n, indices: [-1]) }
    }

    @Test("concat joins slices of one type and rejects mixed types")
    func concat() throws {
        let a = StringArray(["skip", "a", nil]).slice(1, 2)
        let b = StringArray(["bc", "", "d"])
        let r = try Compute.concat([a, b])
        #expect(strings(r) == ["a", nil, "bc", "", "d"])
        try r.checkInvariants()
        let ints = try Compute.concat([Int32Array(.int32, [1, 2, 3]).slice(1, 2), Int32Array(.int32, [nil, 4])])
        #expect(elements(ints, Int32.self) == [2, 3, nil, 4])
        #expect(
            booleans(try Compute.concat([BooleanArray([true, nil]), BooleanArray([false])])) == [true, nil, false])
        #expect(throws: ArrowError.self) { try Compute.concat([Int32Array(.int32, [1]), Int64Array(.int64, [1])]) }
    }
}
