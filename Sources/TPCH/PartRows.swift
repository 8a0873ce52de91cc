/// PART rows. The retail price is a formula of the key, so lineitem and orders can compute it without the part.
struct PartRows: TableRows {
    private var name = WordSequenceStream(seed: 709_314_158, count: 5, Distributions.shared.colors)
    private var manufacturer = BoundedIntStream(seed: 1, 1, 5)
    private var brand = BoundedIntStream(seed: 46_831_694, 1, 5)
    private var type = PickStream(seed: 1_841_581_359, Distributions.shared.partTypes)
    private var size = BoundedIntStream(seed: 1_193_163_244, 1, 50)
    private var container = PickStream(seed: 727_633_698, Distributions.shared.containers)
    private var comment = TextStream(seed: 804_159_733, averageLength: 14)
    private let slice: PartSlice
    private var index: Int64 = 0
    private let scratch = ByteWriter(capacity: 512)

    init(scale: Double, part: Int, partCount: Int) {
        slice = PartSlice(base: ScaleBase.part, scale: scale, part: part, partCount: partCount)
        name.advanceRows(slice.start)
        manufacturer.advanceRows(slice.start)
        brand.advanceRows(slice.start)
        type.advanceRows(slice.start)
        size.advanceRows(slice.start)
        container.advanceRows(slice.start)
        comment.advanceRows(slice.start)
    }

    /// dbgen's retail price in cents: 900.00 + (key / 10) mod 20001 cents + (key mod 1000) dollars.
    static func retailPriceCents(_ key: Int64) -> Int64 { 90_000 + (key / 10) % 20_001 + (key % 1_000) * 100 }

    mutating func write<Sink: RowSink>(into sink: inout Sink, limit: Int) -> Int {
        var written = 0
        while written < limit && index < slice.count {
            let key = slice.start + index + 1
            sink.int64(key)
            scratch.reset()
            name.next(into: scratch)
            sink.text(scratch.bytes)
            let manufacturerNumber = manufacturer.next()
            let brandNumber = manufacturerNumber * 10 + brand.next()
            scratch.reset()
            scratch.append("Manufacturer#")
            scratch.appendInteger(Int64(manufacturerNumber))
            sink.text(scratch.bytes)
            scratch.reset()
            scratch.append("Brand#")
            scratch.appendInteger(Int64(brandNumber))
            sink.text(scratch.bytes)
            sink.text(type.next())
            sink.int32(size.next())
            sink.text(container.next())
            sink.cents(PartRows.retailPriceCents(key))
            sink.text(comment.next())
            sink.endRow()
            name.rowFinished()
            manufacturer.rowFinished()
            brand.rowFinished()
            type.rowFinished()
            size.rowFinished()
            container.rowFinished()
            comment.rowFinished()
            index += 1
            written += 1
        }
        return written
    }
}
