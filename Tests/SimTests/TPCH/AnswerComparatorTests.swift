import ArrowLite
import TPCH
import Testing

/// The comparator behind the TPC-H answer tests catches what it must (a wrong value, a missing row, a wrong decimal,
/// a wrong type, rows out of order) and accepts what it must (the same value written differently, floats within
/// tolerance, tied rows in another order); and the committed reference answers are well formed.
@Suite("the answer comparator and the TPC-H reference answers") struct AnswerComparatorTests {
    static let money = DataType.decimal128(precision: 15, scale: 2)
    static let schema = Schema([Field("name", .utf8), Field("amount", money), Field("day", .date32)])
    static let reference = ReferenceAnswer(
        columns: [
            .init(name: "name", type: "VARCHAR"), .init(name: "amount", type: "DECIMAL(38,4)"),
            .init(name: "day", type: "DATE"),
        ],
        rows: [["a", "12.5000", "1995-03-15"], ["b", "-0.0100", "1998-12-01"]])

    static func row(_ name: String, _ cents: Int128, _ day: String) throws -> [Scalar] {
        [.utf8(name), .decimal(cents, precision: 15, scale: 2), .date32(try Date32.parse(Substring(day)))]
    }

    static func differences(_ rows: [[Scalar]]) -> [String] {
        AnswerComparator.differences("Q0", schema: schema, actual: rows, expected: reference)
    }

    @Test("equal answers pass: 12.50 against 12.5000, -0.01 against -0.0100, and tied rows in another order")
    func equalAnswersPass() throws {
        #expect(Self.differences([try Self.row("a", 1250, "1995-03-15"), try Self.row("b", -1, "1998-12-01")]) == [])
        #expect(Self.differences([try Self.row("b", -1, "1998-12-01"), try Self.row("a", 1250, "1995-03-15")]) == [])
    }

    @Test("a wrong value fails, naming the query, row, column and both values")
    func wrongValueFails() throws {
        let problems = Self.differences([try Self.row("a", 1250, "1995-03-16"), try Self.row("b", -1, "1998-12-01")])
        #expect(problems.count == 1)
        #expect(problems.first?.contains("Q0 (rows sorted) row 1 column 3 'day'") == true, "\(problems)")
        #expect(problems.first?.contains("ours '1995-03-16', the reference '1995-03-15'") == true, "\(problems)")
    }

    @Test("a wrong decimal fails: 12.51 is not 12.5000, and 1250 cents at scale 1 is not 12.50")
    func wrongDecimalFails() throws {
        let problems = Self.differences([try Self.row("a", 1251, "1995-03-15"), try Self.row("b", -1, "1998-12-01")])
        #expect(problems.first?.contains("ours 12.51, the reference 12.5") == true, "\(problems)")
        let scaleOne = Schema([
            Field("name", .utf8), Field("amount", .decimal128(precision: 15, scale: 1)),
            Field("day", .date32),
        ])
        var rows = [try Self.row("a", 1250, "1995-03-15"), try Self.row("b", -1, "1998-12-01")]
        rows[0][1] = .decimal(1250, precision: 15, scale: 1)
        rows[1][1] = .decimal(0, precision: 15, scale: 1)
        let scaled = AnswerComparator.differences("Q0", schema: scaleOne, actual: rows, expected: Self.reference)
        #expect(scaled.count == 2, "\(scaled)")
    }

    @Test("a missing row and an extra row fail, with the row counts")
    func missingAndExtraRowsFail() throws {
        let missing = Self.differences([try Self.row("a", 1250, "1995-03-15")])
        #expect(missing.contains("Q0: ours has 1 rows, the reference 2"), "\(missing)")
        #expect(missing.contains { $0.contains("lacks the reference's row ['b', -0.01, '1998-12-01']") })
        let rows = [try Self.row("a", 1250, "1995-03-15"), try Self.row("b", -1, "1998-12-01")]
        let extra = Self.differences(rows + [try Self.row("c", 0, "1992-01-01")])
        #expect(extra.contains("Q0: ours has 3 rows, the reference 2"), "\(extra)")
        #expect(extra.contains { $0.contains("an extra row ['c', 0, '1992-01-01']") }, "\(extra)")
    }

    @Test("a column of the wrong type or a missing column fails")
    func wrongTypeFails() throws {
        let asText = Schema([Field("name", .utf8), Field("amount", .utf8), Field("day", .date32)])
        var rows = [try Self.row("a", 1250, "1995-03-15"), try Self.row("b", -1, "1998-12-01")]
        rows[0][1] = .utf8("12.5000")
        rows[1][1] = .utf8("-0.0100")
        let problems = AnswerComparator.differences("Q0", schema: asText, actual: rows, expected: Self.reference)
        #expect(problems.first == "Q0 column 2 'amount': ours is utf8, the reference DECIMAL(38,4)", "\(problems)")
        let narrow = Schema([Field("name", .utf8)])
        let short = AnswerComparator.differences("Q0", schema: narrow, actual: [], expected: Self.reference)
        #expect(short == ["Q0: ours has 1 columns (name), the reference 3 (name, amount, day)"])
    }

    @Test("doubles agree within 1e-9 relative; a decimal against a double within its last digit or 1e-6")
    func tolerances() {
        func check(_ value: Scalar, _ type: DataType, reference: String = "0.05008133906964238") -> [String] {
            let answer = ReferenceAnswer(columns: [.init(name: "x", type: "DOUBLE")], rows: [[reference]])
            return AnswerComparator.differences(
                "Q0", schema: Schema([Field("x", type)]), actual: [[value]], expected: answer)
        }
        let price = 35785.709306937344
        #expect(check(.float64(price * (1 + 5e-10)), .float64, reference: "35785.709306937344") == [])
        #expect(check(.float64(price * (1 + 5e-9)), .float64, reference: "35785.709306937344").count == 1)
        #expect(check(.float64(1e-10), .float64, reference: "0.0") == [], "absolute 1e-9 near zero")
        #expect(check(.float64(1e-8), .float64, reference: "0.0").count == 1)
        #expect(check(.decimal(500_813, precision: 19, scale: 7), .decimal128(precision: 19, scale: 7)) == [])
        #expect(check(.decimal(50_081, precision: 19, scale: 6), .decimal128(precision: 19, scale: 6)) == [])
        #expect(check(.decimal(50_079, precision: 19, scale: 6), .decimal128(precision: 19, scale: 6)).count == 1)
        #expect(check(.decimal(5_008_134, precision: 38, scale: 8), .decimal128(precision: 38, scale: 8)) == [])
        #expect(check(.decimal(5_008_200, precision: 38, scale: 8), .decimal128(precision: 38, scale: 8)).count == 1)
    }

    @Test("numbers normalise by value: signs, leading zeros, trailing fractional zeros; text is not a number")
    func canonicalNumbers() {
        let cases: [(String, String?)] = [
            ("12.50", "12.5"), ("12.5000", "12.5"), ("-012.50", "-12.5"), ("+3", "3"), ("-0.00", "0"), ("0", "0"),
            ("100", "100"), (".5", "0.5"), ("7.", "7"), ("", nil), ("-", nil), ("1e5", nil), ("1.2.3", nil),
            ("12a", nil), (".", nil),
        ]
        for (text, expected) in cases {
            #expect(AnswerComparator.canonicalNumber(text) == expected, "\(text)")
        }
    }

    @Test("rows out of ORDER BY order are caught; ties and descending keys are respected")
    func orderCheck() {
        let keys = [AnswerComparator.SortKey(column: 0, descending: true), .init(column: 1, descending: false)]
        let inOrder: [[AnswerValue]] = [
            [.exact("10"), .text("a")], [.exact("10"), .text("b")], [.exact("9.5"), .text("a")],
        ]
        #expect(AnswerComparator.orderDifferences("Q0", rows: inOrder, keys: keys) == [])
        let swapped = [inOrder[1], inOrder[0], inOrder[2]]
        let problems = AnswerComparator.orderDifferences("Q0", rows: swapped, keys: keys)
        #expect(problems == ["Q0: rows 1 and 2 are out of ORDER BY order on column 2: [10, 'b'] then [10, 'a']"])
        #expect(AnswerComparator.orderDifferences("Q0", rows: inOrder.reversed(), keys: keys).count == 2)
    }

    @Test("ORDER BY keys are read from the query text by output column name")
    func sortKeys() {
        let q2 = ["s_acctbal", "s_name", "n_name", "p_partkey", "p_mfgr", "s_address", "s_phone", "s_comment"]
        #expect(
            AnswerComparator.sortKeys(sql: TPCHQueries.query(2), columns: q2) == [
                .init(column: 0, descending: true), .init(column: 2, descending: false),
                .init(column: 1, descending: false), .init(column: 3, descending: false),
            ])
        #expect(AnswerComparator.sortKeys(sql: TPCHQueries.query(6), columns: ["revenue"]) == [])
        #expect(AnswerComparator.sortKeys(sql: "select a from t order by b", columns: ["a"]) == nil)
    }

    @Test("fixture CSV: quoted commas and quotes, NULL against the empty string; a short row names its line")
    func referenceParsing() throws {
        let answer = try ReferenceAnswer(csv: "a:VARCHAR,\"b:DECIMAL(38,2)\"\n\"x, \"\"y\"\"\",1.50\n,\n\"\",2\n")
        #expect(answer.columns == [.init(name: "a", type: "VARCHAR"), .init(name: "b", type: "DECIMAL(38,2)")])
        #expect(answer.rows == [["x, \"y\"", "1.50"], [nil, nil], ["", "2"]])
        #expect(throws: ReferenceAnswerError.self) { try ReferenceAnswer(csv: "a:VARCHAR,b:INTEGER\n1,2\n3\n") }
        #expect(throws: ReferenceAnswerError.self) { try ReferenceAnswer(csv: "a\n") }
        #expect(throws: ReferenceAnswerError.self) { try ReferenceAnswer(csv: "a:VARCHAR\n\"open\n") }
    }

    @Test("every reference answer parses and follows its query's ORDER BY", arguments: ["0.01", "0.1"], 1...22)
    func referenceAnswersAreOrdered(scale: String, query: Int) throws {
        let answer = try ReferenceAnswer.tpch(query, scale: scale)
        #expect(!answer.rows.isEmpty)
        let keys = try #require(
            AnswerComparator.sortKeys(sql: TPCHQueries.query(query), columns: answer.columns.map(\.name)))
        #expect(keys.isEmpty == [6, 14, 17, 19].contains(query), "Q6, Q14, Q17, Q19 alone have no ORDER BY")
        let problems = AnswerComparator.orderDifferences(
            "Q\(query)", rows: AnswerComparator.values(answer), keys: keys)
        #expect(problems == [])
    }

    @Test(
        "a result built from each reference answer passes against it; changing one value of it fails", arguments: 1...22
    )
    func referenceAgainstItself(query: Int) throws {
        let answer = try ReferenceAnswer.tpch(query, scale: "0.01")
        let (schema, rows) = try Self.result(from: answer)
        #expect(AnswerComparator.differences("Q\(query)", schema: schema, actual: rows, expected: answer) == [])
        var changed = rows
        let last = changed.count - 1
        changed[last][0] =
            switch changed[last][0] {
            case .utf8(let text): .utf8(text + "x")
            case .int64(let value): .int64(value + 1)
            case .int32(let value): .int32(value + 1)
            case .decimal(let value, let precision, let scale): .decimal(value + 1, precision: precision, scale: scale)
            case .float64(let value): .float64(value * 1.001 + 1)
            case .date32(let days): .date32(days + 1)
            default: .float64(1)
            }
        let problems = AnswerComparator.differences("Q\(query)", schema: schema, actual: changed, expected: answer)
        #expect(
            !problems.isEmpty && problems.allSatisfy { $0.hasPrefix("Q\(query) (rows sorted) row ") }, "\(problems)")
    }

    /// The reference's rows as our engine would type them: DECIMAL(p,s) as decimal128(38,s), DOUBLE as float64,
    /// BIGINT and HUGEINT as int64, INTEGER as int32, DATE as date32, VARCHAR as utf8.
    static func result(from answer: ReferenceAnswer) throws -> (Schema, [[Scalar]]) {
        let types: [DataType] = try answer.columns.map { column in
            switch column.type {
            case "VARCHAR": return .utf8
            case "DATE": return .date32
            case "DOUBLE": return .float64
            case "INTEGER": return .int32
            case "BIGINT", "HUGEINT": return .int64
            case let type where type.hasPrefix("DECIMAL("):
                let scale = try #require(Int(type.dropLast().split(separator: ",").last ?? ""))
                return .decimal128(precision: 38, scale: scale)
            default: throw ReferenceAnswerError(line: 1, message: "unexpected type \(column.type)")
            }
        }
        let rows: [[Scalar]] = try answer.rows.map { row in
            try zip(row, types).map { text, type in
                guard let text else { return .null }
                switch type {
                case .utf8: return .utf8(text)
                case .date32: return .date32(try Date32.parse(Substring(text)))
                case .float64: return .float64(try #require(Double(text)))
                case .int32: return .int32(try #require(Int32(text)))
                case .int64: return .int64(try #require(Int64(text)))
                case .decimal128(let precision, let scale):
                    let value = try Decimal128.parse(Substring(text), precision: precision, scale: scale)
                    return .decimal(value, precision: precision, scale: scale)
                default: return .null
                }
            }
        }
        let schema = Schema(zip(answer.columns, types).map { Field($0.name, $1) })
        return (schema, rows)
    }
}
