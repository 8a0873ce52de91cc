import ArrowLite

/// Type-checking constructors. Each throws `PhysicalPlanError.invalidExpression` with a hint when the operand types
/// do not fit, so the binder reports type errors before anything runs.
extension PhysicalExpression {
    /// Column `index` of `schema`.
    /// - Throws: when `index` is outside the schema.
    public static func column(_ index: Int, in schema: Schema) throws -> PhysicalExpression {
        guard schema.fields.indices.contains(index) else {
            throw PhysicalPlanError.invalidExpression(
                "column index \(index) is outside the input's \(schema.count) columns", hint: "input is \(schema)")
        }
        let field = schema.fields[index]
        return PhysicalExpression(.column(index: index, name: field.name), field.dataType, nullable: field.nullable)
    }

    /// The column named `name` in `schema` (the first, if names repeat).
    /// - Throws: when no column has that name.
    public static func column(_ name: String, in schema: Schema) throws -> PhysicalExpression {
        guard let index = schema.index(of: name) else {
            throw PhysicalPlanError.invalidExpression(
                "no column named '\(name)'", hint: "columns are " + schema.fields.map(\.name).joined(separator: ", "))
        }
        return try column(index, in: schema)
    }

    /// A constant; a non-null value is cast to `type` (so `literal(.int32(5), .int64)` is an int64 5).
    /// - Throws: when the value cannot be cast to `type`.
    public static func literal(_ value: Scalar, _ type: DataType? = nil) throws -> PhysicalExpression {
        guard let type = type ?? value.dataType else {
            throw PhysicalPlanError.invalidExpression("an untyped NULL literal", hint: "give NULL a type")
        }
        let converted = try wrap { try Compute.cast(value, to: type) }
        return PhysicalExpression(.literal(converted), type, nullable: converted.isNull)
    }

    /// `lhs op rhs`: numbers of different types are compared at their common type; other types must be equal.
    public static func compare(
        _ lhs: PhysicalExpression, _ op: ComparisonOperator, _ rhs: PhysicalExpression
    ) throws -> PhysicalExpression {
        guard Compute.commonType(lhs.dataType, rhs.dataType) != nil else {
            throw PhysicalPlanError.invalidExpression(
                "cannot compare \(lhs.dataType) with \(rhs.dataType) in \(lhs) \(op.rawValue) \(rhs)",
                hint: "cast one side")
        }
        return PhysicalExpression(.comparison(lhs, op, rhs), .boolean, nullable: lhs.nullable || rhs.nullable)
    }

    /// `lhs op rhs` over numbers. Result types: float64 if either side is float64; the DataFusion decimal rules
    /// (`Compute.decimalResultType`) if either is decimal; int32 for two int32; otherwise int64.
    public static func arithmetic(
        _ lhs: PhysicalExpression, _ op: ArithmeticOperator, _ rhs: PhysicalExpression
    ) throws -> PhysicalExpression {
        guard lhs.dataType.isNumeric, rhs.dataType.isNumeric else {
            throw PhysicalPlanError.invalidExpression(
                "\(lhs.dataType) \(op.rawValue) \(rhs.dataType) in \(lhs) \(op.rawValue) \(rhs)",
                hint: "arithmetic needs numbers; to move a date, add an INTERVAL such as INTERVAL '3' MONTH")
        }
        let type: DataType
        switch (lhs.dataType, rhs.dataType) {
        case (.float64, _), (_, .float64): type = .float64
        case (.decimal128, _), (_, .decimal128):
            type = try wrap { try Compute.decimalResultType(op, lhs.dataType, rhs.dataType) }
        case (.int32, .int32): type = .int32
        default: type = .int64
        }
        return PhysicalExpression(.arithmetic(lhs, op, rhs), type, nullable: lhs.nullable || rhs.nullable)
    }

    /// `-operand` over a number.
    public static func negate(_ operand: PhysicalExpression) throws -> PhysicalExpression {
        guard operand.dataType.isNumeric else {
            throw PhysicalPlanError.invalidExpression("cannot negate \(operand.dataType) \(operand)", hint: "")
        }
        return PhysicalExpression(.negate(operand), operand.dataType, nullable: operand.nullable)
    }

    /// Kleene `lhs AND rhs`.
    public static func and(_ lhs: PhysicalExpression, _ rhs: PhysicalExpression) throws -> PhysicalExpression {
        try requireBoolean(lhs, "AND")
        try requireBoolean(rhs, "AND")
        return PhysicalExpression(.and(lhs, rhs), .boolean, nullable: lhs.nullable || rhs.nullable)
    }

    /// Kleene `lhs OR rhs`.
    public static func or(_ lhs: PhysicalExpression, _ rhs: PhysicalExpression) throws -> PhysicalExpression {
        try requireBoolean(lhs, "OR")
        try requireBoolean(rhs, "OR")
        return PhysicalExpression(.or(lhs, rhs), .boolean, nullable: lhs.nullable || rhs.nullable)
    }

    /// `NOT operand`.
    public static func not(_ operand: PhysicalExpression) throws -> PhysicalExpression {
        try requireBoolean(operand, "NOT")
        return PhysicalExpression(.not(operand), .boolean, nullable: operand.nullable)
    }

    /// `operand IS NULL` (never null).
    public static func isNull(_ operand: PhysicalExpression) -> PhysicalExpression {
        PhysicalExpression(.isNull(operand), .boolean, nullable: false)
    }

    /// `operand IS NOT NULL` (never null).
    public static func isNotNull(_ operand: PhysicalExpression) -> PhysicalExpression {
        PhysicalExpression(.isNotNull(operand), .boolean, nullable: false)
    }

    /// `operand [NOT] LIKE pattern` (`%`, `_`, escape `\`).
    public static func like(
        _ operand: PhysicalExpression, pattern: String, negated: Bool = false
    ) throws -> PhysicalExpression {
        try requireString(operand, "LIKE")
        return PhysicalExpression(
            .like(operand, pattern: pattern, negated: negated), .boolean, nullable: operand.nullable)
    }

    /// `operand [NOT] IN (values)`; each value is cast to the common type of the operand and the value.
    public static func inList(
        _ operand: PhysicalExpression, _ values: [Scalar], negated: Bool = false
    ) throws -> PhysicalExpression {
        guard !values.isEmpty else {
            throw PhysicalPlanError.invalidExpression("IN with an empty list", hint: "write at least one value")
        }
        for value in values {
            guard let type = value.dataType else { continue }
            guard Compute.commonType(operand.dataType, type) != nil else {
                throw PhysicalPlanError.invalidExpression(
                    "IN list value \(value) (\(type)) cannot be compared with \(operand.dataType)", hint: "cast it")
            }
        }
        let nullable = operand.nullable || values.contains { $0.isNull }
        return PhysicalExpression(.inList(operand, values: values, negated: negated), .boolean, nullable: nullable)
    }

    /// `low <= operand AND operand <= high` (`negated`: `NOT (...)`), desugared into comparisons.
    public static func between(
        _ operand: PhysicalExpression, _ low: PhysicalExpression, _ high: PhysicalExpression, negated: Bool = false
    ) throws -> PhysicalExpression {
        let inside = try and(compare(operand, .greaterOrEqual, low), compare(operand, .lessOrEqual, high))
        return negated ? try not(inside) : inside
    }

    /// Searched CASE. The result type is the common type of the branch values and `otherwise` (each is cast to it).
    public static func caseWhen(
        _ branches: [CaseBranch], otherwise: PhysicalExpression? = nil
    ) throws -> PhysicalExpression {
        guard let first = branches.first else {
            throw PhysicalPlanError.invalidExpression("CASE without WHEN", hint: "write at least one WHEN")
        }
        for branch in branches { try requireBoolean(branch.condition, "WHEN") }
        var type = first.value.dataType
        for candidate in branches.map(\.value) + (otherwise.map { [$0] } ?? []) {
            guard let common = Compute.commonType(type, candidate.dataType) else {
                throw PhysicalPlanError.invalidExpression(
                    "CASE values of types \(type) and \(candidate.dataType) have no common type", hint: "cast them")
            }
            type = common
        }
        let castBranches = try branches.map { CaseBranch(when: $0.condition, then: try cast($0.value, to: type)) }
        let castOtherwise = try otherwise.map { try cast($0, to: type) }
        let nullable = otherwise == nil || castBranches.contains { $0.value.nullable } || (otherwise?.nullable ?? true)
        return PhysicalExpression(.caseWhen(branches: castBranches, otherwise: castOtherwise), type, nullable: nullable)
    }

    /// `CAST(operand AS type)`; returns `operand` itself when it already has the type.
    public static func cast(_ operand: PhysicalExpression, to type: DataType) throws -> PhysicalExpression {
        if operand.dataType == type { return operand }
        let supported: Bool
        switch (operand.dataType, type) {
        case (.utf8, _), (_, .utf8): supported = true
        case (let from, let to): supported = from.isNumeric && to.isNumeric
        }
        guard supported else {
            throw PhysicalPlanError.invalidExpression(
                "cannot cast \(operand.dataType) to \(type)", hint: "casts go between numbers, and to or from utf8")
        }
        return PhysicalExpression(.cast(operand), type, nullable: operand.nullable)
    }

    /// `EXTRACT(part FROM operand)` over a date, as int32.
    public static func extract(_ part: DatePart, from operand: PhysicalExpression) throws -> PhysicalExpression {
        try requireDate(operand, "EXTRACT")
        return PhysicalExpression(.extract(part, operand), .int32, nullable: operand.nullable)
    }

    /// `substring(operand FROM start [FOR length])`.
    public static func substring(
        _ operand: PhysicalExpression, start: Int, length: Int? = nil
    ) throws -> PhysicalExpression {
        try requireString(operand, "substring")
        if let length, length < 0 {
            throw PhysicalPlanError.invalidExpression("substring length \(length) is negative", hint: "")
        }
        return PhysicalExpression(.substring(operand, start: start, length: length), .utf8, nullable: operand.nullable)
    }

    /// `starts_with`, `ends_with` or `contains` with a constant argument.
    public static func stringMatch(
        _ kind: StringMatch, _ operand: PhysicalExpression, _ argument: String
    ) throws -> PhysicalExpression {
        try requireString(operand, kind.rawValue)
        return PhysicalExpression(.stringMatch(kind, operand, argument), .boolean, nullable: operand.nullable)
    }

    /// `operand + INTERVAL 'amount' unit` over a date (use a negative amount for `-`).
    public static func dateAdd(
        _ operand: PhysicalExpression, _ amount: Int, _ unit: DateUnit
    ) throws -> PhysicalExpression {
        try requireDate(operand, "date arithmetic")
        return PhysicalExpression(.dateAdd(operand, amount: amount, unit: unit), .date32, nullable: operand.nullable)
    }

    static func requireBoolean(_ operand: PhysicalExpression, _ context: String) throws {
        guard operand.dataType == .boolean else {
            throw PhysicalPlanError.invalidExpression(
                "\(context) needs a boolean, \(operand) is \(operand.dataType)", hint: "compare it with something")
        }
    }

    static func requireString(_ operand: PhysicalExpression, _ context: String) throws {
        guard operand.dataType == .utf8 else {
            throw PhysicalPlanError.invalidExpression(
                "\(context) needs a string, \(operand) is \(operand.dataType)", hint: "cast it to utf8")
        }
    }

    static func requireDate(_ operand: PhysicalExpression, _ context: String) throws {
        guard operand.dataType == .date32 else {
            throw PhysicalPlanError.invalidExpression(
                "\(context) needs a date, \(operand) is \(operand.dataType)", hint: "cast it to date32")
        }
    }

    /// Runs `body`, turning kernel errors into `invalidExpression`.
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ArrowError {
            throw PhysicalPlanError.invalidExpression(error.description, hint: "")
        }
    }
}
