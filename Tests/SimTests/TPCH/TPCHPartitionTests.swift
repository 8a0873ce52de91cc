import ArrowLite
import TPCH
import Testing

@Suite("TPC-H parts are independent slices of the whole") struct TPCHPartitionTests {
    static let generator = try! TPCHGenerator(scale: 0.01)  // a valid constant scale factor

    @Test(
        "the parts of a table, made in reverse order, concatenate to the whole table",
        arguments: [
            (TPCHTable.lineitem, 7), (.orders, 3), (.partsupp, 4), (.customer, 2), (.part, 13), (.supplier, 3),
            (.nation, 3),
        ])
    func unionOfPartsIsWhole(table: TPCHTable, parts: Int) {
        let whole = Self.generator.tbl(table)
        let pieces = (0..<parts).reversed().map { Self.generator.tbl(table, part: $0, of: parts) }
        #expect(Array(pieces.reversed().joined()) == whole)
        #expect(pieces.allSatisfy { !$0.isEmpty } || table == .nation)
    }

    @Test("a part is the same whichever other parts were generated before it")
    func partIndependence() {
        let alone = Self.generator.tbl(.lineitem, part: 4, of: 5)
        _ = Self.generator.tbl(.lineitem, part: 1, of: 5)
        let again = Self.generator.tbl(.lineitem, part: 4, of: 5)
        #expect(alone == again)
        #expect(!alone.isEmpty)
    }

    @Test("Arrow batches hold the same values as the .tbl text, with the specification's types")
    func batchesMatchText() throws {
        for table in TPCHTable.allCases {
            let schema = table.schema
            let batches = Self.generator.batches(table, batchSize: 5_000)
            for batch in batches { try batch.checkInvariants() }
            let parsed = try CSV.read(Self.generator.tbl(table), schema: schema, options: .tbl, batchSize: 5_000)
            #expect(batches.map(\.rowCount) == parsed.map(\.rowCount), "\(table)")
            for (ours, theirs) in zip(batches, parsed) {
                for column in 0..<schema.count {
                    for row in stride(from: 0, to: ours.rowCount, by: 97) {
                        #expect(ours.columns[column].scalar(at: row) == theirs.columns[column].scalar(at: row))
                    }
                }
            }
        }
        #expect(TPCHTable.lineitem.schema.fields.map(\.dataType).contains(.decimal128(precision: 15, scale: 2)))
        #expect(TPCHTable.orders.schema.fields[4].dataType == .date32)
    }

    @Test("batch parts partition the rows: counts add up and keys do not repeat across parts")
    func batchParts() {
        let parts = (0..<4).map { Self.generator.batches(.orders, part: $0, of: 4) }
        let counts = parts.map { $0.reduce(0) { $0 + $1.rowCount } }
        #expect(counts.reduce(0, +) == Self.generator.rowCount(.orders))
        var keys: [Int64] = []
        for batch in parts.joined() {
            let column = batch.columns[0] as! Int64Array
            keys.append(contentsOf: (0..<column.count).map { column.value($0) })
        }
        #expect(keys == keys.sorted() && Set(keys).count == keys.count)
    }

    @Test(
        "rowCount of each part equals the rows that part generates, for part counts that divide nothing evenly",
        arguments: [1, 3, 11, 150])
    func partRowCounts(parts: Int) {
        for table in TPCHTable.allCases {
            var total = 0
            for part in 0..<parts {
                let lines = Self.generator.tbl(table, part: part, of: parts).filter { $0 == 0x0A }.count
                #expect(
                    Self.generator.rowCount(table, part: part, of: parts) == lines, "\(table) part \(part) of \(parts)")
                total += lines
            }
            #expect(total == Self.generator.rowCount(table), "\(table) in \(parts) parts")
        }
    }
}
