// ClusterSim: the deterministic simulated cluster (the runtime, fault-injection and scenario issues).
// Nothing is implemented here yet; the module exists so the package layout is fixed from the start.
import ArrowLite
import PlanKit
