/// The four SQL arithmetic operators.
public enum ArithmeticOperator: String, Sendable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"

    /// The operation's name in error messages.
    var name: String {
        switch self {
        case .add: return "addition"
        case .subtract: return "subtraction"
        case .multiply: return "multiplication"
        case .divide: return "division"
        }
    }
}

extension Compute {
    /// Applies `op` element by element; a null on either side gives null.
    ///
    /// Types: int32, int64 and float64 keep their type (int32 with int64 gives int64; anything with float64 gives
    /// float64). Decimals follow `decimalResultType` (an integer operand counts as decimal(10,0) or decimal(20,0)).
    /// Integer and decimal overflow is an error, never a wrap. Division by zero of integers or decimals is an
    /// error, as in DataFusion (DuckDB returns NULL instead); integer division truncates toward zero; float64
    /// follows IEEE 754 (`1.0 / 0.0` is infinity), as arrow-rs does.
    /// - Throws: `ArrowError.overflow` naming the operation and operands, `ArrowError.divideByZero`,
    ///   `ArrowError.typeMismatch` for non-numeric operands, `ArrowError.invalidArgument` for different lengths.
    public static func arithmetic(
        _ lhs: any ArrowArray, _ op: ArithmeticOperator, _ rhs: any ArrowArray
    ) throws -> any ArrowArray {
        try requireSameLength(lhs, rhs, "arithmetic \(op.rawValue)")
        guard lhs.dataType.isNumeric, rhs.dataType.isNumeric else {
            throw ArrowError.typeMismatch(
                expected: "numeric operands for \(op.rawValue)", found: "\(lhs.dataType) and \(rhs.dataType)")
        }
        switch (lhs.dataType, rhs.dataType) {
        case (.float64, _), (_, .float64):
            return floatArithmetic(
                try cast(lhs, to: .float64) as! Float64Array, op, try cast(rhs, to: .float64) as! Float64Array)
        case (.decimal128, _), (_, .decimal128):
            let (p1, s1) = decimalShape(lhs.dataType)
            let (p2, s2) = decimalShape(rhs.dataType)
            let left = try cast(lhs, to: .decimal128(precision: p1, scale: s1)) as! Decimal128Array
            let right = try cast(rhs, to: .decimal128(precision: p2, scale: s2)) as! Decimal128Array
            return try decimalArithmetic(left, op, right)
        case (.int32, .int32):
            return try integerArithmetic(typed(lhs, as: Int32Array.self), op, typed(rhs, as: Int32Array.self))
        default:
            let left = try cast(lhs, to: .int64) as! Int64Array
            let right = try cast(rhs, to: .int64) as! Int64Array
            return try integerArithmetic(left, op, right)
        }
    }

    /// Applies `op` between each element and one value (a null scalar gives an all-null result).
    /// - Throws: as `arithmetic(_:_:_:)`.
    public static func arithmetic(_ lhs: any ArrowArray, _ op: ArithmeticOperator, _ rhs: Scalar) throws
        -> any ArrowArray
    {
        try arithmetic(lhs, op, broadcast(rhs, count: lhs.count, nullType: lhs.dataType))
    }

    /// Negates each element (`-x`); nulls stay null.
    /// - Throws: `ArrowError.overflow` for the smallest integer, `ArrowError.typeMismatch` for non-numeric input.
    public static func negate(_ array: any ArrowArray) throws -> any ArrowArray {
        switch array.dataType {
        case .int32: return try negateIntegers(typed(array, as: Int32Array.self))
        case .int64: return try negateIntegers(typed(array, as: Int64Array.self))
        case .float64: return mapValid(typed(array, as: Float64Array.self), to: .float64) { -$0 }
        case .decimal128: return mapValid(typed(array, as: Decimal128Array.self), to: array.dataType) { -$0 }
        default: throw ArrowError.typeMismatch(expected: "a numeric operand for negation", found: "\(array.dataType)")
        }
    }

    static func negateIntegers<T: FixedWidthInteger & SignedInteger & ArrowPrimitive>(_ array: PrimitiveArray<T>) throws
        -> PrimitiveArray<T>
    {
        try mapValid(array, to: array.dataType) { v in
            guard v != T.min else { throw ArrowError.overflow("\(array.dataType) negation: -(\(v))") }
            return -v
        }
    }

    static func floatArithmetic(_ lhs: Float64Array, _ op: ArithmeticOperator, _ rhs: Float64Array) -> Float64Array {
        let n = lhs.count
        let values = makeValues(Double.self, count: n) { out in
            lhs.withValues { a in
                rhs.withValues { b in
                    switch op {
                    case .add: for i in 0..<n { out[i] = a[i] + b[i] }
                    case .subtract: for i in 0..<n { out[i] = a[i] - b[i] }
                    case .multiply: for i in 0..<n { out[i] = a[i] * b[i] }
                    case .divide: for i in 0..<n { out[i] = a[i] / b[i] }
                    }
                }
            }
        }
        return Float64Array(
            dataType: .float64, count: n, values: values, validity: andValidity([lhs.validity, rhs.validity], count: n))
    }

    /// Checked integer arithmetic: one branch-free loop per operator that records whether any element overflowed;
    /// only then are the rows re-examined, so an overflow hidden under a null does not count.
    static func integerArithmetic<T: FixedWidthInteger & ArrowPrimitive>(
        _ lhs: PrimitiveArray<T>, _ op: ArithmeticOperator, _ rhs: PrimitiveArray<T>
    ) throws -> PrimitiveArray<T> {
        let n = lhs.count
        let validity = andValidity([lhs.validity, rhs.validity], count: n)
        var flagged = false
        let values = makeValues(T.self, count: n) { out in
            lhs.withValues { a in
                rhs.withValues { b in
                    switch op {
                    case .add: flagged = checkedLoop(n, out) { a[$0].addingReportingOverflow(b[$0]) }
                    case .subtract: flagged = checkedLoop(n, out) { a[$0].subtractingReportingOverflow(b[$0]) }
                    case .multiply: flagged = checkedLoop(n, out) { a[$0].multipliedReportingOverflow(by: b[$0]) }
                    case .divide: flagged = checkedLoop(n, out) { a[$0].dividedReportingOverflow(by: b[$0]) }
                    }
                }
            }
        }
        if flagged {
            for i in 0..<n where validity?[i] ?? true {
                let (a, b) = (lhs.value(i), rhs.value(i))
                if op == .divide && b == 0 { throw ArrowError.divideByZero }
                let failed: Bool
                switch op {
                case .add: failed = a.addingReportingOverflow(b).overflow
                case .subtract: failed = a.subtractingReportingOverflow(b).overflow
                case .multiply: failed = a.multipliedReportingOverflow(by: b).overflow
                case .divide: failed = a.dividedReportingOverflow(by: b).overflow
                }
                if failed { throw ArrowError.overflow("\(lhs.dataType) \(op.name): \(a) \(op.rawValue) \(b)") }
            }
        }
        return PrimitiveArray(dataType: lhs.dataType, count: n, values: values, validity: validity)
    }

    @inline(__always)
    static func checkedLoop<T>(
        _ n: Int, _ out: UnsafeMutablePointer<T>, _ body: (Int) -> (partialValue: T, overflow: Bool)
    ) -> Bool {
        var any = false
        for i in 0..<n {
            let (value, overflow) = body(i)
            out[i] = value
            any = any || overflow
        }
        return any
    }
}
