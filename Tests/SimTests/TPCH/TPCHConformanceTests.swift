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
        let bytes = try TPCHGenerator(scale: 0.01).tbl(table)
        #expect(bytes.filter { $0 == 0x0A }.count == expected.lines)
        #expect(SHA256.hex(bytes) == expected.sha256)
    }

    @Test(
        "at SF 0.001 and 0.0125 (125 suppliers, not a multiple of 4) every table hashes as the reference's",
        arguments: ["0.001", "0.0125"])
    func otherScaleFactors(scale: String) throws {
        let generator = try TPCHGenerator(scale: Double(scale)!)
        for expected in try Self.checksums("tpch/sf\(scale)/sha256.txt") {
            #expect(SHA256.hex(generator.tbl(expected.table)) == expected.sha256, "\(expected.table) at SF \(scale)")
            #expect(generator.rowCount(expected.table) == expected.lines, "\(expected.table) at SF \(scale)")
        }
    }

    @Test("each of 7 parts at SF 0.01 hashes as the reference generator's part of the same number")
    func partsMatchReference() throws {
        let generator = try TPCHGenerator(scale: 0.01)
        let lines = try Fixtures.text("tpch/sf0.01/parts7-sha256.txt").split(separator: "\n")
        #expect(lines.count == 6 * 7 + 2)
        for line in lines {
            let fields = line.split(separator: " ")
            let table = TPCHTable(rawValue: String(fields[1]))!
            let part = Int(fields[2])! - 1
            let bytes = generator.tbl(table, part: part, of: 7)
            #expect(SHA256.hex(bytes) == String(fields[0]), "\(table) part \(part + 1) of 7")
            #expect(generator.rowCount(table, part: part, of: 7) == Int(fields[3])!, "\(table) part \(part + 1) of 7")
        }
    }

    @Test("the first and last rows of every SF 0.01 table equal the reference's", arguments: TPCHTable.allCases)
    func headAndTail(table: TPCHTable) throws {
        let lines = String(decoding: try TPCHGenerator(scale: 0.01).tbl(table), as: UTF8.self).split(separator: "\n")
        let head = try Fixtures.text("tpch/sf0.01/\(table.rawValue).head.tbl").split(separator: "\n")
        let tail = try Fixtures.text("tpch/sf0.01/\(table.rawValue).tail.tbl").split(separator: "\n")
        #expect(Array(lines.prefix(3)) == head)
        #expect(Array(lines.suffix(3)) == tail)
    }

    @Test("row counts follow the specification at several scale factors")
    func rowCounts() throws {
        let sf1: [TPCHTable: Int] = [
            .part: 200_000, .supplier: 10_000, .partsupp: 800_000, .customer: 150_000, .orders: 1_500_000,
            .lineitem: 6_001_215, .nation: 25, .region: 5,
        ]
        let one = try TPCHGenerator(scale: 1)
        for (table, count) in sf1 { #expect(one.rowCount(table) == count, "\(table)") }
        #expect(try TPCHGenerator(scale: 0.01).rowCount(.lineitem) == 60_175)
        #expect(try TPCHGenerator(scale: 0.1).rowCount(.lineitem) == 600_572)
        let ten = try TPCHGenerator(scale: 10)
        #expect(ten.rowCount(.orders) == 15_000_000)
        #expect(ten.rowCount(.partsupp) == 8_000_000)
        #expect(ten.rowCount(.lineitem) == 59_986_052)
        let thousandth = try TPCHGenerator(scale: 0.001)
        #expect(thousandth.rowCount(.customer) == 150 && thousandth.rowCount(.supplier) == 10)
        #expect(try TPCHGenerator(scale: 100).rowCount(.nation) == 25)
        // The smallest scale factor: one supplier, so all four of a part's suppliers are supplier 1.
        let smallest = try TPCHGenerator(scale: TPCHGenerator.smallestScale)
        #expect(smallest.rowCount(.supplier) == 1 && smallest.rowCount(.part) == 20)
        #expect(String(decoding: smallest.tbl(.partsupp), as: UTF8.self).hasPrefix("1|1|"))
    }

    @Test("scale factors outside 0.0001...100000 throw instead of trapping (the reference crashes below)")
    func scaleOutOfRange() {
        for scale: Double in [0, -1, 0.00009, 0.00001, 100_001, .infinity, .nan] {
            #expect(throws: ArrowError.self, "scale \(scale)") { try TPCHGenerator(scale: scale) }
        }
        #expect(throws: Never.self) { try TPCHGenerator(scale: TPCHGenerator.largestScale) }
    }

    @Test("SF 1 tables hash as dbgen's (slow tier: CLUSTERSIM_FULL=1)", .enabled(if: Fixtures.fullTier))
    func scaleFactorOne() throws {
        let generator = try TPCHGenerator(scale: 1)
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
