import ArrowLite
import PlanKit

/// One run of a `StagePlan` on a `Cluster`: builds the coordinator and the workers on one scheduler, schedules the
/// fault plan's timed faults, runs to the end, checks for leftovers, and assembles the report.
final class ClusterRun {
    let cluster: Cluster
    let plan: StagePlan
    let options: RunOptions

    init(cluster: Cluster, plan: StagePlan, options: RunOptions) {
        self.cluster = cluster
        self.plan = plan
        self.options = options
    }

    func execute() throws -> SimulationReport {
        var draws = RandomStreams(seed: cluster.seed).stream("faults.targets")
        let resolved = options.faults.faults.map { fault -> Int? in
            guard case .any = fault.target else { return nil }
            switch fault.trigger {
            case .atTime, .atEvent: return 1 + Int(draws.next() % UInt64(cluster.workers.count))
            default: return nil
            }
        }
        let context = RunContext(
            cluster: cluster, plan: plan, options: options, partitions: partitionSchedule(resolved))
        let coordinator = CoordinatorNode(context: context)
        let workers = (1...cluster.workers.count).map { index in
            WorkerNode(
                index: index, context: context,
                triggers: WorkerTriggers(
                    worker: index, plan: options.faults, resolvedTargets: resolved, streams: context.scheduler.streams))
        }
        // The nodes hold the context, which holds the scheduler: its handlers must not hold the nodes back, or every
        // run would leak its nodes, their buffers and the plan's tables. This function owns the nodes (kept alive
        // explicitly while the scheduler runs, which it does only here).
        context.scheduler.addNode { [unowned coordinator] message in try coordinator.handle(message) }
        for worker in workers { context.scheduler.addNode { [unowned worker] message in try worker.handle(message) } }
        scheduleTimedFaults(context, resolved)
        coordinator.start()
        var failure: RunFailure?
        do {
            try withExtendedLifetime((coordinator, workers)) { try context.scheduler.run() }
        } catch let error as SimulationError {
            failure = RunFailure(.limitExceeded, error.description)
        }
        failure = failure ?? coordinator.failure
        if failure == nil {
            let leftovers = ([coordinator.endpoint.pendingDescription] + workers.map(\.leftovers)).compactMap { $0 }
            if coordinator.result == nil {
                failure = RunFailure(.leftovers, "the run ended without the root stage's result")
            } else if !leftovers.isEmpty {
                failure = RunFailure(.leftovers, leftovers.joined(separator: "; "))
            }
        }
        coordinator.closeOpenAttempts(as: failure == nil ? .cancelled : .unfinished)
        let trace = context.trace()
        let endTime = trace.events.last { $0.kind == "query.done" || $0.kind == "query.failed" }?.time
        return SimulationReport(
            result: failure == nil
                ? coordinator.result.map { QueryResult(schema: plan.root.fragment.schema, batches: $0) } : nil,
            failure: failure, trace: trace, virtualTime: endTime ?? context.scheduler.now,
            bytesShuffled: context.bytesShuffled,
            tasks: coordinator.metrics.sorted { ($0.stage, $0.task, $0.attempt) < ($1.stage, $1.task, $1.attempt) },
            stages: plan.stages.map { stage in
                StageSummary(
                    id: stage.id, taskCount: stage.taskCount, inputs: stage.inputs.map { ($0.stage, $0.kind.rawValue) })
            }, mode: options.mode, workerCount: cluster.workers.count, costModel: cluster.costModel,
            network: cluster.network, seed: cluster.seed)
    }

    /// Partition faults cut links from their time until they heal (worker targets: every link of the worker).
    private func partitionSchedule(_ resolved: [Int?]) -> PartitionSchedule {
        var cuts: [PartitionSchedule.Cut] = []
        for (index, fault) in options.faults.faults.enumerated() {
            guard case .partition(let oneWay, let heal) = fault.kind, case .atTime(let begin) = fault.trigger else {
                continue
            }
            let end = begin.advanced(by: heal)
            switch fault.target {
            case .link(let from, let to): cuts.append(.init(from: from, to: to, oneWay: oneWay, begin: begin, end: end))
            case .worker(let worker):
                cuts.append(.init(from: worker, to: 0, oneWay: oneWay, begin: begin, end: end))
            case .any:
                cuts.append(.init(from: resolved[index] ?? 1, to: 0, oneWay: oneWay, begin: begin, end: end))
            }
        }
        return PartitionSchedule(cuts: cuts)
    }

    /// Faults at a virtual time become messages to their worker at that time (partitions only record it).
    private func scheduleTimedFaults(_ context: RunContext, _ resolved: [Int?]) {
        for (index, fault) in options.faults.faults.enumerated() {
            guard case .atTime(let time) = fault.trigger else { continue }
            let worker: Int
            switch fault.target {
            case .worker(let w): worker = w
            case .link(let from, _): worker = from
            case .any: worker = resolved[index] ?? 1
            }
            context.scheduler.send(
                .fault(index: index), to: NodeID(worker), after: VirtualDuration(nanoseconds: time.nanoseconds))
        }
    }
}
