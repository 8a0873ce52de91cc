import Testing

@testable import ArrowLite

@Suite("remainders without division") struct FastModuloTests {
    @Test("FastModulo gives value % divisor for edge and seeded values, small, large and maximal divisors")
    func equalsTheRemainderOperator() {
        var random = SplitMix64(seed: 11)
        let divisors: [UInt64] =
            Array(1...70) + [128, 1000, 65_535, 65_536, 1 << 32 - 1, 1 << 32, 1 << 32 + 1, 1 << 63, UInt64.max - 1]
            + [UInt64.max] + (0..<40).map { _ in max(1, random.next() >> (random.next() % 64)) }
        for divisor in divisors {
            let modulo = FastModulo(divisor)
            let edges: [UInt64] = [0, 1, divisor - 1, divisor, divisor &+ 1, UInt64.max, UInt64.max - 1, 1 << 63]
            let multiples: [UInt64] = [2, 3, 1000].map { divisor.multipliedReportingOverflow(by: $0).partialValue }
            for value in edges + multiples + (0..<500).map({ _ in random.next() }) {
                #expect(modulo.of(value) == value % divisor, "\(value) % \(divisor)")
            }
        }
    }
}
