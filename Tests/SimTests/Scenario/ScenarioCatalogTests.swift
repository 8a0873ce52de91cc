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

    @Test("sorted_by splits a CSV table by ranges of that column, key_domain sets the ranges, and both write back")
    func sortedBy() throws {
        let scenario = try ScenarioFilesTests.load("sorted-tables.toml")
        guard case .tables(let tables) = scenario.data else {
            Issue.record("sorted-tables.toml reads no [[data.table]]")
            return
        }
        let domain = try KeyRanges(low: 1, high: 60)
        #expect(tables.map(\.sortedBy) == ["order_id", "order_id"] && tables.map(\.keyDomain) == [domain, domain])
        #expect(try Scenario.parse(scenario.toml(), fileName: "again.toml").data == scenario.data)
        let catalog = try scenario.catalog(baseDirectory: ScenarioFilesTests.directory)
        let lines = try #require(catalog.table("order_lines"))
        #expect(lines.clustering == TableClustering(column: 0, ranges: domain))
        for part in 0..<4 {
            let keys = try lines.batches(part: part, of: 4).flatMap { batch in
                (0..<batch.rowCount).map { (batch.columns[0] as? Int64Array)?.value($0) ?? -1 }
            }
            // Keys above the domain (orders 61 and 62) belong to the last part.
            #expect(keys.allSatisfy { domain.part(of: $0, parts: 4) == part }, "part \(part): \(keys)")
            #expect(!keys.isEmpty)
        }
        let own = try Scenario.parse(
            scenario.toml().replacingOccurrences(of: "key_domain = [1, 60]\n", with: ""), fileName: "own.toml")
        let ownLines = try own.catalog(baseDirectory: ScenarioFilesTests.directory).table("order_lines")
        #expect(ownLines?.clustering?.ranges == (try KeyRanges(low: 1, high: 62)), "the file's first to last key")
    }

    @Test("over sorted tables the join and the per-order sum need no shuffle, and the answer is the unsorted one")
    func sortedTablesRun() throws {
        let sorted = try ScenarioFilesTests.load("sorted-tables.toml")
        let text = sorted.toml()
        let plain = try Scenario.parse(
            text.split(separator: "\n").filter { !$0.hasPrefix("sorted_by") && !$0.hasPrefix("key_domain") }
                .joined(separator: "\n"), fileName: "plain.toml")
        func plan(_ scenario: Scenario) throws -> (StagePlan, Catalog) {
            let catalog = try scenario.catalog(baseDirectory: ScenarioFilesTests.directory)
            let engine = QueryEngine(catalog: catalog, options: scenario.planner.queryOptions)
            let options = DistributedPlannerOptions(estimator: scenario.planner.taskEstimator)
            return (
                try engine.distributedPlan(scenario.sql, workers: scenario.cluster.workerAddresses, options: options),
                catalog
            )
        }
        let (sortedPlan, _) = try plan(sorted)
        let (plainPlan, plainCatalog) = try plan(plain)
        #expect(sortedPlan.stages.count == 3 && plainPlan.stages.count == 5)
        let oracle = try ScenarioFilesTests.rows(
            QueryEngine(catalog: plainCatalog, options: QueryOptions(partitionCount: 1)).run(sorted.sql))
        #expect(oracle.count == 9)
        for seed in [1, 2] as [UInt64] {
            let report = try Cluster(workers: 4, seed: seed).run(sortedPlan)
            #expect(try ScenarioFilesTests.rows(report.result) == oracle, "seed \(seed)")
        }
    }

    @Test("a sorted_by column that is missing, not an integer or out of order is an error at sorted_by")
    func sortedByErrors() throws {
        let text = """
            name = "s"
            [cluster]
            workers = 1
            [[data.table]]
            name = "orders"
            path = "data/orders.csv"
            format = "csv"
            schema = ["order_id:int64", "customer_id:int64", "amount:decimal(10,2)", "placed:date32"]
            sorted_by = "COLUMN"
            [query]
            sql = "SELECT * FROM orders"
            """
        let cases = [
            ("order_ix", "has no column 'order_ix'", "did you mean 'order_id'?"),
            ("placed", "the key column 'placed' is date32", "sorted_by names an int32 or int64 column"),
            (
                "customer_id", "data row 3 of data/orders.csv has 'customer_id' 7, below the row before it",
                "sort the file on 'customer_id', or remove sorted_by"
            ),
        ]
        for (column, message, hint) in cases {
            let scenario = try Scenario.parse(
                text.replacingOccurrences(of: "COLUMN", with: column), fileName: "s.toml")
            let error = try #require(throws: ScenarioError.self) {
                try scenario.catalog(baseDirectory: ScenarioFilesTests.directory)
            }
            #expect((error.line, error.column) == (9, 13), "\(column)")
            #expect(error.message.hasPrefix("table 'orders' cannot be split by '\(column)': "), "\(error.message)")
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.hint.hasPrefix(hint), "\(error.hint)")
        }
    }

    @Test("sorted_by over a null key names its data row; over a header-only CSV it is an empty table")
    func sortedByNullsAndEmptyFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sorted-by-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileIO.writeAtomically(path: directory + "/nulls.csv", bytes: Array("id,v\n1,a\n,b\n3,c\n".utf8))
        try FileIO.writeAtomically(path: directory + "/empty.csv", bytes: Array("id,v\n".utf8))
        func scenario(_ file: String) throws -> Scenario {
            try Scenario.parse(
                """
                name = "n"
                [cluster]
                workers = 2
                [[data.table]]
                name = "t"
                path = "\(file)"
                format = "csv"
                schema = ["id:int64", "v:utf8"]
                sorted_by = "id"
                [query]
                sql = "SELECT * FROM t"
                """, fileName: "n.toml")
        }
        let error = try #require(throws: ScenarioError.self) {
            try scenario("nulls.csv").catalog(baseDirectory: directory)
        }
        #expect(error.message.hasSuffix("data row 2 of nulls.csv has a null 'id'"), "\(error.message)")
        #expect((error.line, error.column) == (9, 13))
        let empty = try #require(try scenario("empty.csv").catalog(baseDirectory: directory).table("t"))
        let nothing = try KeyRanges(low: 0, high: 0)
        #expect(empty.rowCount == 0 && empty.clustering?.ranges == nothing)
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
