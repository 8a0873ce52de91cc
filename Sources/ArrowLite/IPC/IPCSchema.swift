/// Schema, Field and type tables of Arrow's `Schema.fbs`, for the types ArrowLite supports.
///
/// Slots (vtable field indices) follow the declaration order in `Schema.fbs`; a union takes two slots, its type
/// tag then its value.
enum IPCSchema {
    // Type union tags (Schema.fbs `union Type`).
    static let typeInt: UInt8 = 2
    static let typeFloatingPoint: UInt8 = 3
    static let typeUtf8: UInt8 = 5
    static let typeBool: UInt8 = 6
    static let typeDecimal: UInt8 = 7
    static let typeDate: UInt8 = 8
    static let typeNames = [
        "NONE", "Null", "Int", "FloatingPoint", "Binary", "Utf8", "Bool", "Decimal", "Date", "Time", "Timestamp",
        "Interval", "List", "Struct", "Union", "FixedSizeBinary", "FixedSizeList", "Map", "Duration",
        "LargeBinary", "LargeUtf8", "LargeList", "RunEndEncoded", "BinaryView", "Utf8View", "ListView",
        "LargeListView",
    ]

    // MARK: Writing

    /// The `Schema` table for `schema` (little-endian, no custom metadata).
    static func table(for schema: Schema) -> FlatTable {
        var table = FlatTable()
        table.set(0, int16: 0)  // endianness: Little
        table.set(1, .tables(schema.fields.map(table(for:))))
        return table
    }

    private static func table(for field: Field) -> FlatTable {
        var table = FlatTable()
        table.set(0, .string(field.name))
        table.set(1, bool: field.nullable)
        let (tag, typeTable) = typeTable(for: field.dataType)
        table.set(2, uint8: tag)
        table.set(3, .table(typeTable))
        table.set(5, .tables([]))  // children
        return table
    }

    private static func typeTable(for dataType: DataType) -> (UInt8, FlatTable) {
        var table = FlatTable()
        switch dataType {
        case .boolean: return (typeBool, table)
        case .utf8: return (typeUtf8, table)
        case .int32, .int64:
            table.set(0, int32: dataType == .int32 ? 32 : 64)  // bitWidth
            table.set(1, bool: true)  // is_signed
            return (typeInt, table)
        case .float64:
            table.set(0, int16: 2)  // precision: DOUBLE
            return (typeFloatingPoint, table)
        case .decimal128(let precision, let scale):
            table.set(0, int32: Int32(precision))
            table.set(1, int32: Int32(scale))
            table.set(2, int32: 128)  // bitWidth
            return (typeDecimal, table)
        case .date32:
            table.set(0, int16: 0)  // unit: DAY (the default is MILLISECOND, so it is always written)
            return (typeDate, table)
        }
    }

    // MARK: Reading

    /// Reads a `Schema` table.
    /// - Throws: `ArrowError.ipc` for malformed tables, big-endian data, and unsupported types or features.
    static func schema(from table: FlatTableReader) throws -> Schema {
        let endianness = try table.integer(0, default: Int16(0))
        guard endianness == 0 else {
            throw table.reader.error(at: table.position, "expected little-endian data, found endianness \(endianness)")
        }
        let fields = try table.tables(1, "schema fields").map(field(from:))
        return Schema(fields)
    }

    private static func field(from table: FlatTableReader) throws -> Field {
        let name = try table.string(0, "field name") ?? ""
        let nullable = try table.bool(1, default: false)
        guard try table.fieldPosition(4, size: 4) == nil else {
            throw table.reader.error(
                at: table.position, "field '\(name)' is dictionary-encoded; expected a plain column")
        }
        if let (_, childCount) = try table.vector(5, elementSize: 4, "children of field '\(name)'"), childCount > 0 {
            throw table.reader.error(at: table.position, "field '\(name)' has children; expected a flat column")
        }
        let tag = try table.integer(2, default: UInt8(0))
        guard let typeTable = try table.table(3, "type of field '\(name)'") else {
            throw table.reader.error(at: table.position, "field '\(name)' has no type")
        }
        return Field(name, try dataType(tag: tag, table: typeTable, fieldName: name), nullable: nullable)
    }

    private static func dataType(tag: UInt8, table: FlatTableReader, fieldName: String) throws -> DataType {
        func unsupported(_ detail: String) -> ArrowError {
            table.reader.error(
                at: table.position,
                "field '\(fieldName)' has unsupported type \(detail); expected boolean, int32, int64, float64, "
                    + "decimal128, date32 (DAY) or utf8")
        }
        switch tag {
        case typeBool: return .boolean
        case typeUtf8: return .utf8
        case typeInt:
            let bitWidth = try table.integer(0, default: Int32(0))
            let signed = try table.bool(1, default: false)
            switch (bitWidth, signed) {
            case (32, true): return .int32
            case (64, true): return .int64
            default: throw unsupported("\(signed ? "" : "u")int\(bitWidth)")
            }
        case typeFloatingPoint:
            let precision = try table.integer(0, default: Int16(0))
            guard precision == 2 else { throw unsupported("float with precision \(precision) (2 = DOUBLE)") }
            return .float64
        case typeDecimal:
            let precision = Int(try table.integer(0, default: Int32(0)))
            let scale = Int(try table.integer(1, default: Int32(0)))
            let bitWidth = try table.integer(2, default: Int32(128))
            guard bitWidth == 128, (1...38).contains(precision), (0...precision).contains(scale) else {
                throw unsupported("decimal\(bitWidth)(\(precision), \(scale)) (precision 1...38, scale 0...precision)")
            }
            return .decimal128(precision: precision, scale: scale)
        case typeDate:
            let unit = try table.integer(0, default: Int16(1))
            guard unit == 0 else { throw unsupported("date with unit \(unit) (0 = DAY)") }
            return .date32
        default:
            throw unsupported(Int(tag) < typeNames.count ? typeNames[Int(tag)] : "tag \(tag)")
        }
    }
}
