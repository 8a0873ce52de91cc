import ArrowLite
import Testing

/// Seeded random tables of every type, written and read back under several layouts: the values that come back must
/// be the values that went in (floats bit for bit, NaN as NaN).
@Suite struct CSVRoundTripTests {
    static let schema = Schema([
        Field("flag", .boolean), Field("small", .int32), Field("big", .int64), Field("ratio", .float64),
        Field("price", .decimal128(precision: 38, scale: 4)), Field("day", .date32), Field("name", .utf8),
        Field("id", .int64, nullable: false),
    ])

    /// Text chosen to need quoting in some layout: delimiters, quotes, line breaks, spaces, null-token lookalikes.
    static let awkwardTexts = [
        "", " ", "a,b", "a|b", "a;b", "a\tb", "\"", "say \"hi\"", "line\nbreak", "cr\rlf\r\n", " lead", "trail ",
        "NULL", "\\N", "grüße", "日本", "plain", "\"quoted\"",
    ]

    static func randomBatch(rows: Int, _ random: inout SplitMix64) throws -> RecordBatch {
        func maybe<T>(_ value: T) -> T? { random.below(5) == 0 ? nil : value }
        var flags: [Bool?] = []
        var smalls: [Int32?] = []
        var bigs: [Int64?] = []
        var ratios: [Double?] = []
        var prices: [Int128?] = []
        var days: [Int32?] = []
        var names: [String?] = []
        var ids: [Int64?] = []
        let specials: [Double] = [
            0, -0.0, .nan, .infinity, -.infinity, 0.1, 1e300, .leastNonzeroMagnitude, 9_007_199_254_740_994,
        ]
        let limit = Decimal128.powerOfTen(38) - 1
        for row in 0..<rows {
            flags.append(maybe(random.below(2) == 0))
            smalls.append(maybe([Int32.min, Int32.max, 0, Int32(truncatingIfNeeded: random.next())][random.below(4)]))
            bigs.append(maybe([Int64.min, Int64.max, -1, Int64(bitPattern: random.next())][random.below(4)]))
            let bits = Double(bitPattern: random.next())
            ratios.append(maybe(random.below(3) == 0 ? specials[random.below(specials.count)] : bits))
            let wide = Int128(Int64(bitPattern: random.next())) * Int128(random.next()) % limit
            prices.append(maybe([limit, -limit, 0, wide][random.below(4)]))
            // Years 0...9999 (date32 text is YYYY-MM-DD with four digits).
            days.append(maybe(Int32(random.below(3_652_059)) - 719_528))
            names.append(maybe(awkwardTexts[random.below(awkwardTexts.count)]))
            ids.append(Int64(row))
        }
        return try RecordBatch(
            schema: schema,
            columns: [
                BooleanArray(flags), Int32Array(.int32, smalls), Int64Array(.int64, bigs),
                Float64Array(.float64, ratios),
                Decimal128Array(.decimal128(precision: 38, scale: 4), prices), Date32Array(.date32, days),
                StringArray(names), Int64Array(.int64, ids),
            ])
    }

    /// Every value of `batches`, row by row; floats as bit patterns with one NaN, so equality is exact.
    static func values(_ batches: [RecordBatch]) -> [[Scalar]] {
        batches.flatMap { batch in
            (0..<batch.rowCount).map { row in
                batch.columns.map { column in
                    switch column.scalar(at: row) {
                    case .float64(let v): return v.isNaN ? .utf8("NaN") : .int64(Int64(bitPattern: v.bitPattern))
                    case let other: return other
                    }
                }
            }
        }
    }

    static let layouts: [(name: String, options: CSVOptions)] = [
        ("CSV", CSVOptions()),
        (".tbl", .tbl),
        (
            "semicolons, NULL token, no header",
            CSVOptions(delimiter: UInt8(ascii: ";"), hasHeader: false, nullToken: "NULL")
        ),
        ("tabs, \\N token", CSVOptions(delimiter: 0x09, nullToken: "\\N")),
        ("single quotes", CSVOptions(quote: UInt8(ascii: "'"))),
    ]

    @Test("random tables of every type survive write then read in five layouts, over several batch sizes")
    func randomRoundTrips() throws {
        var random = SplitMix64(seed: 42)
        for round in 0..<12 {
            let batches = try (0..<3).map { _ in try CSVRoundTripTests.randomBatch(rows: random.below(40), &random) }
            for (name, options) in CSVRoundTripTests.layouts {
                let text = CSV.write(schema: CSVRoundTripTests.schema, batches: batches, options: options)
                let back = try CSV.read(text, schema: CSVRoundTripTests.schema, options: options, batchSize: 1 + round)
                #expect(
                    CSVRoundTripTests.values(back) == CSVRoundTripTests.values(batches),
                    "layout \(name), round \(round)")
                for batch in back { try batch.checkInvariants() }
                #expect(back.allSatisfy { $0.rowCount <= 1 + round })
            }
        }
    }

    @Test("CRLF line endings and a missing final newline read the same as LF text")
    func crlfAndNoFinalNewline() throws {
        var random = SplitMix64(seed: 7)
        let batch = try CSVRoundTripTests.randomBatch(rows: 30, &random)
        let text = CSV.write(schema: CSVRoundTripTests.schema, batches: [batch])
        // Turn every record-ending LF (not those inside quoted values) into CRLF: rewrite row by row.
        var crlf: [UInt8] = []
        let header = CSV.write(schema: CSVRoundTripTests.schema, batches: [])
        crlf += header.dropLast() + [0x0D, 0x0A]
        for row in 0..<batch.rowCount {
            var line: [UInt8] = []
            CSV.append(batch: batch.slice(row, 1), options: CSVOptions(), to: &line)
            crlf += line.dropLast() + [0x0D, 0x0A]
        }
        let trimmed = Array(crlf.dropLast(2))
        #expect(
            CSVRoundTripTests.values(try CSV.read(crlf, schema: CSVRoundTripTests.schema))
                == CSVRoundTripTests.values([batch]))
        #expect(
            CSVRoundTripTests.values(try CSV.read(trimmed, schema: CSVRoundTripTests.schema))
                == CSVRoundTripTests.values([batch]))
        #expect(text.count + batch.rowCount + 1 == crlf.count)
    }

    @Test("empty input gives one empty batch with the schema, with or without a header")
    func emptyInput() throws {
        for options in [CSVOptions(), .tbl] {
            let batches = try CSV.read([], schema: CSVRoundTripTests.schema, options: options)
            #expect(batches.count == 1 && batches[0].rowCount == 0)
            #expect(batches[0].schema == CSVRoundTripTests.schema)
            try batches[0].checkInvariants()
        }
        let blank = try CSV.read(Array("\n\r\n\n".utf8), schema: CSVRoundTripTests.schema, options: .tbl)
        #expect(blank.count == 1 && blank[0].rowCount == 0)
    }

    @Test("written CSV has hand-checked text: quoting, scale, ISO dates, shortest floats, -0, null token")
    func writtenText() throws {
        let schema = Schema([
            Field("s", .utf8), Field("d", .decimal128(precision: 9, scale: 3)), Field("day", .date32),
            Field("f", .float64), Field("b", .boolean),
        ])
        let batch = try RecordBatch(
            schema: schema,
            columns: [
                StringArray(["a,b", "", nil, "x \"y\"", "plain"]),
                Decimal128Array(.decimal128(precision: 9, scale: 3), [-5, 1_234_500, nil, 0, -100_000_000]),
                Date32Array(.date32, [0, -1, nil, Date32.days(year: 2024, month: 2, day: 29), 10_957]),
                Float64Array(.float64, [0.1, -0.0, nil, 1e21, 2.5]),
                BooleanArray([true, false, nil, true, false]),
            ])
        let text = String(decoding: CSV.write(schema: schema, batches: [batch]), as: UTF8.self)
        let expected = [
            "s,d,day,f,b",
            #""a,b",-0.005,1970-01-01,0.1,true"#,
            #""",1234.500,1969-12-31,-0,false"#,
            ",,,,",
            #""x ""y""",0.000,2024-02-29,1e+21,true"#,
            "plain,-100000.000,2000-01-01,2.5,false",
        ]
        #expect(text == expected.map { $0 + "\n" }.joined())
    }

    @Test("CSV decimals agree with Decimal128.parse on 6,000 seeded texts at six precisions and scales")
    func decimalsAgreeWithTheParser() throws {
        var random = SplitMix64(seed: 99)
        let alphabet = Array("0123456789012345678901234567890123456789.-+ e".utf8)
        let types = [(15, 2), (38, 38), (1, 0), (18, 0), (38, 0), (20, 5)]
        for (precision, scale) in types {
            let type = DataType.decimal128(precision: precision, scale: scale)
            let schema = Schema([Field("d", type)])
            for _ in 0..<1_000 {
                let text = (0..<1 + random.below(24)).map { _ in alphabet[random.below(alphabet.count)] }
                let expected = text.withUnsafeBytes { Decimal128.parse(bytes: $0, precision: precision, scale: scale) }
                let read = try? CSV.read(
                    text + [0x0A], schema: schema, options: CSVOptions(hasHeader: false, nullToken: "NULL"))
                let value = read.map { $0[0].columns[0].scalar(at: 0) }
                let shown = String(decoding: text, as: UTF8.self)
                if let expected {
                    #expect(value == .decimal(expected, precision: precision, scale: scale), "'\(shown)' as \(type)")
                } else {
                    #expect(read == nil, "'\(shown)' as \(type) should be refused")
                }
            }
        }
        // The common forms, including the widest values, read exactly.
        let wide = try CSV.read(
            Array("-9999999999999.99\n0.01\n17\n-0\n".utf8),
            schema: Schema([Field("d", .decimal128(precision: 15, scale: 2))]), options: CSVOptions(hasHeader: false))
        #expect(
            (0..<4).map { wide[0].columns[0].scalar(at: $0) } == [
                .decimal(-999_999_999_999_999, precision: 15, scale: 2), .decimal(1, precision: 15, scale: 2),
                .decimal(1_700, precision: 15, scale: 2), .decimal(0, precision: 15, scale: 2),
            ])
    }
}
