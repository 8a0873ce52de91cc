extension Compute {
    /// The result type of `lhs op rhs` for two decimals, as DataFusion computes it (arrow-rs `arrow-arith`,
    /// after Hive's decimal rules):
    /// - `+`, `-`: scale `max(s1, s2)`, precision `max(p1 - s1, p2 - s2) + max(s1, s2) + 1`;
    /// - `*`: scale `s1 + s2` (an error above 38), precision `p1 + p2 + 1`;
    /// - `/`: scale `s1 + 4` (as PostgreSQL and MySQL), precision `p1 - s1 + s2 + scale`;
    /// every precision capped at 38. DuckDB differs (its division yields a double).
    /// - Throws: `ArrowError.invalidArgument` when a multiplication's scale would exceed 38.
    public static func decimalResultType(
        _ op: ArithmeticOperator, _ lhs: DataType, _ rhs: DataType
    ) throws -> DataType {
        let (p1, s1) = decimalShape(lhs)
        let (p2, s2) = decimalShape(rhs)
        switch op {
        case .add, .subtract:
            let scale = max(s1, s2)
            return .decimal128(precision: min(38, max(p1 - s1, p2 - s2) + scale + 1), scale: scale)
        case .multiply:
            guard s1 + s2 <= 38 else {
                throw ArrowError.invalidArgument("scale of \(lhs) * \(rhs) would exceed the maximum of 38")
            }
            return .decimal128(precision: min(38, p1 + p2 + 1), scale: s1 + s2)
        case .divide:
            let scale = min(38, s1 + 4)
            return .decimal128(precision: min(38, p1 + scale - s1 + s2), scale: scale)
        }
    }

    /// Exact decimal arithmetic at the type `decimalResultType` gives. Division truncates toward zero at the result
    /// scale, as arrow-rs does.
    /// - Throws: `ArrowError.overflow` when a result does not fit its precision, `ArrowError.divideByZero`.
    static func decimalArithmetic(
        _ lhs: Decimal128Array, _ op: ArithmeticOperator, _ rhs: Decimal128Array
    ) throws -> Decimal128Array {
        let type = try decimalResultType(op, lhs.dataType, rhs.dataType)
        guard case .decimal128(let precision, let scale) = type else { preconditionFailure("decimal result") }
        let (_, s1) = decimalShape(lhs.dataType)
        let (_, s2) = decimalShape(rhs.dataType)
        let n = lhs.count
        let validity = andValidity([lhs.validity, rhs.validity], count: n)
        let limit = Decimal128.powerOfTen(precision)
        // Left and right multipliers that bring the operands to a common footing before the operation.
        let leftFactor: Int128
        let rightFactor: Int128
        switch op {
        case .add, .subtract:
            leftFactor = Decimal128.powerOfTen(scale - s1)
            rightFactor = Decimal128.powerOfTen(scale - s2)
        case .multiply:
            (leftFactor, rightFactor) = (1, 1)
        case .divide:
            // scale - s1 + s2 can reach 42 (decimal(38,0) / decimal(38,38)); larger factors overflow below.
            leftFactor = Decimal128.powerOfTen(min(38, scale - s1 + s2))
            rightFactor = 1
        }
        let extraLeftFactor = op == .divide ? Decimal128.powerOfTen(max(0, scale - s1 + s2 - 38)) : 1
        func fail(_ a: Int128, _ b: Int128) -> ArrowError {
            .overflow(
                "decimal \(op.name): \(Decimal128.format(a, scale: s1)) \(op.rawValue) "
                    + "\(Decimal128.format(b, scale: s2)) does not fit \(type)")
        }
        let values = try makeValues(Int128.self, count: n) { out in
            try lhs.withValues { a in
                try rhs.withValues { b in
                    if op == .multiply {
                        // The hot case (TPC-H's price * (1 - discount)): no rescaling, one checked product.
                        for i in 0..<n where validity?[i] ?? true {
                            guard let v = Decimal128.product(a[i], b[i]), v < limit, v > -limit else {
                                throw fail(a[i], b[i])
                            }
                            out[i] = v
                        }
                        return
                    }
                    let scalesLeft = leftFactor != 1 || extraLeftFactor != 1
                    for i in 0..<n {
                        if let validity, !validity[i] { continue }
                        var l = a[i]
                        var r = b[i]
                        if scalesLeft {
                            guard let partial = Decimal128.product(l, leftFactor),
                                let scaled = Decimal128.product(partial, extraLeftFactor)
                            else { throw fail(a[i], b[i]) }
                            l = scaled
                        }
                        if rightFactor != 1 {
                            guard let scaled = Decimal128.product(r, rightFactor) else { throw fail(a[i], b[i]) }
                            r = scaled
                        }
                        let result: (partialValue: Int128, overflow: Bool)
                        switch op {
                        case .add: result = l.addingReportingOverflow(r)
                        case .subtract: result = l.subtractingReportingOverflow(r)
                        case .multiply: result = l.multipliedReportingOverflow(by: r)
                        case .divide:
                            if r == 0 { throw ArrowError.divideByZero }
                            result = l.dividedReportingOverflow(by: r)
                        }
                        let v = result.partialValue
                        if result.overflow || v >= limit || v <= -limit { throw fail(a[i], b[i]) }
                        out[i] = v
                    }
                }
            }
        }
        return Decimal128Array(dataType: type, count: n, values: values, validity: validity)
    }
}
