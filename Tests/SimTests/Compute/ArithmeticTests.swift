import ArrowLite
import Testing

@Suite struct ArithmeticTests {
    @Test("int64 + - * / with nulls, integer division truncating toward zero")
    func int64Operators() throws {
        let a = Int64Array(.int64, [7, -7, nil, 10])
        let b = Int64Array(.int64, [2, 2, 1, nil])
        #expect(elements(try Compute.arithmetic(a, .add, b), Int64.self) == [9, -5, nil, nil])
        #expect(elements(try Compute.arithmetic(a, .subtract, b), Int64.self) == [5, -9, nil, nil])
        #expect(elements(try Compute.arithmetic(a, .multiply, b), Int64.self) == [14, -14, nil, nil])
        #expect(elements(try Compute.arithmetic(a, .divide, b), Int64.self) == [3, -3, nil, nil])
    }

    @Test("integer overflow is an error naming the operation, never a wrap")
    func overflow() {
        let big = Int64Array(.int64, [1, Int64.max])
        #expect(throws: ArrowError.overflow("int64 addition: 9223372036854775807 + 1")) {
            try Compute.arithmetic(big, .add, .int64(1))
        }
        #expect(throws: ArrowError.self) {
            try Compute.arithmetic(Int32Array(.int32, [Int32.min]), .divide, .int32(-1))
        }
        #expect(throws: ArrowError.self) { try Compute.negate(Int32Array(.int32, [Int32.min])) }
    }

    @Test("division by zero is an error, but a zero divisor under a null is not")
    func divideByZero() throws {
        #expect(throws: ArrowError.divideByZero) {
            try Compute.arithmetic(Int32Array(.int32, [4]), .divide, Int32Array(.int32, [0]))
        }
        let b = Int32Array(.int32, [nil, 2])
        #expect(elements(try Compute.arithmetic(Int32Array(.int32, [4, 4]), .divide, b), Int32.self) == [nil, 2])
        #expect(throws: ArrowError.divideByZero) {
            try Compute.arithmetic(try decimals(["1.00"], 5, 2), .divide, try decimals(["0.0"], 5, 1))
        }
    }

    @Test("mixed int32/int64/float64 operands widen, slices are read at their offsets")
    func mixedTypesAndSlices() throws {
        let a = Int32Array(.int32, [0, 0, 0, 1, 2, nil, 4, 5, 0])
        let b = Int64Array(.int64, [10, 20, 30, 40, 50])
        let sum = try Compute.arithmetic(a.slice(3, 5), .add, b)
        #expect(sum.dataType == .int64)
        #expect(elements(sum, Int64.self) == [11, 22, nil, 44, 55])
        let half = try Compute.arithmetic(a.slice(3, 2), .divide, .float64(2))
        #expect(elements(half, Double.self) == [0.5, 1.0])
        #expect(elements(try Compute.negate(Float64Array(.float64, [1.5, nil])), Double.self) == [-1.5, nil])
    }

    @Test("decimal(15,2) * decimal(15,2) is decimal(31,4): 0.10 * 0.20 = 0.0200")
    func decimalMultiply() throws {
        let r = try Compute.arithmetic(
            try decimals(["0.10", "-1.50", nil], 15, 2), .multiply, try decimals(["0.20", "2.00", "1"], 15, 2))
        #expect(r.dataType == .decimal128(precision: 31, scale: 4))
        #expect(texts(r) == ["0.0200", "-3.0000", "NULL"])
    }

    @Test("decimal add, subtract and divide follow DataFusion's scale rules")
    func decimalScaleRules() throws {
        // arrow-rs test_decimal: 0.015 (12,3) with 5.4 (12,1).
        let a = try decimals(["0.015", "0.334", "-0.078"], 12, 3)
        let b = try decimals(["5.4", "0.3", "0.6"], 12, 1)
        let sum = try Compute.arithmetic(a, .add, b)
        #expect(sum.dataType == .decimal128(precision: 15, scale: 3))
        #expect(texts(sum) == ["5.415", "0.634", "0.522"])
        #expect(texts(try Compute.arithmetic(a, .subtract, b)) == ["-5.385", "0.034", "-0.678"])
        let quotient = try Compute.arithmetic(a, .divide, b)
        #expect(quotient.dataType == .decimal128(precision: 17, scale: 7))
        #expect(texts(quotient) == ["0.0027777", "1.1133333", "-0.1300000"])
        let withInt = try Compute.arithmetic(try decimals(["1.5"], 5, 1), .add, Int32Array(.int32, [2]))
        #expect(withInt.dataType == .decimal128(precision: 12, scale: 1))
        #expect(texts(withInt) == ["3.5"])
    }

    @Test("a decimal result beyond precision 38 is an overflow error")
    func decimalOverflow() throws {
        // Built from the unscaled value: 10^38 - 1 is the largest decimal(38,0).
        let max = Decimal128Array(.decimal128(precision: 38, scale: 0), [Decimal128.powerOfTen(38) - 1])
        #expect(throws: ArrowError.self) { try Compute.arithmetic(max, .add, max) }
        #expect(throws: ArrowError.self) { try Compute.arithmetic(max, .multiply, Int32Array(.int32, [10])) }
        // decimal(38,0) / decimal(38,38) needs a factor of 10^42: zero divides, anything else overflows.
        let tiny = Decimal128Array(.decimal128(precision: 38, scale: 38), [5 * Decimal128.powerOfTen(37)])
        let zero = Decimal128Array(.decimal128(precision: 38, scale: 0), [0])
        #expect(texts(try Compute.arithmetic(zero, .divide, tiny)) == ["0.0000"])
        #expect(throws: ArrowError.self) { try Compute.arithmetic(max, .divide, tiny) }
    }
}
