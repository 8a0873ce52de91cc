/// Equal-length columns with a schema: the unit of data that operators push and channels carry.
public struct RecordBatch: Sendable, CustomStringConvertible {
    public let schema: Schema
    public let columns: [any ArrowArray]
    public let rowCount: Int

    /// Creates a batch, checking that there is one column per field, of the field's type, all of one length,
    /// and that non-nullable fields hold no nulls.
    /// - Throws: `ArrowError.invalidArgument` naming the offending column.
    public init(schema: Schema, columns: [any ArrowArray]) throws {
        guard schema.count == columns.count else {
            throw ArrowError.invalidArgument(
                "schema has \(schema.count) fields but \(columns.count) columns were given")
        }
        let rows = columns.first?.count ?? 0
        for (field, column) in zip(schema.fields, columns) {
            guard field.dataType == column.dataType else {
                throw ArrowError.invalidArgument(
                    "column '\(field.name)' is \(column.dataType), schema says \(field.dataType)")
            }
            guard column.count == rows else {
                throw ArrowError.invalidArgument("column '\(field.name)' has \(column.count) rows, expected \(rows)")
            }
            guard field.nullable || column.nullCount == 0 else {
                throw ArrowError.invalidArgument(
                    "column '\(field.name)' is not nullable but has \(column.nullCount) nulls")
            }
        }
        self.schema = schema
        self.columns = columns
        self.rowCount = rows
    }

    /// A batch whose columns are known to fit `schema` and to hold `rowCount` rows each (slices of a checked batch).
    private init(checked schema: Schema, columns: [any ArrowArray], rowCount: Int) {
        self.schema = schema
        self.columns = columns
        self.rowCount = rowCount
    }

    /// A batch with no columns and `rowCount` rows (the result of `SELECT count(*)` inputs, for example).
    public init(rowCount: Int) {
        schema = Schema([])
        columns = []
        self.rowCount = rowCount
    }

    /// A zero-copy view of `length` rows from `start`.
    public func slice(_ start: Int, _ length: Int) -> RecordBatch {
        precondition(start >= 0 && length >= 0 && start + length <= rowCount, "batch slice out of range")
        if columns.isEmpty { return RecordBatch(rowCount: length) }
        // A slice of valid columns is valid: same types, `length` rows, no nulls where the whole had none.
        return RecordBatch(checked: schema, columns: columns.map { $0.slice(start, length) }, rowCount: length)
    }

    /// The column named `name` (the first, if names repeat).
    public func column(_ name: String) -> (any ArrowArray)? { schema.index(of: name).map { columns[$0] } }

    /// Checks every column's invariants and the batch's own.
    public func checkInvariants() throws {
        _ = try RecordBatch(schema: schema, columns: columns)
        for c in columns { try c.checkInvariants() }
    }

    public var description: String { "RecordBatch(\(rowCount) rows, \(schema))" }
}
