/// Reads a flatbuffer that lies at `start..<end` of an input, checking every offset, vtable, vector length and
/// string before touching it. Errors carry absolute byte offsets into the whole input, so a user can find the
/// damaged byte.
struct FlatBufferReader {
    /// The input from byte `origin` on (all of it when `origin` is 0); positions are offsets into the whole input.
    let bytes: [UInt8]
    let origin: Int
    /// The flatbuffer's first byte, as an offset into the whole input (`bytes[start - origin]`).
    let start: Int
    /// One past the flatbuffer's last byte, as an offset into the whole input.
    let end: Int
    /// What the flatbuffer is, for messages ("message metadata", "file footer").
    let context: String
    /// Whether error messages name the flatbuffer's first byte after `context` ("message metadata at byte 8").
    let locatesContext: Bool

    /// `context` is a constant; with `locatesContext`, errors add where the flatbuffer starts, so no text is built
    /// unless an error is thrown.
    init(bytes: [UInt8], origin: Int = 0, start: Int, end: Int, context: String, locatesContext: Bool = false) {
        precondition(
            0 <= origin && origin <= start && start <= end && end - origin <= bytes.count,
            "flatbuffer range outside the input")
        self.bytes = bytes
        self.origin = origin
        self.start = start
        self.end = end
        self.context = context
        self.locatesContext = locatesContext
    }

    /// An error at absolute byte `offset`.
    func error(at offset: Int, _ message: String) -> ArrowError {
        .ipc(
            offset: offset,
            message: locatesContext ? "\(context) at byte \(start): \(message)" : "\(context): \(message)")
    }

    /// Throws unless `count` bytes at `position` lie inside the flatbuffer (`what` is only built for the error).
    func requireRange(_ position: Int, _ count: Int, _ what: @autoclosure () -> String) throws {
        guard position >= start, count >= 0, position <= end, count <= end - position else {
            throw error(
                at: max(min(position, end), start),
                "expected \(what()) (\(count) bytes at \(position)) inside the flatbuffer at \(start)..<\(end)")
        }
    }

    /// A little-endian integer at `position`; the caller has checked the range.
    func load<T: FixedWidthInteger>(_ type: T.Type, at position: Int) -> T {
        var value: T = 0
        for index in 0..<MemoryLayout<T>.size {
            value |= T(truncatingIfNeeded: bytes[position - origin + index]) << (index * 8)
        }
        return value
    }

    /// The root table, found through the offset in the first four bytes.
    func root() throws -> FlatTableReader {
        try requireRange(start, 4, "root table offset")
        return try table(at: start + Int(load(UInt32.self, at: start)), "root table")
    }

    /// The table at `position`, with its vtable checked.
    func table(at position: Int, _ what: String) throws -> FlatTableReader {
        try requireRange(position, 4, what)
        let vtable = position - Int(load(Int32.self, at: position))
        try requireRange(vtable, 4, "vtable of \(what)")
        let vtableSize = Int(load(UInt16.self, at: vtable))
        let inlineSize = Int(load(UInt16.self, at: vtable + 2))
        guard vtableSize >= 4, vtableSize % 2 == 0 else {
            throw error(
                at: vtable, "expected a vtable size that is even and at least 4 for \(what), found \(vtableSize)")
        }
        try requireRange(vtable, vtableSize, "vtable of \(what)")
        guard inlineSize >= 4 else {
            throw error(at: vtable + 2, "expected a table size of at least 4 for \(what), found \(inlineSize)")
        }
        try requireRange(position, inlineSize, what)
        return FlatTableReader(
            reader: self, position: position, vtable: vtable, vtableSize: vtableSize, inlineSize: inlineSize, what: what
        )
    }
}

/// One checked table: fields are looked up by vtable slot; absent fields yield defaults or nil.
struct FlatTableReader {
    let reader: FlatBufferReader
    let position: Int
    let vtable: Int
    let vtableSize: Int
    let inlineSize: Int
    let what: String

    /// The absolute position of the field in `slot`, or nil when absent.
    func fieldPosition(_ slot: Int, size: Int) throws -> Int? {
        let entry = 4 + 2 * slot
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(reader.load(UInt16.self, at: vtable + entry))
        guard offset != 0 else { return nil }
        guard offset >= 4, offset + size <= inlineSize else {
            throw reader.error(
                at: vtable + entry,
                "expected field \(slot) of \(what) inside its \(inlineSize)-byte table, found offset \(offset)")
        }
        return position + offset
    }

    func integer<T: FixedWidthInteger>(_ slot: Int, default value: T) throws -> T {
        guard let at = try fieldPosition(slot, size: MemoryLayout<T>.size) else { return value }
        return reader.load(T.self, at: at)
    }

    func bool(_ slot: Int, default value: Bool) throws -> Bool {
        try integer(slot, default: UInt8(value ? 1 : 0)) != 0
    }

    /// The absolute position an offset field points to, or nil when absent.
    func reference(_ slot: Int, _ name: String) throws -> Int? {
        guard let at = try fieldPosition(slot, size: 4) else { return nil }
        let target = at + Int(reader.load(UInt32.self, at: at))
        try reader.requireRange(target, 4, "\(name) of \(what)")
        return target
    }

    func table(_ slot: Int, _ name: String) throws -> FlatTableReader? {
        guard let target = try reference(slot, name) else { return nil }
        return try reader.table(at: target, name)
    }

    /// A vector field: the position of its first element and its element count, bounds-checked.
    func vector(_ slot: Int, elementSize: Int, _ name: String) throws -> (position: Int, count: Int)? {
        guard let target = try reference(slot, name) else { return nil }
        let count = Int(reader.load(UInt32.self, at: target))
        try reader.requireRange(target + 4, count * elementSize, "\(count) elements of \(name)")
        return (target + 4, count)
    }

    func string(_ slot: Int, _ name: String) throws -> String? {
        guard let (first, count) = try vector(slot, elementSize: 1, name) else { return nil }
        let local = first - reader.origin
        guard let text = String(validating: reader.bytes[local..<local + count], as: UTF8.self) else {
            throw reader.error(at: first, "expected valid UTF-8 in \(name)")
        }
        return text
    }

    /// The tables of a vector of tables.
    func tables(_ slot: Int, _ name: String) throws -> [FlatTableReader] {
        guard let (first, count) = try vector(slot, elementSize: 4, name) else { return [] }
        return try (0..<count).map { index in
            let at = first + 4 * index
            return try reader.table(at: at + Int(reader.load(UInt32.self, at: at)), "\(name)[\(index)]")
        }
    }
}
