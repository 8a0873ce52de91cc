/// The errors ArrowLite throws. Every case names where the problem is and what was expected.
public enum ArrowError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An argument broke a documented precondition of a public API (lengths differ, types differ, ...).
    case invalidArgument(String)
    /// A value of the wrong type was given where another type was expected.
    case typeMismatch(expected: String, found: String)
    /// Arithmetic left the range of the result type; the message names the operation and operands.
    case overflow(String)
    /// Division by zero.
    case divideByZero
    /// A value could not be converted (cast, parse); names the value and the target type.
    case invalidValue(value: String, target: String, hint: String)
    /// An array, schema or batch broke one of its invariants.
    case invariantViolation(String)
    /// Arrow IPC bytes were malformed at a byte offset.
    case ipc(offset: Int, message: String)
    /// CSV text was malformed at a line and column (both 1-based).
    case csv(file: String, line: Int, column: Int, message: String)
    /// A file could not be read or written.
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .invalidArgument(let m): return "invalid argument: \(m)"
        case .typeMismatch(let e, let f): return "type mismatch: expected \(e), found \(f)"
        case .overflow(let m): return "overflow: \(m)"
        case .divideByZero: return "division by zero"
        case .invalidValue(let v, let t, let h):
            return "cannot convert '\(v)' to \(t)" + (h.isEmpty ? "" : "\n  hint: \(h)")
        case .invariantViolation(let m): return "invariant violated: \(m)"
        case .ipc(let o, let m): return "invalid Arrow IPC data at byte offset \(o): \(m)"
        case .csv(let f, let l, let c, let m): return "\(f):\(l):\(c): \(m)"
        case .io(let p, let m): return "\(p): \(m)"
        }
    }
}
