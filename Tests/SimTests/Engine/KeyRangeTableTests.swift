import ArrowLite
import PlanKit
import Testing

/// Key ranges split a key domain the same way for every table that declares them, and a `KeyRangeTable` puts each
/// row in the part of its key's range (the planner's use of them is in `KeyRangePlanningTests`).
@Suite("key-range tables: parts by key, and joins and aggregates without exchanges")
struct KeyRangeTableTests {
    static let schema = Schema([Field("k", .int64), Field("v", .int32)])

    /// A table of `keys` (sorted), in batches of `batchSize` rows, with `v` numbering the rows.
    static func table(_ keys: [Int64], batchSize: Int = 3) throws -> MemoryTable {
        let batches = try stride(from: 0, to: keys.count, by: batchSize).map { start in
            let end = min(start + batchSize, keys.count)
            return try RecordBatch(
                schema: schema,
                columns: [
                    Int64Array(.int64, keys[start..<end].map { $0 }),
                    Int32Array(.int32, (start..<end).map { Int32($0) }),
                ])
        }
        return try MemoryTable(schema: schema, batches: batches)
    }

    static func keys(_ batches: [RecordBatch]) -> [Int64] {
        batches.flatMap { batch in (0..<batch.rowCount).map { (batch.columns[0] as! Int64Array).value($0) } }
    }

    @Test("boundaries rise from low to one past high, and part(of:) is the range whose boundaries hold the key")
    func rangesSplitTheDomain() throws {
        let domains: [(Int64, Int64)] = [(1, 100), (-5, 5), (7, 7), (0, 1_000_003), (.min, .max), (.max - 3, .max)]
        var random = SplitMix64(seed: 11)
        for (low, high) in domains {
            let ranges = try KeyRanges(low: low, high: high)
            for parts in [1, 2, 3, 7, 64] {
                #expect(ranges.boundary(0, of: parts) == low)
                let bounds = (0...parts).map { ranges.boundary($0, of: parts) }
                #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $0 <= $1 }, "\(ranges) / \(parts)")
                var probes: [Int64] = [low, high] + bounds
                for _ in 0..<50 { probes.append(Int64(bitPattern: random.next())) }
                for key in probes {
                    let part = ranges.part(of: key, parts: parts)
                    let inside =
                        (part == 0 || key >= bounds[part]) && (part == parts - 1 || key < bounds[part + 1])
                    #expect(inside, "key \(key) in part \(part) of \(parts) over \(ranges)")
                }
            }
        }
        #expect(throws: PhysicalPlanError.self) { try KeyRanges(low: 2, high: 1) }
    }

    @Test("the parts hold every row once, in table order, each row in the part of its key's range")
    func partsFollowKeys() throws {
        let keys: [Int64] = [-3, 1, 1, 1, 2, 5, 5, 9, 10, 10, 10, 11, 40, 41]
        let ranges = try KeyRanges(low: 0, high: 20)
        let table = try KeyRangeTable(Self.table(keys), column: "k", ranges: ranges)
        #expect(table.clustering == TableClustering(column: 0, ranges: ranges))
        for parts in [1, 2, 3, 5, 16] {
            var all: [Int64] = []
            for part in 0..<parts {
                let got = Self.keys(try table.batches(part: part, of: parts))
                #expect(got.allSatisfy { ranges.part(of: $0, parts: parts) == part }, "part \(part) of \(parts)")
                all += got
            }
            #expect(all == keys, "\(parts) parts")
        }
        #expect(throws: PhysicalPlanError.self) { try table.batches(part: 3, of: 3) }
    }

    @Test("two tables with equal ranges put equal keys in parts of the same index, whatever their row counts")
    func equalRangesAlign() throws {
        let ranges = try KeyRanges(low: 1, high: 30)
        let orders = try KeyRangeTable(Self.table(Array(1...30)), column: "k", ranges: ranges)
        let lines = try KeyRangeTable(
            Self.table((1...30).flatMap { Array(repeating: Int64($0), count: Int($0 % 4) + 1) }, batchSize: 7),
            column: "k", ranges: ranges)
        for parts in [2, 4, 9] {
            for part in 0..<parts {
                let left = Set(Self.keys(try orders.batches(part: part, of: parts)))
                let right = Set(Self.keys(try lines.batches(part: part, of: parts)))
                #expect(left == right, "part \(part) of \(parts)")
            }
        }
    }

    @Test("without ranges a table is split by its own first to last key, skipping empty batches; empty is 0...0")
    func ownKeysAreTheDefaultDomain() throws {
        let empty = try RecordBatch(schema: Self.schema, columns: [Int64Array(.int64, []), Int32Array(.int32, [])])
        let rows = try Self.table([4, 9, 9, 20, 31])
        let table = try KeyRangeTable(
            MemoryTable(schema: Self.schema, batches: [empty] + rows.storedBatches + [empty]), column: "k")
        #expect(table.clustering?.ranges == (try KeyRanges(low: 4, high: 31)))
        #expect(try (0..<3).flatMap { Self.keys(try table.batches(part: $0, of: 3)) } == [4, 9, 9, 20, 31])
        let none = try KeyRangeTable(MemoryTable(schema: Self.schema, batches: [empty]), column: "k")
        #expect(none.clustering?.ranges == (try KeyRanges(low: 0, high: 0)) && none.rowCount == 0)
        #expect(try none.batches(part: 1, of: 2).allSatisfy { $0.rowCount == 0 })
    }

    @Test("an unsorted, null, non-integer or missing key column is an error naming the row or the column")
    func badKeysAreRejected() throws {
        let ranges = try KeyRanges(low: 0, high: 10)
        func message(_ build: () throws -> KeyRangeTable) -> String {
            do {
                _ = try build()
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(
            message { try KeyRangeTable(Self.table([1, 2, 3, 2, 5]), column: "k", ranges: ranges) }.contains("row 3"))
        // Out of order across a batch boundary: row 3 opens the second batch.
        #expect(message { try KeyRangeTable(Self.table([1, 2, 9, 4]), column: "k", ranges: ranges) }.contains("row 3"))
        let nulls = try MemoryTable(
            schema: Self.schema,
            batches: [
                RecordBatch(schema: Self.schema, columns: [Int64Array(.int64, [1, nil]), Int32Array(.int32, [0, 1])])
            ])
        #expect(message { try KeyRangeTable(nulls, column: "k", ranges: ranges) }.contains("row 1 has a null 'k'"))
        let strings = Schema([Field("s", .utf8)])
        let text = try MemoryTable(
            schema: strings, batches: [RecordBatch(schema: strings, columns: [StringArray(["a", "b"])])])
        #expect(message { try KeyRangeTable(text, column: "s", ranges: ranges) }.contains("int32 or int64"))
        #expect(message { try KeyRangeTable(Self.table([1]), column: "x", ranges: ranges) }.contains("no column 'x'"))
    }
}
