/// The SQL words the lexer recognises, in any letter case.
///
/// Reserved keywords can never name a table or column; the others (`isReserved == false`) may, because the parser
/// only treats them as keywords where the grammar expects them (`SELECT year FROM t`, `INTERVAL '1' YEAR`).
public enum Keyword: String, Sendable, CaseIterable {
    case all = "ALL"
    case analyze = "ANALYZE"
    case and = "AND"
    case `as` = "AS"
    case asc = "ASC"
    case between = "BETWEEN"
    case by = "BY"
    case `case` = "CASE"
    case create = "CREATE"
    case cross = "CROSS"
    case date = "DATE"
    case day = "DAY"
    case desc = "DESC"
    case distinct = "DISTINCT"
    case drop = "DROP"
    case `else` = "ELSE"
    case end = "END"
    case exists = "EXISTS"
    case explain = "EXPLAIN"
    case `false` = "FALSE"
    case first = "FIRST"
    case from = "FROM"
    case full = "FULL"
    case group = "GROUP"
    case having = "HAVING"
    case `if` = "IF"
    case `in` = "IN"
    case inner = "INNER"
    case interval = "INTERVAL"
    case `is` = "IS"
    case join = "JOIN"
    case last = "LAST"
    case left = "LEFT"
    case like = "LIKE"
    case limit = "LIMIT"
    case month = "MONTH"
    case not = "NOT"
    case null = "NULL"
    case nulls = "NULLS"
    case offset = "OFFSET"
    case on = "ON"
    case or = "OR"
    case order = "ORDER"
    case outer = "OUTER"
    case replace = "REPLACE"
    case right = "RIGHT"
    case select = "SELECT"
    case then = "THEN"
    case `true` = "TRUE"
    case union = "UNION"
    case view = "VIEW"
    case when = "WHEN"
    case `where` = "WHERE"
    case with = "WITH"
    case year = "YEAR"

    /// Whether the word can never be an identifier. Unreserved keywords also serve as column and table names.
    public var isReserved: Bool {
        switch self {
        case .analyze, .date, .day, .first, .if, .last, .month, .nulls, .replace, .view, .year: false
        default: true
        }
    }

    /// Looks a word up in any letter case; `nil` when it is not a keyword.
    public init?(word: String) {
        self.init(rawValue: word.uppercased())
    }
}
