/// dbgen's pool of pseudo-English text: 300 MiB of sentences generated once from the specification's grammar with a
/// fixed seed. Every comment column is a random slice of it.
struct TextPool: Sendable {
    static let defaultSize = 300 * 1024 * 1024
    static let maximumSentenceLength = 256
    static let the = ImmortalBytes(Array(" the ".utf8))

    let bytes: ImmortalBytes
    var size: Int { bytes.count }

    /// The shared pool, built on first use (about 300 MiB; a few seconds in a release build).
    static let shared = TextPool(size: defaultSize, distributions: .shared)

    init(size: Int, distributions: Distributions) {
        var random = RowRandomInt(seed: 933_588_178, seedsPerRow: Int32.max)
        let text = ByteWriter(capacity: size + TextPool.maximumSentenceLength)
        let generator = SentenceWriter(distributions: distributions)
        while text.count < size { generator.sentence(into: text, &random) }
        text.truncate(to: size)
        bytes = ImmortalBytes(text.bytes)
    }

    /// Bytes `start..<end` of the pool.
    @inline(__always)
    func text(_ start: Int, _ end: Int) -> UnsafeRawBufferPointer { bytes.slice(start, end - start) }
}

/// Writes sentences of the TPC-H text grammar: a sentence is noun, verb and prepositional phrases and a terminator.
private struct SentenceWriter {
    let d: Distributions

    init(distributions: Distributions) { d = distributions }

    func sentence(into out: ByteWriter, _ random: inout RowRandomInt) {
        let syntax = d.grammar.randomValue(&random)
        for position in stride(from: 0, to: syntax.count, by: 2) {
            switch syntax[position] {
            case UInt8(ascii: "V"): verbPhrase(into: out, &random)
            case UInt8(ascii: "N"): nounPhrase(into: out, &random)
            case UInt8(ascii: "P"):
                out.append(d.prepositions.randomValue(&random))
                out.append(TextPool.the.slice(0, 5))
                nounPhrase(into: out, &random)
            case UInt8(ascii: "T"):
                out.removeLast()
                out.append(d.terminators.randomValue(&random))
            default: preconditionFailure("unknown grammar token in \(String(decoding: syntax, as: UTF8.self))")
            }
            if out.last != UInt8(ascii: " ") { out.append(UInt8(ascii: " ")) }
        }
    }

    private func verbPhrase(into out: ByteWriter, _ random: inout RowRandomInt) {
        let syntax = d.verbPhrases.randomValue(&random)
        for position in stride(from: 0, to: syntax.count, by: 2) {
            // Each case reads its distribution in place: copying the struct would retain its arrays per word.
            switch syntax[position] {
            case UInt8(ascii: "D"): out.append(d.adverbs.randomValue(&random))
            case UInt8(ascii: "V"): out.append(d.verbs.randomValue(&random))
            case UInt8(ascii: "X"): out.append(d.auxiliaries.randomValue(&random))
            default: preconditionFailure("unknown verb phrase token")
            }
            out.append(UInt8(ascii: " "))
        }
    }

    private func nounPhrase(into out: ByteWriter, _ random: inout RowRandomInt) {
        let syntax = d.nounPhrases.randomValue(&random)
        for token in syntax {
            switch token {
            case UInt8(ascii: "A"): out.append(d.articles.randomValue(&random))
            case UInt8(ascii: "J"): out.append(d.adjectives.randomValue(&random))
            case UInt8(ascii: "D"): out.append(d.adverbs.randomValue(&random))
            case UInt8(ascii: "N"): out.append(d.nouns.randomValue(&random))
            case UInt8(ascii: ","):
                out.removeLast()
                out.append(UInt8(ascii: ","))
                out.append(UInt8(ascii: " "))
                continue
            case UInt8(ascii: " "): continue
            default: preconditionFailure("unknown noun phrase token")
            }
            out.append(UInt8(ascii: " "))
        }
    }
}
