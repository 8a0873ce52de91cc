import ArrowLite
import PlanKit

/// The coordinator's side of runtime filters (`RuntimeFilterPlan`): it gathers each build task's key hashes, builds
/// the filter once every build task reported, and holds the probe stage's launches until then — or until
/// `RunOptions.runtimeFilterWait` after the query's start, when the probe stage runs without it.
extension CoordinatorNode {
    struct RuntimeFilterState {
        /// Each build task's key hashes, once a finished attempt of it reported them.
        var keys: [[UInt64]?]
        /// The filter, once built.
        var filter: RuntimeFilter?
        /// True once the probe stage may launch: the filter is built, dropped, or the wait is over.
        var isSettled = false
        /// True once its build side proved too large: it is never built.
        var isDropped = false
        /// True while it still needs a build task's keys.
        var isCollecting: Bool { filter == nil && !isDropped }
    }

    /// Filters settle at once when the run does not wait for them.
    func startRuntimeFilters() {
        guard context.options.runtimeFilterWait == .zero else { return }
        for index in runtimeFilters.indices { runtimeFilters[index].isSettled = true }
    }

    /// True when tasks of `stage` may launch: it checks no runtime filter, or that filter settled.
    func runtimeFilterAllowsLaunch(_ stage: Int) -> Bool {
        guard let filter = plan.runtimeFilter(checkedBy: stage) else { return true }
        return runtimeFilters[filter.id - 1].isSettled
    }

    /// The filter a new attempt of `stage` drops rows with, if built.
    func runtimeFilter(for stage: Int) -> RuntimeFilter? {
        plan.runtimeFilter(checkedBy: stage).flatMap { runtimeFilters[$0.id - 1].filter }
    }

    /// True when a new attempt of build task `task` of `stage` should collect its keys: its filter still needs them.
    func collectsKeys(_ stage: Int, _ task: Int) -> Bool {
        guard let filter = plan.runtimeFilter(builtBy: stage) else { return false }
        let state = runtimeFilters[filter.id - 1]
        return state.isCollecting && state.keys[task] == nil
    }

    /// Sends the filters of the attempts just launched. They go after every launch of the pass: a filter takes its
    /// link for as long as its bytes need, and a launch queued behind it would reach its worker after the
    /// subscriptions of consumers launched on other links (which would find no output and re-run).
    func sendRuntimeFilters() {
        defer { filterSends = [] }
        guard !isOver else { return }
        for send in filterSends {
            endpoint.send(
                .runtimeFilter(send.attempt, send.filter), to: NodeID(send.worker), bytes: send.filter.byteCount)
        }
    }

    /// A build task's key hashes, from an attempt the coordinator still counts as running on a live worker (the
    /// report comes just before its `attemptFinished`): kept for its task until every task reported, then merged
    /// into the filter; the filter is dropped as soon as the reports hold more than the key limit.
    func filterKeys(_ id: AttemptID, _ hashes: [UInt64]?) {
        guard let filter = plan.runtimeFilter(builtBy: id.stage), let attempt = record(id),
            attempt.state == .running, workers[attempt.worker].alive
        else { return }
        let index = filter.id - 1
        guard runtimeFilters[index].isCollecting, runtimeFilters[index].keys[id.task] == nil else { return }
        runtimeFilters[index].keys[id.task] = hashes ?? []
        let total = runtimeFilters[index].keys.reduce(0) { $0 + ($1?.count ?? 0) }
        let limit = context.options.runtimeFilterKeyLimit
        guard hashes != nil, total <= limit else {
            return dropRuntimeFilter(filter, reason: "its build side has over \(limit) keys")
        }
        guard !runtimeFilters[index].keys.contains(where: { $0 == nil }) else { return }
        let built = RuntimeFilter(hashes: runtimeFilters[index].keys.flatMap { $0 ?? [] })
        runtimeFilters[index].keys = []
        runtimeFilters[index].filter = built
        runtimeFilters[index].isSettled = true
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
            runtimeFilters[filter.id - 1].isSettled = true
            ended = true
            context.record(
                node: node, kind: "filter.timeout",
                detail: "\(filter) stage-\(filter.probeStage) runs unfiltered after \(now)")
        }
        if ended { launchReady() }
    }

    private func dropRuntimeFilter(_ filter: RuntimeFilterPlan, reason: String) {
        let index = filter.id - 1
        (runtimeFilters[index].isSettled, runtimeFilters[index].isDropped) = (true, true)
        runtimeFilters[index].keys = []
        context.record(node: node, kind: "filter.dropped", detail: "\(filter): \(reason)")
        launchReady()
    }
}
