import ArrowLite
import PlanKit
