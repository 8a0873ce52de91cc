/// How CSV text is laid out: delimiter, header, quoting, null token, and the TPC-H `.tbl` trailing delimiter.
public struct CSVOptions: Sendable, Equatable {
    /// The byte between fields (`,` by default; `|` for `.tbl`).
    public var delimiter: UInt8
    /// True when the first record names the columns.
    public var hasHeader: Bool
    /// The quote byte (RFC 4180: a quoted field may hold delimiters, newlines and doubled quotes).
    public var quote: UInt8
    /// The text of a NULL. An unquoted field equal to it is NULL; a quoted one is a value.
    public var nullToken: String
    /// True when every line ends with the delimiter, as TPC-H `.tbl` lines do.
    public var trailingDelimiter: Bool

    public init(
        delimiter: UInt8 = UInt8(ascii: ","), hasHeader: Bool = true, quote: UInt8 = UInt8(ascii: "\""),
        nullToken: String = "", trailingDelimiter: Bool = false
    ) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.quote = quote
        self.nullToken = nullToken
        self.trailingDelimiter = trailingDelimiter
    }

    /// TPC-H `.tbl`: `|`-separated, no header, every line ends with `|`.
    public static let tbl = CSVOptions(delimiter: UInt8(ascii: "|"), hasHeader: false, trailingDelimiter: true)
}
