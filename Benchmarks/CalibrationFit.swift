/// One observation for a fit: an amount of work (rows or bytes) and the nanoseconds it took.
struct CalibrationSample {
    var amount: Double
    var nanoseconds: Double
}

/// A least-squares line `nanoseconds = intercept + slope × amount` and how well it explains the samples.
struct LinearFit {
    /// Nanoseconds per unit of work (row or byte).
    var slope: Double
    /// Fixed nanoseconds per measured piece of work (operator instance or stream).
    var intercept: Double
    /// The coefficient of determination, 1 − SS_residual / SS_total (1 when the samples do not vary).
    var rSquared: Double
    var sampleCount: Int

    /// Fits `samples` by ordinary least squares. With fewer than two distinct amounts the slope is the mean
    /// nanoseconds per unit and the intercept zero.
    init(_ samples: [CalibrationSample]) {
        sampleCount = samples.count
        guard !samples.isEmpty else {
            (slope, intercept, rSquared) = (0, 0, 0)
            return
        }
        let count = Double(samples.count)
        let meanAmount = samples.reduce(0) { $0 + $1.amount } / count
        let meanTime = samples.reduce(0) { $0 + $1.nanoseconds } / count
        var covariance = 0.0
        var variance = 0.0
        for sample in samples {
            covariance += (sample.amount - meanAmount) * (sample.nanoseconds - meanTime)
            variance += (sample.amount - meanAmount) * (sample.amount - meanAmount)
        }
        if variance > 0 {
            slope = covariance / variance
            intercept = meanTime - slope * meanAmount
        } else {
            slope = meanAmount > 0 ? meanTime / meanAmount : 0
            intercept = 0
        }
        var residual = 0.0
        var total = 0.0
        for sample in samples {
            let error = sample.nanoseconds - (intercept + slope * sample.amount)
            residual += error * error
            total += (sample.nanoseconds - meanTime) * (sample.nanoseconds - meanTime)
        }
        rSquared = total > 0 ? 1 - residual / total : 1
    }
}

/// A constant rounded for source code: two significant digits, at least 0.1 (a kind is never free).
func roundedConstant(_ value: Double) -> Double {
    guard value.isFinite, value > 0.1 else { return 0.1 }
    var scale = 1.0
    while value / scale >= 100 { scale *= 10 }
    while value / scale < 10 { scale /= 10 }
    return (value / scale).rounded() * scale
}
