#if os(Linux)
    /// glibc's `mallopt` (declared in `<malloc.h>`, which the Glibc module does not import).
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// Process-wide allocator settings for the executables (the library never changes them on its own).
public enum MemoryTuning {
    /// Keeps freed memory in the C heap for reuse instead of returning it to the kernel. Query operators allocate and
    /// free megabyte-sized buffers per batch; by default glibc serves those with `mmap` and unmaps them on `free`, so
    /// every batch paid page faults and the kernel zeroing fresh pages (13 % of TPC-H Q2, profiled). Raising the
    /// mmap threshold to glibc's maximum (32 MiB) and the trim threshold to 1 GiB makes such buffers come from, and
    /// go back to, the heap (TPC-H Q20 at SF 1: 245 → 186 ms).
    public static func retainFreedMemory() {
        #if os(Linux)
            let trimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
            let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
            _ = glibcMallopt(mmapThreshold, 1 << 25)
            _ = glibcMallopt(trimThreshold, 1 << 30)
        #endif
    }
}
