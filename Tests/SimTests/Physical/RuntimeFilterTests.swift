import ArrowLite
import PlanKit
import Testing

/// The runtime filter's Bloom filter and its collector: never a false negative, few false positives, bounded size.
@Suite("runtime filter")
struct RuntimeFilterTests {
    /// `count` partition hashes of the int64 keys `start ..< start + count`.
    static func hashes(_ start: Int, _ count: Int) throws -> [UInt64] {
        try Compute.partitionHashes([Int64Array(.int64, (start..<start + count).map { Int64($0) })])
    }

    @Test("every key the filter was built from passes; about 1 % of other keys do")
    func noFalseNegativesFewFalsePositives() throws {
        let keys = try Self.hashes(0, 50_000)
        let filter = RuntimeFilter(hashes: keys)
        #expect(filter.selection(keys).count == keys.count)
        #expect(keys.allSatisfy(filter.mightContain))
        let others = try Self.hashes(1_000_000, 200_000)
        let passed = filter.selection(others).count
        #expect(passed > 0, "a Bloom filter of 16 bits per key has false positives")
        #expect(passed < others.count / 50, "\(passed) of \(others.count) absent keys passed (over 2 %)")
    }

    @Test("the filter is sized for its hashes: a power of two words, at least 16 bits each, at most 1 MiB")
    func sizing() throws {
        let keys = try Self.hashes(0, 10_000)
        let filter = RuntimeFilter(hashes: keys)
        #expect(filter.keyCount == 10_000)
        #expect(filter.words.count == 4_096)  // 10,000 × 16 bits = 2,500 words, rounded up
        #expect(filter.byteCount == 32_768)
        #expect(RuntimeFilter(hashes: keys + keys).words.count == 8_192)  // repeats take room
        let huge = RuntimeFilter(hashes: try Self.hashes(0, RuntimeFilter.maximumKeyCount * 2))
        #expect(huge.words.count == RuntimeFilter.maximumWordCount)
    }

    @Test("a filter built from pieces (one per batch of each build task, some empty) equals the one of them end to end")
    func piecesEqualWhole() throws {
        let keys = try Self.hashes(0, 30_000)
        let pieces = [Array(keys[0..<7_000]), [], Array(keys[7_000..<29_999]), Array(keys[29_999...])]
        #expect(RuntimeFilter(pieces: pieces) == RuntimeFilter(hashes: keys))
        #expect(RuntimeFilter(pieces: pieces).keyCount == 30_000)
        #expect(RuntimeFilter(pieces: [[], []]) == RuntimeFilter(hashes: []))
    }

    @Test("a filter of no keys rules out every row (an empty build side matches nothing)")
    func emptyFilter() throws {
        let filter = RuntimeFilter(hashes: [])
        #expect(filter.words == [0])
        #expect(filter.selection(try Self.hashes(0, 1_000)).isEmpty)
    }

    @Test("the selection lists exactly the positions the filter may contain, in order")
    func selectionPositions() throws {
        let keys = try Self.hashes(0, 2_000)
        let filter = RuntimeFilter(hashes: Array(keys[10..<20]))
        let kept = filter.selection(keys)
        #expect(kept == keys.indices.filter { filter.mightContain(keys[$0]) }.map { Int32($0) })
        #expect(Array(kept.prefix(while: { $0 < 20 }).drop(while: { $0 < 10 })) == (10..<20).map { Int32($0) })
        #expect(filter.selection([]).isEmpty)
    }

    @Test("a collector gives its hashes in arrival order, in the pieces they came in, and nothing once past its limit")
    func collectorLimit() {
        let collector = RuntimeFilterCollector(limit: 4)
        collector.add([3, 1])
        collector.add([])
        collector.add([3])
        #expect(collector.collectedHashes == [3, 1, 3])
        #expect(collector.collectedPieces == [[3, 1], [3]] && collector.hashCount == 3)
        collector.add([7, 8])
        #expect(collector.overflowed)
        #expect(collector.collectedHashes == nil && collector.collectedPieces == nil && collector.hashCount == 0)
        collector.add([9])
        #expect(collector.collectedHashes == nil)
    }
}
