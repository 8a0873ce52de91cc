/// PARTSUPP rows: four suppliers per part, chosen by dbgen's formula so lineitem can name a valid pair.
struct PartSuppRows: TableRows {
    static let suppliersPerPart = 4
    private var availableQuantity = BoundedIntStream(seed: 1_671_059_989, 1, 9_999, seedsPerRow: 4)
    private var supplyCost = BoundedIntStream(seed: 1_051_288_424, 100, 100_000, seedsPerRow: 4)
    private var comment = TextStream(seed: 1_961_692_154, averageLength: 124, rowsPerRow: 4)
    private let slice: PartSlice
    private let scale: Double
    private var index: Int64 = 0
    private var supplierNumber = 0

    init(scale: Double, part: Int, partCount: Int) {
        self.scale = scale
        slice = PartSlice(base: ScaleBase.part, scale: scale, part: part, partCount: partCount)
        availableQuantity.advanceRows(slice.start)
        supplyCost.advanceRows(slice.start)
        comment.advanceRows(slice.start)
    }

    /// The supplier key of supplier number `number` (0...3) of a part.
    static func supplierKey(partKey: Int64, number: Int64, scale: Double) -> Int64 {
        let supplierCount = Int64(Double(ScaleBase.supplier) * scale)
        return (partKey + number * (supplierCount / 4 + (partKey - 1) / supplierCount)) % supplierCount + 1
    }

    mutating func write<Sink: RowSink>(into sink: inout Sink, limit: Int) -> Int {
        var written = 0
        while written < limit && index < slice.count {
            let partKey = slice.start + index + 1
            sink.int64(partKey)
            sink.int64(PartSuppRows.supplierKey(partKey: partKey, number: Int64(supplierNumber), scale: scale))
            sink.int32(availableQuantity.next())
            sink.cents(Int64(supplyCost.next()))
            sink.text(comment.next())
            sink.endRow()
            written += 1
            supplierNumber += 1
            if supplierNumber == PartSuppRows.suppliersPerPart {
                availableQuantity.rowFinished()
                supplyCost.rowFinished()
                comment.rowFinished()
                supplierNumber = 0
                index += 1
            }
        }
        return written
    }
}
