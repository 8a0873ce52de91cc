/// dbgen's per-column random stream: a Park–Miller generator (multiplier 16807, modulus 2^31 − 1) that uses a fixed
/// number of seeds per row. After each row the stream skips to the start of the next row's seeds, and it can jump
/// ahead any number of rows in O(log n) — which is what lets part i of n be generated on its own.
struct RowRandomInt: Sendable {
    static let multiplier: Int64 = 16807
    static let modulus: Int64 = 2_147_483_647

    private(set) var seed: Int64
    private var usage: Int32 = 0
    let seedsPerRow: Int32

    init(seed: Int64, seedsPerRow: Int32) {
        self.seed = seed
        self.seedsPerRow = seedsPerRow
    }

    /// A value in `lower...upper`, computed in floating point exactly as dbgen does (including its wrap-around
    /// when the range spans all of Int32).
    @inline(__always)
    mutating func nextInt(_ lower: Int32, _ upper: Int32) -> Int32 {
        nextRand()
        let range = Double((upper &- lower) &+ 1)
        let value = Int32((Double(seed) / Double(RowRandomInt.modulus)) * range)
        return lower &+ value
    }

    @inline(__always)
    mutating func nextRand() {
        seed = (seed &* RowRandomInt.multiplier) % RowRandomInt.modulus
        usage &+= 1
    }

    /// Skips the seeds this row did not use.
    mutating func rowFinished() {
        advance(Int64(seedsPerRow - usage))
        usage = 0
    }

    /// Jumps ahead `rows` whole rows.
    mutating func advanceRows(_ rows: Int64) {
        if usage != 0 { rowFinished() }
        advance(Int64(seedsPerRow) * rows)
    }

    private mutating func advance(_ count: Int64) {
        var count = count
        var multiplier = RowRandomInt.multiplier
        while count > 0 {
            if count % 2 != 0 { seed = (multiplier * seed) % RowRandomInt.modulus }
            count /= 2
            multiplier = (multiplier * multiplier) % RowRandomInt.modulus
        }
    }
}

/// dbgen's 64-bit stream, used for customer and part keys from scale factor 30,000 on.
struct RowRandomLong: Sendable {
    private var seed: Int64
    private var usage: Int32 = 0
    let seedsPerRow: Int32

    init(seed: Int64, seedsPerRow: Int32) {
        self.seed = seed
        self.seedsPerRow = seedsPerRow
    }

    mutating func nextLong(_ lower: Int64, _ upper: Int64) -> Int64 {
        seed = (seed &* 6_364_136_223_846_793_005) &+ 1
        usage &+= 1
        let magnitude = seed == .min ? seed : abs(seed)
        return lower &+ magnitude % (upper - lower + 1)
    }

    mutating func rowFinished() {
        advance32(Int64(seedsPerRow - usage))
        usage = 0
    }

    mutating func advanceRows(_ rows: Int64) {
        if usage != 0 { rowFinished() }
        advance32(Int64(seedsPerRow) * rows)
    }

    /// dbgen skips this stream with the 32-bit generator's constants (wrapping, as the reference does).
    private mutating func advance32(_ count: Int64) {
        var count = count
        var multiplier: Int64 = 16807
        while count > 0 {
            if count % 2 != 0 { seed = (multiplier &* seed) % 2_147_483_647 }
            count /= 2
            multiplier = (multiplier * multiplier) % 2_147_483_647
        }
    }
}
