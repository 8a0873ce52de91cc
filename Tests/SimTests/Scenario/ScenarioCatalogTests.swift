import ArrowLite
import ClusterSim
import Foundation
import PlanKit
import Testing

/// `Scenario.catalog(baseDirectory:)`: tables from CSV and Arrow IPC files, and located read errors.
@Suite("scenario data")
struct ScenarioCatalogTests {
    static func fixtureDirectory() throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: "fruit", withExtension: "csv", subdirectory: "Fixtures/scenario"))
        return url.deletingLastPathComponent().path
    }

    @Test("key_ranges = true splits orders and lineitem by order key; it writes back and defaults to off")
    func keyRanges() throws {
        let text =
            "name = \"k\"\n[cluster]\nworkers = 2\n[data]\ntpch_scale = 0.001\nkey_ranges = true\n[query]\ntpch = 18"
        let scenario = try Scenario.parse(text, fileName: "k.toml")
        #expect(scenario.data == .tpch(scale: 0.001, keyRanges: true))
        #expect(try Scenario.parse(scenario.toml(), fileName: "again.toml").data == scenario.data)
        let catalog = try scenario.catalog(baseDirectory: "")
        #expect(try #require(catalog.table("lineitem")).clustering?.column == 0)
        #expect(
            try #require(catalog.table("orders")).clustering?.ranges == catalog.table("lineitem")?.clustering?.ranges)
        #expect(try #require(catalog.table("customer")).clustering == nil)
        let plain = try Scenario.parse(
            text.replacingOccurrences(of: "key_ranges = true\n", with: ""), fileName: "p.toml")
        #expect(try #require(plain.catalog(baseDirectory: "").table("lineitem")).clustering == nil)
    }

    @Test("a CSV [[data.table]] becomes a catalog table with the declared schema and the file's rows")
    func csvTable() throws {
        let directory = try Self.fixtureDirectory()
        let scenario = try Scenario.load(path: directory + "/fruit.toml")
        let catalog = try scenario.catalog(baseDirectory: directory)
        #expect(catalog.tableNames == ["fruit"])
        let table = try #require(catalog.table("FRUIT"))
        #expect(
            table.schema
                == Schema([
                    Field("id", .int64), Field("name", .utf8), Field("price", .decimal128(precision: 10, scale: 2)),
                ]))
        let batches = try table.batches(part: 0, of: 1)
        let names = batches.flatMap { batch in
            (0..<batch.rowCount).map { (batch.columns[1] as? StringArray)?.value($0) ?? "?" }
        }
        #expect(names == ["apple", "pear", "fig, dried"])
        let prices = batches.flatMap { batch in (0..<batch.rowCount).map { batch.columns[2].scalar(at: $0) } }
        #expect(prices == [.decimal(125, precision: 10, scale: 2), .null, .decimal(450, precision: 10, scale: 2)])
    }

    @Test("an Arrow IPC table (file or stream format) is read with its own schema")
    func ipcTable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-ipc-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let schema = Schema([Field("x", .int64)])
        var builder = PrimitiveBuilder<Int64>(.int64)
        for value in [3, 1, 2] as [Int64] { builder.append(value) }
        let batch = try RecordBatch(schema: schema, columns: [builder.finish()])
        try FileIO.writeAtomically(
            path: directory + "/f.arrow", bytes: try ArrowIPC.writeFile(schema: schema, batches: [batch]))
        try FileIO.writeAtomically(
            path: directory + "/s.arrows", bytes: try ArrowIPC.writeStream(schema: schema, batches: [batch]))
        let text = """
            name = "ipc"
            [cluster]
            workers = 1
            [[data.table]]
            name = "f"
            path = "f.arrow"
            format = "ipc"
            [[data.table]]
            name = "s"
            path = "\(directory)/s.arrows"
            format = "ipc"
            [query]
            sql = "SELECT * FROM f"
            """
        let catalog = try Scenario.parse(text, fileName: "ipc.toml").catalog(baseDirectory: directory)
        for name in ["f", "s"] {
            let table = try #require(catalog.table(name))
            #expect(table.schema == schema && table.rowCount == 3)
        }
    }

    @Test("a missing or malformed data file is an error at the table's path key, naming the file")
    func dataErrors() throws {
        let directory = try Self.fixtureDirectory()
        let missing = """
            name = "m"
            [cluster]
            workers = 1
            [[data.table]]
            name = "t"
            path  =  "nope.csv"
            format = "csv"
            schema = ["a:int64"]
            [query]
            sql = "SELECT * FROM t"
            """
        let scenario = try Scenario.parse(missing, fileName: "m.toml")
        let error = try #require(throws: ScenarioError.self) { try scenario.catalog(baseDirectory: directory) }
        #expect((error.file, error.line, error.column) == ("m.toml", 6, 10))
        #expect(error.message.hasPrefix("cannot read the data file of table 't'") && error.message.contains("nope.csv"))
        #expect(error.render().contains("path  =  \"nope.csv\"\n         ^"))
        // fruit.csv has three columns and a text column where the schema says int64.
        let wrongSchema = try Scenario.parse(
            missing.replacingOccurrences(of: "nope.csv", with: "fruit.csv").replacingOccurrences(
                of: "[\"a:int64\"]", with: "[\"id:int64\", \"name:int64\", \"price:float64\"]"), fileName: "w.toml")
        let csvError = try #require(throws: ScenarioError.self) { try wrongSchema.catalog(baseDirectory: directory) }
        #expect(
            csvError.line == 6 && csvError.message.contains("is not valid csv")
                && csvError.message.contains("fruit.csv:2"))
    }
}
