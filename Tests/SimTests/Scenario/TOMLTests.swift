import ClusterSim
import Testing

/// The TOML subset parser: every value kind, locations, tables, and located errors.
@Suite("TOML subset parser")
struct TOMLTests {
    static func parse(_ text: String) throws -> TOMLTable { try TOML.parse(text, fileName: "t.toml") }

    /// The error `text` throws (fails the test when it parses).
    static func failure(_ text: String) -> ScenarioError? {
        do {
            _ = try parse(text)
            Issue.record("expected an error for: \(text)")
            return nil
        } catch let error as ScenarioError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    @Test("basic, literal and both multi-line string forms decode escapes, trimming and closing quotes as TOML says")
    func strings() throws {
        let table = try Self.parse(
            #"""
            a = "tab\there \"q\" \\ \u00E9 \U0001F600"
            b = 'C:\path\no escapes'
            c = """
            line one
            line two\
                joined"""
            d = '''
            raw \n '' here'''
            e = """ends with quotes"""""
            f = ''
            """#)
        #expect(table["a"]?.string == "tab\there \"q\" \\ é 😀")
        #expect(table["b"]?.string == #"C:\path\no escapes"#)
        #expect(table["c"]?.string == "line one\nline twojoined")
        #expect(table["d"]?.string == #"raw \n '' here"#)
        #expect(table["e"]?.string == "ends with quotes\"\"")
        #expect(table["f"]?.string == "")
    }

    @Test("integers with underscores, signs and radix prefixes, floats with exponents, inf and nan, booleans")
    func numbersAndBooleans() throws {
        let table = try Self.parse(
            """
            i1 = 1_000_000
            i2 = -17
            i3 = +5
            i4 = 0xff
            i5 = 0o17
            i6 = 0b101
            i7 = 9223372036854775807
            f1 = 0.5
            f2 = -1.5e-3
            f3 = 6E2
            f4 = inf
            f5 = -inf
            f6 = nan
            t = true
            n = false
            """)
        #expect(table["i1"]?.integer == 1_000_000)
        #expect(table["i2"]?.integer == -17)
        #expect(table["i3"]?.integer == 5)
        #expect(table["i4"]?.integer == 255)
        #expect(table["i5"]?.integer == 15)
        #expect(table["i6"]?.integer == 5)
        #expect(table["i7"]?.integer == Int64.max)
        #expect(table["f1"]?.content == .float(0.5))
        #expect(table["f2"]?.content == .float(-0.0015))
        #expect(table["f3"]?.content == .float(600))
        #expect(table["f4"]?.content == .float(.infinity))
        #expect(table["f5"]?.content == .float(-.infinity))
        #expect(table["f6"]?.number?.isNaN == true)
        #expect(table["t"]?.boolean == true)
        #expect(table["n"]?.boolean == false)
    }

    @Test("multi-line arrays with comments and a trailing comma, nested arrays and inline tables")
    func arraysAndInlineTables() throws {
        let table = try Self.parse(
            """
            a = [
              1,  # one
              2,
            ]
            b = [[1, 2], ["x"]]
            c = { x = 1, y.z = "deep" }
            d = []
            """)
        #expect(table["a"]?.array?.compactMap(\.integer) == [1, 2])
        #expect(table["b"]?.array?[1].array?.first?.string == "x")
        #expect(table["c"]?.table?["x"]?.integer == 1)
        #expect(table["c"]?.table?["y"]?.table?["z"]?.string == "deep")
        #expect(table["d"]?.array?.isEmpty == true)
    }

    @Test("tables, nested tables, arrays of tables, quoted and dotted keys land in the right place, in order")
    func tables() throws {
        let table = try Self.parse(
            """
            top = 1
            [cluster]
            workers = 3
            [cluster.network]
            latency_us = 200
            [[faults]]
            kind = "crash"
            [[faults]]
            kind = "drop"
            [[cluster.worker]]
            index = 1
            ["quoted key"]
            'lit' = 2
            [dotted]
            a.b.c = 3
            a.b.d = 4
            """)
        #expect(table.keys == ["top", "cluster", "faults", "quoted key", "dotted"])
        let cluster = try #require(table["cluster"]?.table)
        #expect(cluster.keys == ["workers", "network", "worker"])
        #expect(cluster["network"]?.table?["latency_us"]?.integer == 200)
        #expect(cluster["worker"]?.array?.first?.table?["index"]?.integer == 1)
        #expect(table["faults"]?.array?.compactMap { $0.table?["kind"]?.string } == ["crash", "drop"])
        #expect(table["quoted key"]?.table?["lit"]?.integer == 2)
        let b = table["dotted"]?.table?["a"]?.table?["b"]?.table
        #expect(b?["c"]?.integer == 3 && b?["d"]?.integer == 4)
    }

    @Test("values and keys keep their line and column, counted in characters after tabs and non-ASCII text")
    func locations() throws {
        let table = try Self.parse("# comment\n\t x = 'é'   \n[s]\n  y   =   [1,\n 2]\n")
        #expect(table.entry("x")?.keyLocation == SourceLocation(line: 2, column: 3))
        #expect(table["x"]?.location == SourceLocation(line: 2, column: 7))
        #expect(table["s"]?.location == SourceLocation(line: 3, column: 1))
        let y = try #require(table["s"]?.table?["y"])
        #expect(y.location == SourceLocation(line: 4, column: 11))
        #expect(y.array?[1].location == SourceLocation(line: 5, column: 2))
    }

    @Test("CRLF line endings parse like LF, inside multi-line strings too")
    func crlf() throws {
        let table = try Self.parse("a = 1\r\nb = '''\r\nx\r\ny'''\r\n")
        #expect(table["a"]?.integer == 1)
        #expect(table["b"]?.string == "x\ny")
    }

    @Test("duplicate keys and tables are errors naming the first definition's line")
    func duplicates() throws {
        let key = Self.failure("a = 1\nb = 2\na = 3")
        #expect(key?.line == 3 && key?.column == 1)
        #expect(key?.message == "duplicate key 'a'; it is already defined at line 1")
        let table = Self.failure("[x]\na = 1\n[y]\n[x]")
        #expect(table?.line == 4 && table?.message.contains("duplicate table [x]") == true)
        let dotted = Self.failure("a.b = 1\na.b.c = 2")
        #expect(dotted?.line == 2)
        let mixed = Self.failure("[a]\n[[a]]")
        #expect(mixed?.message.contains("not as an array of tables") == true)
        let inline = Self.failure("a = { b = 1 }\n[a.c]")
        #expect(inline?.line == 2)
        let inlineDuplicate = Self.failure("a = { b = 1, b = 2 }")
        #expect(inlineDuplicate?.column == 14)
    }

    @Test("every syntax error renders file:line:col, the source line, a caret under the column, and a hint")
    func renderedErrors() throws {
        let cases: [(text: String, line: Int, column: Int, message: String)] = [
            ("name = quick", 1, 8, "expected a value, found the bare word 'quick'"),
            ("a = \"open", 1, 5, "the string that starts here is not closed on its line"),
            ("a = '''never", 1, 5, "the multi-line string that starts here is never closed"),
            ("a = \"bad \\q\"", 1, 10, "unknown escape '\\q'"),
            ("a = \"\\uD800\"", 1, 6, "\\uD800 is not a Unicode scalar value"),
            ("a = [1, 2", 1, 10, "the array opened at line 1, column 5 is never closed"),
            ("a = [1 2]", 1, 8, "expected ',' or ']' in the array, found '2'"),
            ("a = { b = 1 c = 2 }", 1, 13, "expected ',' or '}' in the inline table, found 'c'"),
            ("a = 1 b = 2", 1, 7, "expected the end of the line, found 'b'"),
            ("a 1", 1, 3, "expected '=' after the key 'a', found '1'"),
            ("= 1", 1, 1, "expected a key, found '='"),
            ("[table", 1, 7, "expected ']' to close the table header, found the end of the file"),
            ("a = 99999999999999999999", 1, 5, "the integer 99999999999999999999 does not fit in 64 bits"),
            ("a = 1e999", 1, 5, "the float 1e999 is out of range"),
            ("a = 1__0", 1, 5, "'1__0' is not a valid number"),
            ("a = 01", 1, 5, "'01' is not a valid number"),
            ("a = 1979-05-27", 1, 5, "dates and times are not supported in scenario files"),
            ("a =", 1, 4, "expected a value, found the end of the file"),
            ("a = \"x\u{01}\"", 1, 7, "a string cannot contain the control character U+1"),
            ("a = '''x''''''", 1, 9, "too many quotes at the end of a multi-line string"),
            ("\"\"\"k\"\"\" = 1", 1, 1, "a key cannot be a multi-line string"),
        ]
        for (text, line, column, message) in cases {
            let error = try #require(Self.failure(text), "\(text)")
            #expect(error.file == "t.toml")
            #expect((error.line, error.column) == (line, column), "\(text): \(error.line):\(error.column)")
            #expect(error.message == message, "\(text)")
            #expect(!error.hint.isEmpty, "\(text)")
            let rendered = error.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(rendered.first == "t.toml:\(line):\(column): error: \(message)")
            #expect(rendered.count == 4, "\(text): \(rendered)")
            if rendered.count == 4 {
                #expect(
                    rendered[1] == text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1].description)
                #expect(rendered[2] == String(repeating: " ", count: column - 1) + "^")
                #expect(rendered[3] == "hint: \(error.hint)")
            }
        }
    }

    @Test("the caret keeps tabs of the source line so it lines up under tab-indented text")
    func caretWithTabs() throws {
        let error = try #require(Self.failure("\ta = @"))
        #expect(
            error.render() == "t.toml:1:6: error: expected a value, found '@'\n\ta = @\n\t    ^\nhint: \(error.hint)")
    }

    @Test("nesting deeper than 64 arrays is an error, not a stack overflow")
    func depthLimit() throws {
        let error = Self.failure("a = " + String(repeating: "[", count: 10_000))
        #expect(error?.message == "arrays and inline tables nest deeper than 64 levels")
    }
}
