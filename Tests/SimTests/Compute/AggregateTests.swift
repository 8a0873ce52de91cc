import ArrowLite
import Testing

@Suite struct AggregateTests {
    @Test("float64 sum skips nulls, honours slice offsets, and is nil for no valid values")
    func floatSum() {
        let values: [Double?] = (0..<37).map { $0 % 5 == 0 ? nil : Double($0) * 0.5 }
        let a = Float64Array(.float64, values)
        #expect(Compute.sum(a) == values.compactMap { $0 }.reduce(0, +))
        let s = a.slice(3, 20)
        #expect(Compute.sum(s) == values[3..<23].compactMap { $0 }.reduce(0, +))
        #expect(Compute.sum(Float64Array(.float64, [nil, nil])) == nil)
        #expect(Compute.sum(Float64Array(.float64, [])) == nil)
    }

    @Test("float64 sums use a fixed lane order, so the bits equal an 8-lane reference sum")
    func floatSumOrder() {
        var random = SplitMix64(seed: 7)
        let values = (0..<1_003).map { _ in Double(random.next() % 1_000_000) / 7.0 }
        var lanes = [Double](repeating: 0, count: 8)
        for (i, v) in values.enumerated() { lanes[i % 8] += v }
        let expected = lanes.reduce(0, +)
        #expect(Compute.sum(Float64Array(.float64, values)) == expected)
    }

    @Test("decimal sums are exact and overflow beyond 38 digits is an error")
    func decimalSum() throws {
        let type = DataType.decimal128(precision: 15, scale: 2)
        let a = Decimal128Array(type, [1234, nil, -34, 5])
        #expect(try Compute.sum(a) == 1205)
        #expect(try Compute.sum(a.slice(1, 2)) == -34)
        let big = Decimal128.powerOfTen(38) - 1
        let huge = Decimal128Array(.decimal128(precision: 38, scale: 0), [big, big])
        #expect(throws: ArrowError.self) { try Compute.sum(huge) }
    }

    @Test("integer sums widen int32 to int64 and overflow is an error")
    func integerSum() throws {
        #expect(try Compute.sumInt64(Int32Array(.int32, [Int32.max, Int32.max, nil])) == 2 * Int64(Int32.max))
        #expect(throws: ArrowError.self) { try Compute.sumInt64(Int64Array(.int64, [Int64.max, 1])) }
        #expect(throws: ArrowError.self) { try Compute.sumInt64(Float64Array(.float64, [1])) }
    }

    @Test("minimum and maximum skip nulls for every type, and NaN is the largest float")
    func extremes() {
        #expect(Compute.minimum(Int64Array(.int64, [nil, 5, -3, 9])) == .int64(-3))
        #expect(Compute.maximum(StringArray(["b", nil, "abc", "ba"])) == .utf8("ba"))
        #expect(Compute.maximum(Float64Array(.float64, [1, .nan, 3])).description == "NaN")
        #expect(Compute.minimum(Float64Array(.float64, [1, .nan, -3])) == .float64(-3))
        #expect(Compute.minimum(Date32Array(.date32, [20, 10, nil])) == .date32(10))
        #expect(Compute.maximum(BooleanArray([false, nil])) == .boolean(false))
        #expect(Compute.maximum(Int32Array(.int32, [nil])) == .null)
        #expect(Compute.count(Int32Array(.int32, [nil, 1, 2])) == 2)
    }
}
