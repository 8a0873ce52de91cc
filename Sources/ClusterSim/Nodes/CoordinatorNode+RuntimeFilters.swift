import ArrowLite
import PlanKit

/// The coordinator's side of runtime filters (`RuntimeFilterPlan`): it gathers each build task's key hashes, builds
/// the filter once every build task reported, and holds the probe stage's launches until then — or until the
/// bounded wait (`RunOptions.runtimeFilterWait`) is over, when the probe stage runs without it.
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
    }

    /// One state per planned filter; filters settle at once when the run does not wait for them.
    func startRuntimeFilters() {
        let wait = context.options.runtimeFilterWait
        for filter in plan.runtimeFilters {
            if wait == .zero {
                runtimeFilters[filter.id - 1].isSettled = true
            } else {
                context.send(.filterDeadline(filter: filter.id), from: node, to: node, after: wait)
            }
        }
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

    /// Sends the filters of the attempts just launched. They go after every launch of the pass: a filter takes its
    /// link for as long as its bytes need, and a launch queued behind it would reach its worker after the
    /// subscriptions of consumers launched on other links (which would find no output and re-run).
    func sendRuntimeFilters() {
        for send in filterSends {
            endpoint.send(
                .runtimeFilter(send.attempt, send.filter), to: NodeID(send.worker), bytes: send.filter.byteCount)
        }
        filterSends = []
    }

    /// A build task's key hashes: kept (the first report of each task counts; every attempt of a task sends the
    /// same keys); the filter is built when the last task reported, dropped as soon as they hold too many.
    func filterKeys(_ id: AttemptID, _ hashes: [UInt64]?) {
        guard let filter = plan.runtimeFilter(builtBy: id.stage) else { return }
        let index = filter.id - 1
        guard !runtimeFilters[index].isDropped, runtimeFilters[index].filter == nil,
            runtimeFilters[index].keys[id.task] == nil
        else { return }
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

    /// The wait for `id` is over: its probe stage launches without it unless it is built.
    func runtimeFilterDeadline(_ id: Int) {
        guard !isOver, !runtimeFilters[id - 1].isSettled else { return }
        runtimeFilters[id - 1].isSettled = true
        let filter = plan.runtimeFilters[id - 1]
        context.record(
            node: node, kind: "filter.timeout",
            detail: "\(filter) stage-\(filter.probeStage) runs unfiltered after \(context.options.runtimeFilterWait)")
        launchReady()
    }

    private func dropRuntimeFilter(_ filter: RuntimeFilterPlan, reason: String) {
        runtimeFilters[filter.id - 1].isSettled = true
        runtimeFilters[filter.id - 1].isDropped = true
        runtimeFilters[filter.id - 1].keys = []
        context.record(node: node, kind: "filter.dropped", detail: "\(filter): \(reason)")
        launchReady()
    }
}
