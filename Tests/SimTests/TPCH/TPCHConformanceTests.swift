import ArrowLite
import Foundation
import TPCH
import Testing

/// Our generator against the reference: fixtures from tpchgen-cli, whose output is byte-identical to dbgen
/// (see Fixtures/tpch/make_fixtures.sh).
@Suite("TPC-H data is identical to the reference dbgen") struct TPCHConformanceTests {
    /// `sha256 table lines` per line of a fixture file.
    static func checksums(_ path: String) throws -> [(sha256: String, table: TPCHTable, lines: Int)] {
        try Fixtures.text(path).split(separator: "\n").map { line in
            let parts = line.split(separator: " ")
            return (String(parts[0]), TPCHTable(rawValue: String(parts[1]))!, Int(parts[2])!)
        }
    }

    @Test("every SF 0.01 table's .tbl bytes hash exactly as the reference generator's", arguments: TPCHTable.allCases)
    func wholeTablesMatch(table: TPCHTable) throws {
        let expected = try Self.checksums("tpch/sf0.01/sha256.txt").first { $0.table == table }!
        let bytes = TPCHGenerator(scale: 0.01).tbl(table)
        #expect(bytes.filter { $0 == 0x0A }.count == expected.lines)
        #expect(SHA256.hex(bytes) == expected.sha256)
    }

    @Test("the first and last rows of every SF 0.01 table equal the reference's", arguments: TPCHTable.allCases)
    func headAndTail(table: TPCHTable) throws {
        let lines = String(decoding: TPCHGenerator(scale: 0.01).tbl(table), as: UTF8.self).split(separator: "\n")
        let head = try Fixtures.text("tpch/sf0.01/\(table.rawValue).head.tbl").split(separator: "\n")
        let tail = try Fixtures.text("tpch/sf0.01/\(table.rawValue).tail.tbl").split(separator: "\n")
        #expect(Array(lines.prefix(3)) == head)
        #expect(Array(lines.suffix(3)) == tail)
    }

    @Test("row counts follow the specification at several scale factors")
    func rowCounts() {
        let sf1: [TPCHTable: Int] = [
            .part: 200_000, .supplier: 10_000, .partsupp: 800_000, .customer: 150_000, .orders: 1_500_000,
            .lineitem: 6_001_215, .nation: 25, .region: 5,
        ]
        for (table, count) in sf1 { #expect(table.rowCount(scale: 1) == count, "\(table)") }
        #expect(TPCHTable.lineitem.rowCount(scale: 0.01) == 60_175)
        #expect(TPCHTable.lineitem.rowCount(scale: 0.1) == 600_572)
        #expect(TPCHTable.orders.rowCount(scale: 10) == 15_000_000)
        #expect(TPCHTable.customer.rowCount(scale: 0.001) == 150)
        #expect(TPCHTable.nation.rowCount(scale: 100) == 25)
    }

    @Test("SF 1 tables hash as dbgen's (slow tier: CLUSTERSIM_FULL=1)", .enabled(if: Fixtures.fullTier))
    func scaleFactorOne() throws {
        let generator = TPCHGenerator(scale: 1)
        for expected in try Self.checksums("tpch/sf1-sha256.txt") {
            var hasher = SHA256()
            var lines = 0
            generator.forEachTblChunk(expected.table) { chunk, rows in
                hasher.update(chunk)
                lines += rows
            }
            #expect(lines == expected.lines, "\(expected.table)")
            #expect(hasher.finalizeHex() == expected.sha256, "\(expected.table)")
        }
    }
}
