import ArrowLite
import Testing

@Suite struct SortTests {
    @Test("single int64 column: ascending puts nulls last by default and ties keep input order")
    func singleColumnDefaults() throws {
        let a = Int64Array(.int64, [3, nil, 1, 3, 2, nil, 1])
        #expect(try Compute.sortToIndices(a) == [2, 6, 4, 0, 3, 1, 5])
        #expect(try Compute.sortToIndices(a, key: SortKey(ascending: false)) == [1, 5, 0, 3, 4, 2, 6])
        #expect(try Compute.sortToIndices(a, key: SortKey(ascending: true, nullsFirst: true)) == [1, 5, 2, 6, 4, 0, 3])
        #expect(
            try Compute.sortToIndices(a, key: SortKey(ascending: false, nullsFirst: false)) == [0, 3, 4, 2, 6, 1, 5])
    }

    @Test("float64 NaN sorts after every number; a slice sorts its own rows")
    func floatsAndSlices() throws {
        let f = Float64Array(.float64, [9, 9, 2.5, .nan, -1, nil, 2.5])
        #expect(try Compute.sortToIndices(f.slice(2, 5)) == [2, 0, 4, 1, 3])
    }

    @Test("two columns: string descending then int ascending, stable on full ties")
    func multiColumn() throws {
        let s = StringArray(["b", "a", "b", nil, "a", "b"])
        let n = Int32Array(.int32, [2, 1, 1, 5, 1, 2])
        let order = try Compute.sortToIndices([s, n], keys: [SortKey(ascending: false, nullsFirst: false), SortKey()])
        #expect(order == [2, 0, 5, 1, 4, 3])
    }

    @Test("sorting a batch reorders every column; booleans sort false before true")
    func batch() throws {
        let schema = Schema([Field("flag", .boolean), Field("name", .utf8)])
        let b = try RecordBatch(
            schema: schema, columns: [BooleanArray([true, nil, false]), StringArray(["x", "y", "z"])])
        let sorted = try Compute.sort(b, by: [0], keys: [SortKey()])
        #expect(strings(sorted.columns[1]) == ["z", "x", "y"])
        #expect(throws: ArrowError.self) { try Compute.sortToIndices([Int32Array(.int32, [1])], keys: []) }
        #expect(throws: ArrowError.self) { try Compute.sort(b, by: [2], keys: [SortKey()]) }
    }
}
