import ArrowLite
import Testing

@Suite struct CSVErrorTests {
    static let orders = Schema([
        Field("o_orderkey", .int64), Field("o_orderstatus", .utf8), Field("o_orderdate", .date32),
    ])

    func error(_ text: String, schema: Schema = orders, options: CSVOptions = .init(hasHeader: false)) -> ArrowError? {
        do {
            _ = try CSV.read(Array(text.utf8), schema: schema, options: options, fileName: "orders.csv")
            return nil
        } catch let error as ArrowError {
            return error
        } catch {
            return nil
        }
    }

    @Test("an unparsable date names the file, line, column, field and value")
    func badDate() {
        let e = error("1,O,1996-01-02\n2,F,1995-13-01\n")
        #expect(
            e
                == .csv(
                    file: "orders.csv", line: 2, column: 5,
                    message:
                        "expected a date32 (YYYY-MM-DD, a day that exists) in field 'o_orderdate' (3 of 3), found '1995-13-01'"
                ))
    }

    @Test("a line with too few fields names the line and suggests checking the delimiter")
    func tooFewFields() {
        guard case .csv(_, let line, _, let message)? = error("1,O,1996-01-02\n2;F;1995-12-01\n") else {
            Issue.record("expected a CSV error")
            return
        }
        #expect(line == 2)
        #expect(message.hasPrefix("expected 3 fields, found 1"))
        #expect(message.contains("delimiter"))
    }

    @Test("a line with too many fields points at the first extra field")
    func tooManyFields() {
        #expect(
            error("1,O,1996-01-02,extra\n")
                == .csv(
                    file: "orders.csv", line: 1, column: 16,
                    message: "expected 3 fields, found 4 (fields are separated by ','; check the delimiter and quoting)"
                ))
    }

    @Test("an integer that overflows int64 is an error, not a wrap")
    func overflow() {
        guard case .csv(_, 1, 1, let message)? = error("99999999999999999999,O,1996-01-02\n") else {
            Issue.record("expected a CSV error at 1:1")
            return
        }
        #expect(message.contains("int64"))
    }

    @Test("an unterminated quote names where it opened")
    func unterminatedQuote() {
        #expect(
            error("1,\"O,1996-01-02\n2,F,1995-12-01\n")
                == .csv(
                    file: "orders.csv", line: 1, column: 3,
                    message: "the quoted field opened here never closes (expected a closing quote before the end)"))
    }

    @Test("text after a closing quote is an error")
    func textAfterQuote() {
        #expect(
            error("1,\"O\"x,1996-01-02\n")
                == .csv(
                    file: "orders.csv", line: 1, column: 6,
                    message: "expected a delimiter or the end of the line after a closing quote, found 'x'"))
    }

    @Test("a header that disagrees with the schema names the column")
    func headerMismatch() {
        let e = error("o_orderkey,status,o_orderdate\n", options: .init())
        #expect(
            e
                == .csv(
                    file: "orders.csv", line: 1, column: 12,
                    message: "the header names column 2 'status', the schema calls it 'o_orderstatus'"))
    }

    @Test("a NULL in a non-nullable field is refused")
    func nonNullable() {
        // A quoted "" is an empty value, not NULL: for an int64 it is an unparsable value instead.
        let schema = Schema([Field("k", .int64, nullable: false)])
        #expect(
            error("\n1\n\"\"\n", schema: schema)
                == .csv(
                    file: "orders.csv", line: 3, column: 1,
                    message:
                        "expected an int64 (a whole number from -9223372036854775808 to 9223372036854775807) in field 'k' (1 of 1), found ''"
                ))
        let pair = Schema([Field("k", .int64, nullable: false), Field("v", .int64)])
        #expect(
            error("1,NULL\nNULL,2\n", schema: pair, options: CSVOptions(hasHeader: false, nullToken: "NULL"))
                == .csv(
                    file: "orders.csv", line: 2, column: 1,
                    message:
                        "expected a value in field 'k' (1 of 2), which is not nullable, found the null token 'NULL'"))
    }

    @Test("a .tbl line missing its trailing delimiter is reported")
    func tblWithoutTrailingDelimiter() {
        guard case .csv(_, 2, _, let message)? = error("1|O|1996-01-02|\n2|F|1995-12-01\n", options: .tbl) else {
            Issue.record("expected a CSV error on line 2")
            return
        }
        #expect(message.contains("end with the delimiter"))
    }

    @Test("the column counts characters, not bytes, after multi-byte text")
    func characterColumns() {
        let schema = Schema([Field("name", .utf8), Field("n", .int64)])
        #expect(
            error("grüße,x\n", schema: schema)
                == .csv(
                    file: "orders.csv", line: 1, column: 7,
                    message:
                        "expected an int64 (a whole number from -9223372036854775808 to 9223372036854775807) in field 'n' (2 of 2), found 'x'"
                ))
    }

    @Test("comma-separated text read as .tbl is a field-count error that names the '|' delimiter")
    func csvReadAsTbl() {
        #expect(
            error("1,O,1996-01-02\n", options: .tbl)
                == .csv(
                    file: "orders.csv", line: 1, column: 1,
                    message:
                        "expected 3 fields, found 1 (fields are separated by '|', every line ending with it; check the delimiter and quoting)"
                ))
    }

    @Test("a header with too few names points at its last name")
    func shortHeader() {
        #expect(
            error("o_orderkey,o_orderstatus\n", options: .init())
                == .csv(
                    file: "orders.csv", line: 1, column: 12,
                    message:
                        "expected a header of 3 column names, found 2 (fields are separated by ','; check the delimiter and quoting)"
                ))
    }

    @Test("the error's line counts the line breaks inside earlier quoted fields, and CRLF as one break")
    func linesAfterQuotedBreaks() {
        let text = "1,\"two\r\nlines\",1996-01-02\r\n2,F,1996-02-30\r\n"
        #expect(
            error(text)
                == .csv(
                    file: "orders.csv", line: 3, column: 5,
                    message:
                        "expected a date32 (YYYY-MM-DD, a day that exists) in field 'o_orderdate' (3 of 3), found '1996-02-30'"
                ))
    }

    @Test("int32 overflow and an unknown boolean word are located errors, not wraps or guesses")
    func int32Overflow() {
        let schema = Schema([Field("n", .int32), Field("b", .boolean)])
        #expect(
            error("2147483648,true\n", schema: schema)
                == .csv(
                    file: "orders.csv", line: 1, column: 1,
                    message:
                        "expected an int32 (a whole number from -2147483648 to 2147483647) in field 'n' (1 of 2), found '2147483648'"
                ))
        #expect(
            error("1,yes\n", schema: schema)
                == .csv(
                    file: "orders.csv", line: 1, column: 3,
                    message: "expected a boolean (true, false, t, f, 1, 0) in field 'b' (2 of 2), found 'yes'"))
    }

    @Test("invalid UTF-8 in a utf8 field (overlong, surrogate, truncated, stray continuation) is a located error")
    func invalidUTF8() throws {
        let schema = Schema([Field("n", .int64), Field("name", .utf8)])
        for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE6, 0x97], [0x80], [0xF4, 0x90, 0x80, 0x80]] {
            let text = Array("1,ok\n2,a".utf8) + bad + [0x0A]
            do {
                _ = try CSV.read(text, schema: schema, options: .init(hasHeader: false), fileName: "u.csv")
                Issue.record("accepted invalid UTF-8 \(bad)")
            } catch ArrowError.csv(let file, let line, let column, let message) {
                #expect(file == "u.csv" && line == 2 && column == 3)
                #expect(message.hasPrefix("expected valid UTF-8 text in field 'name' (2 of 2)"))
            }
        }
        let good = try CSV.read(Array("1,grüße 日本 🎉\n".utf8), schema: schema, options: .init(hasHeader: false))
        #expect(good[0].columns[1].scalar(at: 0) == .utf8("grüße 日本 🎉"))
    }
}
