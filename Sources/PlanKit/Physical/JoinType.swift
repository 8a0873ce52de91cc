import ArrowLite

/// The kinds of hash join, named by the side whose rows they preserve or return. Input 0 of a hash join is the
/// **build** side (held in a hash table; the planner builds on the smaller side), input 1 is the **probe** side
/// (streamed). SQL `a LEFT JOIN b` is `probeOuter` when `a` probes and `buildOuter` when `a` builds.
///
/// Output columns: build columns then probe columns for `inner` and the outer joins; only the returned side's
/// columns for semi and anti joins; probe columns plus a boolean mark column for `probeMark`.
public enum JoinType: String, Sendable, Hashable, CaseIterable {
    /// Pairs of rows whose keys are equal (and the residual is true).
    case inner
    /// `inner`, plus every unmatched build row with null probe columns (emitted when the probe side finishes).
    case buildOuter
    /// `inner`, plus every unmatched probe row with null build columns (in probe order, as it streams).
    case probeOuter
    /// Both outer joins at once.
    case fullOuter
    /// Build rows with at least one match (`EXISTS`), once each, in build order.
    case buildSemi
    /// Build rows without a match (`NOT EXISTS`), in build order.
    case buildAnti
    /// Probe rows with at least one match, once each, in probe order.
    case probeSemi
    /// Probe rows without a match (`NOT EXISTS` semantics: a null key never matches, so the row is kept).
    case probeAnti
    /// Every probe row plus a boolean mark with SQL `IN` semantics: true when the row has a match; otherwise null
    /// when the build side is not empty and the probe key has a null or some build key has a null; else false.
    case probeMark

    /// True when the output holds build columns.
    public var emitsBuildColumns: Bool {
        switch self {
        case .inner, .buildOuter, .probeOuter, .fullOuter, .buildSemi, .buildAnti: return true
        case .probeSemi, .probeAnti, .probeMark: return false
        }
    }

    /// True when the output holds probe columns.
    public var emitsProbeColumns: Bool {
        switch self {
        case .inner, .buildOuter, .probeOuter, .fullOuter, .probeSemi, .probeAnti, .probeMark: return true
        case .buildSemi, .buildAnti: return false
        }
    }

    /// True when the join emits build rows after the probe side ends (outer, semi and anti joins on the build
    /// side): each needs the whole probe side, so such a build side is never broadcast nor shared.
    public var reportsBuildRows: Bool {
        self == .buildOuter || self == .fullOuter || self == .buildSemi || self == .buildAnti
    }

    /// The output schema of this join over `build` and `probe` inputs.
    public func outputSchema(build: Schema, probe: Schema, markName: String = "mark") -> Schema {
        let nullableBuild = self == .probeOuter || self == .fullOuter
        let nullableProbe = self == .buildOuter || self == .fullOuter
        var fields: [Field] = []
        if emitsBuildColumns {
            fields += build.fields.map { Field($0.name, $0.dataType, nullable: $0.nullable || nullableBuild) }
        }
        if emitsProbeColumns {
            fields += probe.fields.map { Field($0.name, $0.dataType, nullable: $0.nullable || nullableProbe) }
        }
        if self == .probeMark { fields.append(Field(markName, .boolean)) }
        return Schema(fields)
    }
}

/// One equi-join condition: `build = probe`, each expression bound to its own side's schema.
public struct JoinKey: Sendable, Hashable, CustomStringConvertible {
    public let build: PhysicalExpression
    public let probe: PhysicalExpression

    /// - Throws: `PhysicalPlanError.invalidExpression` when the two types have no common type.
    public init(build: PhysicalExpression, probe: PhysicalExpression) throws {
        guard Compute.commonType(build.dataType, probe.dataType) != nil else {
            throw PhysicalPlanError.invalidExpression(
                "join key \(build) (\(build.dataType)) = \(probe) (\(probe.dataType)) has no common type",
                hint: "cast one side")
        }
        self.build = build
        self.probe = probe
    }

    /// The type both sides are hashed and compared at.
    public var commonType: DataType { Compute.commonType(build.dataType, probe.dataType) ?? build.dataType }

    public var description: String { "\(build) = \(probe)" }
}
