import PlanKit

/// The checks of one run: safety, liveness, invariants and the scenario's expectations, in that order.
struct RunChecks {
    let report: SimulationReport
    let plan: StagePlan
    let oracle: ScenarioRunner.Oracle
    let deadline: VirtualTime
    let expectations: Expectations
    let recovery: RecoveryPolicy

    /// Every check, failed or passed.
    /// - Throws: errors of reading the result (more than 2 GiB of strings).
    func all() throws -> [CheckResult] {
        var checks = [try safety(), liveness(), failureClass(), planInvariants(), attemptInvariants()]
        checks += expectationChecks()
        return checks.compactMap { $0 }
    }

    /// The run's rows equal the oracle's (skipped for must-fail scenarios, for `result = "any"`, and when the run
    /// failed: the failure has its own check).
    func safety() throws -> CheckResult? {
        guard expectations.failure == nil, expectations.result == .oracle, let result = report.result else {
            return nil
        }
        switch oracle {
        case .failed(let message):
            return CheckResult(
                name: "safety", passed: false,
                detail: "the run returned \(result.rowCount) rows, the single-node engine failed: \(message)",
                failureVerdict: .wrongResult)
        case .rows(let expected):
            let comparison = ResultComparison(expected: expected, actual: try ResultRows.lines(result))
            return CheckResult(
                name: "safety", passed: comparison.matches, detail: comparison.description,
                failureVerdict: .wrongResult)
        }
    }

    /// The query finished before its deadline; a run stopped by its limits is a liveness failure.
    func liveness() -> CheckResult {
        if report.failure?.failureClass == .limitExceeded && expectations.failure != .limitExceeded {
            return CheckResult(
                name: "liveness", passed: false, detail: report.failure?.message ?? "", failureVerdict: .livenessFailure
            )
        }
        let finished = report.virtualTime <= deadline
        return CheckResult(
            name: "liveness", passed: finished || report.failure != nil,
            detail: "\(report.failure == nil ? "finished" : "stopped") at \(report.virtualTime), deadline \(deadline)",
            failureVerdict: .livenessFailure)
    }

    /// A failed run failed the way the scenario expects; a must-fail scenario did fail.
    func failureClass() -> CheckResult? {
        switch (report.failure, expectations.failure) {
        case (nil, nil): return nil
        case (nil, let expected?):
            return CheckResult(
                name: "expect.failure", passed: false,
                detail: "expected the run to fail with \(expected.rawValue), it succeeded",
                failureVerdict: .expectationFailed)
        case (let failure?, let expected?):
            return CheckResult(
                name: "expect.failure", passed: failure.failureClass == expected,
                detail: "expected \(expected.rawValue), got \(failure)",
                failureVerdict: failure.failureClass == .limitExceeded ? .livenessFailure : .unexpectedError)
        case (let failure?, nil):
            guard failure.failureClass != .limitExceeded else { return nil }
            return CheckResult(
                name: "failure", passed: false, detail: "\(failure) (the scenario expects no failure)",
                failureVerdict: .unexpectedError)
        }
    }

    /// The plan's own invariants (`StagePlan.checkInvariants`).
    func planInvariants() -> CheckResult {
        do {
            try plan.checkInvariants()
            return CheckResult(
                name: "invariants.plan", passed: true, detail: "\(plan.stages.count) stages",
                failureVerdict: .expectationFailed)
        } catch {
            return CheckResult(
                name: "invariants.plan", passed: false, detail: "\(error)", failureVerdict: .expectationFailed)
        }
    }

    /// The report's attempts are sane: each names a task of the plan, ends no earlier than it starts, and appears
    /// once — or twice when its finished output was later lost (`finished`, then `failed` by lineage); failed
    /// attempts per task stay within the recovery policy's `maxAttempts` (cancelled copies and lineage re-runs
    /// are not failures, so they are not bounded by it); in
    /// a successful run every task below the root finished (a `task.finish` trace event: an attempt whose finish
    /// message reaches the coordinator after the query is done has no metrics in the report) and no attempt is
    /// left unfinished. (The root's attempt sends rows, not metrics: the result proves it finished.)
    func attemptInvariants() -> CheckResult {
        var problems: [String] = []
        var outcomes: [String: [AttemptOutcome]] = [:]
        var finished = Set<String>()
        var failures: [String: Int] = [:]
        for attempt in report.tasks {
            let task = "stage \(attempt.stage) task \(attempt.task)"
            let name = "\(task) attempt \(attempt.attempt)"
            if !(1...plan.stages.count).contains(attempt.stage)
                || !(0..<plan.stage(attempt.stage).taskCount).contains(attempt.task)
            {
                problems.append("\(name) is not a task of the plan")
                continue
            }
            if attempt.end < attempt.start { problems.append("\(name) ends before it starts") }
            if report.succeeded && attempt.outcome == .unfinished { problems.append("\(name) never ended") }
            outcomes[name, default: []].append(attempt.outcome)
            if outcomes[name] == [.failed] { failures[task, default: 0] += 1 }
            if let seen = outcomes[name], seen.count > 1, seen != [.finished, .failed] {
                problems.append("\(name) appears as \(seen.map(\.rawValue).joined(separator: ", "))")
            }
        }
        for event in report.trace.events where event.kind == "task.finish" {
            if let stage = event.stage, let task = event.task { finished.insert("stage \(stage) task \(task)") }
        }
        let bound = recovery.maxAttempts
        for stage in plan.stages {
            for task in 0..<stage.taskCount {
                let name = "stage \(stage.id) task \(task)"
                if report.succeeded && stage.id != plan.root.id && !finished.contains(name) {
                    problems.append("\(name) never finished")
                }
                if failures[name, default: 0] > bound {
                    problems.append("\(name) failed \(failures[name, default: 0]) times (max_attempts \(bound))")
                }
            }
        }
        return CheckResult(
            name: "invariants.attempts", passed: problems.isEmpty,
            detail: problems.isEmpty ? "\(report.tasks.count) attempts" : problems.prefix(3).joined(separator: "; "),
            failureVerdict: .expectationFailed)
    }

    /// `[expect]`: retries, virtual time, stage and task counts, the trace hash.
    func expectationChecks() -> [CheckResult] {
        var checks: [CheckResult] = []
        func check(_ name: String, _ passed: Bool, _ detail: String) {
            checks.append(
                CheckResult(name: "expect.\(name)", passed: passed, detail: detail, failureVerdict: .expectationFailed))
        }
        if let maximum = expectations.maxRetries {
            check("max_retries", report.retryCount <= maximum, "\(report.retryCount) retries, at most \(maximum)")
        }
        if let maximum = expectations.maxVirtualTime {
            let limit = VirtualTime.zero.advanced(by: maximum)
            check("max_virtual_time", report.virtualTime <= limit, "\(report.virtualTime), at most \(limit)")
        }
        if let stages = expectations.stages {
            check("stages", plan.stages.count == stages, "\(plan.stages.count) stages, expected \(stages)")
        }
        if let tasks = expectations.tasks {
            check("tasks", plan.taskCount == tasks, "\(plan.taskCount) tasks, expected \(tasks)")
        }
        if let hash = expectations.traceHash {
            check("trace_hash", report.traceHash == hash, "\(report.traceHash), expected \(hash)")
        }
        return checks
    }
}
