/// A value of a TOML document with the place it starts in the source.
public struct TOMLValue: Sendable, Equatable {
    /// What the value holds.
    public enum Content: Sendable, Equatable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case boolean(Bool)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    public var content: Content
    /// Where the value starts (for a table made by a `[header]`, where the header starts).
    public var location: SourceLocation

    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }

    /// The type's name as errors say it: "a string", "an integer", "a float", "a boolean", "an array", "a table".
    public var typeName: String {
        switch content {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a float"
        case .boolean: return "a boolean"
        case .array: return "an array"
        case .table: return "a table"
        }
    }

    public var string: String? { if case .string(let value) = content { return value } else { return nil } }
    public var integer: Int64? { if case .integer(let value) = content { return value } else { return nil } }
    public var boolean: Bool? { if case .boolean(let value) = content { return value } else { return nil } }
    public var array: [TOMLValue]? { if case .array(let value) = content { return value } else { return nil } }
    public var table: TOMLTable? { if case .table(let value) = content { return value } else { return nil } }

    /// A float, or an integer read as a float (`speed = 1` means 1.0).
    public var number: Double? {
        switch content {
        case .float(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }
}

/// A TOML table: keys in source order, each with the place the key was written.
public struct TOMLTable: Sendable, Equatable {
    /// One `key = value` of a table.
    public struct Entry: Sendable, Equatable {
        public var key: String
        /// Where the key is written (for a table made by a header, where the header's key is).
        public var keyLocation: SourceLocation
        public var value: TOMLValue
    }

    /// The entries in the order the file defines them.
    public private(set) var entries: [Entry] = []
    private var positions: [String: Int] = [:]

    public init() {}

    /// The value of `key`, or nil.
    public subscript(key: String) -> TOMLValue? { positions[key].map { entries[$0].value } }

    /// The entry of `key`, or nil.
    public func entry(_ key: String) -> Entry? { positions[key].map { entries[$0] } }

    /// The keys in source order.
    public var keys: [String] { entries.map(\.key) }

    /// Adds `key`; returns false (and changes nothing) when the key is already there.
    @discardableResult
    mutating func insert(_ key: String, at keyLocation: SourceLocation, _ value: TOMLValue) -> Bool {
        guard positions[key] == nil else { return false }
        positions[key] = entries.count
        entries.append(Entry(key: key, keyLocation: keyLocation, value: value))
        return true
    }

    public static func == (left: TOMLTable, right: TOMLTable) -> Bool { left.entries == right.entries }
}
