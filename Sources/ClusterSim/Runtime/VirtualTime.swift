/// A point in simulated time, in nanoseconds since the start of a run. Never read from a real clock.
public struct VirtualTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The start of every run.
    public static let zero = VirtualTime(nanoseconds: 0)

    /// This time plus `duration`, saturating at the largest time instead of overflowing.
    public func advanced(by duration: VirtualDuration) -> VirtualTime {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(duration.nanoseconds)
        return VirtualTime(nanoseconds: overflow ? Int64.max : sum)
    }

    public static func < (a: VirtualTime, b: VirtualTime) -> Bool { a.nanoseconds < b.nanoseconds }

    /// Milliseconds with microsecond precision (`12.345ms`), as traces print it.
    public var description: String {
        let micros = nanoseconds / 1000
        let fraction = String(micros % 1000)
        return "\(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)ms"
    }
}

/// A span of simulated time, in nanoseconds (never negative).
public struct VirtualDuration: Sendable, Hashable, Comparable {
    public let nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = max(0, nanoseconds) }
    public static func microseconds(_ value: Int64) -> VirtualDuration { VirtualDuration(nanoseconds: value * 1_000) }
    public static func milliseconds(_ value: Int64) -> VirtualDuration {
        VirtualDuration(nanoseconds: value * 1_000_000)
    }
    /// `seconds` rounded to the nanosecond (negative or non-finite values become zero).
    public static func seconds(_ value: Double) -> VirtualDuration {
        guard value.isFinite, value > 0 else { return VirtualDuration(nanoseconds: 0) }
        return VirtualDuration(nanoseconds: value >= 9e9 ? Int64.max : Int64((value * 1e9).rounded()))
    }
    public static let zero = VirtualDuration(nanoseconds: 0)
    public static func < (a: VirtualDuration, b: VirtualDuration) -> Bool { a.nanoseconds < b.nanoseconds }
}

extension VirtualDuration: CustomStringConvertible {
    /// Milliseconds with microsecond precision (`20.000ms`), as `VirtualTime` prints.
    public var description: String { VirtualTime(nanoseconds: nanoseconds).description }
}
