/// dbgen's pool of pseudo-English text: 300 MiB of sentences generated once from the specification's grammar with a
/// fixed seed. Every comment column is a random slice of it.
struct TextPool: Sendable {
    static let defaultSize = 300 * 1024 * 1024
    static let maximumSentenceLength = 256

    let bytes: ImmortalBytes
    var size: Int { bytes.count }

    /// The shared pool, built on first use (about 300 MiB; a few seconds in a release build).
    static let shared = TextPool(size: defaultSize, distributions: .shared)

    init(size: Int, distributions: Distributions) {
        var random = RowRandomInt(seed: 933_588_178, seedsPerRow: Int32.max)
        var text: [UInt8] = []
        text.reserveCapacity(size + TextPool.maximumSentenceLength)
        var generator = SentenceWriter(distributions: distributions)
        while text.count < size { generator.sentence(into: &text, &random) }
        text.removeLast(text.count - size)
        bytes = ImmortalBytes(text)
    }

    /// Bytes `start..<end` of the pool.
    @inline(__always)
    func text(_ start: Int, _ end: Int) -> UnsafeRawBufferPointer { bytes.slice(start, end - start) }
}

/// Writes sentences of the TPC-H text grammar: a sentence is noun, verb and prepositional phrases and a terminator.
private struct SentenceWriter {
    let d: Distributions

    init(distributions: Distributions) { d = distributions }

    mutating func sentence(into out: inout [UInt8], _ random: inout RowRandomInt) {
        let syntax = d.grammar.randomValue(&random)
        for position in stride(from: 0, to: syntax.count, by: 2) {
            switch syntax[position] {
            case UInt8(ascii: "V"): verbPhrase(into: &out, &random)
            case UInt8(ascii: "N"): nounPhrase(into: &out, &random)
            case UInt8(ascii: "P"):
                out.append(contentsOf: d.prepositions.randomValue(&random))
                out.append(contentsOf: " the ".utf8)
                nounPhrase(into: &out, &random)
            case UInt8(ascii: "T"):
                out.removeLast()
                out.append(contentsOf: d.terminators.randomValue(&random))
            default: preconditionFailure("unknown grammar token in \(String(decoding: syntax, as: UTF8.self))")
            }
            if out.last != UInt8(ascii: " ") { out.append(UInt8(ascii: " ")) }
        }
    }

    private func verbPhrase(into out: inout [UInt8], _ random: inout RowRandomInt) {
        let syntax = d.verbPhrases.randomValue(&random)
        for position in stride(from: 0, to: syntax.count, by: 2) {
            let source: Distribution
            switch syntax[position] {
            case UInt8(ascii: "D"): source = d.adverbs
            case UInt8(ascii: "V"): source = d.verbs
            case UInt8(ascii: "X"): source = d.auxiliaries
            default: preconditionFailure("unknown verb phrase token")
            }
            out.append(contentsOf: source.randomValue(&random))
            out.append(UInt8(ascii: " "))
        }
    }

    private func nounPhrase(into out: inout [UInt8], _ random: inout RowRandomInt) {
        let syntax = d.nounPhrases.randomValue(&random)
        for token in syntax {
            let source: Distribution
            switch token {
            case UInt8(ascii: "A"): source = d.articles
            case UInt8(ascii: "J"): source = d.adjectives
            case UInt8(ascii: "D"): source = d.adverbs
            case UInt8(ascii: "N"): source = d.nouns
            case UInt8(ascii: ","):
                out.removeLast()
                out.append(contentsOf: ", ".utf8)
                continue
            case UInt8(ascii: " "): continue
            default: preconditionFailure("unknown noun phrase token")
            }
            out.append(contentsOf: source.randomValue(&random))
            out.append(UInt8(ascii: " "))
        }
    }
}
