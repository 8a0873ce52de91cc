import ArrowLite
import Testing

@Suite struct DateKernelTests {
    func dates(_ texts: [String?]) throws -> Date32Array {
        Date32Array(.date32, try texts.map { try $0.map { try Date32.parse(Substring($0)) } })
    }

    @Test("extract year, month and day, including before 1970 and on a slice")
    func extract() throws {
        let d = try dates(["2000-01-01", "2024-02-29", nil, "1969-12-31"]).slice(1, 3)
        #expect(elements(try Compute.extract(.year, from: d), Int32.self) == [2024, nil, 1969])
        #expect(elements(try Compute.extract(.month, from: d), Int32.self) == [2, nil, 12])
        #expect(elements(try Compute.extract(.day, from: d), Int32.self) == [29, nil, 31])
        #expect(throws: ArrowError.self) { try Compute.extract(.year, from: Int32Array(.int32, [1])) }
    }

    @Test("adding months clamps to the month's end: 2024-01-31 + 1 month = 2024-02-29")
    func monthEnds() throws {
        let d = try dates(["2024-01-31", "2023-01-31", "2024-03-31", nil, "2023-12-15"])
        #expect(texts(try Compute.addMonths(d, 1)) == ["2024-02-29", "2023-02-28", "2024-04-30", "NULL", "2024-01-15"])
        #expect(
            texts(try Compute.addMonths(d, -1)) == ["2023-12-31", "2022-12-31", "2024-02-29", "NULL", "2023-11-15"])
        #expect(
            texts(try Compute.addMonths(d, 13)) == ["2025-02-28", "2024-02-29", "2025-04-30", "NULL", "2025-01-15"])
        #expect(texts(try Compute.addYears(try dates(["2024-02-29"]), 1)) == ["2025-02-28"])
        #expect(texts(try Compute.addYears(try dates(["2024-02-29"]), -4)) == ["2020-02-29"])
    }

    @Test("adding days crosses months and years; overflow is an error")
    func days() throws {
        let d = try dates(["1998-12-01", "2024-02-28"])
        #expect(texts(try Compute.addDays(d, -90)) == ["1998-09-02", "2023-11-30"])
        #expect(texts(try Compute.addDays(d, 1)) == ["1998-12-02", "2024-02-29"])
        #expect(throws: ArrowError.self) { try Compute.addDays(Date32Array(.date32, [Int32.max]), 1) }
        #expect(throws: ArrowError.self) { try Compute.addYears(d, 10_000_000) }
    }
}
