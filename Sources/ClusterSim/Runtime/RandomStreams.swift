import ArrowLite

/// The random streams of one run, all derived from one seed: each subsystem (`scheduler`, `network`, `faults`,
/// `swarm`) draws from its own stream, so a new draw in one subsystem never shifts another's.
public struct RandomStreams: Sendable {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// The stream of subsystem `name`: a SplitMix64 seeded with the run seed mixed with a fixed hash (FNV-1a) of
    /// the name — the same in every process, unlike Swift's seeded `Hasher`.
    public func stream(_ name: String) -> SplitMix64 {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        var mixer = SplitMix64(seed: seed ^ hash)
        return SplitMix64(seed: mixer.next())
    }
}
