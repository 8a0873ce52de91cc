import ArrowLite
import Testing

/// Feeds 15,000 seeded mutations of valid CSV and `.tbl` text to the reader. Each input must give batches that pass
/// `checkInvariants()` or throw `ArrowError.csv`; a trap ends the test run.
@Suite("the CSV reader survives seeded mutations") struct CSVMutationTests {
    static let schema = Schema([
        Field("id", .int64, nullable: false), Field("flag", .boolean), Field("small", .int32),
        Field("price", .decimal128(precision: 15, scale: 2)), Field("ratio", .float64), Field("day", .date32),
        Field("name", .utf8),
    ])

    static let csv = Array(
        """
        id,flag,small,price,ratio,day,name
        1,true,-7,12.34,0.5,1998-12-01,plain
        2,,,,,,
        3,F,2147483647,-0.05,1e3,2000-02-29,"quoted, with ""quotes"" and
        a newline"
        4,1,0,99999.99,-2.5,1970-01-01,grüße

        """.utf8)

    static let tbl = Array(
        """
        1|true|-7|12.34|0.5|1998-12-01|plain|
        2|false|8|0.01|1|1992-01-01|carefully final deposits|
        3|t|9|100|2|1995-06-17|x|

        """.utf8)

    /// Bytes that are meaningful to the grammar, so mutations hit the interesting paths.
    static let special: [UInt8] = Array(",|\"\n\r .-0123456789eT".utf8) + [0xC3, 0xFF, 0x00]

    static func mutate(_ input: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let steps = 1 + random.below(3)
        for _ in 0..<steps {
            guard !bytes.isEmpty else { return [special[random.below(special.count)]] }
            let at = random.below(bytes.count)
            switch random.below(5) {
            case 0: bytes[at] = special[random.below(special.count)]
            case 1: bytes.remove(at: at)
            case 2: bytes.insert(special[random.below(special.count)], at: at)
            case 3: bytes.removeSubrange(at...)
            default: bytes[at] ^= UInt8(1) << random.below(8)
            }
        }
        return bytes
    }

    static func run(_ input: [UInt8], options: CSVOptions, count: Int, seed: UInt64) -> (decoded: Int, rejected: Int) {
        var random = SplitMix64(seed: seed)
        var decoded = 0
        var rejected = 0
        for _ in 0..<count {
            let mutated = mutate(input, &random)
            do {
                let batches = try CSV.read(mutated, schema: schema, options: options, batchSize: 2)
                for batch in batches { try batch.checkInvariants() }
                decoded += 1
            } catch let error as ArrowError {
                // The location must lie inside the input: a real line, a column no further than the bytes.
                let lines = mutated.count(where: { $0 == 0x0A }) + 1
                if case .csv(_, let line, let column, let message) = error, (1...lines).contains(line),
                    (1...mutated.count + 1).contains(column), message.hasPrefix("expected") || message.hasPrefix("the ")
                {
                    rejected += 1
                } else {
                    Issue.record("unexpected error kind or location: \(error)")
                }
            } catch {
                Issue.record("a non-ArrowError escaped: \(error)")
            }
        }
        return (decoded, rejected)
    }

    @Test("6,000 mutated CSV inputs each decode cleanly or throw a located CSV error")
    func mutatedCSV() {
        let (decoded, rejected) = CSVMutationTests.run(CSVMutationTests.csv, options: .init(), count: 6_000, seed: 1)
        #expect(decoded + rejected == 6_000)
        #expect(decoded > 100 && rejected > 100)
    }

    static let semicolons = Array(
        "id;flag;small;price;ratio;day;name\r\n1;TRUE;5;1.5;-0;2024-02-29;\"a;b\"\r\n2;NULL;NULL;NULL;NULL;NULL;NULL\r\n3;0;-1;.5;nan;1970-01-01;\"\"\"\"\r\n"
            .utf8)

    @Test("4,000 mutated CRLF, semicolon, NULL-token inputs each decode cleanly or throw a located CSV error")
    func mutatedSemicolons() {
        let options = CSVOptions(delimiter: UInt8(ascii: ";"), nullToken: "NULL")
        let (decoded, rejected) = CSVMutationTests.run(
            CSVMutationTests.semicolons, options: options, count: 4_000, seed: 3)
        #expect(decoded + rejected == 4_000)
        #expect(decoded > 100 && rejected > 100)
    }

    @Test("5,000 mutated .tbl inputs each decode cleanly or throw a located CSV error")
    func mutatedTbl() {
        let (decoded, rejected) = CSVMutationTests.run(CSVMutationTests.tbl, options: .tbl, count: 5_000, seed: 2)
        #expect(decoded + rejected == 5_000)
        #expect(decoded > 100 && rejected > 100)
    }
}
