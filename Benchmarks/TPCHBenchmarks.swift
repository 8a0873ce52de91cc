import ArrowLite
import Foundation
import TPCH

/// TPC-H generation at `--scale` (default 1): every table into Arrow batches, and every table to `.tbl` files.
func tpchBenchmarks(scale: Double) -> [any Benchmark] {
    [TPCHGenerateMemoryBenchmark(scale: scale), TPCHGenerateTblBenchmark(scale: scale)]
}

/// Rows in all eight tables at a scale factor.
func tpchRowCount(scale: Double) -> Int { TPCHTable.allCases.reduce(0) { $0 + $1.rowCount(scale: scale) } }

/// Generates all eight tables as record batches in memory.
final class TPCHGenerateMemoryBenchmark: Benchmark {
    let name = "tpch.gen.memory"
    let itemsPerRun: Int
    let generator: TPCHGenerator

    init(scale: Double) {
        generator = TPCHGenerator(scale: scale)
        itemsPerRun = tpchRowCount(scale: scale)
    }

    func setUp() {}

    func run() -> UInt64 {
        var rows: UInt64 = 0
        for table in TPCHTable.allCases { generator.forEachBatch(table) { rows &+= UInt64($0.rowCount) } }
        return rows
    }
}

/// Writes all eight tables as `.tbl` files into a temporary directory (what `clustersim data gen` does).
final class TPCHGenerateTblBenchmark: Benchmark {
    let name = "tpch.gen.tbl"
    let itemsPerRun: Int
    let generator: TPCHGenerator
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clustersim-bench-tpch")

    init(scale: Double) {
        generator = TPCHGenerator(scale: scale)
        itemsPerRun = tpchRowCount(scale: scale)
    }

    func setUp() throws { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }

    func run() throws -> UInt64 {
        var bytes: UInt64 = 0
        for table in TPCHTable.allCases {
            let path = directory.appendingPathComponent("\(table.rawValue).tbl").path
            try TPCHFiles.write(table, generator: generator, format: .tbl, to: path)
            bytes &+= UInt64((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
        return bytes
    }

    func tearDown() { try? FileManager.default.removeItem(at: directory) }
}
