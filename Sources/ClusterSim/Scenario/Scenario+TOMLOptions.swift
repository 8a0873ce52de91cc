extension Scenario {
    /// `[recovery]`, keys that differ from `RecoveryPolicy()`.
    func writeRecovery(_ writer: inout TOMLWriter) {
        let defaults = RecoveryPolicy()
        guard recovery != defaults else { return }
        writer.header("recovery")
        let milliseconds: Int64 = 1_000_000
        if recovery.maxAttempts != defaults.maxAttempts { writer.set("max_attempts", integer: recovery.maxAttempts) }
        let durations: [(String, VirtualDuration, VirtualDuration)] = [
            ("backoff_ms", recovery.backoff, defaults.backoff),
            ("max_backoff_ms", recovery.maxBackoff, defaults.maxBackoff),
            ("heartbeat_interval_ms", recovery.heartbeatInterval, defaults.heartbeatInterval),
            ("heartbeat_timeout_ms", recovery.heartbeatTimeout, defaults.heartbeatTimeout),
            ("retransmit_timeout_ms", recovery.retransmitTimeout, defaults.retransmitTimeout),
        ]
        for (key, value, defaultValue) in durations where value != defaultValue {
            writer.set(key, duration: value, unitNanoseconds: milliseconds)
        }
        if recovery.speculation != defaults.speculation { writer.set("speculation", boolean: recovery.speculation) }
        if recovery.speculationMultiplier != defaults.speculationMultiplier {
            writer.set("speculation_multiplier", float: recovery.speculationMultiplier)
        }
        if recovery.speculationQuantile != defaults.speculationQuantile {
            writer.set("speculation_quantile", float: recovery.speculationQuantile)
        }
        if recovery.maxRetransmits != defaults.maxRetransmits {
            writer.set("max_retransmits", integer: recovery.maxRetransmits)
        }
    }

    /// `[flow_control]`, `[swarm]` and `[expect]`, each only when it differs from its defaults.
    func writeOptions(_ writer: inout TOMLWriter) {
        if flowControl != FlowControl() {
            writer.header("flow_control")
            writer.set("link_window", integer: flowControl.linkWindow)
            writer.set("max_queued_bytes", integer: flowControl.maxQueuedBytes)
        }
        let swarmDefaults = SwarmOptions()
        if swarm != swarmDefaults {
            writer.header("swarm")
            if swarm.kinds != swarmDefaults.kinds { writer.set("kinds", strings: swarm.kinds) }
            writer.set("max_faults", integer: swarm.maxFaults)
            if let workers = swarm.workers {
                writer.set("workers", integers: [workers.lowerBound, workers.upperBound])
            }
            if let latency = swarm.latencyMicroseconds {
                writer.set("latency_us", integers: [latency.lowerBound, latency.upperBound])
            }
            writer.set("probability", float: swarm.probability)
            if !swarm.queries.isEmpty { writer.set("queries", integers: swarm.queries) }
            if swarm.varyRuntimeFilters { writer.set("vary_runtime_filters", boolean: true) }
        }
        guard expectations != Expectations() else { return }
        writer.header("expect")
        writer.set("result", string: expectations.result.rawValue)
        if let retries = expectations.maxRetries { writer.set("max_retries", integer: retries) }
        if let time = expectations.maxVirtualTime {
            writer.set("max_virtual_time_ms", duration: time, unitNanoseconds: 1_000_000)
        }
        if let stages = expectations.stages { writer.set("stages", integer: stages) }
        if let tasks = expectations.tasks { writer.set("tasks", integer: tasks) }
        if let failure = expectations.failure { writer.set("failure", string: failure.rawValue) }
        if let hash = expectations.traceHash { writer.set("trace_hash", string: hash) }
    }
}
