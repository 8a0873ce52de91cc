/// A table while a document is being parsed: headers and dotted keys add to tables after they were opened, so the
/// parser builds this mutable tree and freezes it into `TOMLTable` values at the end.
final class TOMLTableNode {
    /// How a table came to exist; TOML's rules on redefining a table depend on it.
    enum Origin {
        /// Created on the way to a deeper header (`[a.b]` creates `a`); a later `[a]` may still define it.
        case implicit
        /// Defined by a `[header]` or as an element of an array of tables.
        case header
        /// Created by a dotted key (`a.b = 1` creates `a`).
        case dotted
        /// An inline table `{ ... }`: closed once written.
        case inline
    }

    /// What a key holds while parsing.
    enum Slot {
        case value(TOMLValue)
        case table(TOMLTableNode)
        case tableArray([TOMLTableNode])
    }

    var origin: Origin
    var location: SourceLocation
    private(set) var keys: [String] = []
    private var slots: [String: (slot: Slot, keyLocation: SourceLocation)] = [:]

    init(_ origin: Origin, at location: SourceLocation) {
        self.origin = origin
        self.location = location
    }

    /// The slot of `key` and where the key was first written, or nil.
    func slot(_ key: String) -> (slot: Slot, keyLocation: SourceLocation)? { slots[key] }

    /// Sets `key` (new keys go last, replaced keys keep their place and first location).
    func set(_ key: String, _ slot: Slot, at keyLocation: SourceLocation) {
        if let existing = slots[key] {
            slots[key] = (slot, existing.keyLocation)
        } else {
            keys.append(key)
            slots[key] = (slot, keyLocation)
        }
    }

    /// The finished table, keys in the order they were first written.
    func freeze() -> TOMLTable {
        var table = TOMLTable()
        for key in keys {
            guard let (slot, keyLocation) = slots[key] else { continue }
            switch slot {
            case .value(let value):
                table.insert(key, at: keyLocation, value)
            case .table(let node):
                table.insert(key, at: keyLocation, TOMLValue(.table(node.freeze()), at: node.location))
            case .tableArray(let nodes):
                let elements = nodes.map { TOMLValue(.table($0.freeze()), at: $0.location) }
                table.insert(
                    key, at: keyLocation, TOMLValue(.array(elements), at: nodes.first?.location ?? keyLocation))
            }
        }
        return table
    }
}
