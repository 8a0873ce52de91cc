import ArrowLite
import Testing

@Suite struct CompareTests {
    @Test("int64 column-column comparisons give all six operators with nulls propagating")
    func int64AllOperators() throws {
        let a = Int64Array(.int64, [1, 2, 3, nil, 5])
        let b = Int64Array(.int64, [1, 3, 2, 4, nil])
        #expect(booleans(try Compute.compare(a, .equal, b)) == [true, false, false, nil, nil])
        #expect(booleans(try Compute.compare(a, .notEqual, b)) == [false, true, true, nil, nil])
        #expect(booleans(try Compute.compare(a, .less, b)) == [false, true, false, nil, nil])
        #expect(booleans(try Compute.compare(a, .lessOrEqual, b)) == [true, true, false, nil, nil])
        #expect(booleans(try Compute.compare(a, .greater, b)) == [false, false, true, nil, nil])
        #expect(booleans(try Compute.compare(a, .greaterOrEqual, b)) == [true, false, true, nil, nil])
    }

    @Test("comparisons on slices with non-zero offsets read the right elements and validity")
    func slices() throws {
        let a = Int32Array(.int32, [9, 9, 9, 1, nil, 3, 4, 5, 9, 9, 9])
        let b = Int32Array(.int32, [0, 0, 1, 5, 3, nil, 4, 0, 0])
        let result = try Compute.compare(a.slice(3, 5), .lessOrEqual, b.slice(2, 5))
        #expect(booleans(result) == [true, nil, true, nil, false])
        try result.checkInvariants()
        #expect(
            booleans(try Compute.compare(a.slice(3, 5), .greaterOrEqual, .int32(4))) == [false, nil, false, true, true])
    }

    @Test("decimals of different scales compare by value")
    func decimalScales() throws {
        let a = try decimals(["1.50", "2.00", "-0.01", nil], 15, 2)
        let b = try decimals(["1.5", "1.9", "0.0", "1.0"], 10, 1)
        #expect(booleans(try Compute.compare(a, .equal, b)) == [true, false, false, nil])
        #expect(booleans(try Compute.compare(a, .greater, b)) == [false, true, false, nil])
        #expect(
            booleans(try Compute.compare(a, .equal, .decimal(15, precision: 3, scale: 1))) == [true, false, false, nil])
    }

    @Test("int32 against int64, float64 and decimal columns compares after coercion")
    func mixedNumeric() throws {
        let ints = Int32Array(.int32, [1, 2, 3])
        #expect(booleans(try Compute.compare(ints, .equal, Int64Array(.int64, [1, 5, 3]))) == [true, false, true])
        #expect(
            booleans(try Compute.compare(ints, .less, Float64Array(.float64, [1.5, 1.5, 3.0]))) == [true, false, false])
        #expect(
            booleans(try Compute.compare(ints, .equal, try decimals(["1.00", "2.01", "3"], 5, 2))) == [
                true, false, true,
            ])
        #expect(booleans(try Compute.compare(ints, .greater, .float64(1.5))) == [false, true, true])
        #expect(throws: ArrowError.self) { try Compute.compare(ints, .equal, StringArray(["1", "2", "3"])) }
    }

    @Test("a wide-scale decimal compares with any int64 by value instead of throwing a cast overflow")
    func wideDecimalAgainstIntegers() throws {
        // decimal(38,20) and int64 share decimal(38,20), where 10^18 does not fit: the comparison must still answer.
        let wide = try decimals(["1.5", "-2", nil], 38, 20)
        let big: Int64 = 1_000_000_000_000_000_000
        let ints = Int64Array(.int64, [big, -big, 1])
        #expect(booleans(try Compute.compare(wide, .less, ints)) == [true, false, nil])
        #expect(booleans(try Compute.compare(ints, .greater, wide)) == [true, false, nil])
        #expect(booleans(try Compute.compare(wide, .less, .int64(big))) == [true, true, nil])
        let onePointFive = Scalar.decimal(15 * Decimal128.powerOfTen(19), precision: 38, scale: 20)
        #expect(booleans(try Compute.compare(ints, .greater, onePointFive)) == [true, false, false])
    }

    @Test("strings compare by UTF-8 bytes and booleans as false < true")
    func stringsAndBooleans() throws {
        let s = StringArray(["apple", "b", "", nil, "é"])
        let t = StringArray(["apples", "a", "", "x", "z"])
        #expect(booleans(try Compute.compare(s, .less, t)) == [true, false, false, nil, false])
        #expect(booleans(try Compute.compare(s, .equal, .utf8("b"))) == [false, true, false, nil, false])
        let p = BooleanArray([false, false, true, true, nil])
        let q = BooleanArray([false, true, false, true, true])
        #expect(booleans(try Compute.compare(p, .less, q)) == [false, true, false, false, nil])
        #expect(booleans(try Compute.compare(p, .equal, q)) == [true, false, false, true, nil])
        #expect(booleans(try Compute.compare(p, .greaterOrEqual, .boolean(true))) == [false, false, true, true, nil])
    }

    @Test("a null scalar gives an all-null result and dates compare by day")
    func nullScalarAndDates() throws {
        let d = Date32Array(.date32, [try Date32.parse("2024-01-31"), try Date32.parse("1995-03-15")])
        #expect(booleans(try Compute.compare(d, .equal, .null)) == [nil, nil])
        #expect(booleans(try Compute.compare(d, .less, .date32(try Date32.parse("2000-01-01")))) == [false, true])
    }

    @Test("comparing arrays of different lengths is an invalid argument")
    func lengthMismatch() {
        #expect(throws: ArrowError.self) {
            try Compute.compare(Int32Array(.int32, [1]), .equal, Int32Array(.int32, [1, 2]))
        }
    }
}

@Suite struct FloatCompareTests {
    @Test("float64 NaN equals NaN and is larger than every number; -0.0 equals 0.0")
    func nanAndSignedZero() throws {
        let a = Float64Array(.float64, [.nan, .nan, 1e308, -0.0, .infinity])
        let b = Float64Array(.float64, [.nan, 1.0, .nan, 0.0, .nan])
        #expect(booleans(try Compute.compare(a, .equal, b)) == [true, false, false, true, false])
        #expect(booleans(try Compute.compare(a, .greater, b)) == [false, true, false, false, false])
        #expect(booleans(try Compute.compare(a, .lessOrEqual, b)) == [true, false, true, true, true])
        #expect(booleans(try Compute.compare(a, .notEqual, .float64(.nan))) == [false, false, true, true, true])
    }
}
