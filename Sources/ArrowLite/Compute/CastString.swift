import Foundation

extension Compute {
    /// Parses each valid string to `target`; see `cast(_:to:)` for the accepted text.
    static func castFromString(_ array: StringArray, to target: DataType) throws -> any ArrowArray {
        switch target {
        case .int32:
            return try parseEach(array, as: Int32.self, target) { bytes in
                guard let v = parseInteger(bytes), let r = Int32(exactly: v) else { throw parseError(bytes, target) }
                return r
            }
        case .int64:
            return try parseEach(array, as: Int64.self, target) { bytes in
                guard let v = parseInteger(bytes) else { throw parseError(bytes, target) }
                return v
            }
        case .float64:
            var scratch = [CChar](repeating: 0, count: 64)
            return try parseEach(array, as: Double.self, target) { bytes in
                guard let v = parseDouble(bytes, &scratch) else { throw parseError(bytes, target) }
                return v
            }
        case .decimal128(let p, let s):
            return try parseEach(array, as: Int128.self, target) { bytes in
                guard let v = Decimal128.parse(bytes: bytes, precision: p, scale: s) else {
                    throw parseError(bytes, target)
                }
                return v
            }
        case .date32:
            return try parseEach(array, as: Int32.self, target) { bytes in
                guard let v = Date32.parse(bytes: bytes) else { throw parseError(bytes, target) }
                return v
            }
        case .boolean:
            return try parseBooleans(array)
        default:
            throw ArrowError.invalidArgument("cannot cast utf8 to \(target)")
        }
    }

    static func text(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }

    static func parseError(_ bytes: UnsafeRawBufferPointer, _ target: DataType) -> ArrowError {
        let hint: String
        switch target {
        case .int32, .int64: hint = "expected an optional sign and decimal digits within the range of \(target)"
        case .float64: hint = "expected a decimal or scientific number such as 1.5 or -2e3"
        case .decimal128(let p, let s):
            hint = "expected digits with an optional sign and point, at most \(p - s) before the point"
        default: hint = "expected a value of type \(target)"
        }
        return .invalidValue(value: text(bytes), target: target.description, hint: hint)
    }

    @inline(__always)
    static func parseEach<T: ArrowPrimitive>(
        _ array: StringArray, as type: T.Type, _ target: DataType,
        _ parse: (UnsafeRawBufferPointer) throws -> T
    ) throws -> PrimitiveArray<T> {
        let n = array.count
        let values = try makeValues(T.self, count: n) { out in
            try withExtendedLifetime(array) {
                for i in 0..<n { out[i] = array.isValid(i) ? try parse(array.bytes(i)) : T.zero }
            }
        }
        return PrimitiveArray(
            dataType: target, count: n, values: values, validity: array.validity, nullCount: array.nullCount)
    }

    /// The bytes without leading and trailing ASCII spaces and tabs.
    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// An optional sign and decimal digits as an `Int64`; nil for anything else or on overflow.
    static func parseInteger(_ raw: UnsafeRawBufferPointer) -> Int64? {
        let bytes = trimmed(raw)
        var i = 0
        var negative = false
        if i < bytes.count && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < bytes.count else { return nil }
        var value: Int64 = 0
        while i < bytes.count {
            let digit = bytes[i] &- 48
            guard digit < 10 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (r, o2) =
                negative ? m.subtractingReportingOverflow(Int64(digit)) : m.addingReportingOverflow(Int64(digit))
            if o1 || o2 { return nil }
            value = r
            i += 1
        }
        return value
    }

    /// A number accepted by `strtod` that uses every byte; nil otherwise. `scratch` avoids a per-row allocation.
    static func parseDouble(_ raw: UnsafeRawBufferPointer, _ scratch: inout [CChar]) -> Double? {
        let bytes = trimmed(raw)
        guard !bytes.isEmpty else { return nil }
        if scratch.count < bytes.count + 1 { scratch = [CChar](repeating: 0, count: bytes.count + 1) }
        return scratch.withUnsafeMutableBufferPointer { buffer -> Double? in
            let base = buffer.baseAddress!
            for (k, b) in bytes.enumerated() { base[k] = CChar(bitPattern: b) }
            base[bytes.count] = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(base, &end)
            guard let end, end - base == bytes.count else { return nil }
            return value
        }
    }

    static func parseBooleans(_ array: StringArray) throws -> BooleanArray {
        let values = try withExtendedLifetime(array) {
            try packBits(count: array.count) { i in
                guard array.isValid(i) else { return false }
                switch text(trimmed(array.bytes(i))).lowercased() {
                case "true", "t", "1": return true
                case "false", "f", "0": return false
                default:
                    throw ArrowError.invalidValue(
                        value: array.value(i), target: "boolean", hint: "expected true, false, t, f, 1 or 0")
                }
            }
        }
        return BooleanArray(values: values, validity: array.validity, nullCount: array.nullCount)
    }

    /// Each valid element's display text (`Scalar.description`); nulls stay null.
    static func formatToString(_ array: any ArrowArray) -> StringArray {
        var builder = StringBuilder(capacity: array.count)
        for i in 0..<array.count {
            if array.isNull(i) { builder.appendNull() } else { builder.append(array.scalar(at: i).description) }
        }
        return builder.finish()
    }
}
