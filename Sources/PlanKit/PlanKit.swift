// PlanKit: SQL to logical, physical and distributed plans (the PlanKit and distributed-planning issues).
// Nothing is implemented here yet; the module exists so the package layout is fixed from the start.
import ArrowLite
