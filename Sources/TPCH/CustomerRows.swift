/// CUSTOMER rows.
struct CustomerRows: TableRows {
    private var address = AlphaNumericStream(seed: 881_155_353, averageLength: 25)
    private var nationKey = BoundedIntStream(seed: 1_489_529_863, 0, Int32(Distributions.shared.nations.count - 1))
    private var phone = PhoneStream(seed: 1_521_138_112)
    private var accountBalance = BoundedIntStream(seed: 298_370_230, -99_999, 999_999)
    private var marketSegment = PickStream(seed: 1_140_279_430, Distributions.shared.marketSegments)
    private var comment = TextStream(seed: 1_335_826_707, averageLength: 73)
    private let slice: PartSlice
    private var index: Int64 = 0
    private let scratch = ByteWriter(capacity: 512)

    init(scale: Double, part: Int, partCount: Int) {
        slice = PartSlice(base: ScaleBase.customer, scale: scale, part: part, partCount: partCount)
        address.advanceRows(slice.start)
        nationKey.advanceRows(slice.start)
        phone.advanceRows(slice.start)
        accountBalance.advanceRows(slice.start)
        marketSegment.advanceRows(slice.start)
        comment.advanceRows(slice.start)
    }

    mutating func write<Sink: RowSink>(into sink: inout Sink, limit: Int) -> Int {
        var written = 0
        while written < limit && index < slice.count {
            let key = slice.start + index + 1
            sink.int64(key)
            scratch.reset()
            scratch.append("Customer#")
            scratch.appendPadded(Int(key), width: 9)
            sink.text(scratch.bytes)
            scratch.reset()
            address.next(into: scratch)
            sink.text(scratch.bytes)
            let nation = Int64(nationKey.next())
            sink.int64(nation)
            scratch.reset()
            phone.next(nationKey: nation, into: scratch)
            sink.text(scratch.bytes)
            sink.cents(Int64(accountBalance.next()))
            sink.text(marketSegment.next())
            sink.text(comment.next())
            sink.endRow()
            address.rowFinished()
            nationKey.rowFinished()
            phone.rowFinished()
            accountBalance.rowFinished()
            marketSegment.rowFinished()
            comment.rowFinished()
            index += 1
            written += 1
        }
        return written
    }
}
