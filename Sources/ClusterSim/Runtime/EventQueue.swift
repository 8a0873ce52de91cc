/// Scheduled events in the order the scheduler runs them: by virtual time, then by a seeded tie-break drawn when
/// the event was scheduled (so events due at the same time run in a seed-chosen order, exploring interleavings as
/// madsim does), then by scheduling order. A binary heap over one contiguous array of plain values (not generic,
/// so its loops are compiled for this layout; the payload is a slot number into the scheduler's message store).
struct EventQueue {
    struct Entry {
        let time: VirtualTime
        let tieBreak: UInt64
        let sequence: UInt64
        let slot: Int

        func runsBefore(_ other: Entry) -> Bool {
            if time != other.time { return time < other.time }
            if tieBreak != other.tieBreak { return tieBreak < other.tieBreak }
            return sequence < other.sequence
        }
    }

    private var heap: [Entry] = []

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }
    /// The time of the next event.
    var nextTime: VirtualTime? { heap.first?.time }

    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].runsBefore(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].runsBefore(heap[smallest]) { smallest = left }
            if right < heap.count && heap[right].runsBefore(heap[smallest]) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}
