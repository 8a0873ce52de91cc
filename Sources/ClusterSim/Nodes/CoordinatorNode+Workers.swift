import ArrowLite
import PlanKit

/// The coordinator's view of its workers: failure detection by pings, restarts, unreachable peers, and
/// speculative copies of stragglers.
extension CoordinatorNode {
    func livenessCheck() {
        guard !isOver else { return }
        let policy = context.options.recovery
        for worker in 1..<workers.count where workers[worker].alive {
            let silence = now.nanoseconds - workers[worker].lastHeartbeat.nanoseconds
            if silence > policy.heartbeatTimeout.nanoseconds {
                declareDead(worker, reason: "no heartbeat for \(VirtualTime(nanoseconds: silence))")
            } else if !context.partitions.isCut(from: node, to: NodeID(worker), at: now) {
                context.send(.ping, from: node, to: NodeID(worker), after: context.cluster.network.latency)
            }
        }
        if policy.speculation { speculate() }
        endRuntimeFilterWaits()
        checkAllDown()
        guard !isOver else { return }
        context.send(.livenessCheck, from: node, to: node, after: policy.heartbeatInterval)
    }

    func checkAllDown() {
        guard !isOver else { return }
        if workers.dropFirst().contains(where: \.alive) {
            deadTicks = 0
            return
        }
        deadTicks += 1
        // Restarting workers say hello within their downtime; give them a bounded while.
        if deadTicks > 50 { fail(.allWorkersDown, "all \(workers.count - 1) workers are down") }
    }

    func declareDead(_ worker: Int, reason: String) {
        guard worker > 0, workers[worker].alive else { return }
        workers[worker].alive = false
        context.record(node: node, kind: "worker.dead", detail: "worker-\(worker): \(reason)")
        for stage in plan.stages {
            for task in 0..<stage.taskCount {
                for attempt in tasks[stage.id - 1][task].attempts where attempt.worker == worker {
                    if attempt.state == .running {
                        setState(attempt.id, .failed)
                        metrics.append(placeholder(attempt, .failed))
                        retry(attempt, reason: "worker-\(worker) is dead")
                        outputLost(attempt, reason: "worker-\(worker) is dead")
                    } else if attempt.state == .finished {
                        outputLost(attempt, reason: "output on dead worker-\(worker)")
                    }
                }
            }
        }
        checkAllDown()
        launchReady()
    }

    func hello(_ worker: Int, _ epoch: Int) {
        if workers[worker].alive && workers[worker].epoch < epoch { declareDead(worker, reason: "restarted") }
        workers[worker].alive = true
        workers[worker].epoch = epoch
        workers[worker].lastHeartbeat = now
        context.record(node: node, kind: "worker.join", detail: "worker-\(worker) epoch=\(epoch)")
        launchReady()
    }

    func unreachable(from worker: Int, peer: Int) {
        context.record(node: node, kind: "worker.unreachable", detail: "worker-\(worker) cannot reach worker-\(peer)")
        declareDead(peer, reason: "unreachable from worker-\(worker)")
    }

    /// Copies of tasks running much longer than their stage's finished tasks took.
    func speculate() {
        let policy = context.options.recovery
        for stage in plan.stages where stage.id != plan.root.id {
            let durations = tasks[stage.id - 1].compactMap { state -> Int64? in
                guard let done = state.finished,
                    let metric = metrics.last(where: {
                        $0.stage == done.id.stage && $0.task == done.id.task && $0.attempt == done.id.attempt
                    })
                else { return nil }
                return metric.end.nanoseconds - metric.start.nanoseconds
            }.sorted()
            guard !durations.isEmpty, Double(durations.count) >= policy.speculationQuantile * Double(stage.taskCount)
            else { continue }
            let median = durations[durations.count / 2]
            for task in 0..<stage.taskCount {
                let running = tasks[stage.id - 1][task].running
                guard running.count == 1, tasks[stage.id - 1][task].finished == nil, let attempt = running.first else {
                    continue
                }
                let elapsed = now.nanoseconds - attempt.start.nanoseconds
                guard Double(elapsed) > policy.speculationMultiplier * Double(max(median, 1)) else { continue }
                launch(stage, task, producers: attempt.producers, speculative: true)
            }
        }
        sendRuntimeFilters()
    }
}
