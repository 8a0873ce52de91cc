import ArrowLite
import Foundation
import PlanKit
import TPCH
import Testing

/// DuckDB as an independent oracle for the front end: our trees, printed with every operator expression in
/// parentheses (so DuckDB reads their shape without our precedence rules), must mean what the original text means
/// to DuckDB. A misparse (say `a - b * c` read as `(a - b) * c`) prints as `(a - b) * c`, and DuckDB then computes
/// a different value or plan.
@Suite(
    "the SQL front end against DuckDB",
    .enabled(if: DuckDB.isAvailable, "python3 -c 'import duckdb' fails: pip install duckdb"))
struct DuckDBOracleTests {
    static let explicit = SQLFormatter(parenthesizesEverything: true)

    @Test("600 random expressions: DuckDB gives the same value for the original text and our printed tree")
    func randomExpressions() throws {
        var random = SplitMix64(seed: 0xD0C4)
        var pairs: [[String]] = []
        for _ in 0..<600 {
            var generator = ExpressionGenerator(random: random)
            let original = generator.boolean(depth: 4)
            random = generator.random
            let printed = Self.explicit.format(try SQLParser.parseExpression(original))
            pairs.append([original, printed])
        }
        let output = try DuckDB.run(DuckDB.compareValues, pairs: pairs)
        #expect(output == "600 same\n")
    }

    @Test("the TPC-H queries (and Q15 with WITH) bind to the TPC-H schema in DuckDB; our printing plans the same")
    func tpchPlans() throws {
        var pairs: [[String]] = []
        for query in TPCHQueries.all + [TPCHQueries.q15WithClause] {
            let printed = try SQLParser.parseScript(query).map(Self.explicit.format).joined(separator: ";\n")
            pairs.append([query, printed])
        }
        let output = try DuckDB.run(DuckDB.comparePlans, pairs: pairs)
        #expect(output == "23 same\n")
    }
}

/// Random boolean and integer expressions written without regard to precedence, so that their meaning depends on
/// it. Comparison-level operators are never chained without parentheses (SQL dialects differ there).
struct ExpressionGenerator {
    var random: SplitMix64

    mutating func pick(_ count: Int) -> Int { random.below(count) }

    mutating func integer(depth: Int) -> String {
        if depth == 0 { return String(pick(10)) }
        switch pick(6) {
        case 0: return String(pick(10))
        case 1: return "- " + integer(depth: depth - 1)
        case 2: return "(" + integer(depth: depth - 1) + ")"
        case 3:
            return "CASE WHEN \(boolean(depth: depth - 1)) THEN \(integer(depth: depth - 1)) ELSE "
                + "\(integer(depth: depth - 1)) END"
        default:
            let symbol = ["+", "-", "*"][pick(3)]
            return "\(integer(depth: depth - 1)) \(symbol) \(integer(depth: depth - 1))"
        }
    }

    mutating func boolean(depth: Int) -> String {
        if depth == 0 { return ["TRUE", "FALSE"][pick(2)] }
        switch pick(9) {
        case 0: return "NOT " + boolean(depth: depth - 1)
        case 1, 2:
            let symbol = ["AND", "OR"][pick(2)]
            return "\(boolean(depth: depth - 1)) \(symbol) \(boolean(depth: depth - 1))"
        case 3: return "(" + boolean(depth: depth - 1) + ")"
        case 4:
            return "\(integer(depth: depth - 1)) \(pick(2) == 0 ? "NOT " : "")BETWEEN \(integer(depth: depth - 1)) "
                + "AND \(integer(depth: depth - 1))"
        case 5:
            return "\(integer(depth: depth - 1)) \(pick(2) == 0 ? "NOT " : "")IN (\(integer(depth: 1)), "
                + "\(integer(depth: 1)))"
        default:
            let symbol = ["=", "<>", "<", "<=", ">", ">="][pick(6)]
            return "\(integer(depth: depth - 1)) \(symbol) \(integer(depth: depth - 1))"
        }
    }
}

/// Runs Python scripts that use the `duckdb` package.
enum DuckDB {
    static let isAvailable: Bool = (try? Python.run("import duckdb"))?.exitCode == 0

    /// Runs `script` with `pairs` (JSON) on standard input; returns standard output, or records standard error.
    static func run(_ script: String, pairs: [[String]]) throws -> String {
        let input = try JSONEncoder().encode(pairs)
        let output = try Python.run(script, stdin: [UInt8](input))
        if output.exitCode != 0 { Issue.record("python3 failed: \(output.stderr)") }
        return output.text
    }

    /// Prints "N same", or each pair whose values differ.
    static let compareValues = """
        import duckdb, json, sys
        pairs = json.load(sys.stdin)
        connection = duckdb.connect()
        same = 0
        for original, printed in pairs:
            left = connection.sql("SELECT " + original).fetchall()
            right = connection.sql("SELECT " + printed).fetchall()
            if left == right:
                same += 1
            else:
                print("differ:", original, "=>", left, "|", printed, "=>", right)
        print(same, "same")
        """

    /// Creates the TPC-H tables (empty), then prints "N same", or each query whose optimised logical plans (which
    /// show every expression) differ.
    static let comparePlans = """
        import duckdb, json, sys
        pairs = json.load(sys.stdin)
        connection = duckdb.connect()
        connection.execute("pragma explain_output='optimized_only'")
        connection.execute('''
        create table region (r_regionkey integer, r_name char(25), r_comment varchar(152));
        create table nation (n_nationkey integer, n_name char(25), n_regionkey integer, n_comment varchar(152));
        create table part (p_partkey integer, p_name varchar(55), p_mfgr char(25), p_brand char(10),
            p_type varchar(25), p_size integer, p_container char(10), p_retailprice decimal(15,2),
            p_comment varchar(23));
        create table supplier (s_suppkey integer, s_name char(25), s_address varchar(40), s_nationkey integer,
            s_phone char(15), s_acctbal decimal(15,2), s_comment varchar(101));
        create table partsupp (ps_partkey integer, ps_suppkey integer, ps_availqty integer,
            ps_supplycost decimal(15,2), ps_comment varchar(199));
        create table customer (c_custkey integer, c_name varchar(25), c_address varchar(40), c_nationkey integer,
            c_phone char(15), c_acctbal decimal(15,2), c_mktsegment char(10), c_comment varchar(117));
        create table orders (o_orderkey integer, o_custkey integer, o_orderstatus char(1),
            o_totalprice decimal(15,2), o_orderdate date, o_orderpriority char(15), o_clerk char(15),
            o_shippriority integer, o_comment varchar(79));
        create table lineitem (l_orderkey integer, l_partkey integer, l_suppkey integer, l_linenumber integer,
            l_quantity decimal(15,2), l_extendedprice decimal(15,2), l_discount decimal(15,2), l_tax decimal(15,2),
            l_returnflag char(1), l_linestatus char(1), l_shipdate date, l_commitdate date, l_receiptdate date,
            l_shipinstruct char(25), l_shipmode char(10), l_comment varchar(44));
        ''')

        def plans(script):
            statements = [s for s in script.split(";") if s.strip()]
            result = []
            for statement in statements:
                if statement.strip().lower().startswith(("create", "drop")):
                    connection.execute(statement)
                else:
                    result.append(connection.sql("EXPLAIN " + statement).fetchall())
            return result

        same = 0
        for number, (original, printed) in enumerate(pairs, start=1):
            left = plans(original)
            right = plans(printed)
            if left == right and left:
                same += 1
            else:
                print("Q%d plans differ" % number)
        print(same, "same")
        """
}
