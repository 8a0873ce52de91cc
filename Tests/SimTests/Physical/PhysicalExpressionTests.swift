import ArrowLite
import PlanKit
import Testing

@Suite struct PhysicalExpressionTests {
    let schema = Schema([
        Field("n", .int32), Field("price", .decimal128(precision: 15, scale: 2)), Field("name", .utf8),
        Field("day", .date32),
    ])

    func batch() throws -> RecordBatch {
        try RecordBatch(
            schema: schema,
            columns: [
                Int32Array(.int32, [1, 0, nil, 4]),
                Decimal128Array(.decimal128(precision: 15, scale: 2), [150, 200, 0, nil]),
                StringArray(["apple", "banana", nil, "apricot"]),
                Date32Array(.date32, [0, 31, 59, nil]),
            ])
    }

    func column(_ name: String) throws -> PhysicalExpression { try .column(name, in: schema) }

    @Test("types are computed at construction: decimal * int follows DataFusion, comparisons are boolean")
    func types() throws {
        let product = try PhysicalExpression.arithmetic(column("price"), .multiply, column("n"))
        #expect(product.dataType == .decimal128(precision: 26, scale: 2))
        #expect(try PhysicalExpression.arithmetic(column("n"), .add, .literal(.int64(1))).dataType == .int64)
        #expect(try PhysicalExpression.compare(column("n"), .less, .literal(.int64(3))).dataType == .boolean)
        #expect(PhysicalExpression.isNull(try column("n")).nullable == false)
        #expect(throws: PhysicalPlanError.self) { try PhysicalExpression.compare(column("name"), .less, column("n")) }
        #expect(throws: PhysicalPlanError.self) { try PhysicalExpression.arithmetic(column("name"), .add, column("n")) }
        #expect(throws: PhysicalPlanError.self) { try PhysicalExpression.column(9, in: schema) }
    }

    @Test("comparison, arithmetic and Kleene AND evaluate with SQL null semantics")
    func evaluation() throws {
        let b = try batch()
        let small = try PhysicalExpression.compare(column("n"), .lessOrEqual, .literal(.int32(1)))
        let cheap = try PhysicalExpression.compare(
            column("price"), .less, .literal(.decimal(175, precision: 4, scale: 2)))
        let both = try PhysicalExpression.and(small, cheap)
        #expect(texts(try both.evaluate(b)) == ["true", "false", "NULL", "false"])
        let sum = try PhysicalExpression.arithmetic(column("price"), .add, column("n"))
        #expect(texts(try sum.evaluate(b)) == ["2.50", "2.00", "NULL", "NULL"])
        #expect(both.description == "((n@0 <= 1) AND (price@1 < 1.75))")
    }

    @Test("IN lists, BETWEEN, LIKE, string matches and substring")
    func predicates() throws {
        let b = try batch()
        let inList = try PhysicalExpression.inList(column("n"), [.int32(4), .int32(0)])
        #expect(texts(try inList.evaluate(b)) == ["false", "true", "NULL", "true"])
        let inWithNull = try PhysicalExpression.inList(column("n"), [.int32(4), .null])
        #expect(texts(try inWithNull.evaluate(b)) == ["NULL", "NULL", "NULL", "true"])
        let between = try PhysicalExpression.between(column("n"), .literal(.int32(1)), .literal(.int32(3)))
        #expect(texts(try between.evaluate(b)) == ["true", "false", "NULL", "false"])
        let like = try PhysicalExpression.like(column("name"), pattern: "ap%")
        #expect(texts(try like.evaluate(b)) == ["true", "false", "NULL", "true"])
        let notLike = try PhysicalExpression.like(column("name"), pattern: "ap%", negated: true)
        #expect(texts(try notLike.evaluate(b)) == ["false", "true", "NULL", "false"])
        let ends = try PhysicalExpression.stringMatch(.endsWith, column("name"), "ot")
        #expect(texts(try ends.evaluate(b)) == ["false", "false", "NULL", "true"])
        let sub = try PhysicalExpression.substring(column("name"), start: 2, length: 3)
        #expect(texts(try sub.evaluate(b)) == ["ppl", "ana", "NULL", "pri"])
    }

    @Test("CASE evaluates a branch only on its rows, so 1 / n never divides by zero")
    func caseWhen() throws {
        let b = try batch()
        let isZero = try PhysicalExpression.compare(column("n"), .equal, .literal(.int32(0)))
        let inverse = try PhysicalExpression.arithmetic(.literal(.int32(100)), .divide, column("n"))
        let expression = try PhysicalExpression.caseWhen(
            [.init(when: isZero, then: .literal(.int64(-1)))], otherwise: inverse)
        #expect(expression.dataType == .int64)
        #expect(texts(try expression.evaluate(b)) == ["100", "-1", "NULL", "25"])
        let noElse = try PhysicalExpression.caseWhen([.init(when: isZero, then: .literal(.utf8("zero")))])
        #expect(texts(try noElse.evaluate(b)) == ["NULL", "zero", "NULL", "NULL"])
        #expect(throws: ArrowError.divideByZero) { try inverse.evaluate(b) }
    }

    @Test("dates: extract, interval arithmetic and casts")
    func dates() throws {
        let b = try batch()
        let month = try PhysicalExpression.extract(.month, from: column("day"))
        #expect(texts(try month.evaluate(b)) == ["1", "2", "3", "NULL"])
        let later = try PhysicalExpression.dateAdd(column("day"), 1, .months)
        #expect(texts(try later.evaluate(b)) == ["1970-02-01", "1970-03-01", "1970-04-01", "NULL"])
        let earlier = try PhysicalExpression.dateAdd(column("day"), -1, .days)
        #expect(texts(try earlier.evaluate(b)) == ["1969-12-31", "1970-01-31", "1970-02-28", "NULL"])
        #expect(earlier.description == "(day@3 - INTERVAL '1' DAYS)")
        let text = try PhysicalExpression.cast(column("price"), to: .utf8)
        #expect(texts(try text.evaluate(b)) == ["1.50", "2.00", "0.00", "NULL"])
    }
}
