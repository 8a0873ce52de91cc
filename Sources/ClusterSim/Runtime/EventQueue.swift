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

    /// Adds an entry, moving the hole up instead of swapping (half the writes).
    mutating func push(_ entry: Entry) {
        heap.append(entry)
        heap.withUnsafeMutableBufferPointer { heap in
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard entry.runsBefore(heap[parent]) else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = entry
        }
    }

    /// Removes the first entry: the last entry sinks from the root through the hole.
    mutating func pop() -> Entry? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        return heap.withUnsafeMutableBufferPointer { heap in
            let first = heap[0]
            let count = heap.count
            var hole = 0
            while true {
                var child = 2 * hole + 1
                guard child < count else { break }
                if child + 1 < count && heap[child + 1].runsBefore(heap[child]) { child += 1 }
                guard heap[child].runsBefore(last) else { break }
                heap[hole] = heap[child]
                hole = child
            }
            heap[hole] = last
            return first
        }
    }
}
