import ClusterSim
import Testing

/// Every class of scenario decoding error: located at the right key, with a message and a hint.
@Suite("scenario file errors")
struct ScenarioErrorTests {
    static let valid = """
        name = "x"
        [cluster]
        workers = 3
        [query]
        tpch = 1
        """

    /// The error decoding `text` gives; records an issue when it decodes.
    static func failure(_ text: String) -> ScenarioError? {
        do {
            _ = try Scenario.parse(text, fileName: "s.toml")
            Issue.record("expected an error for:\n\(text)")
        } catch let error as ScenarioError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
        return nil
    }

    /// `valid` plus `extra` (new sections or keys at the end).
    static func check(
        _ extra: String, atTop: Bool = false, line: Int, column: Int, message: String, hint: String? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        guard let error = failure(atTop ? extra + "\n" + valid : valid + "\n" + extra) else { return }
        #expect(error.message == message, sourceLocation: sourceLocation)
        #expect(
            (error.line, error.column) == (line, column), "at \(error.line):\(error.column)",
            sourceLocation: sourceLocation)
        #expect(!error.hint.isEmpty, sourceLocation: sourceLocation)
        if let hint { #expect(error.hint == hint, sourceLocation: sourceLocation) }
        #expect(
            error.render().hasPrefix("s.toml:\(line):\(column): error: \(message)\n"), sourceLocation: sourceLocation)
    }

    @Test("unknown keys and sections are errors at the key, with 'did you mean' for a near miss")
    func unknownKeys() {
        Self.check(
            "[cluster.network]\nlatncy_us = 5", line: 7, column: 1,
            message: "unknown key 'latncy_us' in [cluster.network]", hint: "did you mean 'latency_us'?")
        Self.check(
            "[recovery]\nmax_attempt = 2", line: 7, column: 1, message: "unknown key 'max_attempt' in [recovery]",
            hint: "did you mean 'max_attempts'?")
        Self.check(
            "[expct]\nresult = \"any\"", line: 6, column: 2, message: "unknown key 'expct' in the top level",
            hint: "did you mean 'expect'?")
        Self.check(
            "[[faults]]\nkind = \"crash\"\nat_ms = 1\nwhat = 1", line: 9, column: 1,
            message: "unknown key 'what' in [faults]")
        Self.check(
            "seed = 3", line: 6, column: 1, message: "unknown key 'seed' in [query]",
            hint: "'seed' belongs at the top level: move it above the first [section] header")
        Self.check(
            "[cluster.cost_model]\nper_row_ns = { HashJion = 1 }", line: 7, column: 16,
            message: "unknown key 'HashJion' in [cluster.cost_model.per_row_ns]", hint: "did you mean 'HashJoin'?")
        let far = Self.failure(Self.valid + "\n[flow_control]\nzzzzzzzz = 1")
        #expect(far?.hint == "the keys of [flow_control] are: 'link_window', 'max_queued_bytes'")
    }

    @Test("a value of the wrong type names the expected and found types at the value")
    func wrongTypes() {
        Self.check(
            "[planner]\npartitions = \"8\"", line: 7, column: 14,
            message: "expected an integer for 'partitions', found a string", hint: "write e.g. partitions = 4")
        Self.check(
            "[recovery]\nspeculation = 1", line: 7, column: 15,
            message: "expected a boolean for 'speculation', found an integer")
        Self.check(
            "[swarm]\nprobability = \"high\"", line: 7, column: 15,
            message: "expected a number for 'probability', found a string")
        Self.check(
            "[swarm]\nkinds = \"crash\"", line: 7, column: 9, message: "expected an array for 'kinds', found a string")
        Self.check(
            "flow_control = 3", atTop: true, line: 1, column: 16,
            message: "expected a table for 'flow_control', found an integer")
        Self.check(
            "[[faults]]\nkind = 3", line: 7, column: 8, message: "expected a string for 'kind', found an integer")
        Self.check(
            "inject_bug = [1]", atTop: true, line: 1, column: 15,
            message: "expected a string for 'inject_bug', found an integer")
    }

    @Test("missing required keys and sections are errors at their section")
    func missingKeys() {
        let noName = Self.failure("[cluster]\nworkers = 1\n[query]\ntpch = 1")
        #expect(noName?.message == "missing required key 'name' in the top level" && noName?.line == 1)
        let noCluster = Self.failure("name = \"x\"\n[query]\ntpch = 1")
        #expect(noCluster?.message == "missing required section [cluster]")
        let noWorkers = Self.failure("name = \"x\"\n[cluster]\ncores = 1\n[query]\ntpch = 1")
        #expect(noWorkers?.message == "missing required key 'workers' in [cluster]" && noWorkers?.line == 2)
        #expect(noWorkers?.hint == "add a line such as: workers = 3")
        let noQuery = Self.failure("name = \"x\"\n[cluster]\nworkers = 1")
        #expect(noQuery?.message == "missing required section [query]")
        Self.check("[[faults]]\nworker = 1", line: 6, column: 1, message: "missing required key 'kind' in [faults]")
        Self.check(
            "[[faults]]\nkind = \"crash-restart\"\nat_ms = 1", line: 7, column: 8,
            message: "a 'crash-restart' fault needs 'down_for_ms'")
        Self.check(
            "[[faults]]\nkind = \"slow\"\nat_ms = 1", line: 7, column: 8, message: "a 'slow' fault needs 'factor'")
        Self.check("[[faults]]\nkind = \"drop\"", line: 7, column: 8, message: "the fault has no trigger")
        Self.check(
            "[[data.table]]\nname = \"t\"\npath = \"t.csv\"\nformat = \"csv\"", line: 6, column: 1,
            message: "missing required key 'schema' in [data.table]")
    }

    @Test("bad values: out of range, unknown names with did-you-mean, conflicting keys, impossible targets")
    func badValues() {
        let zero = Self.failure("name = \"x\"\n[cluster]\nworkers = 0\n[query]\ntpch = 1")
        #expect(zero?.message == "'workers' must be between 1 and 100000, found 0" && zero?.column == 11)
        Self.check(
            "[planner]\nestimator = \"row-per-task\"", line: 7, column: 13,
            message: "unknown estimator 'row-per-task' for 'estimator'", hint: "did you mean 'rows-per-task'?")
        Self.check(
            "[planner]\nmode = \"stagd\"", line: 7, column: 8, message: "unknown mode 'stagd' for 'mode'",
            hint: "did you mean 'staged'?")
        Self.check(
            "[[faults]]\nkind = \"crash-restrat\"", line: 7, column: 8,
            message: "unknown fault kind 'crash-restrat' for 'kind'", hint: "did you mean 'crash-restart'?")
        Self.check(
            "[expect]\nfailure = \"all-worker-down\"", line: 7, column: 11,
            message: "unknown failure class 'all-worker-down' for 'failure'", hint: "did you mean 'all-workers-down'?")
        Self.check(
            "inject_bug = \"skip-fenceing\"", atTop: true, line: 1, column: 14,
            message: "unknown bug 'skip-fenceing' for 'inject_bug'", hint: "did you mean 'skip-fencing'?")
        Self.check(
            "[[faults]]\nkind = \"crash\"\nworker = 4\nat_ms = 1", line: 8, column: 10,
            message: "'worker' must be between 1 and 3, found 4")
        Self.check(
            "[[faults]]\nkind = \"drop\"\nlink = [2, 2]\nat_ms = 1", line: 8, column: 8,
            message: "'link' joins two different workers, found [2, 2]")
        Self.check(
            "[[faults]]\nkind = \"drop\"\nlink = [1]\nat_ms = 1", line: 8, column: 8,
            message: "'link' needs exactly 2 integers, found 1")
        Self.check(
            "[[faults]]\nkind = \"crash\"\nlink = [1, 2]\nat_ms = 1", line: 8, column: 8,
            message: "a 'crash' fault acts on a worker, not a link")
        Self.check(
            "[[faults]]\nkind = \"crash\"\nworker = 1\nlink = [1, 2]\nat_ms = 1", line: 9, column: 8,
            message: "a fault has either 'worker' or 'link', not both")
        Self.check(
            "[[faults]]\nkind = \"drop\"\nat_ms = 1\nprobability = 0.5", line: 9, column: 15,
            message: "a fault has exactly one trigger, found 'at_ms' and 'probability'")
        Self.check(
            "[[faults]]\nkind = \"drop\"\nprobability = 1.5", line: 8, column: 15,
            message: "'probability' must be between 0.0 and 1.0, found 1.5")
        Self.check(
            "[[faults]]\nkind = \"crash\"\nat_ms = -1", line: 8, column: 9,
            message: "'at_ms' must be at least 0.0 (and finite), found -1.0")
        Self.check(
            "[[faults]]\nkind = \"crash\"\nat_ms = 1\nfactor = 2", line: 9, column: 10,
            message: "'factor' does not apply to a 'crash' fault", hint: "the parameters of crash are: none")
        Self.check(
            "[recovery]\nbackoff_ms = 50\nmax_backoff_ms = 10", line: 8, column: 18,
            message: "'max_backoff_ms' must be at least 'backoff_ms'")
        Self.check("[swarm]\nworkers = [5, 2]", line: 7, column: 11, message: "'workers' is [min, max], but 5 > 2")
        Self.check(
            "[swarm]\nqueries = [1, 23]", line: 7, column: 15, message: "'queries' must be between 1 and 22, found 23")
        Self.check(
            "[expect]\ntrace_hash = \"xyz\"", line: 7, column: 14, message: "'trace_hash' must be hexadecimal digits")
        Self.check(
            "[data]\ntpch_scale = 0", line: 7, column: 14,
            message: "'tpch_scale' must be between 0.0001 and 1000.0, found 0.0")
        Self.check(
            "[data]\nkey_ranges = 1", line: 7, column: 14,
            message: "expected a boolean for 'key_ranges', found an integer")
        Self.check(
            "[data]\nkey_ranges = true\n[[data.table]]\nname = \"t\"\npath = \"t.csv\"\nformat = \"csv\"", line: 7,
            column: 14, message: "[data] has both 'key_ranges' and [[data.table]]")
        Self.check(
            "[[data.table]]\nname = \"t\"\npath = \"t.csv\"\nformat = \"parquet\"", line: 9, column: 10,
            message: "unknown format 'parquet' for 'format'")
        Self.check(
            "[[data.table]]\nname = \"t\"\npath = \"t.csv\"\nformat = \"csv\"\nschema = [\"id int64\"]", line: 10,
            column: 11, message: "'id int64' is not a column as name:type")
        let table = "[[data.table]]\nname = \"t\"\npath = \"t.csv\"\nformat = \"csv\"\nschema = [\"id:int64\"]\n"
        Self.check(
            table + "key_domain = [1, 9]", line: 11, column: 14, message: "'key_domain' needs 'sorted_by'")
        Self.check(
            table + "sorted_by = \"id\"\nkey_domain = [9, 1]", line: 12, column: 14,
            message: "'key_domain' is [min, max], but 9 > 1")
        Self.check(
            table + "sorted_by = 3", line: 11, column: 13,
            message: "expected a string for 'sorted_by', found an integer")
        Self.check(table + "sorted_by = \"\"", line: 11, column: 13, message: "'sorted_by' is empty")
        Self.check(
            table + "sorted_by = \"id\"\nkey_domain = [1.5, 60]", line: 12, column: 15,
            message: "expected an integer for 'key_domain', found a float", hint: "write e.g. key_domain = [1, 1000]")
        Self.check(
            "[[cluster.worker]]\nindex = 9", line: 7, column: 9, message: "'index' must be between 1 and 3, found 9")
    }

    @Test("[query] needs exactly one of sql and tpch, and tpch is 1 to 22")
    func queryChoice() {
        let both = Self.failure("name = \"x\"\n[cluster]\nworkers = 1\n[query]\nsql = \"SELECT 1\"\ntpch = 2")
        #expect(both?.message == "[query] has both 'sql' and 'tpch'" && both?.line == 6)
        let neither = Self.failure("name = \"x\"\n[cluster]\nworkers = 1\n[query]")
        #expect(neither?.message == "[query] needs 'sql' or 'tpch'" && neither?.line == 4)
        let range = Self.failure("name = \"x\"\n[cluster]\nworkers = 1\n[query]\ntpch = 23")
        #expect(range?.message == "'tpch' must be between 1 and 22, found 23")
    }

    @Test("a syntax error deep in a valid-looking file is reported before any decoding")
    func syntaxFirst() {
        let error = Self.failure(Self.valid + "\n[expect]\nresult = oracle")
        #expect(error?.message == "expected a value, found the bare word 'oracle'" && error?.line == 7)
        #expect(error?.hint == "put text in double quotes: \"oracle\"; booleans are lower-case true and false")
    }
}
