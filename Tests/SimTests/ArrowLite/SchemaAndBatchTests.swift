import ArrowLite
import Testing

@Suite struct SchemaAndBatchTests {
    @Test("a batch rejects columns whose count, type or length disagree with the schema")
    func batchValidation() throws {
        let schema = Schema([Field("id", .int64), Field("name", .utf8)])
        let ids = Int64Array(.int64, [1, 2])
        let names = StringArray(["a", "b"])
        let batch = try RecordBatch(schema: schema, columns: [ids, names])
        #expect(batch.rowCount == 2)
        try batch.checkInvariants()
        #expect(throws: ArrowError.self) { try RecordBatch(schema: schema, columns: [ids]) }
        #expect(throws: ArrowError.self) { try RecordBatch(schema: schema, columns: [names, ids]) }
        #expect(throws: ArrowError.self) {
            try RecordBatch(schema: schema, columns: [ids, StringArray(["only one"])])
        }
    }

    @Test("a non-nullable field refuses a column with nulls")
    func nonNullable() {
        let schema = Schema([Field("id", .int64, nullable: false)])
        #expect(throws: ArrowError.self) {
            try RecordBatch(schema: schema, columns: [Int64Array(.int64, [1, nil])])
        }
    }

    @Test("a batch slice keeps every column aligned")
    func batchSlice() throws {
        let schema = Schema([Field("id", .int64), Field("name", .utf8)])
        let batch = try RecordBatch(
            schema: schema, columns: [Int64Array(.int64, [1, 2, 3, 4]), StringArray(["a", "b", "c", "d"])])
        let s = batch.slice(1, 2)
        #expect(s.rowCount == 2)
        #expect(s.columns[0].scalar(at: 0) == .int64(2))
        #expect(s.columns[1].scalar(at: 1) == .utf8("c"))
    }

    @Test("every slice of a checked batch passes the checks a new batch gets (slices skip them)")
    func slicesAreValidBatches() throws {
        let schema = Schema([Field("id", .int64, nullable: false), Field("name", .utf8)])
        let batch = try RecordBatch(
            schema: schema, columns: [Int64Array(.int64, [1, 2, 3, 4, 5]), StringArray(["a", nil, "c", "d", nil])])
        for start in 0...5 {
            for length in 0...(5 - start) {
                let slice = batch.slice(start, length)
                let rebuilt = try RecordBatch(schema: schema, columns: slice.columns)
                #expect(slice.rowCount == length && rebuilt.rowCount == length)
                try slice.checkInvariants()
            }
        }
    }

    @Test("data type names parse, including SQL aliases, and bad names get a hint")
    func dataTypeParsing() throws {
        #expect(try DataType(parsing: "decimal(15, 2)") == .decimal128(precision: 15, scale: 2))
        #expect(try DataType(parsing: "BIGINT") == .int64)
        #expect(try DataType(parsing: "date") == .date32)
        for type in [DataType.boolean, .int32, .int64, .float64, .decimal128(precision: 38, scale: 10), .date32, .utf8]
        {
            #expect(try DataType(parsing: type.description) == type)
        }
        #expect(throws: ArrowError.self) { try DataType(parsing: "decimal(40,2)") }
        #expect(throws: ArrowError.self) { try DataType(parsing: "int8") }
    }
}
