// Lead: this conformance belongs beside `VirtualDuration` in Runtime/VirtualTime.swift (which this helper does not
// edit); without it, `Fault.description` prints `down_for=VirtualDuration(nanoseconds: 20000000)`.
extension VirtualDuration: CustomStringConvertible {
    /// Milliseconds with microsecond precision (`20.000ms`), as `VirtualTime` prints.
    public var description: String { VirtualTime(nanoseconds: nanoseconds).description }
}
