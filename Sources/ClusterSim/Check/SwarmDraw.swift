import ArrowLite

/// Draws one seed's swarm run from `SwarmOptions`, in the manner of TigerBeetle's VOPR swarm: which fault kinds
/// are on (each with probability ½, at least one), how many faults (1 … `maxFaults`), each fault's target,
/// trigger and parameters, and the cluster's shape (a worker count within `workers`, a latency within
/// `latencyMicroseconds`, a query from `queries`). Every draw comes from the seed's `swarm` stream, never the
/// system generator, so a seed always draws the same run.
///
/// With `varyRuntimeFilters`, a seed also draws runtime filters on (three seeds in four) or off, and a filter wait:
/// the scenario's, none (probe stages never wait), or 1 … 10 heartbeat intervals (a wait ends on the coordinator's
/// liveness check, once per interval, so these are the waits that can end while a recovering run is still going).
/// These come from the seed's `swarm.runtime-filters` stream, so a seed whose filters stay on keeps every other draw.
///
/// Fault times are drawn relative to the shape's fault-free virtual time T (uniform in 0 … 1.2 T), so faults land
/// mid-run. Permanent crashes hit at most all workers but one (further crashes become crash-restarts), so a drawn
/// plan leaves the cluster able to finish; memory pressure and many faults may still exhaust attempts.
struct SwarmDraw {
    let options: SwarmOptions
    let scenario: Scenario
    var random: SplitMix64
    var filterRandom: SplitMix64

    init(scenario: Scenario, seed: UInt64) {
        self.scenario = scenario
        options = scenario.swarm
        let streams = RandomStreams(seed: seed)
        random = streams.stream("swarm")
        filterRandom = streams.stream("swarm.runtime-filters")
    }

    /// The shape: query, workers, network (faults come after the baseline of this shape is known).
    mutating func shape() -> ScenarioVariant {
        var variant = ScenarioVariant(scenario)
        variant.faults = .none
        if !options.queries.isEmpty { variant.query = .tpch(options.queries[random.below(options.queries.count)]) }
        if let range = options.workers {
            let count = range.lowerBound + random.below(range.count)
            let last = scenario.workers.last ?? WorkerSpec()
            variant.workers = (0..<max(1, count)).map { $0 < scenario.workers.count ? scenario.workers[$0] : last }
        }
        if let range = options.latencyMicroseconds {
            variant.network.latency = .microseconds(Int64(range.lowerBound + random.below(range.count)))
        }
        return variant
    }

    /// Runtime filters on or off (part of the shape: the plan depends on it), when the options vary them.
    mutating func runtimeFilters(_ variant: inout ScenarioVariant) {
        guard options.varyRuntimeFilters else { return }
        variant.runtimeFilters = filterRandom.below(4) != 0
    }

    /// The filter wait, when the options vary runtime filters.
    mutating func runtimeFilterWait(_ variant: inout ScenarioVariant) {
        guard options.varyRuntimeFilters, variant.runtimeFilters else { return }
        switch filterRandom.below(3) {
        case 0: return
        case 1: variant.runtimeFilterWait = .zero
        default:
            let interval = scenario.recovery.heartbeatInterval.nanoseconds
            variant.runtimeFilterWait = VirtualDuration(nanoseconds: interval * Int64(1 + filterRandom.below(10)))
        }
    }

    /// The fault plan for a shape whose fault-free run takes `baseline` and whose stages have `taskCounts` tasks.
    mutating func faults(workers: Int, baseline: VirtualTime, taskCounts: [Int]) -> FaultPlan {
        let known = options.kinds.filter { FaultKind.names.contains($0) }
        guard options.maxFaults > 0, !known.isEmpty else { return .none }
        var enabled = known.filter { _ in random.below(2) == 0 }
        if enabled.isEmpty { enabled = [known[random.below(known.count)]] }
        let count = 1 + random.below(options.maxFaults)
        var context = FaultContext(workers: workers, baseline: baseline, taskCounts: taskCounts)
        var faults: [Fault] = []
        for _ in 0..<count {
            faults.append(fault(enabled[random.below(enabled.count)], &context))
        }
        return FaultPlan(faults)
    }

    struct FaultContext {
        let workers: Int
        let baseline: VirtualTime
        let taskCounts: [Int]
        var crashed: [Int] = []
    }

    private mutating func fault(_ name: String, _ context: inout FaultContext) -> Fault {
        let worker = 1 + random.below(context.workers)
        switch name {
        case "crash", "crash-restart":
            let trigger = workerTrigger(context)
            let restart = Fault(
                .crashRestart(downFor: duration(1_000...300_000)), target: .worker(worker), trigger: trigger)
            guard name == "crash", context.crashed.count + 1 < context.workers else {
                return targeted(restart, trigger)
            }
            let target = (1...context.workers).filter { !context.crashed.contains($0) }
            let victim = target[random.below(target.count)]
            context.crashed.append(victim)
            return targeted(Fault(.crash, target: .worker(victim), trigger: trigger), trigger)
        case "partition", "partition-one-way":
            let heal = duration(1_000...400_000)
            let oneWay = name == "partition-one-way"
            var target = FaultTarget.worker(worker)
            if oneWay || random.below(2) == 0, context.workers > 1 {
                let other = 1 + (worker + random.below(context.workers - 1)) % context.workers
                target = .link(from: worker, to: other)
            }
            return Fault(.partition(oneWay: oneWay, healAfter: heal), target: target, trigger: time(context))
        case "slow":
            let factors = [0.5, 0.2, 0.1, 0.05, 0.02]
            return Fault(
                .slow(factor: factors[random.below(factors.count)]), target: .worker(worker), trigger: time(context))
        case "memory-pressure":
            let fractions = [0.5, 0.01, 0.0001, 0.00001]
            return Fault(
                .memoryPressure(fraction: fractions[random.below(fractions.count)]), target: .worker(worker),
                trigger: time(context))
        default:
            return messageFault(name, worker: worker, context)
        }
    }

    /// A crash is placed by a time (half the draws), a task start, or a task's sent batches; the two task
    /// triggers hit whichever worker runs the task.
    private mutating func workerTrigger(_ context: FaultContext) -> FaultTrigger {
        let stage = 1 + random.below(context.taskCounts.count)
        let task = random.below(context.taskCounts[stage - 1])
        switch random.below(4) {
        case 0: return .taskStart(stage: stage, task: task)
        case 1 where stage < context.taskCounts.count:
            return .batchesSent(stage: stage, task: task, batches: 1 + random.below(3))
        default: return time(context)
        }
    }

    private func targeted(_ fault: Fault, _ trigger: FaultTrigger) -> Fault {
        guard case .atTime = trigger else { return Fault(fault.kind, target: .any, trigger: trigger) }
        return fault
    }

    private mutating func messageFault(_ name: String, worker: Int, _ context: FaultContext) -> Fault {
        let kind: FaultKind
        switch name {
        case "drop": kind = .drop
        case "reorder": kind = .reorder
        case "duplicate": kind = .duplicate
        case "corrupt": kind = .corrupt
        default:
            let byMicroseconds = 100 + random.below(4_901)
            kind = .delay(
                by: .microseconds(Int64(byMicroseconds)),
                jitter: .microseconds(Int64(random.below(byMicroseconds + 1))))
        }
        if random.below(10) < 7 {
            let steps = 1 + random.below(20)
            let probability = max(0.0001, (options.probability * Double(steps) / 20 * 10_000).rounded() / 10_000)
            let target: FaultTarget = random.below(2) == 0 ? .any : .worker(worker)
            return Fault(kind, target: target, trigger: .probability(probability), count: 1 + random.below(20))
        }
        return Fault(kind, target: .worker(worker), trigger: time(context), count: 1 + random.below(10))
    }

    /// A virtual time uniform in 0 … 1.2 × the baseline, in whole microseconds.
    private mutating func time(_ context: FaultContext) -> FaultTrigger {
        let microseconds = max(1, context.baseline.nanoseconds * 12 / 10 / 1_000)
        return .atTime(VirtualTime(nanoseconds: Int64(random.below(Int(microseconds))) * 1_000))
    }

    /// A duration in whole microseconds within `range` (microseconds).
    private mutating func duration(_ range: ClosedRange<Int>) -> VirtualDuration {
        .microseconds(Int64(range.lowerBound + random.below(range.count)))
    }
}
