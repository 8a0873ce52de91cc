import ArrowLite
import Foundation
import Testing

/// pyarrow's CSV reader and writer as an oracle: pyarrow reads what CSV.write produces to the same values, and
/// CSV.read reads what pyarrow writes back to the same values.
@Suite("CSV interop with pyarrow") struct CSVPyarrowTests {
    /// Reads CSV from stdin with explicit types (empty unquoted = NULL, quoted "" = empty string), prints every value
    /// canonically as JSON, and writes the table back as CSV with pyarrow's writer to argv[1].
    static let script = """
        import json, math, struct, sys
        import pyarrow as pa, pyarrow.csv as csv
        types = {"flag": pa.bool_(), "small": pa.int32(), "big": pa.int64(), "ratio": pa.float64(),
                 "price": pa.decimal128(38, 4), "day": pa.date32(), "name": pa.string(), "id": pa.int64()}
        table = csv.read_csv(sys.stdin.buffer,
            parse_options=csv.ParseOptions(newlines_in_values=True),
            convert_options=csv.ConvertOptions(column_types=types, null_values=[""], strings_can_be_null=True,
                                               quoted_strings_can_be_null=False))
        def canon(value, t):
            if value is None: return None
            if pa.types.is_boolean(t): return "true" if value else "false"
            if pa.types.is_floating(t):
                return "NaN" if math.isnan(value) else str(struct.unpack("<q", struct.pack("<d", value))[0])
            return str(value)
        columns = []
        for name, column in zip(table.column_names, table.columns):
            if pa.types.is_date32(column.type): column = column.cast(pa.int32())
            columns.append([canon(v, column.type) for v in column.to_pylist()])
        print(json.dumps([list(row) for row in zip(*columns)]))
        csv.write_csv(table, sys.argv[1])
        """

    /// Our values in the script's canonical text.
    static func canonical(_ batches: [RecordBatch]) -> [[String?]] {
        CSVRoundTripTests.values(batches).map { row in
            row.map { value -> String? in
                switch value {
                case .null: return nil
                case .int64(let v): return String(v)
                case .date32(let days): return String(days)
                case .decimal(let v, _, let scale): return Decimal128.format(v, scale: scale)
                case .utf8(let text): return text
                default: return value.description
                }
            }
        }
    }

    @Test(
        "pyarrow reads CSV.write output as the same values, and CSV.read reads pyarrow's CSV as the same values",
        .enabled(if: Python.pyarrowRequiredOrAvailable, Python.pyarrowMissing))
    func bothWays() throws {
        guard Python.requirePyarrow() else { return }
        var random = SplitMix64(seed: 2026)
        let batch = try CSVRoundTripTests.randomBatch(rows: 300, &random)
        let expected = CSVPyarrowTests.canonical([batch])
        let text = CSV.write(schema: batch.schema, batches: [batch])
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let back = directory.appendingPathComponent("pyarrow.csv")
        let output = try Python.run(CSVPyarrowTests.script, arguments: [back.path], stdin: text)
        #expect(output.exitCode == 0, "\(output.stderr)")
        let seen = try JSONDecoder().decode([[String?]].self, from: Data(output.stdout))
        #expect(seen == expected)

        let pyarrowText = [UInt8](try Data(contentsOf: back))
        let reread = try CSV.read(pyarrowText, schema: batch.schema, fileName: "pyarrow.csv", batchSize: 128)
        #expect(CSVPyarrowTests.canonical(reread) == expected)
        #expect(reread.map(\.rowCount) == [128, 128, 44])
    }
}
