import ArrowLite
import Testing

// `SplitMix64` (seeded, so the sampled inputs replay exactly) is shared with the IPC tests.
@Suite struct SortOracleTests {
    /// A plain row-by-row reference: compare optionals under each key, then the row index.
    func reference(_ rows: [[Double?]], _ keys: [SortKey]) -> [Int32] {
        rows.indices.sorted { a, b in
            for (c, key) in keys.enumerated() {
                switch (rows[a][c], rows[b][c]) {
                case (nil, nil): continue
                case (nil, _): return key.nullsFirst
                case (_, nil): return !key.nullsFirst
                case (let x?, let y?):
                    if x == y { continue }
                    return key.ascending ? x < y : x > y
                }
            }
            return a < b
        }.map(Int32.init)
    }

    func check(rows: Int, columns: Int, distinct: Int, seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let data: [[Double?]] = (0..<rows).map { _ in
            (0..<columns).map { _ in
                Int.random(in: 0..<8, using: &random) == 0 ? nil : Double(Int.random(in: 0..<distinct, using: &random))
            }
        }
        let keys = (0..<columns).map { _ in
            SortKey(ascending: Bool.random(using: &random), nullsFirst: Bool.random(using: &random))
        }
        // Alternate the column types: int32, utf8 (zero-padded so byte order is numeric order), float64.
        let arrays: [any ArrowArray] = (0..<columns).map { c in
            let column = data.map { $0[c] }
            switch c % 3 {
            case 0: return Int32Array(.int32, column.map { $0.map { Int32($0) } })
            case 1:
                return StringArray(
                    column.map { value in
                        value.map {
                            let digits = String(Int($0))
                            return String(repeating: "0", count: 8 - digits.count) + digits
                        }
                    })
            default: return Float64Array(.float64, column)
            }
        }
        #expect(try Compute.sortToIndices(arrays, keys: keys) == reference(data, keys))
    }

    @Test("three mixed-type columns with nulls and random directions match a row-by-row reference sort")
    func packedRanks() throws {
        for seed in 1...5 as ClosedRange<UInt64> { try check(rows: 300, columns: 3, distinct: 6, seed: seed) }
    }

    @Test("rank tuples too wide for one UInt64 fall back to a comparator and still match the reference")
    func wideRanks() throws {
        // About 1550 ranks per column: 1550^7 exceeds 2^64.
        try check(rows: 3000, columns: 7, distinct: 2000, seed: 9)
    }
}
