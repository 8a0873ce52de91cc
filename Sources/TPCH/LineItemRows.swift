/// LINEITEM rows: 1 to 7 per order, from the order's streams. A part of lineitem is the line items of a part of
/// orders, so the two tables split alike.
struct LineItemRows: TableRows {
    private var orderDate = OrderStreams.orderDate()
    private var lineCount = OrderStreams.lineCount()
    private var lines: LineStreams
    private var supplierNumber = BoundedIntStream(seed: 2_095_021_727, 0, 3, seedsPerRow: OrderStreams.lineCountMaximum)
    private var commitDate = BoundedIntStream(seed: 904_914_315, 30, 90, seedsPerRow: OrderStreams.lineCountMaximum)
    private var receiptDate = BoundedIntStream(seed: 373_135_028, 1, 30, seedsPerRow: OrderStreams.lineCountMaximum)
    private var returnFlag = PickStream(
        seed: 717_419_739, Distributions.shared.returnFlags, seedsPerRow: OrderStreams.lineCountMaximum)
    private var shipInstruction = PickStream(
        seed: 1_371_272_478, Distributions.shared.shipInstructions, seedsPerRow: OrderStreams.lineCountMaximum)
    private var shipMode = PickStream(
        seed: 675_466_456, Distributions.shared.shipModes, seedsPerRow: OrderStreams.lineCountMaximum)
    private var comment = TextStream(seed: 1_095_462_486, averageLength: 27, rowsPerRow: OrderStreams.lineCountMaximum)
    private let slice: PartSlice
    private let scale: Double
    private var index: Int64 = 0
    private var currentOrderDate: Int32
    private var currentLineCount: Int32
    private var lineNumber: Int32 = 0

    init(scale: Double, part: Int, partCount: Int) {
        self.scale = scale
        slice = PartSlice(base: ScaleBase.orders, scale: scale, part: part, partCount: partCount)
        lines = LineStreams(scale: scale)
        let start = slice.start
        orderDate.advanceRows(start)
        lineCount.advanceRows(start)
        lines.advanceRows(start)
        supplierNumber.advanceRows(start)
        commitDate.advanceRows(start)
        receiptDate.advanceRows(start)
        returnFlag.advanceRows(start)
        shipInstruction.advanceRows(start)
        shipMode.advanceRows(start)
        comment.advanceRows(start)
        currentOrderDate = orderDate.next()
        currentLineCount = lineCount.next()
        if slice.count > 0 { comment.drawAhead(Int(currentLineCount)) }
    }

    mutating func write<Sink: RowSink>(into sink: inout Sink, limit: Int) -> Int {
        var written = 0
        while written < limit && index < slice.count {
            writeLine(orderIndex: slice.start + index + 1, into: &sink)
            written += 1
            lineNumber += 1
            if lineNumber == currentLineCount {
                finishOrder()
                index += 1
                currentLineCount = lineCount.next()
                currentOrderDate = orderDate.next()
                lineNumber = 0
                if index < slice.count { comment.drawAhead(Int(currentLineCount)) }
            }
        }
        return written
    }

    private mutating func writeLine<Sink: RowSink>(orderIndex: Int64, into sink: inout Sink) {
        let line = lines.next()
        let part = line.partKey
        let supplier = PartSuppRows.supplierKey(partKey: part, number: Int64(supplierNumber.next()), scale: scale)
        let ship = lines.nextShipDate() + currentOrderDate
        let commit = commitDate.next() + currentOrderDate
        let receipt = receiptDate.next() + ship
        sink.int64(OrderStreams.orderKey(orderIndex))
        sink.int64(part)
        sink.int64(supplier)
        sink.int32(lineNumber + 1)
        sink.quantity(line.quantity)
        sink.cents(PartRows.retailPriceCents(part) * line.quantity)
        sink.cents(line.discount)
        sink.cents(line.tax)
        if TPCHDate.isInPast(receipt) { sink.text(returnFlag.next()) } else { sink.text("N") }
        sink.text(TPCHDate.isInPast(ship) ? "F" : "O")
        sink.date(ship)
        sink.date(commit)
        sink.date(receipt)
        sink.text(shipInstruction.next())
        sink.text(shipMode.next())
        sink.text(comment.next())
        sink.endRow()
    }

    private mutating func finishOrder() {
        orderDate.rowFinished()
        lineCount.rowFinished()
        lines.rowFinished()
        supplierNumber.rowFinished()
        commitDate.rowFinished()
        receiptDate.rowFinished()
        returnFlag.rowFinished()
        shipInstruction.rowFinished()
        shipMode.rowFinished()
        comment.rowFinished()
    }
}
