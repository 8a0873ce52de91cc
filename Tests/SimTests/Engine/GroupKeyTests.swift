import ArrowLite
import PlanKit
import Testing

/// Hash-table keys of several fixed-width columns (packed into words with null flags) group and join like SQL:
/// NULL keys group together, keys from different batches meet, and a NULL is never equal to a zero.
@Suite("multi-column fixed-width keys")
struct GroupKeyTests {
    @Test("grouping by two integer columns merges equal keys across batches and keeps NULL apart from values")
    func groupsAcrossBatches() throws {
        for partitions in [1, 3] {
            let rows = try TinyCatalog.rows(
                "select s_nationkey, s_acctbal, count(*) from supplier group by s_nationkey, s_acctbal order by 1, 2",
                options: QueryOptions(partitionCount: partitions, batchRowCount: 2))
            // S11 and S15 (both nation 1, 250) sit in different stored batches; S12 has a NULL balance.
            #expect(
                rows == [
                    ["0", "100", "1"], ["1", "250", "2"], ["1", "NULL", "1"], ["2", "300", "1"],
                    ["NULL", "50", "1"],
                ], "\(partitions) partitions")
        }
    }

    @Test("a join on two integer keys matches only equal pairs and never matches NULL keys")
    func joinOnTwoKeys() throws {
        let rows = try TinyCatalog.rows(
            """
            select a.s_name, b.s_name from supplier a join supplier b
              on a.s_nationkey = b.s_nationkey and a.s_suppkey + 4 = b.s_suppkey
            order by 1
            """)
        // Pairs with suppkeys 4 apart in the same nation: S11→S15 (nation 1). S10→S14 differ in nation.
        #expect(rows == [["S11", "S15"]])
    }
}
