import ArrowLite
import Testing

@Suite struct HashTests {
    @Test(
        "row hashes equal the committed constants (computed independently in Python), so they are stable across processes"
    )
    func committedConstants() throws {
        let hashes = try Compute.hashRows([Int64Array(.int64, [1, nil, -5]), StringArray(["a", "hello world!", nil])])
        #expect(hashes == [0xB050_59DE_39DE_25F9, 0xC1D1_1A34_DFF4_E785, 0xA710_F4BD_3C29_2DC4])
    }

    @Test("partition hashes equal the committed constants (computed independently in Python), so shuffles agree")
    func partitionHashConstants() throws {
        let hashes = try Compute.partitionHashes([
            Int64Array(.int64, [1, nil, -5]), StringArray(["a", "hello world!", nil]),
        ])
        #expect(hashes == [0xE7D7_5061_E3FD_A01F, 0xC986_565C_B397_5673, 0x342F_550F_1B2F_9A91])
        #expect(throws: ArrowError.self) { try Compute.partitionHashes([]) }
        #expect(throws: ArrowError.self) {
            try Compute.partitionHashes([Int32Array(.int32, [1]), Int32Array(.int32, [1, 2])])
        }
    }

    @Test("partition hashes: equal keys meet across int32 and int64 and slices; keys spread evenly over partitions")
    func partitionHashesSpread() throws {
        let narrow = try Compute.partitionHashes([Int32Array(.int32, [7, nil, -3])])
        let wide = try Compute.partitionHashes([Int64Array(.int64, [0, 7, nil, -3]).slice(1, 3)])
        #expect(narrow == wide && Set(narrow).count == 3)
        // TPC-H order keys (8 of every 32), multiples of 1024, and keys that differ only above bit 40.
        let keySets: [(String, (Int64) -> Int64)] = [
            ("order keys", { ($0 / 8) * 32 + $0 % 8 + 1 }), ("multiples of 1024", { $0 * 1024 }),
            ("high bits", { $0 << 40 }),
        ]
        for (name, key) in keySets {
            let hashes = try Compute.partitionHashes([Int64Array(.int64, (0..<64_000).map { key(Int64($0)) })])
            for partitionCount in [2, 6, 32] {
                let assignment = PartitionAssignment(hashes: hashes, partitionCount: partitionCount)
                let largest = (0..<partitionCount).map(assignment.rowCount(of:)).max() ?? 0
                #expect(largest * partitionCount <= 64_000 * 105 / 100, "\(name), \(partitionCount) partitions")
            }
        }
    }

    @Test("equal rows hash equally across types, slices and -0.0; different rows differ")
    func equalRowsEqualHashes() throws {
        let a = try Compute.hashRows([Int32Array(.int32, [7, 8, nil]), StringArray(["x", "yy", "x"])])
        let b = try Compute.hashRows([
            Int64Array(.int64, [0, 7, 8, nil]).slice(1, 3), StringArray(["q", "x", "yy", "x"]).slice(1, 3),
        ])
        #expect(a == b)
        #expect(Set(a).count == 3)
        let zeros = try Compute.hashRows([Float64Array(.float64, [0.0, -0.0, .nan, -.nan])])
        #expect(zeros[0] == zeros[1] && zeros[2] == zeros[3] && zeros[0] != zeros[2])
        let d = try Compute.hashRows([try decimals(["1.50", "1.50", "-1.50"], 10, 2)], seed: 42)
        #expect(d[0] == d[1] && d[0] != d[2])
        #expect(
            try Compute.hashRows([Int32Array(.int32, [7])], seed: 1)
                != (try Compute.hashRows([Int32Array(.int32, [7])])))
    }

    @Test("column order matters and two partitions split rows by the hash's lowest bit")
    func orderAndPartitions() throws {
        let x = Int32Array(.int32, [1, 2])
        let y = Int32Array(.int32, [2, 1])
        let xy = try Compute.hashRows([x, y])
        #expect(xy[0] != xy[1])
        let hashes: [UInt64] = [0, 5, 3, 7, 4]
        let (indices, offsets) = Compute.partitionPermutation(hashes, partitionCount: 2)
        #expect(indices == [0, 4, 1, 2, 3])
        #expect(offsets == [0, 2, 5])
    }

    @Test("partitionPermutation lists each partition's rows (partition(ofHash:)) in input order, N up to 70")
    func partitionPermutationMatchesReference() {
        var random = SplitMix64(seed: 11)
        for partitionCount in [1, 2, 7, 32, 70] {
            let hashes = (0..<(partitionCount * 13 + 5)).map { _ in random.next() }
            var expected = [[Int32]](repeating: [], count: partitionCount)
            for (row, hash) in hashes.enumerated() {
                expected[Compute.partition(ofHash: hash, partitionCount: partitionCount)].append(Int32(row))
            }
            let (indices, offsets) = Compute.partitionPermutation(hashes, partitionCount: partitionCount)
            #expect(offsets.count == partitionCount + 1)
            let actual = (0..<partitionCount).map { Array(indices[offsets[$0]..<offsets[$0 + 1]]) }
            #expect(actual == expected)
        }
        let empty = Compute.partitionPermutation([], partitionCount: 3)
        #expect(empty.indices.isEmpty && empty.offsets == [0, 0, 0, 0])
    }

    @Test("partition(ofHash:) is hash % N for powers of two, else ⌊hash · N / 2⁶⁴⌋; fixed values; an even spread")
    func partitionOfHash() {
        var random = SplitMix64(seed: 5)
        for partitionCount in [1, 2, 3, 6, 7, 18, 32, 70, 1 << 20, 1 << 20 + 1] {
            let edges: [UInt64] = [0, 1, UInt64.max, UInt64.max - 1, 1 << 63, (1 << 63) - 1]
            for hash in edges + (0..<200).map({ _ in random.next() }) {
                let count = UInt64(partitionCount)
                let expected =
                    count & (count - 1) == 0
                    ? Int(hash % count) : Int((UInt128(hash) * UInt128(count)) >> 64)
                #expect(
                    Compute.partition(ofHash: hash, partitionCount: partitionCount) == expected, "\(hash), \(count)")
            }
        }
        // Fixed values, which every process must agree on (a remainder would give 2, 0, 2 and 8 for the first four).
        let fixed: [(hash: UInt64, count: Int, partition: Int)] = [
            (5, 3, 0), (UInt64.max, 3, 2), (1 << 63, 3, 1), (1 << 63, 18, 9), (12_345, 32, 25), (UInt64.max, 1, 0),
        ]
        for (hash, count, partition) in fixed {
            #expect(Compute.partition(ofHash: hash, partitionCount: count) == partition, "\(hash) of \(count)")
        }
        for partitionCount in [3, 18] {
            var counts = [Int](repeating: 0, count: partitionCount)
            for _ in 0..<90_000 {
                counts[Compute.partition(ofHash: random.next(), partitionCount: partitionCount)] += 1
            }
            // Within about five standard deviations of an even share.
            #expect(counts.max()! * partitionCount <= 90_000 * 107 / 100, "\(counts)")
        }
    }
}
