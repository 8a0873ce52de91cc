import ArrowLite
import PlanKit
import Testing

/// Whole plans through the local executor, at several partition counts.
@Suite struct LocalExecutorTests {
    static let schema = Schema([
        Field("region", .utf8), Field("qty", .int64), Field("price", .decimal128(precision: 12, scale: 2)),
        Field("id", .int64, nullable: false),
    ])

    /// 1000 seeded rows in batches of 64.
    static func table() throws -> MemoryTable {
        var random = SplitMix64(seed: 2024)
        var region: [String?] = []
        var qty: [Int64?] = []
        var price: [Int128?] = []
        for _ in 0..<1000 {
            region.append(random.below(12) == 0 ? nil : ["north", "south", "east", "west", "mid"][random.below(5)])
            qty.append(random.below(10) == 0 ? nil : Int64(random.below(50)))
            price.append(Int128(random.below(100_000)))
        }
        let all = try RecordBatch(
            schema: schema,
            columns: [
                StringArray(region), Int64Array(.int64, qty),
                Decimal128Array(.decimal128(precision: 12, scale: 2), price), Int64Array(.int64, (0..<1000).map { $0 }),
            ])
        return try MemoryTable(
            schema: schema, batches: batchSlices(all, rows: 64))
    }

    /// SELECT region, count(*), sum(qty), sum(price) FROM t WHERE qty > 5 GROUP BY region ORDER BY region,
    /// planned as scan → filter → partial aggregate → repartition → final aggregate → coalesce → sort.
    static func aggregatePlan(partitions: Int) throws -> PhysicalPlan {
        let scan = try PhysicalPlan.scan("t", try table(), partitionCount: partitions)
        let qty = try PhysicalExpression.column("qty", in: schema)
        let filter = try PhysicalPlan.filter(try .compare(qty, .greater, .literal(.int64(5))), scan)
        let region = try PhysicalExpression.column("region", in: schema)
        let aggregates = [
            try AggregateExpression(.count, nil, name: "n"), try AggregateExpression(.sum, qty, name: "qty"),
            try AggregateExpression(.sum, .column("price", in: schema), name: "price"),
        ]
        let partial = try PhysicalPlan.hashAggregate(
            .partial, groupBy: [region], groupNames: ["region"], aggregates: aggregates, filter)
        let shuffle = try PhysicalPlan.hashRepartition(
            keys: [.column(0, in: partial.schema)], partitionCount: partitions, partial)
        let final = try PhysicalPlan.hashAggregate(
            .final, groupBy: [region], groupNames: ["region"], aggregates: aggregates, shuffle)
        let order = [SortExpression(try .column(0, in: final.schema))]
        return try PhysicalPlan.sort(order, PhysicalPlan.coalesce(final))
    }

    @Test(
        "scan → filter → partial aggregate → repartition → final aggregate → sort: same answer at 1, 3 and 8 partitions, equal to a row-by-row reference"
    )
    func aggregateAcrossPartitionCounts() throws {
        var reference: [String: (count: Int, qty: Int64, price: Int128)] = [:]
        for batch in try Self.table().storedBatches {
            let region = batch.columns[0] as! StringArray
            let qty = batch.columns[1] as! Int64Array
            let price = batch.columns[2] as! Decimal128Array
            for row in 0..<batch.rowCount {
                guard let q = qty[row], q > 5 else { continue }
                let key = region[row] ?? "NULL"
                let old = reference[key] ?? (0, 0, 0)
                reference[key] = (old.count + 1, old.qty + q, old.price + price.value(row))
            }
        }
        // ORDER BY region puts NULL last (ascending default).
        let keys = reference.keys.filter { $0 != "NULL" }.sorted() + ["NULL"]
        let expected = keys.map { key in
            let v = reference[key]!
            return [key, String(v.count), String(v.qty), Decimal128.format(v.price, scale: 2)]
        }
        for partitions in [1, 3, 8] {
            let result = try LocalExecutor(batchRowCount: 2).run(Self.aggregatePlan(partitions: partitions))
            #expect(result.partitions.count == 1)
            #expect(rowTexts(result.batches) == expected, "\(partitions) partitions")
            let aggregateMetrics = result.metrics.filter { $0.name == "HashAggregate(final)" }
            #expect(aggregateMetrics.count == partitions)
            #expect(aggregateMetrics.contains { $0.peakHeldBytes > 0 })
        }
    }

    @Test("EXPLAIN renders the plan tree with parameters and partition counts")
    func explain() throws {
        let plan = try Self.aggregatePlan(partitions: 3)
        #expect(
            plan.description == """
                Sort order=[region@0 ASC NULLS LAST] partitions=1
                  Coalesce partitions=1
                    HashAggregate(final) groupBy=[region@0 AS region] aggregates=[n, qty, price] partitions=3
                      HashRepartition keys=[region@0] partitions=3
                        HashAggregate(partial) groupBy=[region@0 AS region] aggregates=[n, qty, price] partitions=3
                          Filter predicate=(qty@1 > 5) partitions=3
                            Scan table=t partitions=3

                """)
    }

    @Test("partitioned and broadcast joins give a single-partition join's rows; a broadcast is indexed once")
    func joins() throws {
        let table = try Self.table()
        let dimension = try MemoryTable(
            schema: Schema([Field("name", .utf8), Field("weight", .int64)]),
            batches: [
                try RecordBatch(
                    schema: Schema([Field("name", .utf8), Field("weight", .int64)]),
                    columns: [
                        StringArray(["north", "south", "east", nil, "north"]), Int64Array(.int64, [1, 2, 3, 4, 5]),
                    ])
            ])
        func plan(_ partitions: Int, broadcast: Bool) throws -> PhysicalPlan {
            let facts = try PhysicalPlan.scan("t", table, projection: [3, 0], partitionCount: partitions)
            var build = try PhysicalPlan.scan("d", dimension, partitionCount: broadcast ? 1 : partitions)
            var probe = facts
            if !broadcast {
                build = try .hashRepartition(keys: [.column(0, in: build.schema)], partitionCount: partitions, build)
                probe = try .hashRepartition(keys: [.column(1, in: probe.schema)], partitionCount: partitions, probe)
            }
            let key = try JoinKey(build: .column(0, in: build.schema), probe: .column(1, in: probe.schema))
            return try .hashJoin(.probeOuter, keys: [key], build: build, probe: probe)
        }
        let expected = sortedRows(rowTexts(try LocalExecutor().run(plan(1, broadcast: true)).batches))
        // Every fact row once, plus once more for each fact in "north" (it matches two dimension rows).
        let northCount = rowTexts(table.storedBatches).filter { $0[0] == "north" }.count
        #expect(expected.count == 1000 + northCount)
        #expect(expected.filter { $0[3] == "north" }.count == 2 * northCount)
        #expect(
            expected.filter { $0[0] == "NULL" }.count
                == rowTexts(table.storedBatches).filter { $0[0] != "north" && $0[0] != "south" && $0[0] != "east" }
                .count)
        for partitions in [3, 8] {
            for broadcast in [false, true] {
                let rows = rowTexts(try LocalExecutor().run(plan(partitions, broadcast: broadcast)).batches)
                #expect(sortedRows(rows) == expected, "\(partitions) partitions, broadcast \(broadcast)")
            }
        }
        // The partitions share one hash table of the broadcast side: the first holds it, the others adopt it.
        let joinMetrics = try LocalExecutor().run(plan(3, broadcast: true)).metrics
            .filter { $0.name.hasPrefix("HashJoin") }.sorted { $0.partition < $1.partition }
        #expect(joinMetrics.map { $0.peakHeldBytes > 0 } == [true, false, false])
    }

    @Test("plans with mismatched partition counts or bad columns are refused with the node's name")
    func invalidPlans() throws {
        let table = try Self.table()
        let a = try PhysicalPlan.scan("t", table, partitionCount: 3)
        let b = try PhysicalPlan.scan("t", table, partitionCount: 2)
        let key = try JoinKey(build: .column(3, in: a.schema), probe: .column(3, in: b.schema))
        #expect(throws: PhysicalPlanError.self) { try PhysicalPlan.hashJoin(.inner, keys: [key], build: a, probe: b) }
        #expect(throws: PhysicalPlanError.self) { try PhysicalPlan.union([a, b]) }
        #expect(throws: PhysicalPlanError.self) {
            try PhysicalPlan.scan("t", table, projection: [7], partitionCount: 1)
        }
        let narrow = try PhysicalPlan.scan("t", table, projection: [0], partitionCount: 1)
        #expect(throws: PhysicalPlanError.self) {
            try PhysicalPlan.filter(.compare(.column(3, in: Self.schema), .equal, .literal(.int64(1))), narrow)
        }
    }
}
