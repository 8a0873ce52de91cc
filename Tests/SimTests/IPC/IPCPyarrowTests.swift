import ArrowLite
import Foundation
import Testing

/// Interoperability with pyarrow, both ways: pyarrow reads and validates what ArrowLite writes, and ArrowLite
/// reads what pyarrow writes (committed fixtures always; freshly written ones when pyarrow is installed).
@Suite("Arrow IPC interop with pyarrow") struct IPCPyarrowTests {
    /// Reads an IPC stream or file (argv[1]) from stdin, validates it fully, prints schema and rows as JSON,
    /// and writes the same table back to argv[2] as a stream, for the re-read check.
    static let readerScript = """
        import datetime, json, sys
        import pyarrow as pa
        data = sys.stdin.buffer.read()
        if sys.argv[1] == "file":
            reader = pa.ipc.open_file(pa.py_buffer(data))
            batches = [reader.get_batch(i) for i in range(reader.num_record_batches)]
        else:
            reader = pa.ipc.open_stream(pa.py_buffer(data))
            batches = list(reader)
        schema = reader.schema
        for batch in batches:
            batch.validate(full=True)
        epoch = datetime.date(1970, 1, 1)
        def canon(value, t):
            if value is None: return None
            if pa.types.is_boolean(t): return "true" if value else "false"
            if pa.types.is_floating(t): return repr(value)
            if pa.types.is_date32(t): return str((value - epoch).days)
            return str(value)
        rows = []
        for batch in batches:
            columns = [column.to_pylist() for column in batch.columns]
            for r in range(batch.num_rows):
                rows.append([canon(c[r], f.type) for c, f in zip(columns, schema)])
        print(json.dumps({
            "schema": [[f.name, str(f.type), f.nullable] for f in schema],
            "rowCounts": [b.num_rows for b in batches],
            "rows": rows}))
        with pa.OSFile(sys.argv[2], "wb") as sink:
            with pa.ipc.new_stream(sink, schema) as writer:
                for batch in batches:
                    writer.write_batch(batch)
        """

    @Test("committed pyarrow fixtures (file, stream, sliced, empty) read back to the hand-written rows")
    func committedFixtures() throws {
        let directory = try #require(
            Bundle.module.url(forResource: "ipc", withExtension: nil, subdirectory: "Fixtures"))
        try checkPyarrowFiles(in: directory)
    }

    @Test("pyarrow streams using an int8 column, a dictionary or compression are rejected with a clear error")
    func unsupportedPyarrowFeatures() throws {
        let cases = [
            ("unsupported_int8", "field 'tiny' has unsupported type int8"),
            ("unsupported_dictionary", "field 'word' is dictionary-encoded"),
            ("unsupported_compressed", "compressed bodies are not supported"),
        ]
        for (name, fragment) in cases {
            let url = try #require(
                Bundle.module.url(forResource: name, withExtension: "arrows", subdirectory: "Fixtures/ipc"))
            let bytes = try FileIO.readAll(path: url.path)
            let error = #expect(throws: ArrowError.self) { try ArrowIPC.readStream(bytes) }
            guard case .ipc(let offset, let message)? = error else {
                Issue.record("\(name): expected an IPC error, got \(String(describing: error))")
                continue
            }
            #expect(message.contains(fragment), "\(name): \(message)")
            #expect(offset > 0 && offset < bytes.count, "\(name): offset \(offset)")
        }
    }

    @Test(
        "files and streams freshly written by the installed pyarrow read back to the hand-written rows",
        .enabled(if: Python.pyarrowRequiredOrAvailable, Python.pyarrowMissing))
    func livePyarrowFiles() throws {
        guard Python.requirePyarrow() else { return }
        let script = try #require(
            Bundle.module.url(forResource: "make_fixtures", withExtension: "py", subdirectory: "Fixtures/ipc"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ipc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try Python.run(try String(contentsOf: script, encoding: .utf8), arguments: [directory.path])
        #expect(output.exitCode == 0, "\(output.stderr)")
        try checkPyarrowFiles(in: directory)
    }

    @Test(
        "pyarrow reads, fully validates and re-writes ArrowLite's streams (also 64-aligned ones) and files alike",
        .enabled(if: Python.pyarrowRequiredOrAvailable, Python.pyarrowMissing))
    func pyarrowReadsOurBytes() throws {
        guard Python.requirePyarrow() else { return }
        let schema = IPCSamples.schema
        let whole = IPCSamples.batch()
        let cases: [(String, [RecordBatch], [[Scalar]])] = [
            ("two batches", [IPCSamples.batch(Array(IPCSamples.rows[0..<5])), whole.slice(5, 6)], IPCSamples.rows),
            ("a mid-byte slice", [whole.slice(3, 7)], Array(IPCSamples.rows[3..<10])),
            ("an empty batch", [IPCSamples.batch([])], []),
            ("no batches", [], []),
        ]
        for (name, batches, expected) in cases {
            for format in ["stream", "file", "aligned stream"] {
                let bytes: [UInt8]
                switch format {
                case "file": bytes = try ArrowIPC.writeFile(schema: schema, batches: batches)
                case "stream": bytes = try ArrowIPC.writeStream(schema: schema, batches: batches)
                default:
                    let stream = try IPCStreamEncoder(schema: schema).encodeAligned(
                        concatenating: batches.map { [$0] })
                    bytes = withExtendedLifetime(stream) { [UInt8](stream.bytes) }
                }
                let rewritten = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "ipc-\(UUID().uuidString).arrows")
                defer { try? FileManager.default.removeItem(at: rewritten) }
                let output = try Python.run(
                    Self.readerScript, arguments: [format == "file" ? "file" : "stream", rewritten.path], stdin: bytes)
                try #require(output.exitCode == 0, "\(name), \(format): \(output.stderr)")
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(output.stdout)) as? [String: Any])
                let fields = try #require(json["schema"] as? [[Any]])
                #expect(fields.map { $0[0] as? String } == schema.fields.map(\.name))
                #expect(fields.map { $0[1] as? String } == IPCSamples.pyarrowTypes)
                #expect(fields.map { $0[2] as? Bool } == schema.fields.map { _ in true })
                #expect(json["rowCounts"] as? [Int] == batches.map(\.rowCount), "\(name), \(format)")
                let rows = try #require(json["rows"] as? [[Any]])
                try #require(rows.count == expected.count, "\(name), \(format)")
                for (row, expectedRow) in zip(rows, expected) {
                    for (text, scalar) in zip(row, expectedRow) {
                        #expect(Self.matches(scalar, text as? String), "\(name), \(format): \(scalar) vs \(text)")
                    }
                }
                let reread = try ArrowIPC.readStream(FileIO.readAll(path: rewritten.path))
                #expect(reread.schema == schema)
                #expect(IPCSamples.rows(of: reread.batches) == expected, "\(name), \(format) re-written by pyarrow")
            }
        }
    }

    /// Reads the four files `make_fixtures.py` writes and compares them with `IPCSamples`.
    private func checkPyarrowFiles(in directory: URL) throws {
        func read(_ name: String) throws -> [UInt8] {
            try FileIO.readAll(path: directory.appendingPathComponent(name).path)
        }
        let file = try ArrowIPC.readFile(read("sample.arrow"))
        #expect(file.schema == IPCSamples.schema)
        #expect(file.batches.map(\.rowCount) == [6, 5])
        #expect(IPCSamples.rows(of: file.batches) == IPCSamples.rows)
        let stream = try ArrowIPC.readStream(read("sample.arrows"))
        #expect(stream.schema == IPCSamples.schema)
        #expect(IPCSamples.rows(of: stream.batches) == IPCSamples.rows)
        let sliced = try ArrowIPC.readStream(read("sliced.arrows"))
        #expect(IPCSamples.rows(of: sliced.batches) == Array(IPCSamples.rows[3..<10]))
        let empty = try ArrowIPC.readFile(read("empty.arrow"))
        #expect(empty.schema == IPCSamples.schema)
        #expect(empty.batches.isEmpty)
        for batch in file.batches + stream.batches + sliced.batches { try batch.checkInvariants() }
    }

    /// True when pyarrow's canonical text for a value (see `readerScript`) denotes `scalar`.
    static func matches(_ scalar: Scalar, _ text: String?) -> Bool {
        guard let text else { return scalar.isNull }
        switch scalar {
        case .null: return false
        case .boolean(let value): return text == (value ? "true" : "false")
        case .int32(let value): return text == String(value)
        case .int64(let value): return text == String(value)
        case .float64(let value): return Double(text) == value
        case .decimal(let value, _, let scale): return text == Decimal128.format(value, scale: scale)
        case .date32(let days): return text == String(days)
        case .utf8(let value): return text == value
        }
    }
}
