import ArrowLite
import Testing

@Suite struct CastTests {
    @Test("utf8 to int64 parses with spaces and signs and names the bad value in the error")
    func parseIntegers() throws {
        let s = StringArray([" 12", "-7", nil, "+3"])
        #expect(elements(try Compute.cast(s, to: .int64), Int64.self) == [12, -7, nil, 3])
        #expect(
            throws: ArrowError.invalidValue(
                value: "12x", target: "int64",
                hint: "expected an optional sign and decimal digits within the range of int64")
        ) { try Compute.cast(StringArray(["1", "12x"]), to: .int64) }
        #expect(throws: ArrowError.self) { try Compute.cast(StringArray(["3000000000"]), to: .int32) }
    }

    @Test("a slice parses only its own elements: bad text outside the slice does not fail the cast")
    func slices() throws {
        let s = StringArray(["x", "1", "2", "3", nil, "5", "y"])
        #expect(elements(try Compute.cast(s.slice(1, 5), to: .int32), Int32.self) == [1, 2, 3, nil, 5])
    }

    @Test("decimal to a smaller scale rounds half away from zero; to a smaller precision overflows")
    func decimalRescale() throws {
        let d = try decimals(["1.25", "-1.25", "1.24", "-0.05", nil], 10, 2)
        #expect(
            texts(try Compute.cast(d, to: .decimal128(precision: 5, scale: 1))) == [
                "1.3", "-1.3", "1.2", "-0.1", "NULL",
            ])
        #expect(
            texts(try Compute.cast(d, to: .decimal128(precision: 6, scale: 4))) == [
                "1.2500", "-1.2500", "1.2400", "-0.0500", "NULL",
            ])
        #expect(throws: ArrowError.self) {
            try Compute.cast(try decimals(["123.45"], 5, 2), to: .decimal128(precision: 4, scale: 2))
        }
    }

    @Test("numeric casts: int to decimal, decimal and float to int truncate, float to decimal rounds")
    func numeric() throws {
        #expect(
            texts(try Compute.cast(Int32Array(.int32, [7, -3]), to: .decimal128(precision: 5, scale: 2))) == [
                "7.00", "-3.00",
            ])
        #expect(elements(try Compute.cast(try decimals(["2.70", "-2.70"], 5, 2), to: .int64), Int64.self) == [2, -2])
        #expect(elements(try Compute.cast(Float64Array(.float64, [2.7, -2.7]), to: .int32), Int32.self) == [2, -2])
        #expect(
            texts(try Compute.cast(Float64Array(.float64, [0.125, -0.125]), to: .decimal128(precision: 5, scale: 2)))
                == ["0.13", "-0.13"])
        #expect(elements(try Compute.cast(try decimals(["0.25"], 5, 2), to: .float64), Double.self) == [0.25])
        #expect(throws: ArrowError.self) { try Compute.cast(Int64Array(.int64, [Int64.max]), to: .int32) }
        #expect(throws: ArrowError.self) { try Compute.cast(Float64Array(.float64, [.nan]), to: .int64) }
    }

    @Test("widening a decimal at its scale keeps a slice's values and nulls; scaling up past the precision overflows")
    func decimalWidening() throws {
        let d = try decimals(["9.99", "-12.50", nil, "0.01", "1234.56"], 6, 2).slice(1, 3)
        let wide = try Compute.cast(d, to: .decimal128(precision: 38, scale: 2))
        #expect(wide.dataType == .decimal128(precision: 38, scale: 2))
        #expect(texts(wide) == ["-12.50", "NULL", "0.01"])
        #expect(
            texts(try Compute.cast(d, to: .decimal128(precision: 9, scale: 5))) == ["-12.50000", "NULL", "0.01000"])
        #expect(
            throws: ArrowError.overflow("cast of -12.50 to decimal128(5, 4): the value is out of range")
        ) { try Compute.cast(d, to: .decimal128(precision: 5, scale: 4)) }
    }

    @Test("a decimal cast at its scale checks every value against the target, even values beyond its own precision")
    func decimalSameScaleChecks() throws {
        #expect(
            throws: ArrowError.overflow("cast of 1234.56 to decimal128(5, 2): the value is out of range")
        ) { try Compute.cast(try decimals(["1.00", "1234.56"], 6, 2), to: .decimal128(precision: 5, scale: 2)) }
        // An array may hold values beyond its precision (IPC input is read without that check, as Arrow's is).
        let beyond = Decimal128Array(.decimal128(precision: 4, scale: 2), [123_456, nil, -1])
        #expect(
            texts(try Compute.cast(beyond, to: .decimal128(precision: 6, scale: 2))) == ["1234.56", "NULL", "-0.01"])
        #expect(
            throws: ArrowError.overflow("cast of 1234.56 to decimal128(5, 2): the value is out of range")
        ) { try Compute.cast(beyond, to: .decimal128(precision: 5, scale: 2)) }
        // Targets of precision 19 and up: values wider than 64 bits are checked one by one.
        let wide = Decimal128Array(
            .decimal128(precision: 18, scale: 0), [Int128(Int64.min), Decimal128.powerOfTen(30)])
        #expect(
            texts(try Compute.cast(wide, to: .decimal128(precision: 38, scale: 0))) == [
                "-9223372036854775808", "1" + String(repeating: "0", count: 30),
            ])
        #expect(
            texts(try Compute.cast(wide.slice(0, 1), to: .decimal128(precision: 19, scale: 0))) == [
                "-9223372036854775808"
            ])
        #expect(
            throws: ArrowError.overflow(
                "cast of 1\(String(repeating: "0", count: 30)) to decimal128(25, 0): the value is out of range")
        ) { try Compute.cast(wide, to: .decimal128(precision: 25, scale: 0)) }
    }

    @Test("integers scale up to decimals exactly, with nulls and at 64-bit extremes; too many digits overflow")
    func integersToDecimal() throws {
        let ints = Int64Array(.int64, [Int64.min, nil, -1, 0, Int64.max])
        #expect(
            texts(try Compute.cast(ints, to: .decimal128(precision: 38, scale: 18))) == [
                "-9223372036854775808.000000000000000000", "NULL", "-1.000000000000000000",
                "0.000000000000000000", "9223372036854775807.000000000000000000",
            ])
        #expect(
            throws: ArrowError.overflow("cast of 1000 to decimal128(5, 2): the value is out of range")
        ) { try Compute.cast(Int32Array(.int32, [999, 1000]), to: .decimal128(precision: 5, scale: 2)) }
        #expect(
            throws: ArrowError.overflow(
                "cast of 9223372036854775807 to decimal128(38, 20): the value is out of range")
        ) { try Compute.cast(Int64Array(.int64, [Int64.max]), to: .decimal128(precision: 38, scale: 20)) }
    }

    @Test("dates and decimals round-trip through utf8; a bad date names the text")
    func utf8RoundTrips() throws {
        let dates = try Compute.cast(StringArray(["2024-02-29", nil, "1970-01-01"]), to: .date32)
        #expect(elements(dates, Int32.self) == [19782, nil, 0])
        #expect(strings(try Compute.cast(dates, to: .utf8)) == ["2024-02-29", nil, "1970-01-01"])
        #expect(throws: ArrowError.self) { try Compute.cast(StringArray(["2023-02-29"]), to: .date32) }
        let d = try Compute.cast(StringArray(["1.005", "-2"]), to: .decimal128(precision: 10, scale: 2))
        #expect(strings(try Compute.cast(d, to: .utf8)) == ["1.01", "-2.00"])
        let wide = try Compute.cast(
            StringArray([" -" + String(repeating: "9", count: 36) + ".994", ".5"]),
            to: .decimal128(precision: 38, scale: 2))
        #expect(texts(wide) == ["-" + String(repeating: "9", count: 36) + ".99", "0.50"])
        #expect(throws: ArrowError.self) {
            try Compute.cast(
                StringArray([String(repeating: "9", count: 36) + ".995"]), to: .decimal128(precision: 38, scale: 2))
        }
        #expect(throws: ArrowError.self) {
            try Compute.cast(StringArray(["1e2"]), to: .decimal128(precision: 10, scale: 2))
        }
        #expect(throws: ArrowError.self) {
            try Compute.cast(StringArray(["-"]), to: .decimal128(precision: 10, scale: 2))
        }
        #expect(
            elements(try Compute.cast(StringArray(["1.5e2", "-0.25"]), to: .float64), Double.self) == [150, -0.25])
        #expect(throws: ArrowError.self) { try Compute.cast(StringArray(["1.5.2"]), to: .float64) }
        #expect(booleans(try Compute.cast(StringArray(["true", "F", "1"]), to: .boolean)) == [true, false, true])
    }
}
