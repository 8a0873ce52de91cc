/// Escaping, number formatting and stage colours for the HTML report: deterministic and independent of the locale.
enum HTMLText {
    /// `text` with `& < > " '` replaced by character references, safe in element content and in quoted attribute
    /// values; control characters other than tab, newline and carriage return become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `value` with exactly `decimals` digits (0…6) after the point, rounded half away from zero, never in exponent
    /// form (`fixed(2.5, decimals: 1)` is `2.5`, `fixed(1e-7, decimals: 3)` is `0.000`).
    static func fixed(_ value: Double, decimals: Int) -> String {
        let digits = min(max(decimals, 0), 6)
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value * Double(scale)).rounded()
        guard scaled.isFinite, scaled.magnitude < 9.2e18 else { return value.isFinite ? "\(value)" : "0" }
        let magnitude = Int64(scaled).magnitude
        let sign = scaled < 0 ? "-" : ""
        let integer = magnitude / UInt64(scale)
        guard digits > 0 else { return sign + String(integer) }
        let fraction = String(magnitude % UInt64(scale))
        return sign + "\(integer)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    /// An SVG coordinate or length with one decimal.
    static func coordinate(_ value: Double) -> String { fixed(value, decimals: 1) }

    /// `nanoseconds` as milliseconds with microsecond precision (`12.345`).
    static func milliseconds(_ nanoseconds: Int64) -> String { fixed(Double(nanoseconds) / 1e6, decimals: 3) }

    /// `value` with thousands separated by commas (`1,234,567`).
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value.magnitude))
        var out = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }

    /// A fixed palette of distinguishable fill colours; stage `id` gets `palette[id mod count]`.
    static let palette = [
        "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948",
        "#9c755f", "#ff9da7", "#86bcb6", "#8cd17d", "#d4a6c8", "#a0cbe8",
    ]

    /// The fill colour of stage `id` (negative ids wrap too).
    static func stageColor(_ id: Int) -> String {
        let count = palette.count
        return palette[((id % count) + count) % count]
    }
}
