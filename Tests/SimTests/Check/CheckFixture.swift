import ClusterSim
import Foundation

/// Scenario files of `Tests/SimTests/Fixtures/check` and runners over the shared SF 0.01 TPC-H catalog.
enum CheckFixture {
    static func path(_ name: String) -> String { Fixtures.url("check/\(name)").path }

    static func scenario(_ name: String) throws -> Scenario { try Scenario.load(path: path(name)) }

    /// A runner for `scenario` (which must use TPC-H SF 0.01) reusing the tests' generated catalog.
    static func runner(_ scenario: Scenario, name: String = "check.toml") throws -> ScenarioRunner {
        ScenarioRunner(scenario: scenario, path: name, catalog: try SimulationFixture.catalog.get())
    }

    static func runner(_ name: String) throws -> ScenarioRunner {
        try runner(scenario(name), name: path(name))
    }
}
