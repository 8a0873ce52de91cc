extension Compute {
    /// SQL `AND` with three-valued (Kleene) logic: false wins over null (`false AND NULL` is false), null wins over
    /// true (`true AND NULL` is null).
    /// - Throws: `ArrowError.invalidArgument` for different lengths.
    /// - Complexity: O(n / 8): whole bytes of the value and validity bitmaps are combined at once.
    public static func and(_ lhs: BooleanArray, _ rhs: BooleanArray) throws -> BooleanArray {
        try requireSameLength(lhs, rhs, "AND")
        return kleene(lhs, rhs, isAnd: true)
    }

    /// SQL `OR` with three-valued (Kleene) logic: true wins over null (`true OR NULL` is true), null wins over false.
    /// - Throws: `ArrowError.invalidArgument` for different lengths.
    public static func or(_ lhs: BooleanArray, _ rhs: BooleanArray) throws -> BooleanArray {
        try requireSameLength(lhs, rhs, "OR")
        return kleene(lhs, rhs, isAnd: false)
    }

    /// SQL `NOT`: flips each value; null stays null.
    public static func not(_ array: BooleanArray) -> BooleanArray {
        let values = withAlignedBytes(array.values) { v in makeBitmap(count: array.count) { ~v[$0] } }
        return BooleanArray(values: values, validity: array.validity, nullCount: array.nullCount)
    }

    /// True where the element is null (never null itself).
    public static func isNull(_ array: any ArrowArray) -> BooleanArray {
        guard let validity = array.validity else {
            return BooleanArray(values: makeBitmap(count: array.count) { _ in 0 })
        }
        return BooleanArray(values: withAlignedBytes(validity) { v in makeBitmap(count: array.count) { ~v[$0] } })
    }

    /// True where the element is valid (never null itself).
    public static func isNotNull(_ array: any ArrowArray) -> BooleanArray {
        not(isNull(array))
    }

    /// Kleene logic over bytes. With T = valid ∧ value and F = valid ∧ ¬value per side:
    /// AND gives T = T₁ ∧ T₂ and F = F₁ ∨ F₂; OR gives T = T₁ ∨ T₂ and F = F₁ ∧ F₂; valid = T ∨ F.
    static func kleene(_ lhs: BooleanArray, _ rhs: BooleanArray, isAnd: Bool) -> BooleanArray {
        let n = lhs.count
        if lhs.validity == nil && rhs.validity == nil {
            let values = withAlignedBytes(lhs.values) { a in
                withAlignedBytes(rhs.values) { b in makeBitmap(count: n) { isAnd ? a[$0] & b[$0] : a[$0] | b[$0] } }
            }
            return BooleanArray(values: values)
        }
        let allValid = makeBitmap(count: n) { _ in 0xFF }
        return withAlignedBytes(lhs.values) { a in
            withAlignedBytes(rhs.values) { b in
                withAlignedBytes(lhs.validity ?? allValid) { va in
                    withAlignedBytes(rhs.validity ?? allValid) { vb in
                        var trueBits = [UInt8](repeating: 0, count: (n + 7) / 8)
                        let validity = makeBitmap(count: n) { j in
                            let (t1, f1) = (va[j] & a[j], va[j] & ~a[j])
                            let (t2, f2) = (vb[j] & b[j], vb[j] & ~b[j])
                            let (t, f) = isAnd ? (t1 & t2, f1 | f2) : (t1 | t2, f1 & f2)
                            trueBits[j] = t
                            return t | f
                        }
                        let values = makeBitmap(count: n) { trueBits[$0] }
                        return BooleanArray(values: values, validity: validity)
                    }
                }
            }
        }
    }
}
