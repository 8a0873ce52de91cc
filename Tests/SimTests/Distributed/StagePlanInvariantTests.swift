import ArrowLite
import PlanKit
import TPCH
import Testing

/// `StagePlan.checkInvariants()` holds on every plan the planner makes (22 queries × {1, 2, 4, 16, 100} workers ×
/// every estimator, re-checked by an independent checker written here), and fails, naming the stage and the rule,
/// on plans broken by hand.
@Suite("stage plans keep their invariants; hand-broken plans are rejected")
struct StagePlanInvariantTests {
    /// The rules of a stage plan, checked independently of `checkInvariants()`; the broken ones, as sentences.
    static func violations(_ plan: StagePlan) -> [String] {
        var found: [String] = []
        var readers = [Int: Int]()
        for (index, stage) in plan.stages.enumerated() {
            let name = "Stage \(stage.id)"
            if stage.id != index + 1 { found.append("\(name) at position \(index + 1)") }
            if !(1...plan.workers.count).contains(stage.taskCount) {
                found.append("\(name): \(stage.taskCount) tasks for \(plan.workers.count) workers")
            }
            if stage.workers.count != stage.taskCount || !stage.workers.allSatisfy(plan.workers.contains) {
                found.append("\(name): task workers \(stage.workers)")
            }
            if Set(stage.workers).count != stage.workers.count { found.append("\(name): two tasks on one worker") }
            let leaves = stage.fragment.inputLeaves
            if leaves.map(\.input) != stage.inputs { found.append("\(name): inputs differ from the leaves") }
            for (input, partitions) in leaves {
                guard input.stage >= 1, input.stage < stage.id else {
                    found.append("\(name) reads stage \(input.stage)")
                    continue
                }
                readers[input.stage, default: 0] += 1
                let producer = plan.stages[input.stage - 1]
                if producer.output != input.kind { found.append("\(name): stage \(input.stage) sends another kind") }
                if producer.taskCount == 1 && stage.taskCount == 1 {
                    found.append("\(name): the boundary from single-task stage \(input.stage) is kept")
                }
                switch input.kind {
                case .shuffle:
                    guard case .hashRepartition(_, let count) = producer.fragment.kind,
                        count == stage.taskCount * partitions
                    else {
                        found.append("\(name): shuffle partitions from stage \(input.stage)")
                        continue
                    }
                case .coalesce:
                    if stage.taskCount != 1 || partitions != 1 { found.append("\(name): coalesce into many") }
                case .broadcast:
                    if partitions != 1 { found.append("\(name): broadcast leaf with \(partitions) partitions") }
                }
            }
        }
        for stage in plan.stages.dropLast() where readers[stage.id] != 1 {
            found.append("Stage \(stage.id) is read \(readers[stage.id] ?? 0) times")
        }
        if let root = plan.stages.last, root.output != nil || root.taskCount != 1 || root.partitionsPerTask != 1 {
            found.append("the root stage is not one task with one partition")
        }
        return found
    }

    @Test(
        "every TPC-H query × {1, 2, 4, 16, 100} workers × every estimator makes a plan that passes both checkers",
        arguments: 1...22)
    func everyPlanHoldsItsInvariants(number: Int) throws {
        for workers in DistributedTestSupport.workerCounts {
            for name in TaskEstimators.names {
                let options = DistributedPlannerOptions(estimator: try DistributedTestSupport.estimator(name))
                let plan = try DistributedTestSupport.plan(number, workers: workers, options: options)
                try plan.checkInvariants()
                #expect(Self.violations(plan) == [], "Q\(number), \(workers) workers, \(name)")
                #expect(plan.workers.count == workers)
            }
        }
    }

    @Test("the independent checker finds nothing wrong with a real plan rebuilt from its parts through the inits")
    func rebuiltPlanPasses() throws {
        let plan = try Self.q1FixedPlan()
        #expect(plan.stages.count == 3, "Q1 with 4 fixed tasks: scan + partial, final aggregate, root sort")
        let rebuilt = StagePlan(
            stages: plan.stages.map {
                Stage(
                    id: $0.id, fragment: $0.fragment, taskCount: $0.taskCount, inputs: $0.inputs, output: $0.output,
                    workers: $0.workers)
            }, workers: plan.workers)
        try rebuilt.checkInvariants()
        #expect(Self.violations(rebuilt) == [])
        #expect(rebuilt.explain() == plan.explain())
    }

    // MARK: - Hand-broken plans

    /// Q1 on 4 workers with 4 fixed tasks and 2 partitions: stage 1 scans and shuffles into 4 × 2 partitions,
    /// stage 2 (4 tasks) aggregates, stage 3 (1 task) gathers and sorts.
    static func q1FixedPlan() throws -> StagePlan {
        try DistributedTestSupport.plan(
            1, workers: 4, options: DistributedPlannerOptions(estimator: FixedTaskEstimator()))
    }

    static func expectBroken(_ plan: StagePlan, stage: String, _ message: String) {
        #expect(throws: PhysicalPlanError.invalidPlan(node: stage, message: message)) { try plan.checkInvariants() }
        #expect(!violations(plan).isEmpty, "the independent checker also rejects it")
    }

    static func replacing(_ plan: StagePlan, _ id: Int, with stage: Stage) -> StagePlan {
        var stages = plan.stages
        stages[id - 1] = stage
        return StagePlan(stages: stages, workers: plan.workers)
    }

    @Test("a plan for 2 workers whose stages run 4 tasks fails: Stage 1 has 4 tasks for 2 workers")
    func moreTasksThanWorkers() throws {
        let plan = try Self.q1FixedPlan()
        let broken = StagePlan(stages: plan.stages, workers: Array(plan.workers.prefix(2)))
        Self.expectBroken(broken, stage: "Stage 1", "has 4 tasks for 2 workers")
    }

    @Test("a shuffle into 6 partitions read by 4 tasks × 2 partitions fails at the consumer, Stage 2")
    func shufflePartitionMismatch() throws {
        let plan = try Self.q1FixedPlan()
        let producer = plan.stage(1)
        guard case .hashRepartition(let keys, let count) = producer.fragment.kind else {
            Issue.record("stage 1 of Q1 ends in a hash repartition")
            return
        }
        #expect(count == 8)
        let fragment = try PhysicalPlan.hashRepartition(keys: keys, partitionCount: 6, producer.fragment.children[0])
        let broken = Self.replacing(
            plan, 1,
            with: Stage(
                id: 1, fragment: fragment, taskCount: 4, inputs: [], output: .shuffle, workers: producer.workers))
        Self.expectBroken(broken, stage: "Stage 2", "shuffle from stage 1 must make 4 tasks × 2 partitions")
        // The same mismatch from the other side: the consumer drops to 2 tasks while the producer still makes 8.
        let consumer = plan.stage(2)
        let fewer = Self.replacing(
            plan, 2,
            with: Stage(
                id: 2, fragment: consumer.fragment, taskCount: 2, inputs: consumer.inputs, output: consumer.output,
                workers: Array(consumer.workers.prefix(2))))
        Self.expectBroken(fewer, stage: "Stage 2", "shuffle from stage 1 must make 2 tasks × 2 partitions")
    }

    @Test("a stage that reads a later stage (or itself) fails: the stage graph must be acyclic")
    func inputFromLaterStage() throws {
        let plan = try Self.q1FixedPlan()
        let consumer = plan.stage(2)
        for target in [3, 2] {
            let input = StageInput(stage: target, kind: .shuffle)
            let leaf = try PhysicalPlan.scan(
                "[Stage \(target)]",
                StageInputSource(input: input, schema: plan.stage(1).fragment.schema, producerTaskCount: 4),
                partitionCount: 2)
            let broken = Self.replacing(
                plan, 2,
                with: Stage(
                    id: 2, fragment: leaf, taskCount: 4, inputs: [input], output: consumer.output,
                    workers: consumer.workers))
            Self.expectBroken(broken, stage: "Stage 2", "reads stage \(target), which does not come before it")
        }
    }

    @Test("other broken rules are named: a foreign worker, a two-task coalesce consumer, inputs unlike the leaves")
    func otherRules() throws {
        let plan = try Self.q1FixedPlan()
        let middle = plan.stage(2)
        let foreign = Self.replacing(
            plan, 2,
            with: Stage(
                id: 2, fragment: middle.fragment, taskCount: 4, inputs: middle.inputs, output: middle.output,
                workers: Array(middle.workers.prefix(3)) + [WorkerAddress("worker-9")]))
        Self.expectBroken(
            foreign, stage: "Stage 2",
            "tasks without a worker of the plan: [worker-1, worker-2, worker-3, worker-9]")
        let root = plan.stage(3)
        let wideRoot = Self.replacing(
            plan, 3,
            with: Stage(
                id: 3, fragment: root.fragment, taskCount: 2, inputs: root.inputs, output: nil,
                workers: root.workers + [WorkerAddress("worker-2")]))
        Self.expectBroken(
            wideRoot, stage: "Stage 3", "a NetworkCoalesce consumer must run one task reading one partition")
        let noInputs = Self.replacing(
            plan, 3,
            with: Stage(id: 3, fragment: root.fragment, taskCount: 1, inputs: [], output: nil, workers: root.workers))
        Self.expectBroken(
            noInputs, stage: "Stage 3", "inputs [] differ from its fragment's leaves")
        let swapped = StagePlan(stages: [plan.stage(2), plan.stage(1), plan.stage(3)], workers: plan.workers)
        Self.expectBroken(swapped, stage: "Stage 2", "is at position 1")
    }
}
