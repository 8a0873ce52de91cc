import ArrowLite
import Foundation
import Testing

@Suite struct DecimalAndDateTests {
    @Test("decimal text formats with its scale, including negatives and values below one")
    func decimalFormat() {
        #expect(Decimal128.format(-1234, scale: 2) == "-12.34")
        #expect(Decimal128.format(5, scale: 2) == "0.05")
        #expect(Decimal128.format(-5, scale: 3) == "-0.005")
        #expect(Decimal128.format(42, scale: 0) == "42")
        #expect(Decimal128.format(0, scale: 2) == "0.00")
    }

    @Test("decimal parsing pads, rounds half away from zero and rejects overflow and junk")
    func decimalParse() throws {
        #expect(try Decimal128.parse("12.3", precision: 15, scale: 2) == 1230)
        #expect(try Decimal128.parse("-0.005", precision: 15, scale: 2) == -1)
        #expect(try Decimal128.parse("0.004", precision: 15, scale: 2) == 0)
        #expect(try Decimal128.parse("+7", precision: 15, scale: 2) == 700)
        #expect(try Decimal128.parse(".5", precision: 15, scale: 1) == 5)
        #expect(throws: ArrowError.self) { try Decimal128.parse("1000", precision: 3, scale: 0) }
        #expect(throws: ArrowError.self) { try Decimal128.parse("12x", precision: 15, scale: 2) }
        #expect(throws: ArrowError.self) { try Decimal128.parse("", precision: 15, scale: 2) }
        #expect(throws: ArrowError.self) { try Decimal128.parse("1.2.3", precision: 15, scale: 2) }
    }

    @Test("decimal parsing at precision 38 accepts the largest value and rejects one digit more without trapping")
    func decimalParsePrecision38() throws {
        let nines = String(repeating: "9", count: 38)
        #expect(try Decimal128.parse(Substring(nines), precision: 38, scale: 0) == Decimal128.powerOfTen(38) - 1)
        #expect(throws: ArrowError.self) { try Decimal128.parse(Substring(nines + "9"), precision: 38, scale: 0) }
        #expect(throws: ArrowError.self) { try Decimal128.parse(Substring(nines), precision: 38, scale: 1) }
        #expect(try Decimal128.parse("-1.5", precision: 38, scale: 37) == -15 * Decimal128.powerOfTen(36))
    }

    @Test("Decimal128.product agrees with Int128's checked multiply, within 64 bits, at their edges and past them")
    func decimalProduct() {
        let edges: [Int128] = [
            0, 1, -1, 7, -7, Int128(Int64.max), Int128(Int64.min), Int128(Int64.min) + 1, Int128(Int64.max) + 1,
            Int128(Int64.min) - 1, Decimal128.powerOfTen(18), -Decimal128.powerOfTen(19), Decimal128.powerOfTen(37),
            Int128.max, Int128.min,
        ]
        var random = SplitMix64(seed: 6)
        let randoms = (0..<200).map { index -> Int128 in
            let word = Int128(Int64(bitPattern: random.next()))
            return index % 3 == 0 ? word << 40 : word >> (index % 64)
        }
        for a in edges + randoms {
            for b in edges + randoms.prefix(20) {
                let (expected, overflow) = a.multipliedReportingOverflow(by: b)
                #expect(Decimal128.product(a, b) == (overflow ? nil : expected), "\(a) × \(b)")
            }
        }
    }

    @Test("date32 day numbers agree with Foundation's Gregorian calendar from 1600 to 2400")
    func datesAgreeWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let epoch = calendar.date(from: DateComponents(year: 1970, month: 1, day: 1))!
        for year in stride(from: 1600, through: 2400, by: 7) {
            for month in [1, 2, 3, 12] {
                let day = Date32.daysInMonth(year: year, month: month)
                let date = calendar.date(from: DateComponents(year: year, month: month, day: day))!
                let expected = calendar.dateComponents([.day], from: epoch, to: date).day!
                let days = Date32.days(year: year, month: month, day: day)
                #expect(Int(days) == expected)
                let civil = Date32.civil(days)
                #expect(civil.year == year && civil.month == month && civil.day == day)
            }
        }
    }

    @Test("dates format and parse as ISO text, and impossible dates are refused")
    func dateText() throws {
        #expect(Date32.format(0) == "1970-01-01")
        #expect(try Date32.parse("1998-12-01") == Date32.days(year: 1998, month: 12, day: 1))
        #expect(Date32.format(try Date32.parse("2000-02-29")) == "2000-02-29")
        #expect(throws: ArrowError.self) { try Date32.parse("1999-02-29") }
        #expect(throws: ArrowError.self) { try Date32.parse("1995-13-01") }
        #expect(throws: ArrowError.self) { try Date32.parse("95-01-01") }
    }
}
