/// The logical types ArrowLite supports, each in the Arrow columnar memory layout.
public enum DataType: Hashable, Sendable, CustomStringConvertible {
    /// Bit-packed booleans.
    case boolean
    /// 32-bit signed integers.
    case int32
    /// 64-bit signed integers.
    case int64
    /// IEEE 754 doubles.
    case float64
    /// Exact decimals stored as 128-bit two's complement integers scaled by 10^scale.
    /// `precision` is 1...38, `scale` is 0...precision.
    case decimal128(precision: Int, scale: Int)
    /// Days since 1970-01-01, 32-bit.
    case date32
    /// UTF-8 strings with 32-bit offsets.
    case utf8

    /// Bytes per value in the values buffer; nil for bit-packed or variable-width types.
    public var byteWidth: Int? {
        switch self {
        case .boolean, .utf8: return nil
        case .int32, .date32: return 4
        case .int64, .float64: return 8
        case .decimal128: return 16
        }
    }

    /// True for int32, int64, float64 and decimal128.
    public var isNumeric: Bool {
        switch self {
        case .int32, .int64, .float64, .decimal128: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .boolean: return "boolean"
        case .int32: return "int32"
        case .int64: return "int64"
        case .float64: return "float64"
        case .decimal128(let p, let s): return "decimal128(\(p), \(s))"
        case .date32: return "date32"
        case .utf8: return "utf8"
        }
    }

    /// Parses the names `description` prints, plus common aliases (`int`, `bigint`, `double`, `string`,
    /// `date`, `bool`, `decimal(15,2)`).
    /// - Throws: `ArrowError.invalidValue` naming the text and the accepted names.
    public init(parsing text: String) throws {
        let t = text.lowercased().filter { !$0.isWhitespace }
        switch t {
        case "boolean", "bool": self = .boolean
        case "int32", "int", "integer": self = .int32
        case "int64", "bigint", "long": self = .int64
        case "float64", "double", "float": self = .float64
        case "date32", "date": self = .date32
        case "utf8", "string", "varchar", "text": self = .utf8
        default:
            for prefix in ["decimal128(", "decimal(", "numeric("] where t.hasPrefix(prefix) && t.hasSuffix(")") {
                let inner = t.dropFirst(prefix.count).dropLast().split(separator: ",")
                if inner.count == 2, let p = Int(inner[0]), let s = Int(inner[1]), (1...38).contains(p),
                    (0...p).contains(s)
                {
                    self = .decimal128(precision: p, scale: s)
                    return
                }
            }
            throw ArrowError.invalidValue(
                value: text, target: "data type",
                hint: "use one of boolean, int32, int64, float64, decimal128(P,S), date32, utf8")
        }
    }
}

/// A named, typed column of a schema.
public struct Field: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var dataType: DataType
    public var nullable: Bool

    public init(_ name: String, _ dataType: DataType, nullable: Bool = true) {
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
    }

    public var description: String { "\(name): \(dataType)\(nullable ? "" : " not null")" }
}

/// An ordered list of fields. Field names need not be unique (SQL results can repeat names).
public struct Schema: Hashable, Sendable, CustomStringConvertible {
    public var fields: [Field]

    public init(_ fields: [Field]) { self.fields = fields }

    public var count: Int { fields.count }

    /// The index of the first field named `name`, or nil.
    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }

    public var description: String { "(" + fields.map(\.description).joined(separator: ", ") + ")" }
}
