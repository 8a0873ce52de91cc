import PlanKit
import Testing

@Suite("the SQL lexer") struct LexerTests {
    private func kinds(_ sql: String) throws -> [TokenKind] {
        try Lexer.tokenize(sql).map(\.kind)
    }

    @Test("keywords match in any letter case; unquoted names fold to lower case, quoted names keep theirs")
    func keywordsAndNames() throws {
        #expect(
            try kinds("SeLeCt L_Tax, \"MixedCase\", \"a\"\"b\" from") == [
                .keyword(.select), .identifier("l_tax"), .symbol(.comma), .quotedIdentifier("MixedCase"),
                .symbol(.comma), .quotedIdentifier("a\"b"), .keyword(.from), .endOfInput,
            ])
    }

    @Test("numbers keep their exact text: integers, decimals, leading-dot and trailing-dot decimals")
    func numbers() throws {
        #expect(
            try kinds("42 0.05 .05 7. 100.00") == [
                .integer("42"), .decimal("0.05"), .decimal(".05"), .decimal("7."), .decimal("100.00"), .endOfInput,
            ])
    }

    @Test("string literals turn '' into ' and may span lines")
    func strings() throws {
        #expect(try kinds("'it''s' '' 'a\nb'") == [.string("it's"), .string(""), .string("a\nb"), .endOfInput])
    }

    @Test("every operator and punctuation mark, with != read as <>")
    func operators() throws {
        #expect(
            try kinds("= <> != < <= > >= + - * / || ( ) , . ;") == [
                .symbol(.equal), .symbol(.notEqual), .symbol(.notEqual), .symbol(.less), .symbol(.lessOrEqual),
                .symbol(.greater), .symbol(.greaterOrEqual), .symbol(.plus), .symbol(.minus), .symbol(.star),
                .symbol(.slash), .symbol(.concatenate), .symbol(.leftParenthesis), .symbol(.rightParenthesis),
                .symbol(.comma), .symbol(.dot), .symbol(.semicolon), .endOfInput,
            ])
    }

    @Test("line comments and block comments are skipped; '-' and '/' alone are operators")
    func comments() throws {
        #expect(
            try kinds("a -- note\n- b /* x\n y */ / c") == [
                .identifier("a"), .symbol(.minus), .identifier("b"), .symbol(.slash), .identifier("c"), .endOfInput,
            ])
    }

    @Test("tokens carry byte offset, line and column; columns count characters, not bytes")
    func locations() throws {
        let tokens = try Lexer.tokenize("select\n  'grüße', x\n\tfrom")
        #expect(
            tokens.map(\.location) == [
                SQLLocation(offset: 0, line: 1, column: 1),
                SQLLocation(offset: 9, line: 2, column: 3),
                SQLLocation(offset: 18, line: 2, column: 10),
                SQLLocation(offset: 20, line: 2, column: 12),
                SQLLocation(offset: 23, line: 3, column: 2),
                SQLLocation(offset: 27, line: 3, column: 6),
            ])
        #expect(tokens[1].text == "'grüße'")
    }

    @Test("the end-of-input token sits just after the last token, not after trailing comments")
    func endLocation() throws {
        let tokens = try Lexer.tokenize("select 1   -- trailing\n\n")
        #expect(tokens.last == Token(kind: .endOfInput, text: "", location: SQLLocation(offset: 8, line: 1, column: 9)))
    }

    @Test("malformed text is a located SQLError: unterminated string, name and comment, bad number, stray character")
    func lexicalErrors() {
        let cases: [(String, String, SQLLocation)] = [
            ("select 'abc", "unterminated string literal", SQLLocation(offset: 7, line: 1, column: 8)),
            ("select \"abc", "unterminated quoted name", SQLLocation(offset: 7, line: 1, column: 8)),
            ("select 1 /* x", "unterminated comment", SQLLocation(offset: 9, line: 1, column: 10)),
            ("select 12ab", "malformed number '12ab'", SQLLocation(offset: 7, line: 1, column: 8)),
            ("select\n a # b", "unexpected character '#'", SQLLocation(offset: 10, line: 2, column: 4)),
            ("select \"\"", "empty quoted name", SQLLocation(offset: 7, line: 1, column: 8)),
        ]
        for (sql, message, location) in cases {
            let error = sqlError { () throws(SQLError) in _ = try Lexer.tokenize(sql) }
            #expect(error?.message == message, "\(sql)")
            #expect(error?.location == location, "\(sql)")
        }
    }
}
