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

    @Test("an array without nulls carries no validity bitmap")
    func noNullsNoBitmap() {
        let a = Float64Array(.float64, [1.5, 2.5])
        #expect(a.validity == nil)
        #expect(a.nullCount == 0)
    }

    @Test("a slice shares its parent's buffers and sees the right values, nulls and null count")
    func zeroCopySlice() throws {
        let values: [Int32?] = (0..<100).map { $0 % 7 == 0 ? nil : Int32($0) }
        let a = Int32Array(.int32, values)
        let s = a.slice(13, 20)
        #expect(s.values === a.values)
        #expect((0..<20).map { s[$0] } == Array(values[13..<33]))
        #expect(s.nullCount == values[13..<33].filter { $0 == nil }.count)
        try s.checkInvariants()
        let nested = s.slice(5, 3)
        #expect((0..<3).map { nested[$0] } == Array(values[18..<21]))
    }

    @Test("string arrays hold UTF-8 text, empty strings and nulls, and slice without copying")
    func strings() throws {
        let values: [String?] = ["a", "", nil, "grüße", "last"]
        let a = StringArray(values)
        #expect((0..<5).map { a[$0] } == values)
        #expect(a.nullCount == 1)
        let s = a.slice(2, 3)
        #expect(s.data === a.data)
        #expect((0..<3).map { s[$0] } == [nil, "grüße", "last"])
        try s.checkInvariants()
    }

    @Test("boolean arrays pack bits and slice at odd bit offsets")
    func booleans() throws {
        let values: [Bool?] = (0..<37).map { $0 % 5 == 0 ? nil : $0 % 3 == 0 }
        let a = BooleanArray(values)
        #expect((0..<37).map { a[$0] } == values)
        let s = a.slice(3, 30)
        #expect((0..<30).map { s[$0] } == Array(values[3..<33]))
        #expect(s.nullCount == values[3..<33].filter { $0 == nil }.count)
        try s.checkInvariants()
    }

    @Test("a decimal beyond its precision fails the invariant check")
    func decimalPrecisionInvariant() {
        let a = Decimal128Array(.decimal128(precision: 3, scale: 1), [999, 1000])
        #expect(throws: ArrowError.self) { try a.checkInvariants() }
    }

    @Test(
        "the precision check names the first out-of-range valid value at the edges of every precision: ±(10^p − 1) fit, ±10^p and values wider than 64 bits do not, a null slot is never blamed",
        arguments: [1, 5, 15, 18, 19, 38])
    func decimalPrecisionEdges(precision: Int) throws {
        let limit = Decimal128.powerOfTen(precision)
        let type = DataType.decimal128(precision: precision, scale: 0)
        let fitting: [Int128?] = [0, limit - 1, -(limit - 1), nil, 1, -1]
        try Decimal128Array(type, fitting).checkInvariants()
        let outside: [Int128] = [
            limit, -limit, Int128(Int64.max), Int128(Int64.min), Int128(1) << 64, -(Int128(1) << 64),
        ]
        for value in outside where value >= limit || value <= -limit {
            let a = Decimal128Array(type, fitting + [value, 7])
            #expect(throws: ArrowError.invariantViolation("decimal value at 6 exceeds precision \(precision)")) {
                try a.checkInvariants()
            }
            // The same bytes under a null bit are not a value, and a slice before them is not checked.
            let nullAtSix = Decimal128Array(type, fitting + [nil, 7]).validity!
            try Decimal128Array(dataType: type, count: 8, values: a.values, validity: nullAtSix).checkInvariants()
            try a.slice(0, 6).checkInvariants()
            #expect(throws: ArrowError.self) { try a.slice(6, 2).checkInvariants() }
            // At even and odd positions, and as the last element of even and odd lengths (the check runs two
            // elements per step and then the odd one).
            for padding in 0..<3 {
                for trailing in [[], [7]] as [[Int128?]] {
                    let before = [Int128?](repeating: 1, count: padding) + fitting
                    let shifted = Decimal128Array(type, before + [value] + trailing)
                    #expect(
                        throws: ArrowError.invariantViolation(
                            "decimal value at \(before.count) exceeds precision \(precision)")
                    ) { try shifted.checkInvariants() }
                }
            }
        }
    }

    @Test("a string array whose offsets run past its data fails the invariant check")
    func brokenOffsets() {
        let offsets = Buffer(copying: [Int32(0), 2, 50])
        let data = Buffer(copying: Array("abcd".utf8))
        let a = StringArray(count: 2, offsets: offsets, data: data)
        #expect(throws: ArrowError.self) { try a.checkInvariants() }
    }

    @Test("bitmap set-bit counts agree with a bit-by-bit count at every offset and length")
    func bitmapCounts() {
        var builder = BitmapBuilder()
        var bits: [Bool] = []
        var state: UInt64 = 12345
        for _ in 0..<300 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bits.append(state >> 63 == 1)
            builder.append(bits.last!)
        }
        let bitmap = builder.finish()
        for start in [0, 1, 7, 8, 9, 63, 64, 65] {
            for length in [0, 1, 8, 63, 64, 100, 300 - start] where start + length <= 300 {
                let expected = bits[start..<start + length].filter { $0 }.count
                #expect(bitmap.slice(start, length).countSetBits() == expected)
            }
        }
    }
}
