/// The typed random columns dbgen draws from, each a `RowRandomInt` (or `RowRandomLong`) with its own seed.
/// All share the row protocol: draw values for a row, then `rowFinished()`; `advanceRows(n)` skips n rows.
protocol RowStream {
    mutating func rowFinished()
    mutating func advanceRows(_ rows: Int64)
}

/// Integers uniformly in `lower...upper`.
struct BoundedIntStream: RowStream {
    var random: RowRandomInt
    let lower: Int32
    let upper: Int32

    init(seed: Int64, _ lower: Int32, _ upper: Int32, seedsPerRow: Int32 = 1) {
        random = RowRandomInt(seed: seed, seedsPerRow: seedsPerRow)
        self.lower = lower
        self.upper = upper
    }

    @inline(__always) mutating func next() -> Int32 { random.nextInt(lower, upper) }
    mutating func rowFinished() { random.rowFinished() }
    mutating func advanceRows(_ rows: Int64) { random.advanceRows(rows) }
}

/// 64-bit keys uniformly in `lower...upper`: the 32-bit stream below scale factor 30,000, the 64-bit one above.
struct BoundedLongStream: RowStream {
    var small: RowRandomInt
    var large: RowRandomLong
    let uses64Bits: Bool
    let lower: Int64
    let upper: Int64

    init(seed: Int64, uses64Bits: Bool, _ lower: Int64, _ upper: Int64, seedsPerRow: Int32 = 1) {
        small = RowRandomInt(seed: seed, seedsPerRow: seedsPerRow)
        large = RowRandomLong(seed: seed, seedsPerRow: seedsPerRow)
        self.uses64Bits = uses64Bits
        self.lower = lower
        self.upper = upper
    }

    @inline(__always) mutating func next() -> Int64 {
        uses64Bits
            ? large.nextLong(lower, upper)
            : Int64(small.nextInt(Int32(truncatingIfNeeded: lower), Int32(truncatingIfNeeded: upper)))
    }
    mutating func rowFinished() { uses64Bits ? large.rowFinished() : small.rowFinished() }
    mutating func advanceRows(_ rows: Int64) { uses64Bits ? large.advanceRows(rows) : small.advanceRows(rows) }
}

/// Weighted picks from a distribution.
struct PickStream: RowStream {
    var random: RowRandomInt
    let distribution: Distribution

    init(seed: Int64, _ distribution: Distribution, seedsPerRow: Int32 = 1) {
        random = RowRandomInt(seed: seed, seedsPerRow: seedsPerRow)
        self.distribution = distribution
    }

    @inline(__always) mutating func next() -> UnsafeRawBufferPointer { distribution.randomValue(&random) }
    mutating func rowFinished() { random.rowFinished() }
    mutating func advanceRows(_ rows: Int64) { random.advanceRows(rows) }
}

/// `count` distinct words from a distribution, in shuffled order, joined by spaces (part names).
struct WordSequenceStream: RowStream {
    var random: RowRandomInt
    let distribution: Distribution
    let count: Int
    private var order: [Int]

    init(seed: Int64, count: Int, _ distribution: Distribution) {
        random = RowRandomInt(seed: seed, seedsPerRow: Int32(distribution.count))
        self.distribution = distribution
        self.count = count
        order = Array(0..<distribution.count)
    }

    /// Appends the words to `out`.
    mutating func next(into out: ByteWriter) {
        for index in order.indices { order[index] = index }
        let last = Int32(order.count - 1)
        for position in 0..<count {
            let swap = Int(random.nextInt(Int32(position), last))
            order.swapAt(position, swap)
        }
        for position in 0..<count {
            if position > 0 { out.append(UInt8(ascii: " ")) }
            out.append(distribution.value(order[position]))
        }
    }

    mutating func rowFinished() { random.rowFinished() }
    mutating func advanceRows(_ rows: Int64) { random.advanceRows(rows) }
}

/// Random slices of the text pool, 0.4 to 1.6 times an average length (comments).
struct TextStream: RowStream {
    var random: RowRandomInt
    let pool: TextPool
    let minimumLength: Int32
    let maximumLength: Int32

    init(seed: Int64, averageLength: Double, rowsPerRow: Int32 = 1, pool: TextPool = .shared) {
        random = RowRandomInt(seed: seed, seedsPerRow: 2 * rowsPerRow)
        self.pool = pool
        minimumLength = Int32(averageLength * 0.4)
        maximumLength = Int32(averageLength * 1.6)
    }

    /// Slices drawn ahead by `drawAhead`, as (offset, length) pairs, handed out by `next()` first.
    private var ahead: [(offset: Int, length: Int)] = []
    private var aheadIndex = 0
    /// Sums the bytes `drawAhead` reads, so those reads are not optimised away.
    private(set) var touched: UInt8 = 0

    @inline(__always) mutating func next() -> UnsafeRawBufferPointer {
        if aheadIndex < ahead.count {
            let slice = ahead[aheadIndex]
            aheadIndex += 1
            return pool.text(slice.offset, slice.offset + slice.length)
        }
        let slice = draw()
        return pool.text(slice.offset, slice.offset + slice.length)
    }

    /// Draws the next `count` values now (the same values `next()` would draw, in the same order) and reads the
    /// first and last byte of each: their cache misses in the 300 MiB pool then overlap, instead of each stalling
    /// its own copy later. Call it only when the next `count` values will be taken within this row.
    mutating func drawAhead(_ count: Int) {
        ahead.removeAll(keepingCapacity: true)
        aheadIndex = 0
        var sum: UInt8 = 0
        for _ in 0..<count {
            let slice = draw()
            ahead.append(slice)
            sum &+= pool.bytes.pointer.load(fromByteOffset: slice.offset, as: UInt8.self)
            sum &+= pool.bytes.pointer.load(fromByteOffset: slice.offset + slice.length - 1, as: UInt8.self)
        }
        touched &+= sum
    }

    @inline(__always) private mutating func draw() -> (offset: Int, length: Int) {
        let offset = Int(random.nextInt(0, Int32(pool.size) - maximumLength))
        let length = Int(random.nextInt(minimumLength, maximumLength))
        return (offset, length)
    }

    mutating func rowFinished() {
        precondition(aheadIndex == ahead.count, "values drawn ahead were not used within their row")
        random.rowFinished()
    }
    mutating func advanceRows(_ rows: Int64) { random.advanceRows(rows) }
}

/// Random alphanumeric strings, 0.4 to 1.6 times an average length (addresses); 9 seeds per row.
struct AlphaNumericStream: RowStream {
    static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ,".utf8)
    var random: RowRandomInt
    let minimumLength: Int32
    let maximumLength: Int32

    init(seed: Int64, averageLength: Int) {
        random = RowRandomInt(seed: seed, seedsPerRow: 9)
        minimumLength = Int32(Double(averageLength) * 0.4)
        maximumLength = Int32(Double(averageLength) * 1.6)
    }

    /// Appends one string: its length, then a draw per five characters, six bits a character.
    mutating func next(into out: ByteWriter) {
        let length = Int(random.nextInt(minimumLength, maximumLength))
        var characterBits: Int64 = 0
        for index in 0..<length {
            if index % 5 == 0 { characterBits = Int64(random.nextInt(0, Int32.max)) }
            out.append(AlphaNumericStream.alphabet[Int(characterBits & 0x3F)])
            characterBits >>= 6
        }
    }

    mutating func rowFinished() { random.rowFinished() }
    mutating func advanceRows(_ rows: Int64) { random.advanceRows(rows) }
}

/// Phone numbers `CC-LLL-LLL-LLLL` whose country code follows the nation key; 3 seeds per row.
struct PhoneStream: RowStream {
    var random: RowRandomInt

    init(seed: Int64) { random = RowRandomInt(seed: seed, seedsPerRow: 3) }

    mutating func next(nationKey: Int64, into out: ByteWriter) {
        let country = 10 + Int(nationKey % 90)
        let first = Int(random.nextInt(100, 999))
        let second = Int(random.nextInt(100, 999))
        let third = Int(random.nextInt(1000, 9999))
        out.appendPadded(country, width: 2)
        out.append(UInt8(ascii: "-"))
        out.appendPadded(first, width: 3)
        out.append(UInt8(ascii: "-"))
        out.appendPadded(second, width: 3)
        out.append(UInt8(ascii: "-"))
        out.appendPadded(third, width: 4)
    }

    mutating func rowFinished() { random.rowFinished() }
    mutating func advanceRows(_ rows: Int64) { random.advanceRows(rows) }
}
