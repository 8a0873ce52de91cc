extension Compute {
    /// The value hash of a null element, in any column.
    public static let nullHash: UInt64 = 0x5BD1_E995_5BD1_E995

    /// One 64-bit hash per row over several columns, for grouping and joins (hash tables).
    ///
    /// The hash is a fixed function of the values (never Swift's randomly seeded `Hasher`), so it is the same in
    /// every process and run. Per element: int32, int64 and date32 hash their value as a 64-bit integer (so 5 hashes
    /// alike in int32 and int64 columns); float64 hashes its bits with -0.0 folded into 0.0 and every NaN into one
    /// NaN; decimal128 hashes the unscaled value (compare decimals at one scale: cast first); booleans hash 0 or 1;
    /// utf8 hashes its bytes and length; null hashes to `nullHash`. Rows combine column hashes in order:
    /// `h = mix(h ^ (v &+ 0x9E3779B97F4A7C15 &+ (h << 6) &+ (h >> 2)))` starting from `seed`, where `mix` is
    /// MurmurHash3's 64-bit finaliser.
    /// - Parameters:
    ///   - columns: equal-length columns (at least one).
    ///   - seed: the starting value; different seeds give independent hashes (e.g. per join level).
    /// - Returns: `count` hashes.
    /// - Throws: `ArrowError.invalidArgument` when column lengths differ or no column is given.
    /// - Complexity: O(rows × columns), one pass per column over its buffers.
    public static func hashRows(_ columns: [any ArrowArray], seed: UInt64 = 0) throws -> [UInt64] {
        try rowHashes(columns, start: seed, "hashRows") { hashColumn($0, into: $1, murmurCombine) }
    }

    /// One 64-bit hash per row over several columns, for choosing each row's partition (a hash repartition's
    /// `PartitionAssignment`): cheaper than `hashRows`, with one 64 × 64 → 128-bit multiply per column. Per column
    /// the 128-bit product `p = (h ^ v).multipliedFullWidth(by: 0x9E3779B97F4A7C15)` gives `h = p.high ^ p.low`
    /// (wyhash's "mum"), starting from `0x243F6A8885A308D3`; `v` is the value hash `hashRows` uses. Every bit of the
    /// result depends on every bit of the key, so its low bits spread keys evenly over partitions, even keys that
    /// differ only in high bits. A fixed function of the values, so equal keys meet in every process and run.
    /// - Throws: as `hashRows`.
    public static func partitionHashes(_ columns: [any ArrowArray]) throws -> [UInt64] {
        try rowHashes(columns, start: 0x243F_6A88_85A3_08D3, "partitionHashes") {
            hashColumn($0, into: $1, mumFold)
        }
    }

    /// `partitionHashes`' step: `h ^ v` times a 64-bit odd constant as a 128-bit product, its halves xored.
    @inline(__always)
    private static func mumFold(_ h: UInt64, _ v: UInt64) -> UInt64 {
        let product = (h ^ v).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        return product.high ^ product.low
    }

    /// Hashes of equal-length columns, each column folded into every row's hash by `foldColumn`.
    @inline(__always)
    private static func rowHashes(
        _ columns: [any ArrowArray], start: UInt64, _ caller: String,
        _ foldColumn: (any ArrowArray, UnsafeMutableBufferPointer<UInt64>) -> Void
    ) throws -> [UInt64] {
        guard let first = columns.first else { throw ArrowError.invalidArgument("\(caller) needs at least one column") }
        var hashes = [UInt64](repeating: start, count: first.count)
        for column in columns {
            guard column.count == first.count else {
                throw ArrowError.invalidArgument("\(caller): columns have \(first.count) and \(column.count) rows")
            }
            hashes.withUnsafeMutableBufferPointer { foldColumn(column, $0) }
        }
        return hashes
    }

    /// MurmurHash3's 64-bit finaliser: every input bit affects every output bit.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z ^= z >> 33
        z &*= 0xFF51_AFD7_ED55_8CCD
        z ^= z >> 33
        z &*= 0xC4CE_B9FE_1A85_EC53
        z ^= z >> 33
        return z
    }

    /// `hashRows`' step: MurmurHash3's finaliser of `h` and `v` combined as boost's `hash_combine` does.
    @inline(__always)
    static func murmurCombine(_ h: UInt64, _ v: UInt64) -> UInt64 {
        mix(h ^ (v &+ 0x9E37_79B9_7F4A_7C15 &+ (h << 6) &+ (h >> 2)))
    }

    /// Folds each element's value hash into its row's hash with `step`.
    @inline(__always)
    static func hashColumn(
        _ column: any ArrowArray, into hashes: UnsafeMutableBufferPointer<UInt64>, _ step: (UInt64, UInt64) -> UInt64
    ) {
        switch column.dataType {
        case .int32, .date32:
            hashPrimitive(typed(column, as: Int32Array.self), hashes, step) { UInt64(bitPattern: Int64($0)) }
        case .int64: hashPrimitive(typed(column, as: Int64Array.self), hashes, step) { UInt64(bitPattern: $0) }
        case .float64:
            hashPrimitive(typed(column, as: Float64Array.self), hashes, step) { v in
                v.isNaN ? 0x7FF8_0000_0000_0000 : (v == 0 ? 0 : v.bitPattern)
            }
        case .decimal128:
            hashPrimitive(typed(column, as: Decimal128Array.self), hashes, step) { v in
                let bits = UInt128(bitPattern: v)
                return mix(UInt64(truncatingIfNeeded: bits)) ^ UInt64(truncatingIfNeeded: bits >> 64)
            }
        case .boolean:
            let array = typed(column, as: BooleanArray.self)
            for i in 0..<array.count {
                hashes[i] = step(hashes[i], array.isNull(i) ? nullHash : (array.values[i] ? 1 : 0))
            }
        case .utf8:
            let array = typed(column, as: StringArray.self)
            withExtendedLifetime(array) {
                for i in 0..<array.count {
                    hashes[i] = step(hashes[i], array.isNull(i) ? nullHash : hashBytes(array.bytes(i)))
                }
            }
        }
    }

    @inline(__always)
    static func hashPrimitive<T: ArrowPrimitive>(
        _ array: PrimitiveArray<T>, _ hashes: UnsafeMutableBufferPointer<UInt64>,
        _ step: (UInt64, UInt64) -> UInt64, _ valueHash: (T) -> UInt64
    ) {
        array.withValues { values in
            if let validity = array.validity {
                for i in 0..<values.count {
                    hashes[i] = step(hashes[i], validity[i] ? valueHash(values[i]) : nullHash)
                }
            } else {
                for i in 0..<values.count { hashes[i] = step(hashes[i], valueHash(values[i])) }
            }
        }
    }

    /// A hash of a byte string: 8 bytes at a time (little-endian), then the zero-padded tail, then `mix`.
    public static func hashBytes(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            h = (h ^ mix(word)) &* 0x100_0000_01B3
            i += 8
        }
        if i < bytes.count {
            var tail: UInt64 = 0
            for k in i..<bytes.count { tail |= UInt64(bytes[k]) << UInt64(8 * (k - i)) }
            h = (h ^ mix(tail)) &* 0x100_0000_01B3
        }
        return mix(h)
    }
}
