/// "Did you mean ...?" for misspelt keywords.
enum Suggestion {
    /// The candidate closest to `word` (letter case ignored), if it is close enough to be a likely typo: at most one
    /// edit for words up to four letters, two for longer ones. A swap of neighbouring letters counts as one edit.
    /// Ties go to the earlier candidate.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let typed = Array(word.uppercased().unicodeScalars)
        guard typed.count >= 2, typed.count <= 40 else { return nil }
        let allowed = typed.count <= 4 ? 1 : 2
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let target = Array(candidate.uppercased().unicodeScalars)
            if target == typed { continue }
            let distance = editDistance(typed, target)
            if distance <= allowed && distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    static func editDistance(_ left: [Unicode.Scalar], _ right: [Unicode.Scalar]) -> Int {
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        let width = right.count + 1
        var previousPrevious = [Int](repeating: 0, count: width)
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: width)
        for row in 1...left.count {
            current[0] = row
            for columnIndex in 1...right.count {
                let cost = left[row - 1] == right[columnIndex - 1] ? 0 : 1
                var value = min(
                    previous[columnIndex] + 1, current[columnIndex - 1] + 1, previous[columnIndex - 1] + cost)
                if row > 1 && columnIndex > 1 && left[row - 1] == right[columnIndex - 2]
                    && left[row - 2] == right[columnIndex - 1]
                {
                    value = min(value, previousPrevious[columnIndex - 2] + 1)
                }
                current[columnIndex] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[right.count]
    }
}
