/// An immutable, 64-byte aligned block of memory shared by arrays and their zero-copy slices.
///
/// A `Buffer` is written once (by a builder, a kernel or a reader) and never changed afterwards, which is
/// what makes sharing it between slices and across simulated workers safe. A buffer either owns its memory or is a
/// view of part of another buffer (an IPC message's body buffer handed out without copying), which it keeps alive.
public final class Buffer: @unchecked Sendable {
    /// The first byte. Valid for `byteCount` bytes (plus padding up to a multiple of 64) while `self` lives.
    public let pointer: UnsafeMutableRawPointer
    /// The number of meaningful bytes.
    public let byteCount: Int
    /// The number of usable bytes from `pointer` on: `byteCount` and its zeroed padding (a multiple of 64, at least
    /// 64).
    public let capacity: Int
    /// The allocation `pointer` lies in (see `AlignedMemory`); nil for a view.
    private let allocation: UnsafeMutableRawPointer?
    /// The buffer a view's bytes belong to (never itself a view); nil when this buffer owns its memory.
    private let owner: Buffer?

    /// Allocates `byteCount` zeroed bytes.
    public init(zeroed byteCount: Int) {
        precondition(byteCount >= 0, "a buffer cannot have a negative size")
        capacity = Buffer.paddedCapacity(byteCount)
        (allocation, pointer) = AlignedMemory.allocate(capacity)
        owner = nil
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: capacity)
        self.byteCount = byteCount
    }

    /// Allocates `byteCount` bytes that `fill` must write completely (it gets the first byte); only the padding
    /// after them is zeroed, so kernels that write every value skip clearing memory they overwrite anyway.
    @inline(__always)
    public init(byteCount: Int, fill: (UnsafeMutableRawPointer) -> Void) {
        precondition(byteCount >= 0, "a buffer cannot have a negative size")
        capacity = Buffer.paddedCapacity(byteCount)
        (allocation, pointer) = AlignedMemory.allocate(capacity)
        owner = nil
        (pointer + byteCount).initializeMemory(as: UInt8.self, repeating: 0, count: capacity - byteCount)
        self.byteCount = byteCount
        fill(pointer)
    }

    /// Takes ownership of `capacity` bytes at `pointer` from `AlignedMemory.allocate` (which returned `allocation`).
    init(owning allocation: UnsafeMutableRawPointer, at pointer: UnsafeMutableRawPointer, byteCount: Int, capacity: Int)
    {
        self.allocation = allocation
        owner = nil
        self.pointer = pointer
        self.byteCount = byteCount
        self.capacity = capacity
    }

    /// The `byteCount` bytes of `buffer` at `offset`, without copying, when they can stand as a buffer of their own:
    /// `offset` a multiple of 64 (so the view is 64-byte aligned) and the padding after them, up to the next
    /// multiple of 64, inside `buffer` and zero (as every buffer's padding is). Nil otherwise; then copy them.
    /// - Precondition: the bytes lie inside `buffer`.
    public static func view(of buffer: Buffer, offset: Int, byteCount: Int) -> Buffer? {
        precondition(offset >= 0 && byteCount >= 0 && offset <= buffer.byteCount - byteCount, "view out of range")
        let capacity = paddedCapacity(byteCount)
        guard offset % 64 == 0, capacity <= buffer.capacity - offset else { return nil }
        let padding = UnsafeRawBufferPointer(start: buffer.pointer + offset + byteCount, count: capacity - byteCount)
        guard withExtendedLifetime(buffer, { padding.allSatisfy { $0 == 0 } }) else { return nil }
        return Buffer(viewing: buffer.owner ?? buffer, at: buffer.pointer + offset, byteCount: byteCount)
    }

    private init(viewing owner: Buffer, at pointer: UnsafeMutableRawPointer, byteCount: Int) {
        allocation = nil
        self.owner = owner
        self.pointer = pointer
        self.byteCount = byteCount
        capacity = Buffer.paddedCapacity(byteCount)
    }

    /// Copies `bytes` into a new buffer.
    public convenience init(copying bytes: UnsafeRawBufferPointer) {
        self.init(byteCount: bytes.count) { pointer in
            if let base = bytes.baseAddress, bytes.count > 0 { pointer.copyMemory(from: base, byteCount: bytes.count) }
        }
    }

    /// Copies the values of `array` into a new buffer.
    public convenience init<T: BitwiseCopyable>(copying array: [T]) {
        self.init(byteCount: array.count * MemoryLayout<T>.stride) { pointer in
            array.withUnsafeBytes { raw in
                if let base = raw.baseAddress, raw.count > 0 { pointer.copyMemory(from: base, byteCount: raw.count) }
            }
        }
    }

    deinit { allocation?.deallocate() }

    /// True when this buffer is a view of another buffer's bytes (see `view(of:offset:byteCount:)`).
    public var isView: Bool { owner != nil }

    /// The bytes as a buffer pointer. Valid only while `self` is alive: use inside `withExtendedLifetime`.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: pointer, count: byteCount) }

    /// The capacity to allocate for `byteCount` bytes: rounded up to 64, never 0.
    static func paddedCapacity(_ byteCount: Int) -> Int { max(64, (byteCount + 63) & ~63) }
}

/// A growable, 64-byte aligned byte area that builders append to and then freeze into a `Buffer`.
public struct MutableBuffer: ~Copyable {
    public private(set) var pointer: UnsafeMutableRawPointer
    public private(set) var capacity: Int
    /// Bytes written so far.
    public var byteCount: Int = 0
    private var allocation: UnsafeMutableRawPointer

    public init(capacity: Int = 64) {
        self.capacity = Buffer.paddedCapacity(capacity)
        (allocation, pointer) = AlignedMemory.allocate(self.capacity)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: self.capacity)
    }

    deinit { allocation.deallocate() }

    /// Makes room for at least `byteCount` bytes in total; new bytes are zero.
    public mutating func reserve(_ byteCount: Int) {
        guard byteCount > capacity else { return }
        let newCapacity = Buffer.paddedCapacity(max(byteCount, capacity * 2))
        let (newAllocation, newPointer) = AlignedMemory.allocate(newCapacity)
        newPointer.copyMemory(from: pointer, byteCount: capacity)
        (newPointer + capacity).initializeMemory(as: UInt8.self, repeating: 0, count: newCapacity - capacity)
        allocation.deallocate()
        allocation = newAllocation
        pointer = newPointer
        capacity = newCapacity
    }

    /// Appends one fixed-width value.
    @inline(__always)
    public mutating func append<T: BitwiseCopyable>(_ value: T) {
        let size = MemoryLayout<T>.size
        if byteCount + size > capacity { reserve(byteCount + size) }
        (pointer + byteCount).storeBytes(of: value, as: T.self)
        byteCount += size
    }

    /// Appends raw bytes.
    public mutating func append(bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if byteCount + bytes.count > capacity { reserve(byteCount + bytes.count) }
        (pointer + byteCount).copyMemory(from: base, byteCount: bytes.count)
        byteCount += bytes.count
    }

    /// Freezes the bytes written so far into an immutable buffer, handing over the memory.
    public consuming func finish() -> Buffer {
        let buffer = Buffer(owning: allocation, at: pointer, byteCount: byteCount, capacity: capacity)
        discard self
        return buffer
    }
}

/// 64-byte aligned memory from plain `malloc`: `capacity + 63` bytes, the pointer rounded up to 64. Asking Swift
/// for alignment 64 calls `posix_memalign`, which splits a larger chunk and frees the pieces before and after it;
/// with the many short-lived megabyte buffers of a simulated shuffle, glibc's `_int_memalign` and `_int_malloc`
/// took about 10 % of a simulated TPC-H Q3. (An alignment at most the platform's minimum means plain `malloc`.)
enum AlignedMemory {
    /// The allocation to free later and the aligned pointer inside it, valid for `capacity` bytes.
    @inline(__always)
    static func allocate(_ capacity: Int) -> (allocation: UnsafeMutableRawPointer, pointer: UnsafeMutableRawPointer) {
        let allocation = UnsafeMutableRawPointer.allocate(byteCount: capacity + 63, alignment: 1)
        let address = (UInt(bitPattern: allocation) + 63) & ~UInt(63)
        return (allocation, UnsafeMutableRawPointer(bitPattern: address)!)
    }
}
