import ArrowLite
import Foundation

/// Rows of key columns encoded as byte strings, one per row, so keys of any types compare with one byte
/// comparison. The encoding is injective (equal bytes ⇔ equal keys, with NULL equal to NULL): per column a validity
/// byte, then the fixed-width value (zero for null; float64 with -0.0 folded into 0.0 and one NaN) or, for utf8, a
/// 4-byte length and the bytes.
struct EncodedRows {
    /// Every row's bytes, end to end.
    var bytes: [UInt8]
    /// Row `i` is `bytes[offsets[i] ..< offsets[i + 1]]`.
    var offsets: [Int]

    var count: Int { offsets.count - 1 }

    /// Encodes the rows of equal-length columns.
    /// - Complexity: O(rows × columns), one typed pass per column.
    init(_ columns: [any ArrowArray]) {
        let rowCount = columns.first?.count ?? 0
        var lengths = [Int](repeating: 0, count: rowCount)
        for column in columns {
            if let width = column.dataType.byteWidth {
                for i in 0..<rowCount { lengths[i] &+= 1 &+ width }
            } else if column.dataType == .boolean {
                for i in 0..<rowCount { lengths[i] &+= 2 }
            } else if let strings = column as? StringArray {
                for i in 0..<rowCount { lengths[i] &+= 5 &+ strings.offset(i &+ 1) &- strings.offset(i) }
            }
        }
        offsets = [Int](repeating: 0, count: rowCount + 1)
        for i in 0..<rowCount { offsets[i + 1] = offsets[i] &+ lengths[i] }
        bytes = [UInt8](repeating: 0, count: offsets[rowCount])
        var cursors = Array(offsets.dropLast())
        bytes.withUnsafeMutableBytes { out in
            for column in columns { EncodedRows.append(column, to: out, at: &cursors) }
        }
    }

    private static func append(_ column: any ArrowArray, to out: UnsafeMutableRawBufferPointer, at cursors: inout [Int])
    {
        switch column.dataType {
        case .int32, .date32: appendPrimitive(column as! Int32Array, out, &cursors) { $0 }
        case .int64: appendPrimitive(column as! Int64Array, out, &cursors) { $0 }
        case .float64:
            appendPrimitive(column as! Float64Array, out, &cursors) { v in v.isNaN ? Double.nan : (v == 0 ? 0 : v) }
        case .decimal128: appendPrimitive(column as! Decimal128Array, out, &cursors) { $0 }
        case .boolean:
            let array = column as! BooleanArray
            for i in 0..<array.count {
                let valid = array.isValid(i)
                out[cursors[i]] = valid ? 1 : 0
                out[cursors[i] &+ 1] = valid && array.value(i) ? 1 : 0
                cursors[i] &+= 2
            }
        case .utf8:
            let array = column as! StringArray
            withExtendedLifetime(array) {
                for i in 0..<array.count {
                    let valid = array.isValid(i)
                    out[cursors[i]] = valid ? 1 : 0
                    let value = array.bytes(i)
                    out.storeBytes(of: UInt32(value.count), toByteOffset: cursors[i] &+ 1, as: UInt32.self)
                    if !value.isEmpty {
                        UnsafeMutableRawBufferPointer(rebasing: out[(cursors[i] &+ 5)...]).copyMemory(from: value)
                    }
                    cursors[i] &+= 5 &+ value.count
                }
            }
        }
    }

    private static func appendPrimitive<T: ArrowPrimitive>(
        _ array: PrimitiveArray<T>, _ out: UnsafeMutableRawBufferPointer, _ cursors: inout [Int],
        _ normalise: (T) -> T
    ) {
        let width = MemoryLayout<T>.size
        array.withValues { values in
            for i in 0..<values.count {
                if array.isValid(i) {
                    out[cursors[i]] = 1
                    out.storeBytes(of: normalise(values[i]), toByteOffset: cursors[i] &+ 1, as: T.self)
                }
                cursors[i] &+= 1 &+ width
            }
        }
    }

    /// Row `i`'s bytes.
    @inline(__always)
    func withRow<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[offsets[i]..<offsets[i + 1]])) }
    }
}

/// Key rows as a hash table takes them: a single integer column (int32, date32, int64 — most join and group keys)
/// as its values, compared as integers; any other key as `EncodedRows` byte strings.
enum KeyRows {
    case integers([Int64], validity: Bitmap?)
    /// Several fixed-width columns, row-major, `width` 64-bit words per row (a null-flags word, then the values).
    case words([UInt64], width: Int)
    case encoded(EncodedRows)

    /// The key rows of equal-length columns.
    init(_ columns: [any ArrowArray]) {
        if columns.count == 1, let values = KeyRows.integers(columns[0]) {
            self = .integers(values, validity: columns[0].nullCount > 0 ? columns[0].validity : nil)
        } else if columns.count > 1, let (words, width) = KeyRows.words(columns) {
            self = .words(words, width: width)
        } else {
            self = .encoded(EncodedRows(columns))
        }
    }

    private static func integers(_ column: any ArrowArray) -> [Int64]? {
        switch column {
        case let array as Int64Array: return array.withValues { Array($0) }
        case let array as Int32Array: return array.withValues { $0.map { Int64($0) } }
        default: return nil
        }
    }

    /// The columns packed row-major into words, when every column is int32, date32, int64 or decimal128 (chosen by
    /// type alone, so every batch of one table takes this path): per row a word of null flags (bit `c` for column
    /// `c`), then each column's value (zero when null). Equal words ⇔ equal keys, NULL equal to NULL.
    private static func words(_ columns: [any ArrowArray]) -> ([UInt64], Int)? {
        guard columns.count <= 64 else { return nil }
        var width = 1
        for column in columns {
            switch column.dataType {
            case .int32, .date32, .int64: width += 1
            case .decimal128: width += 2
            default: return nil
            }
        }
        let rowCount = columns[0].count
        var words = [UInt64](repeating: 0, count: rowCount * width)
        var offset = 1
        words.withUnsafeMutableBufferPointer { out in
            for (index, column) in columns.enumerated() {
                let validity = column.nullCount > 0 ? column.validity : nil
                @inline(__always) func put(_ row: Int, _ word: UInt64, _ extra: Int = 0) {
                    if let validity, !validity[row] {
                        out[row &* width] |= 1 << UInt64(index)
                    } else {
                        out[row &* width &+ offset &+ extra] = word
                    }
                }
                switch column {
                case let array as Int32Array:
                    array.withValues { v in for r in 0..<rowCount { put(r, UInt64(bitPattern: Int64(v[r]))) } }
                    offset += 1
                case let array as Int64Array:
                    array.withValues { v in for r in 0..<rowCount { put(r, UInt64(bitPattern: v[r])) } }
                    offset += 1
                case let array as Decimal128Array:
                    array.withValues { v in
                        for r in 0..<rowCount {
                            let value = UInt128(bitPattern: v[r])
                            put(r, UInt64(truncatingIfNeeded: value))
                            put(r, UInt64(truncatingIfNeeded: value >> 64), 1)
                        }
                    }
                    offset += 2
                default: break
                }
            }
        }
        return (words, width)
    }

    var count: Int {
        switch self {
        case .integers(let values, _): return values.count
        case .words(let words, let width): return width == 0 ? 0 : words.count / width
        case .encoded(let rows): return rows.count
        }
    }
}

/// An open-addressing hash table of distinct row keys, numbered 0, 1, 2, ... in first-insertion order. Slots hold
/// key numbers; lookups compare the stored 64-bit hash first and the key only on a hash match. Integer keys are
/// stored as integers (a NULL key has its own number), other keys as byte strings end to end in one array.
/// Iteration is by key number, never by slot, so results do not depend on hash order.
struct RowKeyTable {
    private var slots: [Int32]
    private var mask: Int
    private(set) var keyHashes: [UInt64] = []
    private var keyBytes: [UInt8] = []
    private var keyOffsets: [Int] = [0]
    /// Integer keys by key number (the NULL key's entry is 0 and `isNullKey` marks it).
    private var keyIntegers: [Int64] = []
    private var nullKeyID: Int32 = -1
    /// Packed fixed-width keys by key number, `keyWidth` words each.
    private var keyWords: [UInt64] = []
    private var keyWidth = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The number of distinct keys.
    var count: Int { keyHashes.count }

    var heldBytes: Int {
        slots.count * 4 + keyHashes.count * 8 + keyBytes.count + keyOffsets.count * 8 + keyIntegers.count * 8
            + keyWords.count * 8
    }

    /// The key number of each row, inserting keys not seen before.
    /// - Returns: per row its key number, and the rows that inserted a new key (in row order).
    mutating func insert(_ rows: KeyRows, hashes: [UInt64]) -> (ids: [Int32], newRows: [Int32]) {
        precondition(hashes.count == rows.count, "one hash per key row")
        var ids = [Int32](repeating: 0, count: rows.count)
        var newRows: [Int32] = []
        switch rows {
        case .integers(let values, let validity):
            ids.withUnsafeMutableBufferPointer { ids in
                values.withUnsafeBufferPointer { values in
                    hashes.withUnsafeBufferPointer { hashes in
                        insertIntegers(values, validity, hashes, into: ids, newRows: &newRows)
                    }
                }
            }
        case .words(let words, let width):
            keyWidth = width
            for row in 0..<ids.count {
                let hash = hashes[row]
                switch words.withUnsafeBufferPointer({ findWords(hash, $0, row &* width, width) }) {
                case .present(let id): ids[row] = id
                case .absent(let slot):
                    ids[row] = addKey(hash, slot: slot)
                    keyWords.append(contentsOf: words[(row * width)..<(row * width + width)])
                    newRows.append(Int32(row))
                }
            }
        case .encoded(let encoded):
            for row in 0..<encoded.count {
                let hash = hashes[row]
                switch encoded.withRow(row, { find(hash, $0) }) {
                case .present(let id): ids[row] = id
                case .absent(let slot):
                    ids[row] = addKey(hash, slot: slot)
                    encoded.withRow(row) { keyBytes.append(contentsOf: $0) }
                    keyOffsets.append(keyBytes.count)
                    newRows.append(Int32(row))
                }
            }
        }
        return (ids, newRows)
    }

    /// `insert` for integer keys, over contiguous buffers.
    private mutating func insertIntegers(
        _ values: UnsafeBufferPointer<Int64>, _ validity: Bitmap?, _ hashes: UnsafeBufferPointer<UInt64>,
        into ids: UnsafeMutableBufferPointer<Int32>, newRows: inout [Int32]
    ) {
        for row in 0..<values.count {
            if row & (RowKeyTable.touchAhead &- 1) == 0 && slots.count >= RowKeyTable.touchedSize {
                touchSlots(hashes, from: row)
            }
            if let validity, !validity[row] {
                if nullKeyID < 0 {
                    nullKeyID = addKey(hashes[row], slot: nil)
                    keyIntegers.append(0)
                    newRows.append(Int32(truncatingIfNeeded: row))
                }
                ids[row] = nullKeyID
                continue
            }
            switch findInteger(hashes[row], values[row]) {
            case .present(let id): ids[row] = id
            case .absent(let slot):
                ids[row] = addKey(hashes[row], slot: slot)
                keyIntegers.append(values[row])
                newRows.append(Int32(truncatingIfNeeded: row))
            }
        }
    }

    /// How many rows `touchSlots` reads the slots of at a time (a power of two: callers test `row & (it - 1)`).
    private static let touchAhead = 64
    /// The fewest slots worth touching ahead: tables under 256 KiB of (4-byte) slots stay in cache.
    private static let touchedSize = 1 << 16

    /// Reads the home slots of up to `touchAhead` rows from `start` (integer inserts call it every `touchAhead`
    /// rows): independent loads the processor overlaps, so that when those rows probe, their first slots are in
    /// cache. Without it a table larger than the cache stalls on every new key, one at a time; a final aggregate,
    /// whose input rows are mostly new keys, spent most of its time there. Lookups do not touch ahead: it made
    /// Q9's joins slower, their large lookups going to tables that stay cached. A growth mid-way leaves some
    /// touched slots stale, which only wastes those loads.
    @inline(__always)
    private func touchSlots(_ hashes: UnsafeBufferPointer<UInt64>, from start: Int) {
        let end = min(start &+ RowKeyTable.touchAhead, hashes.count)
        var sum: Int32 = 0
        slots.withUnsafeBufferPointer { slots in
            for row in start..<end { sum &+= slots[RowKeyTable.slot(hashes[row], mask)] }
        }
        RowKeyTable.keep(sum)
    }

    /// Takes a value the optimiser must compute (the loads of `touchSlots`) and does nothing with it.
    @_optimize(none)
    private static func keep(_: Int32) {}

    /// Registers a new key number in `slot` (none for the NULL integer key), growing the table when half full.
    @inline(__always)
    private mutating func addKey(_ hash: UInt64, slot: Int?) -> Int32 {
        let id = Int32(truncatingIfNeeded: keyHashes.count)
        if let slot { slots.withUnsafeMutableBufferPointer { $0[slot] = id } }
        keyHashes.append(hash)
        if keyHashes.count > slots.count >> 1 { grow() }
        return id
    }

    /// Forgets every key, keeping the slots' size (a table emptied to be refilled need not grow again).
    mutating func removeAll() {
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
        keyHashes.removeAll(keepingCapacity: true)
        keyBytes.removeAll(keepingCapacity: true)
        keyOffsets.removeAll(keepingCapacity: true)
        keyOffsets.append(0)
        keyIntegers.removeAll(keepingCapacity: true)
        keyWords.removeAll(keepingCapacity: true)
        nullKeyID = -1
    }

    /// The key number of each row, or -1 when the table does not hold its key.
    func lookup(_ rows: KeyRows, hashes: [UInt64]) -> [Int32] {
        var ids = [Int32](repeating: -1, count: rows.count)
        switch rows {
        case .integers(let values, let validity):
            for row in 0..<values.count {
                if let validity, !validity[row] {
                    ids[row] = nullKeyID
                } else if case .present(let id) = findInteger(hashes[row], values[row]) {
                    ids[row] = id
                }
            }
        case .words(let words, let width):
            words.withUnsafeBufferPointer { words in
                for row in 0..<ids.count {
                    if case .present(let id) = findWords(hashes[row], words, row &* width, width) { ids[row] = id }
                }
            }
        case .encoded(let encoded):
            for row in 0..<encoded.count {
                if case .present(let id) = encoded.withRow(row, { find(hashes[row], $0) }) { ids[row] = id }
            }
        }
        return ids
    }

    private enum Probe {
        case present(Int32)
        case absent(slot: Int)
    }

    @inline(__always)
    private func findInteger(_ hash: UInt64, _ value: Int64) -> Probe {
        var slot = RowKeyTable.slot(hash, mask)
        return slots.withUnsafeBufferPointer { slots in
            keyIntegers.withUnsafeBufferPointer { keys in
                while true {
                    let id = slots[slot]
                    if id < 0 { return .absent(slot: slot) }
                    if keys[Int(id)] == value && id != nullKeyID { return .present(id) }
                    slot = (slot &+ 1) & mask
                }
            }
        }
    }

    @inline(__always)
    private func findWords(_ hash: UInt64, _ words: UnsafeBufferPointer<UInt64>, _ start: Int, _ width: Int) -> Probe {
        var slot = RowKeyTable.slot(hash, mask)
        return slots.withUnsafeBufferPointer { slots in
            keyHashes.withUnsafeBufferPointer { hashes in
                keyWords.withUnsafeBufferPointer { keys in
                    while true {
                        let id = Int(slots[slot])
                        if id < 0 { return .absent(slot: slot) }
                        if hashes[id] == hash {
                            var equal = true
                            for k in 0..<width where keys[id &* width &+ k] != words[start &+ k] {
                                equal = false
                                break
                            }
                            if equal { return .present(Int32(id)) }
                        }
                        slot = (slot &+ 1) & mask
                    }
                }
            }
        }
    }

    private func find(_ hash: UInt64, _ key: UnsafeRawBufferPointer) -> Probe {
        var slot = RowKeyTable.slot(hash, mask)
        while true {
            let id = slots[slot]
            if id < 0 { return .absent(slot: slot) }
            if keyHashes[Int(id)] == hash && storedKeyEquals(Int(id), key) { return .present(id) }
            slot = (slot &+ 1) & mask
        }
    }

    private func storedKeyEquals(_ id: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = keyOffsets[id]
        let length = keyOffsets[id + 1] - start
        guard length == key.count else { return false }
        return keyBytes.withUnsafeBytes { stored in
            memcmp(stored.baseAddress! + start, key.baseAddress!, length) == 0
        }
    }

    /// The home slot of a hash: its high bits after a Fibonacci multiply, so a table's slots do not depend on how
    /// the rows were partitioned (partitions are chosen from `Compute.partitionHashes`, another function, by
    /// `Compute.partition(ofHash:partitionCount:)`).
    @inline(__always)
    private static func slot(_ hash: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Doubles the slots and re-places every key, in key-number order.
    private mutating func grow() {
        let size = slots.count * 2
        let mask = size - 1
        let nullKeyID = Int(self.nullKeyID)
        var grown = [Int32](repeating: -1, count: size)
        grown.withUnsafeMutableBufferPointer { slots in
            keyHashes.withUnsafeBufferPointer { hashes in
                for id in hashes.indices where id != nullKeyID {
                    var slot = RowKeyTable.slot(hashes[id], mask)
                    while slots[slot] >= 0 { slot = (slot &+ 1) & mask }
                    slots[slot] = Int32(truncatingIfNeeded: id)
                }
            }
        }
        slots = grown
        self.mask = mask
    }
}
