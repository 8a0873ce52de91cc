import ArrowLite

/// A runtime filter (Trino's dynamic filter, Spark's runtime Bloom filter): the key hashes of a join's build side,
/// checked against the probe side's rows before they cross the network. A probe row whose key hash the filter does
/// not hold has no match, so a join that drops unmatched probe rows gives the same result from fewer rows.
///
/// It is a blocked Bloom filter over `Compute.partitionHashes` of the join keys, the hashes both sides' shuffles
/// compute anyway: each key sets 3 bits of one 64-bit word, so a check is one load. With `bitsPerKey` bits per
/// key (rounded up to a power of two words) about 1 % of absent keys pass. A key it holds always passes:
/// false positives cost a little work, never a wrong answer.
public struct RuntimeFilter: Sendable, Hashable {
    /// Bits per key the filter is sized for.
    public static let bitsPerKey = 16
    /// The most words a filter has (1 MiB), however many keys it holds.
    public static let maximumWordCount = 1 << 17
    /// The most keys a filter is built from (so it keeps `bitsPerKey` bits for each).
    public static let maximumKeyCount = maximumWordCount * 64 / bitsPerKey

    /// The bits, a power-of-two count of words.
    public let words: [UInt64]
    /// The key hashes it was built from, repeats included: it is sized for this many keys.
    public let keyCount: Int

    /// A filter holding every hash of `hashes`, sized for `hashes.count` keys (a repeated key takes a key's room:
    /// build sides are mostly unique on their join keys, and sorting the hashes to count them cost more than the
    /// filter saved).
    public init(hashes: [UInt64]) { self.init(pieces: [hashes]) }

    /// A filter holding every hash of every piece (the hashes of each batch of every build task, as their
    /// collectors kept them), as `init(hashes:)` of them end to end, without copying them into one array first.
    public init(pieces: [[UInt64]]) {
        keyCount = pieces.reduce(0) { $0 + $1.count }
        let wanted = max(1, (keyCount * RuntimeFilter.bitsPerKey + 63) / 64)
        var count = 1
        while count < wanted && count < RuntimeFilter.maximumWordCount { count <<= 1 }
        let shift = RuntimeFilter.shift(wordCount: count)
        var words = [UInt64](repeating: 0, count: count)
        words.withUnsafeMutableBufferPointer { bits in
            for piece in pieces {
                piece.withUnsafeBufferPointer { hashes in
                    for hash in hashes {
                        let (word, mask) = RuntimeFilter.slot(hash, shift: shift)
                        bits[word] |= mask
                    }
                }
            }
        }
        self.words = words
    }

    /// The bytes the filter takes on the wire.
    public var byteCount: Int { words.count * 8 }

    /// True when `hash` may be a key of the build side (always true for one that is).
    public func mightContain(_ hash: UInt64) -> Bool {
        let (word, mask) = RuntimeFilter.slot(hash, shift: shift)
        return words[word] & mask == mask
    }

    /// The positions of `hashes` that may be keys of the build side, in order.
    /// - Complexity: O(hashes), one load each. Every position is written and the count advanced by the check's
    ///   outcome, with no branch on it: a filter that keeps a fifth of the rows would mispredict one in five.
    public func selection(_ hashes: [UInt64]) -> [Int32] {
        let shift = self.shift
        return words.withUnsafeBufferPointer { bits in
            hashes.withUnsafeBufferPointer { hashes in
                [Int32](unsafeUninitializedCapacity: hashes.count) { kept, count in
                    var written = 0
                    for index in hashes.indices {
                        let (word, mask) = RuntimeFilter.slot(hashes[index], shift: shift)
                        kept[written] = Int32(truncatingIfNeeded: index)
                        // 1 when no bit of the mask is missing, computed in arithmetic: written as `? 1 : 0`, it
                        // compiled to a branch. Swift 6.3 compiles this to `cmp; adc`; a later toolchain may not,
                        // so look at the assembly if the check's time changes.
                        let missing = ~bits[word] & mask
                        written &+= Int(truncatingIfNeeded: ((missing | (0 &- missing)) &>> 63) ^ 1)
                    }
                    count = written
                }
            }
        }
    }

    /// Shifting a mixed hash right by this many bits gives its word.
    private var shift: UInt64 { RuntimeFilter.shift(wordCount: words.count) }

    /// The shift that leaves as many top bits as a power-of-two `wordCount` needs.
    private static func shift(wordCount: Int) -> UInt64 { UInt64(64 - wordCount.trailingZeroBitCount) }

    /// A hash's word (the top bits of its product with an odd constant) and its 3 bits (from its low 18 bits;
    /// partition hashes mix every key bit into every hash bit).
    @inline(__always)
    private static func slot(_ hash: UInt64, shift: UInt64) -> (word: Int, mask: UInt64) {
        let word = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
        let mask =
            (1 as UInt64) &<< hash | (1 as UInt64) &<< (hash &>> 6) | (1 as UInt64) &<< (hash &>> 12)
        return (word, mask)
    }
}

/// The key hashes one task of a runtime filter's build side emits, up to a limit (past it the filter is dropped:
/// a filter of that many keys would pass most rows and cost its bytes for nothing).
///
/// It keeps each batch's hash array as it came (they are the arrays the repartition computed anyway), not one
/// growing copy: the filter is built from the pieces (`RuntimeFilter(pieces:)`).
public final class RuntimeFilterCollector {
    /// The most hashes kept.
    public let limit: Int
    private var pieces: [[UInt64]] = []
    /// The hashes kept so far.
    public private(set) var hashCount = 0
    /// True once more than `limit` hashes arrived.
    public private(set) var overflowed = false

    public init(limit: Int) { self.limit = limit }

    /// Keeps `batchHashes` (the partition hashes of one output batch's keys).
    public func add(_ batchHashes: [UInt64]) {
        guard !overflowed, !batchHashes.isEmpty else { return }
        if hashCount + batchHashes.count > limit {
            overflowed = true
            (pieces, hashCount) = ([], 0)
        } else {
            pieces.append(batchHashes)
            hashCount += batchHashes.count
        }
    }

    /// The hashes in arrival order, in the pieces they arrived in; nil after an overflow.
    public var collectedPieces: [[UInt64]]? { overflowed ? nil : pieces }

    /// The hashes in arrival order, as one array; nil after an overflow.
    public var collectedHashes: [UInt64]? { collectedPieces.map { Array($0.joined()) } }
}

/// The key hashes of a join's build side in one task (a `.joinBuild` runtime filter), over every partition's
/// instance of the join: complete once each of them built its side.
public final class BuildKeyCollector {
    /// The join's position in the task's fragment (`PhysicalPlan.nodes` order).
    public let joinNode: Int
    /// The hashes, up to the limit.
    public let keys: RuntimeFilterCollector
    private var sides = 0
    private var builtSides = 0

    public init(joinNode: Int, limit: Int) {
        self.joinNode = joinNode
        keys = RuntimeFilterCollector(limit: limit)
    }

    /// True once every instance of the join built its side.
    public var isComplete: Bool { sides > 0 && builtSides == sides }

    /// One more instance of the join will build a side (each registers when it is made).
    func addSide() { sides += 1 }

    /// One instance built its side, whose keys hash to `hashes` (none when it shares another instance's side).
    func sideBuilt(_ hashes: [UInt64]) {
        keys.add(hashes)
        builtSides += 1
    }
}

/// A runtime filter applied to one task's output, with what it kept. The filter may arrive after the task was set
/// up (a simulated task waits for it before it runs), or never: it then settles without one.
public final class RuntimeFilterCheck {
    /// The filter; rows pass unchecked while it is nil.
    public private(set) var filter: RuntimeFilter?
    /// True while the filter has not arrived and the check has not settled without it.
    public private(set) var isAwaited: Bool
    /// Rows checked and rows kept, over every batch.
    public private(set) var rowsChecked = 0
    public private(set) var rowsKept = 0

    /// A check awaiting its filter.
    public init() { isAwaited = true }

    /// The awaited filter arrived, or (nil) will not come: rows then pass unchecked.
    public func settle(_ filter: RuntimeFilter?) {
        self.filter = filter
        isAwaited = false
    }

    /// The positions of `hashes` the filter keeps; nil before it arrived (every row passes).
    func selection(_ hashes: [UInt64]) -> [Int32]? {
        guard let filter else { return nil }
        let kept = filter.selection(hashes)
        rowsChecked += hashes.count
        rowsKept += kept.count
        return kept
    }
}

/// What a task does for runtime filters: its output repartition collects its keys for a filter (a build side's
/// producer) or drops the rows a filter rules out (a probe side's producer); one of its joins collects its build
/// side's keys (`buildKeys`, a `.joinBuild` filter).
public struct OutputFilters {
    public var collector: RuntimeFilterCollector?
    public var check: RuntimeFilterCheck?
    public var buildKeys: BuildKeyCollector?

    public init(
        collector: RuntimeFilterCollector? = nil, check: RuntimeFilterCheck? = nil, buildKeys: BuildKeyCollector? = nil
    ) {
        self.collector = collector
        self.check = check
        self.buildKeys = buildKeys
    }

    /// Neither.
    public static var none: OutputFilters { OutputFilters() }
}
