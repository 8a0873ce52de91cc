import ArrowLite
import Foundation
import PlanKit
import TPCH
import Testing

@Suite struct ScratchEngineTests {
    @Test("scratch: run the 22 queries and print")
    func scratch() throws {
        let engine = QueryEngine(catalog: try .tpch(scale: 0.01))
        let only = ProcessInfo.processInfo.environment["Q"].flatMap(Int.init)
        if let sql = ProcessInfo.processInfo.environment["SQL"] {
            for statement in sql.split(separator: "@") {
                do {
                    let result = try engine.run(String(statement))
                    print(TableFormatter.format(schema: result.schema, batches: result.batches, limit: 30))
                } catch { print("ERROR: \(error)") }
            }
            return
        }
        for n in 1...22 where only == nil || only == n {
            let start = Date()
            do {
                let result = try engine.run(TPCHQueries.query(n))
                let text = TableFormatter.format(schema: result.schema, batches: result.batches, limit: 5)
                print("Q\(n): \(result.rowCount) rows in \(Date().timeIntervalSince(start))s\n\(text)")
            } catch let error as SQLError {
                print("Q\(n) SQL ERROR: \(error.render(sql: TPCHQueries.query(n)))")
            } catch {
                print("Q\(n) ERROR: \(error)")
            }
        }
    }
}
