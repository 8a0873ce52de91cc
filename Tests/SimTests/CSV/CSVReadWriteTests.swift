import ArrowLite
import Testing

@Suite struct CSVReadWriteTests {
    static let schema = Schema([
        Field("id", .int64, nullable: false), Field("flag", .boolean), Field("small", .int32),
        Field("price", .decimal128(precision: 15, scale: 2)), Field("ratio", .float64), Field("day", .date32),
        Field("name", .utf8),
    ])

    func read(_ text: String, schema: Schema = schema, options: CSVOptions = .init(), batchSize: Int = 65_536) throws
        -> [RecordBatch]
    {
        try CSV.read(Array(text.utf8), schema: schema, options: options, fileName: "t.csv", batchSize: batchSize)
    }

    func rows(_ batches: [RecordBatch]) -> [[Scalar]] {
        batches.flatMap { b in (0..<b.rowCount).map { r in b.columns.map { $0.scalar(at: r) } } }
    }

    @Test("every type parses from CSV text, with NULLs from empty unquoted fields")
    func parsesEveryType() throws {
        let text = """
            id,flag,small,price,ratio,day,name
            1,true,-7,12.34,0.5,1998-12-01,plain
            2,,,,,,
            3,F,2147483647,-0.05,1e3,2000-02-29,""

            """
        let result = rows(try read(text))
        #expect(result.count == 3)
        #expect(
            result[0] == [
                .int64(1), .boolean(true), .int32(-7), .decimal(1234, precision: 15, scale: 2), .float64(0.5),
                .date32(Date32.days(year: 1998, month: 12, day: 1)), .utf8("plain"),
            ])
        #expect(result[1] == [.int64(2), .null, .null, .null, .null, .null, .null])
        #expect(result[2][1] == .boolean(false) && result[2][2] == .int32(2_147_483_647))
        #expect(result[2][3] == .decimal(-5, precision: 15, scale: 2) && result[2][4] == .float64(1000))
        #expect(result[2][6] == .utf8(""))
    }

    @Test("quoted fields keep delimiters, doubled quotes, line breaks and CRLF endings")
    func quoting() throws {
        let schema = Schema([Field("a", .utf8), Field("b", .int64)])
        let text = "a,b\r\n\"x, \"\"y\"\"\nz\",1\r\nplain,2"
        let result = rows(try read(text, schema: schema))
        #expect(result == [[.utf8("x, \"y\"\nz"), .int64(1)], [.utf8("plain"), .int64(2)]])
    }

    @Test("TPC-H .tbl lines end with the delimiter and have no header")
    func tblLines() throws {
        let schema = Schema([
            Field("n_nationkey", .int64), Field("n_name", .utf8), Field("n_regionkey", .int64),
            Field("n_comment", .utf8),
        ])
        let text =
            "0|ALGERIA|0| haggle. carefully final deposits detect slyly agai|\n1|ARGENTINA|1|al foxes promise slyly according to the regular accounts. bold requests alon|\n"
        let result = rows(try read(text, schema: schema, options: .tbl))
        #expect(result.count == 2)
        #expect(result[1][1] == .utf8("ARGENTINA"))
        #expect(result[0][3] == .utf8(" haggle. carefully final deposits detect slyly agai"))
        let written = CSV.write(schema: schema, batches: try read(text, schema: schema, options: .tbl), options: .tbl)
        // .tbl text is verbatim: the leading space of a comment is not quoted, so the line comes back byte for byte.
        #expect(String(decoding: written, as: UTF8.self) == text)
    }

    @Test("writing then reading gives back every value, including NULLs, quotes and the null-token lookalikes")
    func roundTrip() throws {
        let schema = Schema([
            Field("s", .utf8), Field("n", .int64), Field("d", .decimal128(precision: 10, scale: 3)),
            Field("f", .float64),
        ])
        let batch = try RecordBatch(
            schema: schema,
            columns: [
                StringArray(["a,b", "", nil, " lead", "q\"uote", "line\nbreak", "NULL"]),
                Int64Array(.int64, [1, nil, -3, 4, 5, 6, 7]),
                Decimal128Array(.decimal128(precision: 10, scale: 3), [1, -1_000, nil, 0, 999_999, 5, 6]),
                Float64Array(.float64, [0.1, -2.5e-300, 1e300, nil, 3, 0, -0.0]),
            ])
        for nullToken in ["", "NULL"] {
            let options = CSVOptions(nullToken: nullToken)
            let text = CSV.write(schema: schema, batches: [batch], options: options)
            let back = try CSV.read(text, schema: schema, options: options)
            #expect(rows(back) == rows([batch]))
        }
    }

    @Test("batches split at batchSize and an input with only a header gives one empty batch")
    func batching() throws {
        let schema = Schema([Field("n", .int64)])
        let text = "n\n" + (1...10).map(String.init).joined(separator: "\n")
        let batches = try read(text, schema: schema, batchSize: 4)
        #expect(batches.map(\.rowCount) == [4, 4, 2])
        let empty = try read("n\n", schema: schema)
        #expect(empty.count == 1 && empty[0].rowCount == 0)
    }

    @Test("a header is read back as the column names")
    func header() throws {
        #expect(try CSV.readHeader(Array("a,\"b,c\",d\n1,2,3".utf8)) == ["a", "b,c", "d"])
        #expect(try CSV.readHeader([]) == [])
    }
}
