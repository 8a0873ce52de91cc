import ArrowLite

/// Reads a kernel result back as Swift optionals, so expectations are plain literals.
func elements<T: ArrowPrimitive>(_ array: any ArrowArray, _: T.Type) -> [T?] {
    let typed = array as! PrimitiveArray<T>
    return (0..<typed.count).map { typed[$0] }
}

func booleans(_ array: any ArrowArray) -> [Bool?] {
    let typed = array as! BooleanArray
    return (0..<typed.count).map { typed[$0] }
}

func strings(_ array: any ArrowArray) -> [String?] {
    let typed = array as! StringArray
    return (0..<typed.count).map { typed[$0] }
}

/// A decimal array from display text, e.g. `decimals(["1.50", nil], 15, 2)`.
func decimals(_ texts: [String?], _ precision: Int, _ scale: Int) throws -> Decimal128Array {
    let values = try texts.map {
        try $0.map { try Decimal128.parse(Substring($0), precision: precision, scale: scale) }
    }
    return Decimal128Array(.decimal128(precision: precision, scale: scale), values)
}

/// Each element's display text (`NULL` for null), for decimals and dates.
func texts(_ array: any ArrowArray) -> [String] {
    (0..<array.count).map { array.scalar(at: $0).description }
}
