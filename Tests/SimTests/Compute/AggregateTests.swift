import ArrowLite
import Testing

// `SplitMix64` (ArrowLite's seeded generator) makes the sampled inputs replay exactly.

/// The `Scalar` layer of `sum`, even for arrays whose static type selects a typed overload.
func scalarSum(_ array: any ArrowArray) throws -> Scalar { try Compute.sum(array) }

@Suite struct AggregateTests {
    @Test("sum, count, minimum and maximum of an empty or all-null column are null (count 0)")
    func emptyAndAllNull() throws {
        for array in [Float64Array(.float64, []), Float64Array(.float64, [nil, nil])] as [any ArrowArray] {
            #expect(try Compute.sum(array) == .null)
            #expect(Compute.minimum(array) == .null)
            #expect(Compute.maximum(array) == .null)
            #expect(Compute.count(array) == 0)
        }
        #expect(try scalarSum(Int64Array(.int64, [nil])) == .null)
        #expect(try scalarSum(try decimals([], 15, 2)) == .null)
        #expect(Compute.maximum(StringArray([nil])) == .null)
        #expect(Compute.minimum(BooleanArray([])) == .null)
    }

    @Test("hand-computed sums of every summable type skip nulls; result types follow SQL")
    func handComputedSums() throws {
        #expect(try scalarSum(Float64Array(.float64, [1.5, 2.25, nil, -0.75])) == .float64(3.0))
        #expect(try scalarSum(Int32Array(.int32, [Int32.max, nil, Int32.max])) == .int64(4_294_967_294))
        #expect(try scalarSum(Int64Array(.int64, [-5, nil, 7, 1 << 40])) == .int64(1_099_511_627_778))
        let money = try scalarSum(try decimals(["1.50", "2.25", nil, "-0.75"], 15, 2))
        #expect(money == .decimal(300, precision: 38, scale: 2))
        #expect(money.description == "3.00")
        #expect(Compute.count(Int64Array(.int64, [1, nil, 3])) == 2)
    }

    @Test("sum rejects boolean, date32 and utf8 columns with a type mismatch")
    func sumTypeErrors() {
        #expect(throws: ArrowError.self) { try Compute.sum(BooleanArray([true])) }
        #expect(throws: ArrowError.self) { try Compute.sum(StringArray(["1"])) }
        #expect(throws: ArrowError.self) { try Compute.sum(Date32Array(.date32, [1]) as any ArrowArray) }
        #expect(throws: ArrowError.self) { try Compute.sum(Date32Array(.date32, [1])) }
    }

    @Test("sumInt64 accepts int32 and int64 columns of any static type and rejects others")
    func sumInt64Wrapper() throws {
        #expect(try Compute.sumInt64(Int32Array(.int32, [Int32.max, Int32.max, nil])) == 2 * Int64(Int32.max))
        #expect(try Compute.sumInt64(Int64Array(.int64, [nil])) == nil)
        #expect(throws: ArrowError.self) { try Compute.sumInt64(Int64Array(.int64, [Int64.max, 1])) }
        #expect(throws: ArrowError.self) { try Compute.sumInt64(Float64Array(.float64, [1])) }
        #expect(throws: ArrowError.self) { try Compute.sumInt64(Date32Array(.date32, [1])) }
    }

    @Test("int64 overflow is an error on the exact total; a total back in range is not")
    func integerOverflow() throws {
        #expect(throws: ArrowError.overflow("sum of int64 column is 9223372036854775808, outside the int64 range")) {
            try Compute.sum(Int64Array(.int64, [Int64.max, 1]))
        }
        #expect(throws: ArrowError.self) { try Compute.sum(Int64Array(.int64, [Int64.min, -1])) }
        #expect(try Compute.sum(Int64Array(.int64, [Int64.max, 1, -1])) == Int64.max)
        #expect(throws: ArrowError.self) { try Compute.sum(Int64Array(.int64, [Int64.min, Int64.max, Int64.min])) }
        // The null slot holds a huge value that must not count.
        let hidden = Int64Array(
            dataType: .int64, count: 2, values: Buffer(copying: [Int64.max, Int64.max]),
            validity: BooleanArray([true, false]).values)
        #expect(try Compute.sum(hidden) == Int64.max)
    }

    @Test("decimal sums are exact Int128 at the input scale; more than 38 digits is an overflow")
    func decimalOverflow() throws {
        let nines = String(repeating: "9", count: 38)
        #expect(throws: ArrowError.self) { try Compute.sum(try decimals([nines, "1"], 38, 0)) }
        #expect(throws: ArrowError.self) { try Compute.sum(try decimals(["-" + nines, "-1"], 38, 0)) }
        // 9e37 + 9e37 passes Int128's maximum (1.7e38) before -9e37 brings the exact total back: not an overflow.
        let big = "9" + String(repeating: "0", count: 37)
        #expect(try Compute.sum(try decimals([big, big, "-" + big], 38, 0)) == Int128(big))
        #expect(try Compute.sum(try decimals([big, nil, big, "-" + big], 38, 0)) == Int128(big))
        #expect(throws: ArrowError.self) { try Compute.sum(try decimals([big, big], 38, 0)) }
    }

    @Test("float64 sum uses the documented 32-lane order: 2^53 + 1 + 1 in lanes 0, 1, 5 is 2^53 + 2")
    func documentedFloatOrder() {
        let big = 9_007_199_254_740_992.0  // 2^53: adding 1 serially rounds back to 2^53
        var values = [Double?](repeating: 0, count: 32)
        values[0] = big
        values[1] = 1
        values[5] = 1
        #expect(Compute.sum(Float64Array(.float64, values)) == big + 2)
        // A 33rd element goes to the tail: (2^53 + 2) + 1 rounds to even, 2^53 + 4.
        #expect(Compute.sum(Float64Array(.float64, values + [1])) == big + 4)
        // The same values in a serial sum would give 2^53: the order is visible and fixed.
        #expect(values.reduce(0.0) { $0 + $1! } == big)
    }

    /// The documented float64 order, written plainly as the oracle for the SIMD kernel.
    static func referenceSum(_ values: [Double?]) -> Double {
        var lanes = [Double](repeating: 0, count: 32)
        let laneEnd = values.count - values.count % 32
        for i in 0..<laneEnd { lanes[i % 32] += values[i] ?? 0 }
        var s: [Double] = (0..<8).map { (k: Int) -> Double in
            let low: Double = lanes[k] + lanes[8 + k]
            let high: Double = lanes[16 + k] + lanes[24 + k]
            return low + high
        }
        s = (0..<4).map { (k: Int) -> Double in s[k] + s[4 + k] }
        s = (0..<2).map { (k: Int) -> Double in s[k] + s[2 + k] }
        var tail = 0.0
        for i in laneEnd..<values.count { tail += values[i] ?? 0 }
        return (s[0] + s[1]) + tail
    }

    @Test("float64 sums of seeded arrays with nulls and unaligned slices match the documented order bit for bit")
    func seededFloatSums() {
        var random = SplitMix64(seed: 42)
        for round in 0..<40 {
            let count = random.below(700)
            let nullEvery = [0, 2, 7, 64][round % 4]
            let values: [Double?] = (0..<count).map { i in
                let v = Double(Int64(bitPattern: random.next()) >> 20) / 1024
                return nullEvery > 0 && random.below(nullEvery) == 0 ? nil : v
            }
            let array = Float64Array(.float64, values)
            let expected = Self.referenceSum(values)
            let got = Compute.sum(array) ?? 0
            #expect(got.bitPattern == expected.bitPattern, "round \(round), \(count) values")
            let start = count > 0 ? random.below(count) : 0
            let length = random.below(count - start + 1)
            let slice = Compute.sum(array.slice(start, length)) ?? 0
            let sliceExpected = Self.referenceSum(Array(values[start..<start + length]))
            #expect(slice.bitPattern == sliceExpected.bitPattern, "round \(round) slice \(start)+\(length)")
        }
    }

    @Test("integer and decimal sums of seeded sliced arrays with nulls equal a plain Int128 sum")
    func seededExactSums() throws {
        var random = SplitMix64(seed: 7)
        for round in 0..<30 {
            let count = random.below(500) + 1
            let values: [Int64?] = (0..<count).map { _ in
                random.below(5) == 0 ? nil : Int64(bitPattern: random.next()) >> (round % 2 == 0 ? 2 : 40)
            }
            let start = random.below(count)
            let length = random.below(count - start + 1)
            let window = values[start..<start + length].compactMap { $0 }
            let exact = window.reduce(Int128(0)) { $0 + Int128($1) }
            let array = Int64Array(.int64, values).slice(start, length)
            if let expected = Int64(exactly: exact) {
                #expect(try Compute.sum(array) == (window.isEmpty ? nil : expected))
            } else {
                #expect(throws: ArrowError.self) { try Compute.sum(array) }
            }
            let decimalArray = Decimal128Array(
                .decimal128(precision: 38, scale: 4), values.map { $0.map { Int128($0) } })
            #expect(try Compute.sum(decimalArray.slice(start, length)) == (window.isEmpty ? nil : exact))
            let small = Int32Array(.int32, values.map { $0.map { Int32(truncatingIfNeeded: $0) } }).slice(start, length)
            let smallExact = values[start..<start + length].compactMap { $0 }.reduce(Int64(0)) {
                $0 + Int64(Int32(truncatingIfNeeded: $1))
            }
            #expect(try Compute.sum(small) == (window.isEmpty ? nil : smallExact))
        }
    }

    @Test("minimum and maximum of numbers, dates, decimals, strings and booleans, nulls and slices")
    func minimumAndMaximum() throws {
        let ints = Int32Array(.int32, [nil, 5, -3, nil, 9, 2])
        #expect(Compute.minimum(ints) == .int32(-3))
        #expect(Compute.maximum(ints) == .int32(9))
        #expect(Compute.maximum(ints.slice(5, 1)) == .int32(2))
        #expect(Compute.minimum(Int64Array(.int64, [Int64.max, Int64.min])) == .int64(Int64.min))
        let dates = Date32Array(.date32, [10_000, nil, 9_000])
        #expect(Compute.minimum(dates).description == "1994-08-23")
        #expect(Compute.maximum(dates) == .date32(10_000))
        let money = try decimals(["1.50", nil, "-20.00", "3.25"], 15, 2)
        #expect(Compute.minimum(money) == .decimal(-2000, precision: 15, scale: 2))
        #expect(Compute.maximum(money).description == "3.25")
        let words = StringArray(["b", nil, "ab", "a", "é", "ba"])
        #expect(Compute.minimum(words) == .utf8("a"))
        #expect(Compute.maximum(words) == .utf8("é"))
        #expect(Compute.maximum(words.slice(0, 3)) == .utf8("b"))
        #expect(Compute.minimum(BooleanArray([true, nil, false])) == .boolean(false))
        #expect(Compute.maximum(BooleanArray([false, nil])) == .boolean(false))
        #expect(Compute.maximum(BooleanArray([false, true])) == .boolean(true))
    }

    @Test("float64 minimum ignores NaN unless it is the only value, maximum is NaN when one is valid")
    func floatOrder() {
        let withNaN = Float64Array(.float64, [3, .nan, -1, nil])
        #expect(Compute.minimum(withNaN) == .float64(-1))
        guard case .float64(let top) = Compute.maximum(withNaN) else { return #expect(Bool(false)) }
        #expect(top.isNaN)
        guard case .float64(let low) = Compute.minimum(Float64Array(.float64, [.nan, nil])) else {
            return #expect(Bool(false))
        }
        #expect(low.isNaN)
        // -0.0 equals 0.0: the first of the two is the answer.
        guard case .float64(let zero) = Compute.minimum(Float64Array(.float64, [-0.0, 0.0, 1])) else {
            return #expect(Bool(false))
        }
        #expect(zero.sign == .minus)
    }

    @Test("minimum and maximum with nulls in many 64-bit validity words find values in every word")
    func extremaAcrossWords() {
        let values: [Int64?] = (0..<300).map { (i: Int) -> Int64? in i % 3 == 0 ? nil : Int64((i * 37) % 301) }
        let array = Int64Array(.int64, values)
        for (start, length) in [(0, 300), (5, 290), (70, 3), (130, 1)] {
            let window = values[start..<start + length].compactMap { $0 }
            let smallest: Scalar = window.min().map { .int64($0) } ?? .null
            let largest: Scalar = window.max().map { .int64($0) } ?? .null
            #expect(Compute.minimum(array.slice(start, length)) == smallest)
            #expect(Compute.maximum(array.slice(start, length)) == largest)
        }
    }
}
