import ArrowLite

/// Where generated rows go: `.tbl` bytes or Arrow columns. Each table generator writes its columns in schema order
/// through these calls, so one generator serves every output format.
protocol RowSink {
    mutating func int64(_ value: Int64)
    mutating func int32(_ value: Int32)
    /// Money and other decimal(15,2) values, as cents.
    mutating func cents(_ value: Int64)
    /// l_quantity: an integer in `.tbl` (dbgen prints "17"), decimal(15,2) in Arrow.
    mutating func quantity(_ value: Int64)
    /// A dbgen generated date (see `TPCHDate`).
    mutating func date(_ generated: Int32)
    mutating func text(_ bytes: UnsafeRawBufferPointer)
    mutating func endRow()
}

extension RowSink {
    mutating func text(_ bytes: [UInt8]) { bytes.withUnsafeBytes { text($0) } }
    mutating func text(_ string: StaticString) {
        text(UnsafeRawBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }
}

/// Writes rows as TPC-H `.tbl` lines: fields separated and terminated by `|`, one line per row.
struct TblSink: RowSink {
    let output: ByteWriter

    init(capacity: Int = 1 << 20) { output = ByteWriter(capacity: capacity) }

    mutating func int64(_ value: Int64) {
        output.appendInteger(value)
        output.append(UInt8(ascii: "|"))
    }
    mutating func int32(_ value: Int32) { int64(Int64(value)) }
    mutating func cents(_ value: Int64) {
        output.appendCents(value)
        output.append(UInt8(ascii: "|"))
    }
    mutating func quantity(_ value: Int64) { int64(value) }
    mutating func date(_ generated: Int32) {
        output.append(TPCHDate.text.slice(Int(generated - TPCHDate.firstGenerated) * 10, 10))
        output.append(UInt8(ascii: "|"))
    }
    mutating func text(_ value: UnsafeRawBufferPointer) {
        output.append(value)
        output.append(UInt8(ascii: "|"))
    }
    mutating func endRow() { output.append(UInt8(ascii: "\n")) }
}
