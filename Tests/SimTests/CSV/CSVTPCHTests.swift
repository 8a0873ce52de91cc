import ArrowLite
import TPCH
import Testing

/// The TPC-H generator writes dbgen-identical `.tbl` text with its own writer and builds the same rows as batches:
/// an independent oracle for reading real `.tbl` files (trailing `|`, spaces, every TPC-H type).
@Suite struct CSVTPCHTests {
    static let generator = try! TPCHGenerator(scale: 0.001)  // a valid constant scale factor

    @Test("each TPC-H table's dbgen .tbl text reads as exactly the generator's batches", arguments: TPCHTable.allCases)
    func readsDbgenText(table: TPCHTable) throws {
        let text = CSVTPCHTests.generator.tbl(table)
        let read = try CSV.read(
            text, schema: table.schema, options: .tbl, fileName: "\(table.rawValue).tbl", batchSize: 4096)
        let expected = CSVTPCHTests.generator.batches(table)
        #expect(read.reduce(0) { $0 + $1.rowCount } == CSVTPCHTests.generator.rowCount(table))
        #expect(CSVRoundTripTests.values(read) == CSVRoundTripTests.values(expected))
        for batch in read { try batch.checkInvariants() }
    }

    @Test(
        "writing the generator's batches as .tbl gives dbgen's text, except l_quantity's two decimal places",
        arguments: TPCHTable.allCases)
    func writesDbgenText(table: TPCHTable) throws {
        let written = CSV.write(schema: table.schema, batches: CSVTPCHTests.generator.batches(table), options: .tbl)
        var expected = CSVTPCHTests.generator.tbl(table)
        if table == .lineitem {
            // dbgen prints the decimal(15,2) quantity as a whole number ("17"); CSV writes its scale ("17.00").
            let lines = expected.split(separator: 0x0A, omittingEmptySubsequences: false)
            expected = Array(
                lines.map { line -> [UInt8] in
                    var fields = line.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false).map(
                        Array.init)
                    if fields.count > 4 { fields[4] += Array(".00".utf8) }
                    return Array(fields.joined(separator: [UInt8(ascii: "|")]))
                }.joined(separator: [0x0A]))
        }
        #expect(written == expected)
    }
}
