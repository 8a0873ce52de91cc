import ArrowLite

/// The aggregate functions a hash aggregate computes per group.
public enum AggregateFunction: String, Sendable, Hashable {
    case count, sum, avg, min, max
    /// The group's only value; more than one row in a group is an error (a scalar subquery's value).
    case single = "single_value"
}

/// One aggregate of a hash aggregate: `function([DISTINCT] argument) AS name`; `count` without an argument is
/// `count(*)`.
///
/// Result types follow DataFusion: `count` → int64 (never null); `sum` of int32/int64 → int64, of float64 →
/// float64, of decimal(p, s) → decimal(min(38, p + 10), s); `avg` of integers and float64 → float64, of
/// decimal(p, s) → decimal(min(38, p + 4), min(38, s + 4)) truncated toward zero (as arrow-rs); `min`/`max` →
/// the argument's type (any type; strings by UTF-8 bytes, float64 with NaN largest). Sums and averages over no
/// non-null value are null. Float sums depend on addition order, so a partial/final split may differ from single
/// mode in the last bits; integer and decimal results are exact.
public struct AggregateExpression: Sendable, Hashable, CustomStringConvertible {
    public let function: AggregateFunction
    /// The input value (bound to the aggregate's raw input); nil only for `count(*)`.
    public let argument: PhysicalExpression?
    /// Aggregate each group's distinct non-null values only. Supported in `single` mode only (its state is a set):
    /// a distributed plan hash-repartitions the raw input on the group keys and aggregates in single mode.
    public let distinct: Bool
    /// The output column name.
    public let name: String
    /// The type of the final value.
    public let resultType: DataType

    /// - Throws: `PhysicalPlanError.invalidExpression` for `sum`/`avg` of a non-number, or a missing argument.
    public init(
        _ function: AggregateFunction, _ argument: PhysicalExpression?, distinct: Bool = false, name: String? = nil
    ) throws {
        self.function = function
        self.argument = argument
        self.distinct = distinct
        let argumentText = argument.map { (distinct ? "DISTINCT " : "") + $0.description } ?? "*"
        self.name = name ?? "\(function.rawValue)(\(argumentText))"
        guard let argument else {
            guard function == .count, !distinct else {
                throw PhysicalPlanError.invalidExpression(
                    "\(function.rawValue)(*) is not an aggregate", hint: "only count takes *")
            }
            resultType = .int64
            return
        }
        resultType = try AggregateExpression.resultType(function, argument.dataType)
    }

    /// The final type of `function` over `argument` values.
    /// - Throws: `PhysicalPlanError.invalidExpression` for `sum`/`avg` of a non-number.
    public static func resultType(_ function: AggregateFunction, _ argument: DataType) throws -> DataType {
        switch function {
        case .count: return .int64
        case .min, .max, .single: return argument
        case .sum, .avg:
            switch argument {
            case .int32, .int64: return function == .sum ? .int64 : .float64
            case .float64: return .float64
            case .decimal128(let p, let s):
                return function == .sum
                    ? .decimal128(precision: min(38, p + 10), scale: s)
                    : .decimal128(precision: min(38, p + 4), scale: min(38, s + 4))
            default:
                throw PhysicalPlanError.invalidExpression(
                    "\(function.rawValue) of \(argument)", hint: "\(function.rawValue) needs a numeric argument")
            }
        }
    }

    /// The type of the running sum of `sum` and `avg` (`avg` keeps the sum at the sum's type and a count).
    var sumType: DataType {
        guard let argument else { return .int64 }
        return (try? AggregateExpression.resultType(.sum, argument.dataType)) ?? .int64
    }

    /// The columns of this aggregate's partial state, as a partial aggregate emits them and a final one reads them.
    public var stateFields: [Field] {
        switch function {
        case .count: return [Field("\(name)[count]", .int64, nullable: false)]
        case .sum: return [Field("\(name)[sum]", sumType)]
        case .avg: return [Field("\(name)[sum]", sumType), Field("\(name)[count]", .int64, nullable: false)]
        case .min, .max: return [Field("\(name)[\(function.rawValue)]", resultType)]
        case .single: return [Field("\(name)[value]", resultType), Field("\(name)[rows]", .int64, nullable: false)]
        }
    }

    /// The output field of the final value.
    public var resultField: Field { Field(name, resultType, nullable: function != .count) }

    public var description: String { name }
}
