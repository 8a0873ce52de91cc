#if canImport(Glibc)
    import Glibc
#endif

/// Immortal bytes: text the generator hands out as raw pointers for the life of the process (distribution values,
/// the text pool), so rows can be written without copying or retaining.
struct ImmortalBytes: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let count: Int

    init(_ bytes: [UInt8]) { self.init(bytes.withUnsafeBytes { $0 }) }

    init(_ bytes: UnsafeRawBufferPointer) {
        let large = bytes.count >= ImmortalBytes.hugePageSize
        let pointer = UnsafeMutableRawPointer.allocate(
            byteCount: max(1, bytes.count), alignment: large ? ImmortalBytes.hugePageSize : 16)
        if large { ImmortalBytes.adviseHugePages(pointer, bytes.count) }
        if let base = bytes.baseAddress { pointer.copyMemory(from: base, byteCount: bytes.count) }
        self.pointer = pointer
        count = bytes.count
    }

    @inline(__always)
    func slice(_ start: Int, _ length: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: pointer + start, count: length)
    }

    /// Linux's transparent huge page size.
    static let hugePageSize = 2 << 20

    /// Asks Linux to back the area with 2 MiB pages. Comments are slices at random offsets of the 300 MiB text pool,
    /// so with 4 KiB pages nearly every comment costs a TLB miss and page walk on top of its cache miss; 150 huge
    /// pages fit the TLB. Only advice: where the kernel declines, or elsewhere, nothing changes but speed.
    private static func adviseHugePages(_ pointer: UnsafeMutableRawPointer, _ byteCount: Int) {
        #if os(Linux)
            _ = madvise(pointer, byteCount, MADV_HUGEPAGE)
        #endif
    }
}

/// A weighted list of strings: `randomValue` picks one with probability proportional to its weight, exactly as
/// dbgen does (one draw of `nextInt(0, totalWeight - 1)` indexing an expanded table).
struct Distribution: Sendable {
    let name: String
    private let bytes: ImmortalBytes
    private let ranges: [(start: Int, length: Int)]
    /// Running sums of the weights (dbgen's cumulative weights).
    let cumulativeWeights: [Int]
    /// For each weight unit, the index of its value; empty when some weight is not positive.
    private let expanded: [Int32]

    init(name: String, members: [(value: String, weight: Int)]) {
        self.name = name
        var all: [UInt8] = []
        var ranges: [(Int, Int)] = []
        var running = 0
        var cumulative: [Int] = []
        var valid = true
        for member in members {
            ranges.append((all.count, member.value.utf8.count))
            all.append(contentsOf: member.value.utf8)
            running += member.weight
            cumulative.append(running)
            valid = valid && member.weight > 0
        }
        var expanded: [Int32] = []
        if valid {
            for (index, member) in members.enumerated() {
                expanded.append(contentsOf: repeatElement(Int32(index), count: member.weight))
            }
        }
        self.bytes = ImmortalBytes(all)
        self.ranges = ranges
        self.cumulativeWeights = cumulative
        self.expanded = expanded
    }

    var count: Int { ranges.count }

    /// The text of value `index`.
    @inline(__always)
    func value(_ index: Int) -> UnsafeRawBufferPointer { bytes.slice(ranges[index].start, ranges[index].length) }

    /// The text of value `index` as a Swift string.
    func string(_ index: Int) -> String { String(decoding: value(index), as: UTF8.self) }

    /// The index of a weighted random value.
    @inline(__always)
    func randomIndex(_ random: inout RowRandomInt) -> Int {
        precondition(!expanded.isEmpty, "distribution \(name) has non-positive weights and cannot be sampled")
        return Int(expanded[Int(random.nextInt(0, Int32(expanded.count - 1)))])
    }

    /// A weighted random value's text.
    @inline(__always)
    func randomValue(_ random: inout RowRandomInt) -> UnsafeRawBufferPointer { value(randomIndex(&random)) }
}

/// Every distribution the generator uses, parsed once from the specification text.
final class Distributions: Sendable {
    let articles, adjectives, adverbs, auxiliaries, grammar, marketSegments, nations, nounPhrases, nouns: Distribution
    let orderPriorities, colors, containers, partTypes, prepositions, regions, returnFlags: Distribution
    let shipInstructions, shipModes, terminators, verbPhrases, verbs: Distribution

    /// The shared instance.
    static let shared = Distributions(text: Distributions.specificationText)

    init(text: String) {
        var parsed: [String: Distribution] = [:]
        var name: String?
        var members: [(String, Int)] = []
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingSpacesTPCH()
            if trimmed.hasPrefix("BEGIN ") {
                name = String(trimmed.dropFirst(6))
                members = []
            } else if trimmed == "END", let current = name {
                parsed[current] = Distribution(name: current, members: members)
                name = nil
            } else if let bar = trimmed.lastIndex(of: "|"), let weight = Int(trimmed[trimmed.index(after: bar)...]) {
                members.append((String(trimmed[..<bar]), weight))
            }
        }
        func take(_ key: String) -> Distribution {
            guard let distribution = parsed[key] else { preconditionFailure("distribution \(key) is missing") }
            return distribution
        }
        articles = take("articles")
        adjectives = take("adjectives")
        adverbs = take("adverbs")
        auxiliaries = take("auxillaries")
        grammar = take("grammar")
        marketSegments = take("msegmnt")
        nations = take("nations")
        nounPhrases = take("np")
        nouns = take("nouns")
        orderPriorities = take("o_oprio")
        colors = take("colors")
        containers = take("p_cntr")
        partTypes = take("p_types")
        prepositions = take("prepositions")
        regions = take("regions")
        returnFlags = take("rflag")
        shipInstructions = take("instruct")
        shipModes = take("smode")
        terminators = take("terminators")
        verbPhrases = take("vp")
        verbs = take("verbs")
    }
}

extension Substring {
    func trimmingSpacesTPCH() -> Substring {
        var s = self
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return s
    }
}
