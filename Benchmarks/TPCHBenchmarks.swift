import ArrowLite
import Foundation
import TPCH

/// TPC-H generation at `--scale` (default 1): every table into Arrow batches, and every table to `.tbl` files.
func tpchBenchmarks(scale: Double) -> [any Benchmark] {
    [TPCHGenerateMemoryBenchmark(scale: scale), TPCHGenerateTblBenchmark(scale: scale)]
}

/// The generator at `scale` and the rows in all eight tables; throws for a scale factor TPC-H cannot make.
func tpchGenerator(scale: Double) throws -> (generator: TPCHGenerator, rows: Int) {
    let generator = try TPCHGenerator(scale: scale)
    return (generator, TPCHTable.allCases.reduce(0) { $0 + generator.rowCount($1) })
}

/// Generates all eight tables as record batches in memory.
final class TPCHGenerateMemoryBenchmark: Benchmark {
    let name = "tpch.gen.memory"
    let scale: Double
    private(set) var itemsPerRun = 0
    private var generator: TPCHGenerator?

    init(scale: Double) { self.scale = scale }

    func setUp() throws {
        let made = try tpchGenerator(scale: scale)
        generator = made.generator
        itemsPerRun = made.rows
    }

    func run() -> UInt64 {
        guard let generator else { return 0 }
        var rows: UInt64 = 0
        for table in TPCHTable.allCases { generator.forEachBatch(table) { rows &+= UInt64($0.rowCount) } }
        return rows
    }
}

/// Writes all eight tables as `.tbl` files into a temporary directory (what `clustersim data gen` does).
final class TPCHGenerateTblBenchmark: Benchmark {
    let name = "tpch.gen.tbl"
    let scale: Double
    private(set) var itemsPerRun = 0
    private var generator: TPCHGenerator?
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clustersim-bench-tpch")

    init(scale: Double) { self.scale = scale }

    func setUp() throws {
        let made = try tpchGenerator(scale: scale)
        generator = made.generator
        itemsPerRun = made.rows
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func run() throws -> UInt64 {
        guard let generator else { return 0 }
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
