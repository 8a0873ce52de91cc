import ArrowLite

/// Compares a query result of our engine with a reference answer of another engine, and checks that a result
/// follows its `ORDER BY`.
///
/// Each column is compared in one of two ways, chosen from the two sides' types:
/// - exactly, after normalising: integers and decimals by value (`12.50` equals `12.5000`), dates as ISO text,
///   strings and booleans as text;
/// - approximately, when the reference type is a float (`DOUBLE`) or our column is `float64`: within a relative
///   tolerance of 1e-9 (absolute 1e-9 near zero). Where the reference is a double and our column a decimal of
///   scale s (DuckDB's `avg` of a decimal and decimal ÷ decimal are doubles; an engine may keep a decimal), within
///   1e-6 relative or one unit of the decimal's last digit (10^-s), whichever is larger.
///
/// Rows are compared in order first; when that fails, as sorted multisets (two engines may order rows that tie on
/// the `ORDER BY` keys differently), and `orderDifferences` checks the order on its own.
enum AnswerComparator {
    /// How the values of one column are compared.
    enum Comparison: Equatable {
        case exact
        case approximate(relative: Double, absolute: Double)
    }

    /// One key of an `ORDER BY`: a result column index and its direction.
    struct SortKey: Equatable {
        var column: Int
        var descending: Bool
    }

    /// The differences between `actual` rows (our result, of `schema`) and the reference answer, as sentences
    /// naming `label`, the row, the column and both values; empty when they agree. At most `limit` differences.
    static func differences(
        _ label: String, schema: Schema, actual: [[Scalar]], expected: ReferenceAnswer, limit: Int = 10
    ) -> [String] {
        let names = schema.fields.map(\.name)
        guard schema.count == expected.columns.count else {
            return [
                "\(label): ours has \(schema.count) columns (\(names.joined(separator: ", "))), the reference "
                    + "\(expected.columns.count) (\(expected.columns.map(\.name).joined(separator: ", ")))"
            ]
        }
        var problems: [String] = []
        var comparisons: [Comparison] = []
        for (index, column) in expected.columns.enumerated() {
            let ours = schema.fields[index].dataType
            guard let comparison = comparison(reference: column.type, ours: ours) else {
                problems.append(
                    "\(label) column \(index + 1) '\(names[index])': ours is \(ours), the reference \(column.type)")
                comparisons.append(.exact)
                continue
            }
            comparisons.append(comparison)
        }
        let ours = actual.map { row in row.indices.map { value(row[$0], comparisons[$0]) } }
        let theirs = expected.rows.map { row in
            row.indices.map { value(row[$0], type: expected.columns[$0].type, comparisons[$0]) }
        }
        if ours.count != theirs.count {
            problems.append("\(label): ours has \(ours.count) rows, the reference \(theirs.count)")
        }
        if rowsDiffer(ours, theirs, comparisons, names, label, limit: 1).isEmpty && ours.count == theirs.count {
            return problems
        }
        let sortedOurs = ours.sorted { compare($0, $1) < 0 }
        let sortedTheirs = theirs.sorted { compare($0, $1) < 0 }
        problems += rowsDiffer(sortedOurs, sortedTheirs, comparisons, names, label + " (rows sorted)", limit: limit)
        return Array(problems.prefix(limit))
    }

    /// The places where `rows` break the `ORDER BY` `keys`, naming `label` and both rows; empty when in order.
    static func orderDifferences(_ label: String, rows: [[AnswerValue]], keys: [SortKey]) -> [String] {
        var problems: [String] = []
        for index in rows.indices.dropFirst() {
            for key in keys {
                let order = compare(rows[index - 1][key.column], rows[index][key.column])
                if order == 0 { continue }
                if (order > 0) != key.descending {
                    problems.append(
                        "\(label): rows \(index) and \(index + 1) are out of ORDER BY order on column \(key.column + 1)"
                            + ": \(render(rows[index - 1])) then \(render(rows[index]))")
                }
                break
            }
        }
        return problems
    }

    /// Our rows as values for `orderDifferences`: floats approximate, everything else exact.
    static func values(_ rows: [[Scalar]]) -> [[AnswerValue]] {
        rows.map { row in
            row.map { scalar in
                if case .float64 = scalar { return value(scalar, .approximate(relative: 0, absolute: 0)) }
                return value(scalar, .exact)
            }
        }
    }

    /// The reference's rows as values for `orderDifferences`: floats approximate, everything else exact.
    static func values(_ answer: ReferenceAnswer) -> [[AnswerValue]] {
        let comparisons = answer.columns.map { column in
            ["DOUBLE", "FLOAT", "REAL"].contains(column.type)
                ? Comparison.approximate(relative: 0, absolute: 0) : .exact
        }
        return answer.rows.map { row in
            row.indices.map { value(row[$0], type: answer.columns[$0].type, comparisons[$0]) }
        }
    }

    /// The `ORDER BY` keys of `sql`'s last `ORDER BY` (TPC-H's order by output column names), as indices into
    /// `columns`; nil when a key is not one of the names.
    static func sortKeys(sql: String, columns: [String]) -> [SortKey]? {
        let text = sql.lowercased()
        guard let start = text.range(of: "order by", options: .backwards) else { return [] }
        var clause = text[start.upperBound...]
        for end in ["limit", ";"] {
            if let stop = clause.range(of: end) { clause = clause[..<stop.lowerBound] }
        }
        var keys: [SortKey] = []
        for item in clause.split(separator: ",") {
            let words = item.split(whereSeparator: \.isWhitespace)
            guard let name = words.first, let column = columns.firstIndex(of: String(name)) else { return nil }
            keys.append(SortKey(column: column, descending: words.dropFirst().first == "desc"))
        }
        return keys
    }

    /// How a column of reference type `reference` and our type `ours` compares; nil when the types cannot hold the
    /// same values.
    static func comparison(reference: String, ours: DataType) -> Comparison? {
        let close = Comparison.approximate(relative: 1e-9, absolute: 1e-9)
        let integers = ["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER"]
        switch (reference, ours) {
        case ("DOUBLE", .decimal128(_, let scale)), ("FLOAT", .decimal128(_, let scale)):
            return .approximate(relative: 1e-6, absolute: pow10(-scale))
        case ("DOUBLE", .float64), ("FLOAT", .float64), ("DOUBLE", .int64), ("DOUBLE", .int32): return close
        case (_, .float64) where reference.hasPrefix("DECIMAL") || integers.contains(reference): return close
        case (_, .int32), (_, .int64), (_, .decimal128):
            return reference.hasPrefix("DECIMAL") || integers.contains(reference) ? .exact : nil
        case ("DATE", .date32), ("VARCHAR", .utf8), ("BOOLEAN", .boolean): return .exact
        default: return nil
        }
    }

    /// Our value, normalised for `comparison`.
    static func value(_ scalar: Scalar, _ comparison: Comparison) -> AnswerValue {
        switch (scalar, comparison) {
        case (.null, _): return .null
        case (.int32(let value), .exact): return .exact(String(value))
        case (.int64(let value), .exact): return .exact(String(value))
        case (.decimal(let value, _, let scale), .exact):
            return .exact(canonicalNumber(Decimal128.format(value, scale: scale)) ?? "?")
        case (.int32, .approximate), (.int64, .approximate), (.float64, .approximate), (.decimal, .approximate):
            return Double(scalar.description).map(AnswerValue.approximate) ?? .text(scalar.description)
        default: return .text(scalar.description)
        }
    }

    /// A reference field (nil for NULL) of reference type `type`, normalised for `comparison`.
    static func value(_ text: String?, type: String, _ comparison: Comparison) -> AnswerValue {
        guard let text else { return .null }
        switch comparison {
        case .approximate: return Double(text).map(AnswerValue.approximate) ?? .text(text)
        case .exact:
            let numeric = type.hasPrefix("DECIMAL") || type.hasSuffix("INT") || type == "INTEGER"
            return numeric ? (canonicalNumber(text).map(AnswerValue.exact) ?? .text(text)) : .text(text)
        }
    }

    /// Decimal text without a plus sign, leading zeros or trailing fractional zeros (`-012.50` → `-12.5`,
    /// `-0.00` → `0`); nil when `text` is not digits with an optional sign and point.
    static func canonicalNumber(_ text: String) -> String? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !digits.isEmpty, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            parts.contains(where: { !$0.isEmpty })
        else { return nil }
        let whole = parts[0].drop { $0 == "0" }
        let fraction = parts.count > 1 ? String(parts[1].reversed().drop { $0 == "0" }.reversed()) : ""
        let magnitude = (whole.isEmpty ? "0" : String(whole)) + (fraction.isEmpty ? "" : "." + fraction)
        return negative && magnitude != "0" ? "-" + magnitude : magnitude
    }

    /// A total order on values (NULL first, then numbers by value, then text by code points); negative, 0 or
    /// positive.
    static func compare(_ left: AnswerValue, _ right: AnswerValue) -> Int {
        switch (left, right) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.text(let a), .text(let b)):
            let (x, y) = (a.unicodeScalars.map(\.value), b.unicodeScalars.map(\.value))
            return x == y ? 0 : (x.lexicographicallyPrecedes(y) ? -1 : 1)
        case (.text, _): return 1
        case (_, .text): return -1
        default:
            let (a, b) = (left.number, right.number)
            if a != b { return a < b ? -1 : 1 }
            return left.description == right.description ? 0 : (left.description < right.description ? -1 : 1)
        }
    }

    private static func compare(_ left: [AnswerValue], _ right: [AnswerValue]) -> Int {
        for (a, b) in zip(left, right) {
            let order = compare(a, b)
            if order != 0 { return order }
        }
        return left.count - right.count
    }

    private static func rowsDiffer(
        _ ours: [[AnswerValue]], _ theirs: [[AnswerValue]], _ comparisons: [Comparison], _ names: [String],
        _ label: String, limit: Int
    ) -> [String] {
        var problems: [String] = []
        for row in 0..<max(ours.count, theirs.count) where problems.count < limit {
            guard row < ours.count, row < theirs.count else {
                let what =
                    row < theirs.count
                    ? "lacks the reference's row \(render(theirs[row]))" : "has an extra row \(render(ours[row]))"
                problems.append("\(label) row \(row + 1): ours \(what)")
                continue
            }
            for column in comparisons.indices
            where !equal(ours[row][column], theirs[row][column], comparisons[column]) {
                problems.append(
                    "\(label) row \(row + 1) column \(column + 1) '\(names[column])': ours \(ours[row][column]), "
                        + "the reference \(theirs[row][column])\n  ours:      \(render(ours[row]))\n"
                        + "  reference: \(render(theirs[row]))")
                break
            }
        }
        return problems
    }

    private static func equal(_ left: AnswerValue, _ right: AnswerValue, _ comparison: Comparison) -> Bool {
        guard case .approximate(let relative, let absolute) = comparison,
            case .approximate(let a) = left, case .approximate(let b) = right
        else { return left == right }
        return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
    }

    private static func render(_ row: [AnswerValue]) -> String {
        "[" + row.map(\.description).joined(separator: ", ") + "]"
    }

    private static func pow10(_ exponent: Int) -> Double {
        (0..<abs(exponent)).reduce(1.0) { value, _ in exponent < 0 ? value / 10 : value * 10 }
    }
}

/// A value of an answer, normalised so that equal values of the two engines compare equal.
enum AnswerValue: Equatable, CustomStringConvertible {
    case null
    /// An integer or decimal as canonical text (`AnswerComparator.canonicalNumber`).
    case exact(String)
    /// A number compared within a tolerance.
    case approximate(Double)
    /// Text, an ISO date, or a boolean.
    case text(String)

    /// The value as a double, for ordering numbers.
    var number: Double {
        switch self {
        case .exact(let text): return Double(text) ?? .nan
        case .approximate(let value): return value
        default: return .nan
        }
    }

    var description: String {
        switch self {
        case .null: return "NULL"
        case .exact(let text): return text
        case .approximate(let value): return String(value)
        case .text(let text): return "'\(text)'"
        }
    }
}
