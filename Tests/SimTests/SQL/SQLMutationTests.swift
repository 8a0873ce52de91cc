import ArrowLite
import PlanKit
import TPCH
import Testing

/// Feeds seeded mutations of the 22 TPC-H queries to the parser. Each input must parse (and then print back, in
/// both layouts, to text that parses to the same tree) or throw an `SQLError` located inside the input; a trap ends
/// the test run.
@Suite("the SQL parser survives seeded mutations") struct SQLMutationTests {
    /// Extra tokens to insert, chosen to break things: unbalanced brackets, quotes, comment openers, keywords.
    static let hostileTokens = [
        "(", ")", "'", "\"", "/*", "--", "!", "|", ":", "#", "1.2.3", "12ab", "select", "from", "where", "not",
        "exists", "in", "between", "and", "or", "case", "when", "end", "interval", "date", "cast", "extract",
        "substring", "join", "on", "as", ",", ";", ".", "*", "-", "+", "grüße", "\"q\"\"x\"", "'it''s'", "group",
    ]

    @Test("2,200 token mutations (delete, insert, swap, duplicate) parse or throw a located SQLError")
    func tokenMutations() throws {
        let tokenLists = try TPCHQueries.all.map { query in
            try Lexer.tokenize(query).filter { $0.kind != .endOfInput }.map(\.text)
        }
        let pool = tokenLists.flatMap { $0 } + Self.hostileTokens
        var random = SplitMix64(seed: 0x5EED_5A1)
        var outcome = Outcome()
        for (index, original) in tokenLists.enumerated() {
            for _ in 0..<100 {
                var tokens = original
                for _ in 0...random.below(3) { Self.mutate(&tokens, pool: pool, random: &random) }
                outcome.record(tokens.joined(separator: random.below(2) == 0 ? " " : "\n"), query: index + 1)
            }
        }
        #expect(outcome.inputs == 2_200)
        #expect(outcome.parsed > 50 && outcome.failed > 1_000, "the mutations exercise both outcomes")
    }

    @Test("440 character mutations (delete, insert, replace bytes of text) parse or throw a located SQLError")
    func characterMutations() {
        let characters = Array("()'\"*/-;,.!|:#\n\t abz09é")
        var random = SplitMix64(seed: 0xC4A2)
        var outcome = Outcome()
        for (index, query) in TPCHQueries.all.enumerated() {
            for _ in 0..<20 {
                var text = Array(query)
                for _ in 0...random.below(4) {
                    let position = random.below(text.count + 1)
                    switch random.below(3) {
                    case 0 where position < text.count: text.remove(at: position)
                    case 1 where position < text.count: text[position] = characters[random.below(characters.count)]
                    default: text.insert(characters[random.below(characters.count)], at: position)
                    }
                }
                outcome.record(String(text), query: index + 1)
            }
        }
        #expect(outcome.inputs == 440 && outcome.failed > 100)
    }

    private static func mutate(_ tokens: inout [String], pool: [String], random: inout SplitMix64) {
        guard !tokens.isEmpty else {
            tokens.append(pool[random.below(pool.count)])
            return
        }
        let position = random.below(tokens.count)
        switch random.below(4) {
        case 0: tokens.remove(at: position)
        case 1: tokens.insert(pool[random.below(pool.count)], at: position)
        case 2: tokens.swapAt(position, random.below(tokens.count))
        default: tokens.insert(tokens[position], at: position)
        }
    }

    /// Counts outcomes and checks each one.
    private struct Outcome {
        var inputs = 0
        var parsed = 0
        var failed = 0

        mutating func record(_ sql: String, query: Int) {
            inputs += 1
            let statements: [Statement]
            do throws(SQLError) {
                statements = try SQLParser.parseScript(sql)
            } catch {
                failed += 1
                let lines = sql.split(separator: "\n", omittingEmptySubsequences: false)
                let location = error.location
                let inside =
                    location.offset >= 0 && location.offset <= sql.utf8.count && location.line >= 1
                    && location.line <= lines.count && location.column >= 1
                    && location.column <= lines[location.line - 1].unicodeScalars.count + 1
                #expect(inside, "Q\(query) mutation: error outside the input: \(error) for \(sql)")
                #expect(!error.render(sql: sql).isEmpty)
                return
            }
            parsed += 1
            for formatter in [SQLFormatter(), SQLFormatter(layout: .indented)] {
                let printed = statements.map(formatter.format).joined(separator: ";\n")
                let reparsed = sqlError { () throws(SQLError) in
                    #expect(try SQLParser.parseScript(printed) == statements, "Q\(query) mutation reprints differently")
                }
                #expect(reparsed == nil, "Q\(query) mutation prints as text that does not parse: \(printed)")
            }
        }
    }
}
