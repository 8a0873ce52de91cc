/// The streams orders and lineitem share: both derive each order's date, line count and line values from the same
/// seeds, so an order's total price and status agree with its line items without generating them together.
enum OrderStreams {
    static let lineCountMaximum: Int32 = 7
    static let orderDateMinimum = TPCHDate.firstGenerated
    /// The last order date: late enough that every line item still ships and arrives within the date range.
    static let orderDateMaximum = TPCHDate.firstGenerated + (TPCHDate.dayCount - (121 + 30) - 1)

    static func orderDate() -> BoundedIntStream {
        BoundedIntStream(seed: 1_066_728_069, orderDateMinimum, orderDateMaximum)
    }
    static func lineCount() -> BoundedIntStream { BoundedIntStream(seed: 1_434_868_289, 1, lineCountMaximum) }
    /// dbgen's sparse order keys: of every 32 keys only the first 8 are used.
    static func orderKey(_ index: Int64) -> Int64 { ((index >> 3) << 5) + (index & 7) }
}

/// The per-line streams orders and lineitem both draw (seeds per row: 7, one per possible line): an order's total
/// price and status are computed from the same values its line items show.
struct LineStreams {
    private(set) var quantity = BoundedIntStream(seed: 209_208_115, 1, 50, seedsPerRow: OrderStreams.lineCountMaximum)
    private(set) var discount = BoundedIntStream(seed: 554_590_007, 0, 10, seedsPerRow: OrderStreams.lineCountMaximum)
    private(set) var tax = BoundedIntStream(seed: 721_958_466, 0, 8, seedsPerRow: OrderStreams.lineCountMaximum)
    private(set) var partKey: BoundedLongStream
    private(set) var shipDate = BoundedIntStream(
        seed: 1_769_349_045, 1, 121, seedsPerRow: OrderStreams.lineCountMaximum)

    init(scale: Double) {
        partKey = BoundedLongStream(
            seed: 1_808_217_256, uses64Bits: scale >= 30_000, 1, Int64(Double(ScaleBase.part) * scale),
            seedsPerRow: OrderStreams.lineCountMaximum)
    }

    /// One line's draws, in dbgen's order: quantity, discount, tax, part key (the ship date is drawn separately).
    mutating func next() -> (quantity: Int64, discount: Int64, tax: Int64, partKey: Int64) {
        (Int64(quantity.next()), Int64(discount.next()), Int64(tax.next()), partKey.next())
    }

    mutating func nextShipDate() -> Int32 { shipDate.next() }

    mutating func rowFinished() {
        quantity.rowFinished()
        discount.rowFinished()
        tax.rowFinished()
        partKey.rowFinished()
        shipDate.rowFinished()
    }

    mutating func advanceRows(_ rows: Int64) {
        quantity.advanceRows(rows)
        discount.advanceRows(rows)
        tax.advanceRows(rows)
        partKey.advanceRows(rows)
        shipDate.advanceRows(rows)
    }
}

/// ORDERS rows.
struct OrderRows: TableRows {
    private var orderDate = OrderStreams.orderDate()
    private var lineCount = OrderStreams.lineCount()
    private var customerKey: BoundedLongStream
    private var priority = PickStream(seed: 591_449_447, Distributions.shared.orderPriorities)
    private var clerk: BoundedIntStream
    private var comment = TextStream(seed: 276_090_261, averageLength: 49)
    private var lines: LineStreams
    private let slice: PartSlice
    private let maximumCustomerKey: Int64
    private var index: Int64 = 0
    private let scratch = ByteWriter(capacity: 512)

    init(scale: Double, part: Int, partCount: Int) {
        slice = PartSlice(base: ScaleBase.orders, scale: scale, part: part, partCount: partCount)
        maximumCustomerKey = Int64(Double(ScaleBase.customer) * scale)
        customerKey = BoundedLongStream(seed: 851_767_375, uses64Bits: scale >= 30_000, 1, maximumCustomerKey)
        clerk = BoundedIntStream(seed: 1_171_034_773, 1, Int32(max(scale * 1_000, 1_000)))
        lines = LineStreams(scale: scale)
        let start = slice.start
        orderDate.advanceRows(start)
        lineCount.advanceRows(start)
        customerKey.advanceRows(start)
        priority.advanceRows(start)
        clerk.advanceRows(start)
        comment.advanceRows(start)
        lines.advanceRows(start)
    }

    mutating func write<Sink: RowSink>(into sink: inout Sink, limit: Int) -> Int {
        var written = 0
        while written < limit && index < slice.count {
            writeOrder(slice.start + index + 1, into: &sink)
            finishRow()
            index += 1
            written += 1
        }
        return written
    }

    private mutating func writeOrder<Sink: RowSink>(_ orderIndex: Int64, into sink: inout Sink) {
        let date = orderDate.next()
        // A third of the customers place no orders: skip keys divisible by 3, alternating up and down.
        var customer = customerKey.next()
        var delta: Int64 = 1
        while customer % 3 == 0 {
            customer = min(customer + delta, maximumCustomerKey)
            delta = -delta
        }
        var totalPrice: Int64 = 0
        var shipped: Int32 = 0
        let lineTotal = lineCount.next()
        for _ in 0..<lineTotal {
            let line = lines.next()
            let extended = PartRows.retailPriceCents(line.partKey) * line.quantity
            let discounted = extended * (100 - line.discount)
            totalPrice += ((discounted / 100) * (100 + line.tax)) / 100
            if TPCHDate.isInPast(lines.nextShipDate() + date) { shipped += 1 }
        }
        sink.int64(OrderStreams.orderKey(orderIndex))
        sink.int64(customer)
        sink.text(shipped == lineTotal ? "F" : (shipped > 0 ? "P" : "O"))
        sink.cents(totalPrice)
        sink.date(date)
        sink.text(priority.next())
        scratch.reset()
        scratch.append("Clerk#")
        scratch.appendPadded(Int(clerk.next()), width: 9)
        sink.text(scratch.bytes)
        sink.int32(0)
        sink.text(comment.next())
        sink.endRow()
    }

    private mutating func finishRow() {
        orderDate.rowFinished()
        lineCount.rowFinished()
        customerKey.rowFinished()
        priority.rowFinished()
        clerk.rowFinished()
        comment.rowFinished()
        lines.rowFinished()
    }
}
