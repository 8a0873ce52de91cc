import ArrowLite
import ClusterSim
import Foundation
import Testing

/// Random damage to a valid scenario file must give a located error or a valid parse, never a trap.
@Suite("scenario parser under mutation")
struct TOMLMutationTests {
    static let interesting = Array("[]{}=\"'#,.\n\r\\_-+0123456789aeftnu \t:".utf8) + [0, 0xC3, 0xA9, 0xFF]

    /// One mutation of `bytes`: replace, insert or delete a byte, duplicate or delete a span, or truncate.
    static func mutate(_ bytes: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var result = bytes
        let edits = 1 + random.below(4)
        for _ in 0..<edits where !result.isEmpty {
            let index = random.below(result.count)
            let byte = random.below(3) == 0 ? UInt8(random.below(256)) : interesting[random.below(interesting.count)]
            switch random.below(6) {
            case 0: result[index] = byte
            case 1: result.insert(byte, at: index)
            case 2: result.remove(at: index)
            case 3:
                let end = min(result.count, index + 1 + random.below(40))
                result.insert(contentsOf: result[index..<end], at: random.below(result.count))
            case 4: result.removeSubrange(index..<min(result.count, index + 1 + random.below(40)))
            default: result.removeSubrange(index...)
            }
        }
        return result
    }

    @Test("5,000 seeded mutations and truncations of full.toml each throw a located ScenarioError or parse")
    func mutationsNeverTrap() throws {
        let url = try #require(
            Bundle.module.url(forResource: "full", withExtension: "toml", subdirectory: "Fixtures/scenario"))
        let original = try FileIO.readAll(path: url.path)
        _ = try Scenario.parse(String(decoding: original, as: UTF8.self), fileName: "full.toml")
        var random = SplitMix64(seed: 8)
        var parsed = 0
        var failed = 0
        for _ in 0..<5_000 {
            let text = String(decoding: Self.mutate(original, &random), as: UTF8.self)
            do {
                let scenario = try Scenario.parse(text, fileName: "m.toml")
                // Whatever parses must also write back and read again to the same scenario.
                #expect(try Scenario.parse(scenario.toml(), fileName: "again.toml") == scenario)
                parsed += 1
            } catch let error as ScenarioError {
                #expect(error.line >= 1 && error.column >= 1 && !error.message.isEmpty && !error.hint.isEmpty)
                #expect(error.render().hasPrefix("m.toml:\(error.line):\(error.column): error: "))
                failed += 1
            }
        }
        // Both outcomes occur: the mutations are neither all harmless nor all fatal.
        #expect(parsed > 100 && failed > 1_000, "parsed \(parsed), failed \(failed)")
    }
}
