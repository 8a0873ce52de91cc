import ArrowLite
import PlanKit

/// The coordinator's side of runtime filters (`RuntimeFilterPlan`): it gathers each build task's key hashes and
/// builds the filter once every build task reported. A filter built from a build stage's output holds the probe
/// stage's launches until then; one built at a join lets the probe stage launch at once (the join's tasks read its
/// output), and its attempts wait for the filter. Either way the probe stage waits until
/// `RunOptions.runtimeFilterWait` after the query's start at most, then runs without it.
extension CoordinatorNode {
    struct RuntimeFilterState {
        /// Each build task's key hashes (in the pieces its attempt collected them in), once an attempt of it
        /// reported them.
        var keys: [[[UInt64]]?]
        /// The filter, once built.
        var filter: RuntimeFilter?
        /// True once the probe stage may run with what it has: the filter is built, dropped, or the wait is over.
        var isSettled = false
        /// True once its build side proved too large, or could not be built in time (a join-built filter in
        /// staged mode): it is never built.
        var isDropped = false
        /// True while it still needs a build task's keys.
        var isCollecting: Bool { filter == nil && !isDropped }
    }

    /// Filters settle at once when the run does not wait for them; in staged mode, join-built filters are dropped
    /// (their probe stage finishes before the join stage starts).
    func startRuntimeFilters() {
        for filter in plan.runtimeFilters {
            if context.options.mode == .staged && filter.isJoinBuilt {
                runtimeFilters[filter.id - 1].isDropped = true
                settle(filter)
                context.record(
                    node: node, kind: "filter.dropped",
                    detail: "\(filter): staged mode runs its probe stage before its join stage")
            } else if context.options.runtimeFilterWait == .zero {
                settle(filter)
            }
        }
    }

    /// True when tasks of `stage` may launch: it checks no runtime filter, a join-built one (its attempts wait),
    /// or one that settled.
    func runtimeFilterAllowsLaunch(_ stage: Int) -> Bool {
        guard let filter = plan.runtimeFilter(checkedBy: stage), !filter.isJoinBuilt else { return true }
        return runtimeFilters[filter.id - 1].isSettled
    }

    /// Whether a new attempt of `stage` waits for a runtime filter, and the filter to send it, if built.
    func runtimeFilterLaunch(for stage: Int) -> (awaits: Bool, filter: RuntimeFilter?) {
        guard let filter = plan.runtimeFilter(checkedBy: stage) else { return (false, nil) }
        let state = runtimeFilters[filter.id - 1]
        return (state.filter != nil || !state.isSettled, state.filter)
    }

    /// True when a new attempt of build task `task` of `stage` should collect its output's keys: its filter still
    /// needs them.
    func collectsKeys(_ stage: Int, _ task: Int) -> Bool {
        plan.runtimeFilter(builtBy: stage).map { needsKeys($0, task) } ?? false
    }

    /// True when a new attempt of task `task` of `stage` should collect its join's build keys.
    func collectsBuildKeys(_ stage: Int, _ task: Int) -> Bool {
        plan.runtimeFilter(builtAtJoinIn: stage).map { needsKeys($0, task) } ?? false
    }

    private func needsKeys(_ filter: RuntimeFilterPlan, _ task: Int) -> Bool {
        let state = runtimeFilters[filter.id - 1]
        return state.isCollecting && state.keys[task] == nil
    }

    /// `filter` may be used as it is: the probe stage may launch, and the running attempts of a join-built filter's
    /// probe stage that launched awaiting it get it (or learn it will not come) after the launches of this pass.
    private func settle(_ filter: RuntimeFilterPlan) {
        let index = filter.id - 1
        runtimeFilters[index].isSettled = true
        let stage = filter.probeStage - 1
        for task in tasks[stage].indices {
            for (number, attempt) in tasks[stage][task].attempts.enumerated()
            where attempt.awaitsSettle && attempt.state == .running {
                tasks[stage][task].attempts[number].awaitsSettle = false
                filterSends.append((attempt.worker, attempt.id, runtimeFilters[index].filter))
            }
        }
    }

    /// Sends the filters of the attempts just launched. They go after every launch of the pass: a filter takes its
    /// link for as long as its bytes need, and a launch queued behind it would reach its worker after the
    /// subscriptions of consumers launched on other links (which would find no output and re-run).
    func sendRuntimeFilters() {
        defer { filterSends = [] }
        guard !isOver else { return }
        for send in filterSends {
            endpoint.send(
                .runtimeFilter(send.attempt, send.filter), to: NodeID(send.worker),
                bytes: send.filter?.byteCount ?? 0)
        }
    }

    /// A build task's key hashes for filter number `number`, from an attempt the coordinator still counts as
    /// running on a live worker (a build stage's report comes just before its `attemptFinished`, a join's while it
    /// runs): kept for its task until every task reported, then merged into the filter; the filter is dropped as
    /// soon as the reports hold more than the key limit.
    func filterKeys(_ id: AttemptID, filter number: Int, _ hashes: [[UInt64]]?) {
        guard plan.runtimeFilters.indices.contains(number - 1), let attempt = record(id),
            attempt.state == .running, workers[attempt.worker].alive
        else { return }
        let filter = plan.runtimeFilters[number - 1]
        guard filter.buildStage == id.stage else { return }
        let index = filter.id - 1
        guard runtimeFilters[index].isCollecting, runtimeFilters[index].keys[id.task] == nil else { return }
        runtimeFilters[index].keys[id.task] = hashes ?? []
        let total = runtimeFilters[index].keys.reduce(0) { $0 + ($1?.reduce(0) { $0 + $1.count } ?? 0) }
        let limit = context.options.runtimeFilterKeyLimit
        guard hashes != nil, total <= limit else {
            return dropRuntimeFilter(filter, reason: "its build side has over \(limit) keys")
        }
        guard !runtimeFilters[index].keys.contains(where: { $0 == nil }) else { return }
        let built = RuntimeFilter(pieces: runtimeFilters[index].keys.flatMap { $0 ?? [] })
        runtimeFilters[index].keys = []
        runtimeFilters[index].filter = built
        settle(filter)
        context.record(
            node: node, kind: "filter.ready",
            detail: "\(filter) from=stage-\(filter.buildStage) for=stage-\(filter.probeStage) keys=\(built.keyCount) "
                + "bytes=\(built.byteCount)")
        launchReady()
    }

    /// On the liveness tick: every unsettled filter whose wait is over settles unbuilt, and its probe stage
    /// launches without it (the wait is rounded up to the tick; no timer outlives the query).
    func endRuntimeFilterWaits() {
        guard !isOver, now.nanoseconds >= context.options.runtimeFilterWait.nanoseconds else { return }
        var ended = false
        for filter in plan.runtimeFilters where !runtimeFilters[filter.id - 1].isSettled {
            settle(filter)
            ended = true
            context.record(
                node: node, kind: "filter.timeout",
                detail: "\(filter) stage-\(filter.probeStage) runs unfiltered after \(now)")
        }
        if ended { launchReady() }
    }

    private func dropRuntimeFilter(_ filter: RuntimeFilterPlan, reason: String) {
        let index = filter.id - 1
        runtimeFilters[index].isDropped = true
        runtimeFilters[index].keys = []
        settle(filter)
        context.record(node: node, kind: "filter.dropped", detail: "\(filter): \(reason)")
        launchReady()
    }
}
