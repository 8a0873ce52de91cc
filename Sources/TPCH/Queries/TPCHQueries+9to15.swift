// Queries 9 to 15 of `TPCHQueries` (see TPCHQueries.swift for the source and parameters).

extension TPCHQueries {
    /// Q9, product type profit measure.
    public static let q9 = """
        select
            nation,
            o_year,
            sum(amount) as sum_profit
        from
            (
                select
                    n_name as nation,
                    extract(year from o_orderdate) as o_year,
                    l_extendedprice * (1 - l_discount) - ps_supplycost * l_quantity as amount
                from
                    part,
                    supplier,
                    lineitem,
                    partsupp,
                    orders,
                    nation
                where
                    s_suppkey = l_suppkey
                    and ps_suppkey = l_suppkey
                    and ps_partkey = l_partkey
                    and p_partkey = l_partkey
                    and o_orderkey = l_orderkey
                    and s_nationkey = n_nationkey
                    and p_name like '%green%'
            ) as profit
        group by
            nation,
            o_year
        order by
            nation,
            o_year desc
        """

    /// Q10, returned item reporting.
    public static let q10 = """
        select
            c_custkey,
            c_name,
            sum(l_extendedprice * (1 - l_discount)) as revenue,
            c_acctbal,
            n_name,
            c_address,
            c_phone,
            c_comment
        from
            customer,
            orders,
            lineitem,
            nation
        where
            c_custkey = o_custkey
            and l_orderkey = o_orderkey
            and o_orderdate >= date '1993-10-01'
            and o_orderdate < date '1993-10-01' + interval '3' month
            and l_returnflag = 'R'
            and c_nationkey = n_nationkey
        group by
            c_custkey,
            c_name,
            c_acctbal,
            c_phone,
            n_name,
            c_address,
            c_comment
        order by
            revenue desc
        limit 20
        """

    /// Q11, important stock identification (FRACTION = 0.0001 / SF; the text is for SF 1).
    public static let q11 = """
        select
            ps_partkey,
            sum(ps_supplycost * ps_availqty) as value
        from
            partsupp,
            supplier,
            nation
        where
            ps_suppkey = s_suppkey
            and s_nationkey = n_nationkey
            and n_name = 'GERMANY'
        group by
            ps_partkey
        having
            sum(ps_supplycost * ps_availqty) > (
                select
                    sum(ps_supplycost * ps_availqty) * 0.0001
                from
                    partsupp,
                    supplier,
                    nation
                where
                    ps_suppkey = s_suppkey
                    and s_nationkey = n_nationkey
                    and n_name = 'GERMANY'
            )
        order by
            value desc
        """

    /// Q12, shipping modes and order priority.
    public static let q12 = """
        select
            l_shipmode,
            sum(case
                when o_orderpriority = '1-URGENT'
                    or o_orderpriority = '2-HIGH'
                    then 1
                else 0
            end) as high_line_count,
            sum(case
                when o_orderpriority <> '1-URGENT'
                    and o_orderpriority <> '2-HIGH'
                    then 1
                else 0
            end) as low_line_count
        from
            orders,
            lineitem
        where
            o_orderkey = l_orderkey
            and l_shipmode in ('MAIL', 'SHIP')
            and l_commitdate < l_receiptdate
            and l_shipdate < l_commitdate
            and l_receiptdate >= date '1994-01-01'
            and l_receiptdate < date '1994-01-01' + interval '1' year
        group by
            l_shipmode
        order by
            l_shipmode
        """

    /// Q13, customer distribution.
    public static let q13 = """
        select
            c_count,
            count(*) as custdist
        from
            (
                select
                    c_custkey,
                    count(o_orderkey)
                from
                    customer left outer join orders on
                        c_custkey = o_custkey
                        and o_comment not like '%special%requests%'
                group by
                    c_custkey
            ) as c_orders (c_custkey, c_count)
        group by
            c_count
        order by
            custdist desc,
            c_count desc
        """

    /// Q14, promotion effect.
    public static let q14 = """
        select
            100.00 * sum(case
                when p_type like 'PROMO%'
                    then l_extendedprice * (1 - l_discount)
                else 0
            end) / sum(l_extendedprice * (1 - l_discount)) as promo_revenue
        from
            lineitem,
            part
        where
            l_partkey = p_partkey
            and l_shipdate >= date '1995-09-01'
            and l_shipdate < date '1995-09-01' + interval '1' month
        """

    /// Q15, top supplier, as the specification writes it: a view, the query, and dropping the view.
    public static let q15 = """
        create view revenue0 (supplier_no, total_revenue) as
        \(q15Revenue);

        \(q15Select);

        drop view revenue0
        """

    /// Q15 as one statement, with the view written as a `WITH` query (the specification allows this variant).
    public static let q15WithClause = """
        with revenue0 (supplier_no, total_revenue) as (
        \(q15Revenue)
        )
        \(q15Select)
        """

    /// The query of Q15's `revenue0` view, indented as both forms print it.
    private static let q15Revenue = """
            select
                l_suppkey,
                sum(l_extendedprice * (1 - l_discount))
            from
                lineitem
            where
                l_shipdate >= date '1996-01-01'
                and l_shipdate < date '1996-01-01' + interval '3' month
            group by
                l_suppkey
        """

    /// Q15's query over the view.
    private static let q15Select = """
        select
            s_suppkey,
            s_name,
            s_address,
            s_phone,
            total_revenue
        from
            supplier,
            revenue0
        where
            s_suppkey = supplier_no
            and total_revenue = (
                select
                    max(total_revenue)
                from
                    revenue0
            )
        order by
            s_suppkey
        """
}
