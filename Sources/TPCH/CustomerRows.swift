/// CUSTOMER rows.
struct CustomerRows: TableRows {
    private var party = PartyColumns(
        namePrefix: "Customer#", addressSeed: 881_155_353, nationSeed: 1_489_529_863, phoneSeed: 1_521_138_112,
        balanceSeed: 298_370_230)
    private var marketSegment = PickStream(seed: 1_140_279_430, Distributions.shared.marketSegments)
    private var comment = TextStream(seed: 1_335_826_707, averageLength: 73)
    private let slice: PartSlice
    private var index: Int64 = 0

    init(scale: Double, part: Int, partCount: Int) {
        slice = PartSlice(base: ScaleBase.customer, scale: scale, part: part, partCount: partCount)
        party.advanceRows(slice.start)
        marketSegment.advanceRows(slice.start)
        comment.advanceRows(slice.start)
    }

    mutating func write<Sink: RowSink>(into sink: inout Sink, limit: Int) -> Int {
        var written = 0
        while written < limit && index < slice.count {
            party.write(key: slice.start + index + 1, into: &sink)
            sink.text(marketSegment.next())
            sink.text(comment.next())
            sink.endRow()
            party.rowFinished()
            marketSegment.rowFinished()
            comment.rowFinished()
            index += 1
            written += 1
        }
        return written
    }
}
