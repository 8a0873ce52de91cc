/// SUPPLIER rows, including the specification's "Customer ... Complaints/Recommends" comments (10 per 10,000).
struct SupplierRows: TableRows {
    private var party = PartyColumns(
        namePrefix: "Supplier#", addressSeed: 706_178_559, nationSeed: 110_356_601, phoneSeed: 884_434_366,
        balanceSeed: 962_338_209)
    private var comment = TextStream(seed: 1_341_315_363, averageLength: 63)
    private var bbbComment = BoundedIntStream(seed: 202_794_285, 1, Int32(ScaleBase.supplier))
    private var bbbJunk = BoundedIntStream(seed: 263_032_577, 0, 0)
    private var bbbOffset = BoundedIntStream(seed: 715_851_524, 0, 0)
    private var bbbType = BoundedIntStream(seed: 753_643_799, 0, 100)
    private let slice: PartSlice
    private var index: Int64 = 0
    private let scratch = ByteWriter(capacity: 512)

    init(scale: Double, part: Int, partCount: Int) {
        slice = PartSlice(base: ScaleBase.supplier, scale: scale, part: part, partCount: partCount)
        party.advanceRows(slice.start)
        comment.advanceRows(slice.start)
        bbbComment.advanceRows(slice.start)
        bbbJunk.advanceRows(slice.start)
        bbbOffset.advanceRows(slice.start)
        bbbType.advanceRows(slice.start)
    }

    mutating func write<Sink: RowSink>(into sink: inout Sink, limit: Int) -> Int {
        var written = 0
        while written < limit && index < slice.count {
            party.write(key: slice.start + index + 1, into: &sink)
            scratch.reset()
            writeComment(into: scratch)
            sink.text(scratch.bytes)
            sink.endRow()
            finishRow()
            index += 1
            written += 1
        }
        return written
    }

    /// A pool comment; for about 10 in 10,000 suppliers, "Customer" and "Complaints" or "Recommends" are written
    /// over it at random places.
    private mutating func writeComment(into out: ByteWriter) {
        let text = comment.next()
        out.append(text)
        guard bbbComment.next() <= 10 else { return }
        let base = Array("Customer ".utf8)
        let total = base.count + "Complaints".utf8.count
        let noise = Int(bbbJunk.random.nextInt(0, Int32(text.count - total)))
        let offset = Int(bbbOffset.random.nextInt(0, Int32(text.count - (total + noise))))
        let kind = Array((bbbType.next() < 50 ? "Complaints" : "Recommends").utf8)
        out.overwrite(at: offset, with: base)
        out.overwrite(at: offset + base.count + noise, with: kind)
    }

    private mutating func finishRow() {
        party.rowFinished()
        comment.rowFinished()
        bbbComment.rowFinished()
        bbbJunk.rowFinished()
        bbbOffset.rowFinished()
        bbbType.rowFinished()
    }
}
