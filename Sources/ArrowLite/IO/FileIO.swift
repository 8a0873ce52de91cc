#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads whole files and writes files atomically: output appears under its final name only when complete,
/// so a failed conversion or generation never leaves a half-written file behind.
public enum FileIO {
    /// Reads the whole file at `path`.
    /// - Throws: `ArrowError.io` naming the path and the system's reason.
    public static func readAll(path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw ArrowError.io(path: path, message: systemError()) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(file) != 0 { throw ArrowError.io(path: path, message: systemError()) }
                break
            }
        }
        return bytes
    }

    /// Writes `bytes` to `path` atomically.
    /// - Throws: `ArrowError.io`; on failure `path` is untouched and no temporary file remains.
    public static func writeAtomically(path: String, bytes: [UInt8]) throws {
        let writer = try AtomicFileWriter(path: path)
        do {
            try bytes.withUnsafeBytes { try writer.write($0) }
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
    }

    static func systemError() -> String { String(cString: strerror(errno)) }
}

/// Streams bytes into a temporary file beside `path` and renames it to `path` on `commit()`.
/// Dropping the writer without committing removes the temporary file.
public final class AtomicFileWriter {
    public let path: String
    let temporaryPath: String
    private var file: UnsafeMutablePointer<FILE>?
    private var finished = false

    /// Opens a temporary file in the directory of `path`.
    /// - Throws: `ArrowError.io` when the directory is missing or not writable.
    public init(path: String) throws {
        self.path = path
        temporaryPath = path + ".partial-\(getpid())"
        guard let file = fopen(temporaryPath, "wb") else {
            throw ArrowError.io(path: path, message: "cannot create: " + FileIO.systemError())
        }
        self.file = file
    }

    /// Appends bytes.
    /// - Throws: `ArrowError.io` when the disk is full or the write fails.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(!finished, "write after commit or abort")
        guard bytes.count > 0 else { return }
        guard fwrite(bytes.baseAddress, 1, bytes.count, file) == bytes.count else {
            throw ArrowError.io(path: path, message: "write failed: " + FileIO.systemError())
        }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    /// Flushes, closes and renames the temporary file to `path`.
    /// - Throws: `ArrowError.io`; the temporary file is removed on failure.
    public func commit() throws {
        precondition(!finished, "commit after commit or abort")
        finished = true
        let closed = fclose(file) == 0
        file = nil
        guard closed, rename(temporaryPath, path) == 0 else {
            let reason = FileIO.systemError()
            unlink(temporaryPath)
            throw ArrowError.io(path: path, message: "cannot finish writing: " + reason)
        }
    }

    /// Closes and removes the temporary file; `path` is untouched.
    public func abort() {
        guard !finished else { return }
        finished = true
        fclose(file)
        file = nil
        unlink(temporaryPath)
    }

    deinit { abort() }
}
