/// A place in SQL text: the byte offset from the start (0-based) and the line and column (both 1-based).
///
/// Columns count Unicode scalars, not bytes, so a caret printed under a line lands under the right character.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Bytes of UTF-8 before this place.
    public var offset: Int
    /// The line, counting from 1.
    public var line: Int
    /// The column within the line, counting Unicode scalars from 1.
    public var column: Int

    /// Makes a location from its three coordinates.
    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// The start of the text: offset 0, line 1, column 1.
    public static let start = SourceLocation(offset: 0, line: 1, column: 1)

    /// `line:column`, as printed in error messages.
    public var description: String { "\(line):\(column)" }

    public static func < (left: SourceLocation, right: SourceLocation) -> Bool { left.offset < right.offset }
}

/// Wraps a value that two syntax-tree nodes may differ in without being different trees, such as where they were
/// written: two wrapped values always compare equal.
///
/// This is what lets `parse(print(parse(sql))) == parse(sql)` hold although the printed text has other locations.
@propertyWrapper
public struct IgnoredByEquality<Value: Sendable>: Sendable, Equatable {
    /// The wrapped value.
    public var wrappedValue: Value

    /// Wraps a value.
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }

    public static func == (left: IgnoredByEquality, right: IgnoredByEquality) -> Bool { true }
}
