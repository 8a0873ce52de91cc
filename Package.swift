// swift-tools-version: 6.0
import PackageDescription

// ClusterSim: a deterministic, in-process simulated cluster for distributed query engines.
// No package dependencies: Foundation, Dispatch, Synchronization and the test libraries only.
let package = Package(
    name: "ClusterSim",
    products: [
        .library(name: "ArrowLite", targets: ["ArrowLite"]),
        .library(name: "TPCH", targets: ["TPCH"]),
        .library(name: "PlanKit", targets: ["PlanKit"]),
        .library(name: "ClusterSim", targets: ["ClusterSim"]),
        .executable(name: "clustersim", targets: ["clustersim"]),
        .executable(name: "benchmarks", targets: ["benchmarks"]),
    ],
    targets: [
        .target(name: "ArrowLite", linkerSettings: [.linkedLibrary("m")]),
        // The generator builds a 300 MiB text pool per process; optimised even in debug builds so the tests (and
        // debug runs of the tool) do not spend minutes on it. It holds no logic worth stepping through in -Onone.
        .target(name: "TPCH", dependencies: ["ArrowLite"], swiftSettings: [.unsafeFlags(["-O"])]),
        .target(name: "PlanKit", dependencies: ["ArrowLite", "TPCH"]),
        .target(name: "ClusterSim", dependencies: ["PlanKit", "ArrowLite", "TPCH"]),
        .executableTarget(name: "clustersim", dependencies: ["ClusterSim", "PlanKit", "TPCH", "ArrowLite"]),
        .executableTarget(
            name: "benchmarks", dependencies: ["ClusterSim", "PlanKit", "TPCH", "ArrowLite"], path: "Benchmarks",
            exclude: ["scripts"]),
        .testTarget(
            name: "SimTests", dependencies: ["ClusterSim", "PlanKit", "TPCH", "ArrowLite"],
            resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
