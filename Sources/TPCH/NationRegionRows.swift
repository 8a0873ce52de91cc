/// The 25 nations: key, name, region key (the running sum of the distribution's weights), comment.
struct NationRows: TableRows {
    private let nations = Distributions.shared.nations
    private var comment = TextStream(seed: 606_179_079, averageLength: 72)
    private var index = 0

    mutating func write<Sink: RowSink>(into sink: inout Sink, limit: Int) -> Int {
        var written = 0
        while written < limit && index < nations.count {
            sink.int64(Int64(index))
            sink.text(nations.value(index))
            sink.int64(Int64(nations.cumulativeWeights[index]))
            sink.text(comment.next())
            sink.endRow()
            comment.rowFinished()
            index += 1
            written += 1
        }
        return written
    }
}

/// The 5 regions: key, name, comment.
struct RegionRows: TableRows {
    private let regions = Distributions.shared.regions
    private var comment = TextStream(seed: 1_500_869_201, averageLength: 72)
    private var index = 0

    mutating func write<Sink: RowSink>(into sink: inout Sink, limit: Int) -> Int {
        var written = 0
        while written < limit && index < regions.count {
            sink.int64(Int64(index))
            sink.text(regions.value(index))
            sink.text(comment.next())
            sink.endRow()
            comment.rowFinished()
            index += 1
            written += 1
        }
        return written
    }
}
