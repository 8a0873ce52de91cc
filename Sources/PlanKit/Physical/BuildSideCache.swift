import ArrowLite
import Foundation
import Synchronization

/// Build sides indexed once for every broadcast join that builds from the same rows: the tasks of a stage that
/// reads one broadcast each receive the whole build side, and a simulation that runs them all in one process
/// would index it once per task. With a cache they index it once, and their probes share one table, which stays
/// in the processor's cache instead of a copy per task competing for it.
///
/// Sharing changes only the host's work, never the simulation's: a build side is a function of its rows and its
/// keys, a hit is checked byte for byte, and each join still counts the whole side in its held bytes. Only keys
/// that read a build column (cast or not) are compared, by column and types: other key expressions compare their
/// text as Swift strings do, which is not byte identity, so joins keyed on them index their own side. A build side
/// is read-only once built (a join keeps its own match flags), so two threads may probe one at once in parallel
/// mode. Entries hold their sides weakly: a side lives as long as a join uses it, and a later join with the same
/// rows (a retry after every user finished) indexes it again.
public final class BuildSideCache: Sendable {
    /// The most entries kept; the oldest is dropped for a new one past it.
    public static let maximumEntries = 64

    /// What a side is indexed by: each key's build column, the type a cast of it gives (the column's own type
    /// without one) and the type its values are compared in.
    struct KeyColumns: Hashable {
        let columns: [Int]
        let types: [[DataType]]

        /// The keys' build columns, nil when a key's build side is not a column, cast or not.
        init?(_ keys: [JoinKey]) {
            var columns: [Int] = []
            for key in keys {
                var expression = key.build
                if case .cast(let inner) = expression.node { expression = inner }
                guard case .column(let index, _) = expression.node else { return nil }
                columns.append(index)
            }
            self.columns = columns
            types = keys.map { [$0.build.dataType, $0.commonType] }
        }
    }

    private struct Entry {
        let keys: KeyColumns
        let rowCount: Int
        weak var side: BuildSide?
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    /// Build sides the joins given this cache indexed themselves so far (hits not counted).
    public var indexedCount: Int { indexed.load(ordering: .relaxed) }
    private let indexed = Atomic<Int>(0)

    /// The side of a live entry whose keys and rows equal `keys` and `batch`'s, or `make()` (then kept, when its
    /// keys are columns). The rows are compared outside the lock, so a large side does not hold the other thread.
    func side(for batch: RecordBatch, keys: [JoinKey], make: () throws -> BuildSide) rethrows -> BuildSide {
        guard let keys = KeyColumns(keys) else {
            indexed.add(1, ordering: .relaxed)
            return try make()
        }
        let candidates = entries.withLock { entries in
            entries.compactMap { $0.rowCount == batch.rowCount && $0.keys == keys ? $0.side : nil }
        }
        if let hit = candidates.first(where: { BuildSideCache.sameRows($0.batch, batch) }) { return hit }
        let side = try make()
        indexed.add(1, ordering: .relaxed)
        entries.withLock { entries in
            entries.removeAll { $0.side == nil }
            if entries.count >= BuildSideCache.maximumEntries { entries.removeFirst() }
            entries.append(Entry(keys: keys, rowCount: batch.rowCount, side: side))
        }
        return side
    }

    /// True when `a` and `b` hold the same rows byte for byte: one schema, and every column free of nulls and
    /// fixed-width or utf8. Any other pair is called different: its join indexes its own side, never a wrong one.
    static func sameRows(_ a: RecordBatch, _ b: RecordBatch) -> Bool {
        guard a.rowCount == b.rowCount, a.schema == b.schema else { return false }
        return zip(a.columns, b.columns).allSatisfy { sameValues($0, $1) }
    }

    private static func sameValues(_ a: any ArrowArray, _ b: any ArrowArray) -> Bool {
        guard a.nullCount == 0, b.nullCount == 0, a.count == b.count else { return false }
        if let (aBuffer, aOffset, width) = a.fixedWidthValues, let (bBuffer, bOffset, _) = b.fixedWidthValues {
            return equalBytes(aBuffer, aOffset, bBuffer, bOffset, a.count * width)
        }
        guard let a = a as? StringArray, let b = b as? StringArray else { return false }
        guard a.count > 0 else { return true }
        let (aStart, bStart) = (a.offset(0), b.offset(0))
        for index in 1...a.count where a.offset(index) - aStart != b.offset(index) - bStart { return false }
        return equalBytes(a.data, aStart, b.data, bStart, a.offset(a.count) - aStart)
    }

    private static func equalBytes(_ a: Buffer, _ aOffset: Int, _ b: Buffer, _ bOffset: Int, _ count: Int) -> Bool {
        withExtendedLifetime((a, b)) { memcmp(a.pointer + aOffset, b.pointer + bOffset, count) == 0 }
    }
}
