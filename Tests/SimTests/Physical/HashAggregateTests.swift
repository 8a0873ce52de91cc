import ArrowLite
import PlanKit
import Testing

@Suite struct HashAggregateTests {
    let schema = Schema([
        Field("k", .utf8), Field("v", .int64), Field("d", .decimal128(precision: 15, scale: 2)), Field("f", .float64),
    ])

    func batches() throws -> [RecordBatch] {
        [
            try RecordBatch(
                schema: schema,
                columns: [
                    StringArray(["x", "y", nil, "x"]), Int64Array(.int64, [1, 2, 3, nil]),
                    Decimal128Array(.decimal128(precision: 15, scale: 2), [100, 250, nil, 5]),
                    Float64Array(.float64, [1.5, .nan, 2, -1]),
                ]),
            try RecordBatch(
                schema: schema,
                columns: [
                    StringArray(["y", nil, "x"]), Int64Array(.int64, [10, nil, 1]),
                    Decimal128Array(.decimal128(precision: 15, scale: 2), [1, 2, 3]),
                    Float64Array(.float64, [0, 7, nil]),
                ]),
        ]
    }

    func aggregates() throws -> [AggregateExpression] {
        let v = try PhysicalExpression.column("v", in: schema)
        let d = try PhysicalExpression.column("d", in: schema)
        let f = try PhysicalExpression.column("f", in: schema)
        return [
            try AggregateExpression(.count, nil), try AggregateExpression(.count, v),
            try AggregateExpression(.sum, v), try AggregateExpression(.sum, d), try AggregateExpression(.avg, d),
            try AggregateExpression(.min, f), try AggregateExpression(.max, f),
            try AggregateExpression(.count, v, distinct: true),
        ]
    }

    @Test("single-mode groups (NULL is a group) in first-seen order with hand-computed sums, averages and extremes")
    func singleMode() throws {
        let key = try PhysicalExpression.column("k", in: schema)
        let output = try runOperator(batches()) {
            try HashAggregateOperator(
                mode: .single, groupBy: [key], groupNames: ["k"], aggregates: aggregates(), output: $0)
        }
        #expect(
            output[0].schema.fields.map(\.dataType) == [
                .utf8, .int64, .int64, .int64, .decimal128(precision: 25, scale: 2),
                .decimal128(precision: 19, scale: 6),
                .float64, .float64, .int64,
            ])
        // x: v 1,nil,1  d 1.00,0.05,0.03  f 1.5,-1,nil | y: v 2,10  d 2.50,0.01  f NaN,0 | NULL: v 3,nil  d nil,0.02  f 2,7
        #expect(
            rowTexts(output) == [
                ["x", "3", "2", "2", "1.08", "0.360000", "-1", "1.5", "1"],
                ["y", "2", "2", "12", "2.51", "1.255000", "0", "NaN", "2"],
                ["NULL", "2", "1", "3", "0.02", "0.020000", "2", "7", "1"],
            ])
    }

    @Test("no group keys gives one row even for empty input: count 0, sum NULL")
    func globalAggregate() throws {
        let v = try PhysicalExpression.column("v", in: schema)
        let aggregates = [try AggregateExpression(.count, nil), try AggregateExpression(.sum, v)]
        let empty = try runOperator([]) {
            try HashAggregateOperator(mode: .single, groupBy: [], groupNames: [], aggregates: aggregates, output: $0)
        }
        #expect(rowTexts(empty) == [["0", "NULL"]])
        let full = try runOperator(batches()) {
            try HashAggregateOperator(mode: .single, groupBy: [], groupNames: [], aggregates: aggregates, output: $0)
        }
        #expect(rowTexts(full) == [["7", "17"]])
    }

    @Test("an int64 sum that overflows throws instead of wrapping")
    func overflow() throws {
        let batch = try int64Batch([[Int64.max, 1]])
        let sum = try AggregateExpression(.sum, .column(0, in: batch.schema))
        #expect(throws: PhysicalPlanError.self) {
            try runOperator([batch]) {
                try HashAggregateOperator(mode: .single, groupBy: [], groupNames: [], aggregates: [sum], output: $0)
            }
        }
    }

    @Test("a decimal sum reaching 10^38 is an overflow, and a group whose values are all null sums to NULL")
    func decimalSumLimits() throws {
        let type = DataType.decimal128(precision: 38, scale: 0)
        let schema = Schema([Field("k", .int64), Field("d", type)])
        let big = 6 * Decimal128.powerOfTen(37)  // two of them fit in Int128 (1.7e38) but not in 38 digits
        func sums(_ keys: [Int64?], _ values: [Int128?]) throws -> [RecordBatch] {
            let batch = try RecordBatch(
                schema: schema, columns: [Int64Array(.int64, keys), Decimal128Array(type, values)])
            let sum = try AggregateExpression(.sum, .column(1, in: schema))
            return try runOperator([batch]) {
                try HashAggregateOperator(
                    mode: .single, groupBy: [.column(0, in: schema)], groupNames: ["k"], aggregates: [sum], output: $0)
            }
        }
        #expect(rowTexts(try sums([1, 2, 1], [5, nil, 7])) == [["1", "12"], ["2", "NULL"]])
        let tooLarge = "sum 120000000000000000000000000000000000000 exceeds \(type)"
        #expect(throws: PhysicalPlanError.aggregateOverflow(tooLarge)) { try sums([1, 1], [big, big]) }
    }

    @Test("over 70 groups, sums, minimums and maximums of every value type are NULL exactly for the all-null groups")
    func nullGroupsAcrossBitmapBytes() throws {
        let decimal = DataType.decimal128(precision: 12, scale: 1)
        let schema = Schema([
            Field("k", .int64), Field("i", .int32), Field("l", .int64), Field("f", .float64), Field("d", decimal),
            Field("b", .boolean),
        ])
        // Group g (in first-seen order) holds the values g and g + 1, except groups 3, 9 and 70, whose values are null.
        let groups = 72
        let empty: Set<Int> = [3, 9, 70]
        let keys = (0..<groups).flatMap { [Int64($0), Int64($0)] }
        func values<T>(_ make: (Int) -> T) -> [T?] {
            (0..<groups).flatMap { g in empty.contains(g) ? [nil, nil] : [make(g), make(g + 1)] }
        }
        let batch = try RecordBatch(
            schema: schema,
            columns: [
                Int64Array(.int64, keys), Int32Array(.int32, values { Int32($0) }),
                Int64Array(.int64, values { Int64($0) }),
                Float64Array(.float64, values { Double($0) }), Decimal128Array(decimal, values { Int128($0) }),
                BooleanArray(values { $0 % 2 == 0 }),
            ])
        var aggregates: [AggregateExpression] = []
        for column in ["i", "l", "f", "d", "b"] {
            let expression = try PhysicalExpression.column(column, in: schema)
            aggregates += try [.min, .max].map { try AggregateExpression($0, expression) }
            if column != "b" { aggregates.append(try AggregateExpression(.sum, expression)) }
        }
        let output = try runOperator([batch]) {
            try HashAggregateOperator(
                mode: .single, groupBy: [.column(0, in: schema)], groupNames: ["k"], aggregates: aggregates,
                output: $0)
        }
        let rows = rowTexts(output)
        #expect(rows.count == groups)
        for (g, row) in rows.enumerated() {
            if empty.contains(g) {
                #expect(row.dropFirst().allSatisfy { $0 == "NULL" }, "group \(g): \(row)")
                continue
            }
            let (low, high, sum) = ("\(g)", "\(g + 1)", "\(2 * g + 1)")
            func tenths(_ value: Int) -> String { "\(value / 10).\(value % 10)" }
            #expect(row[1...3] == [low, high, sum], "int32, group \(g)")
            #expect(row[4...6] == [low, high, sum], "int64, group \(g)")
            #expect(row[7...9] == [low, high, sum], "float64, group \(g)")
            #expect(row[10...12] == [tenths(g), tenths(g + 1), tenths(2 * g + 1)], "decimal, group \(g)")
            #expect(row[13...14] == ["false", "true"], "boolean, group \(g)")
        }
    }

    @Test("a decimal sum overflowing in a later group, after an all-null group, names that group's sum")
    func decimalOverflowInLaterGroup() throws {
        let type = DataType.decimal128(precision: 38, scale: 0)
        let schema = Schema([Field("k", .int64), Field("d", type)])
        let big = -6 * Decimal128.powerOfTen(37)
        let batch = try RecordBatch(
            schema: schema, columns: [Int64Array(.int64, [1, 2, 3, 3]), Decimal128Array(type, [nil, 5, big, big])])
        let sum = try AggregateExpression(.sum, .column(1, in: schema))
        let tooLarge = "sum -120000000000000000000000000000000000000 exceeds \(type)"
        #expect(throws: PhysicalPlanError.aggregateOverflow(tooLarge)) {
            try runOperator([batch]) {
                try HashAggregateOperator(
                    mode: .single, groupBy: [.column(0, in: schema)], groupNames: ["k"], aggregates: [sum], output: $0)
            }
        }
    }

    @Test("integer keys across many table growths, the NULL key arriving as the table grows, keep order and sums")
    func integerKeysAcrossGrowth() throws {
        // 200 distinct keys in a scrambled order; NULL is the 9th distinct key, the one whose arrival doubles the
        // 16-slot table. The second batch brings every key again, in reverse, so each lookup runs after all growth.
        var firstSeen: [Int64?] = (0..<200).map { Int64($0 * 37 % 200) }
        firstSeen.insert(nil, at: 8)
        let batches = [
            try int64Batch([firstSeen, firstSeen.map { _ in 1 }]),
            try int64Batch([firstSeen.reversed(), firstSeen.map { _ in 10 }]),
        ]
        let key = try PhysicalExpression.column("a", in: batches[0].schema)
        let sum = try AggregateExpression(.sum, try PhysicalExpression.column("b", in: batches[0].schema))
        let output = try runOperator(batches) {
            try HashAggregateOperator(mode: .single, groupBy: [key], groupNames: ["a"], aggregates: [sum], output: $0)
        }
        #expect(rowTexts(output) == firstSeen.map { [$0.map(String.init) ?? "NULL", "11"] })
    }

    @Test("100,000 keys and NULL (a table large enough to touch its slots ahead) keep first-seen order and exact sums")
    func integerKeysInALargeTable() throws {
        // Keys first seen in a scrambled order (a bijection of 0..<100,000, NULL arriving once the table is past
        // 65,536 slots), then all again in another order, in batches of 8,191 rows (so chunks of 64 rows straddle
        // them): every key's sum is its first value plus its second.
        let count = 100_000
        var firstSeen: [Int64?] = (0..<count).map { Int64($0 * 7_919 % count) }
        firstSeen.insert(nil, at: 40_000)
        let again: [Int64?] = (0..<count).map { Int64($0 * 3_571 % count) } + [nil]
        let rows = firstSeen.map { ($0, $0.map { $0 % 13 } ?? 5) } + again.map { ($0, $0.map { 2 * $0 } ?? 7) }
        let batches = try stride(from: 0, to: rows.count, by: 8_191).map { start in
            let chunk = rows[start..<min(rows.count, start + 8_191)]
            return try int64Batch([chunk.map(\.0), chunk.map(\.1)])
        }
        let key = try PhysicalExpression.column("a", in: batches[0].schema)
        let sum = try AggregateExpression(.sum, try PhysicalExpression.column("b", in: batches[0].schema))
        let output = try runOperator(batches) {
            try HashAggregateOperator(mode: .single, groupBy: [key], groupNames: ["a"], aggregates: [sum], output: $0)
        }
        #expect(
            rowTexts(output)
                == firstSeen.map { [$0.map(String.init) ?? "NULL", "\($0.map { $0 % 13 + 2 * $0 } ?? 12)"] })
    }

    @Test("DISTINCT aggregates are refused outside single mode")
    func distinctNeedsSingleMode() throws {
        let v = try PhysicalExpression.column("v", in: schema)
        #expect(throws: PhysicalPlanError.self) {
            try HashAggregateOperator(
                mode: .partial, groupBy: [], groupNames: [],
                aggregates: [try AggregateExpression(.count, v, distinct: true)], output: CollectSink())
        }
    }

    @Test("partial aggregates over any split of seeded data, merged by a final aggregate, equal single mode")
    func partialFinalEqualsSingle() throws {
        var random = SplitMix64(seed: 7)
        let rows = 600
        let dataSchema = Schema([
            Field("g1", .int32), Field("g2", .utf8), Field("x", .int64),
            Field("d", .decimal128(precision: 12, scale: 3)),
            Field("s", .utf8),
        ])
        var g1: [Int32?] = []
        var g2: [String?] = []
        var x: [Int64?] = []
        var d: [Int128?] = []
        var s: [String?] = []
        for _ in 0..<rows {
            g1.append(random.below(8) == 0 ? nil : Int32(random.below(5)))
            g2.append(random.below(9) == 0 ? nil : ["a", "bb", "c"][random.below(3)])
            x.append(random.below(7) == 0 ? nil : Int64(random.below(2001)) - 1000)
            d.append(random.below(6) == 0 ? nil : Int128(random.below(1_000_000)) - 500_000)
            s.append(random.below(5) == 0 ? nil : String(random.below(1000)))
        }
        let all = try RecordBatch(
            schema: dataSchema,
            columns: [
                Int32Array(.int32, g1), StringArray(g2), Int64Array(.int64, x),
                Decimal128Array(.decimal128(precision: 12, scale: 3), d), StringArray(s),
            ])
        let groupBy = [
            try PhysicalExpression.column(0, in: dataSchema), try PhysicalExpression.column(1, in: dataSchema),
        ]
        let names = ["g1", "g2"]
        let column = { (i: Int) in try PhysicalExpression.column(i, in: dataSchema) }
        let aggregates = [
            try AggregateExpression(.count, nil), try AggregateExpression(.count, column(2)),
            try AggregateExpression(.sum, column(2)), try AggregateExpression(.avg, column(2)),
            try AggregateExpression(.sum, column(3)), try AggregateExpression(.avg, column(3)),
            try AggregateExpression(.min, column(4)), try AggregateExpression(.max, column(4)),
            try AggregateExpression(.min, column(3)), try AggregateExpression(.max, column(2)),
        ]
        let single = try runOperator([all]) {
            try HashAggregateOperator(
                mode: .single, groupBy: groupBy, groupNames: names, aggregates: aggregates, output: $0)
        }
        let expected = sortedRows(rowTexts(single))
        #expect(expected.count > 10)
        for partitionCount in [1, 2, 5, 13] {
            let final = CollectSink()
            let finalOperator = try HashAggregateOperator(
                mode: .final, groupBy: groupBy, groupNames: names, aggregates: aggregates, output: final)
            for part in 0..<partitionCount {
                let start = rows * part / partitionCount
                let end = rows * (part + 1) / partitionCount
                let partial = try runOperator([all.slice(start, end - start)]) {
                    try HashAggregateOperator(
                        mode: .partial, groupBy: groupBy, groupNames: names, aggregates: aggregates, output: $0,
                        batchRowCount: 3)
                }
                for batch in partial { try finalOperator.push(batch, input: 0) }
            }
            try finalOperator.finish(input: 0)
            #expect(sortedRows(rowTexts(final.batches)) == expected, "split into \(partitionCount) partitions")
        }
    }
}
