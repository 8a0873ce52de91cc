/// Scheduled events in the order the scheduler runs them: by virtual time, then by a seeded tie-break drawn by the
/// sender when it sent the event (so events due at the same time run in a seed-chosen order, exploring
/// interleavings as madsim does), then by sender, then by the sender's own sequence number. Every part of the key
/// is fixed by the sender alone, which is what lets the parallel mode run nodes on two threads and still order
/// each node's events exactly as one thread does. A binary heap over one contiguous array of plain values (not
/// generic, so its loops are compiled for this layout; the payload is a slot number into the message store).
struct EventQueue {
    struct Entry {
        let time: VirtualTime
        let tieBreak: UInt64
        let source: Int
        let sequence: UInt64
        let slot: Int

        func runsBefore(_ other: Entry) -> Bool {
            if time != other.time { return time < other.time }
            if tieBreak != other.tieBreak { return tieBreak < other.tieBreak }
            if source != other.source { return source < other.source }
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
        let count = heap.count
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < count && heap[left].runsBefore(heap[smallest]) { smallest = left }
            if right < count && heap[right].runsBefore(heap[smallest]) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}
