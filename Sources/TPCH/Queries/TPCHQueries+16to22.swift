// Queries 16 to 22 of `TPCHQueries` (see TPCHQueries.swift for the source and parameters).

extension TPCHQueries {
    /// Q16, parts/supplier relationship.
    public static let q16 = """
        select
            p_brand,
            p_type,
            p_size,
            count(distinct ps_suppkey) as supplier_cnt
        from
            partsupp,
            part
        where
            p_partkey = ps_partkey
            and p_brand <> 'Brand#45'
            and p_type not like 'MEDIUM POLISHED%'
            and p_size in (49, 14, 23, 45, 19, 3, 36, 9)
            and ps_suppkey not in (
                select
                    s_suppkey
                from
                    supplier
                where
                    s_comment like '%Customer%Complaints%'
            )
        group by
            p_brand,
            p_type,
            p_size
        order by
            supplier_cnt desc,
            p_brand,
            p_type,
            p_size
        """

    /// Q17, small-quantity-order revenue.
    public static let q17 = """
        select
            sum(l_extendedprice) / 7.0 as avg_yearly
        from
            lineitem,
            part
        where
            p_partkey = l_partkey
            and p_brand = 'Brand#23'
            and p_container = 'MED BOX'
            and l_quantity < (
                select
                    0.2 * avg(l_quantity)
                from
                    lineitem
                where
                    l_partkey = p_partkey
            )
        """

    /// Q18, large volume customer.
    public static let q18 = """
        select
            c_name,
            c_custkey,
            o_orderkey,
            o_orderdate,
            o_totalprice,
            sum(l_quantity)
        from
            customer,
            orders,
            lineitem
        where
            o_orderkey in (
                select
                    l_orderkey
                from
                    lineitem
                group by
                    l_orderkey
                having
                    sum(l_quantity) > 300
            )
            and c_custkey = o_custkey
            and o_orderkey = l_orderkey
        group by
            c_name,
            c_custkey,
            o_orderkey,
            o_orderdate,
            o_totalprice
        order by
            o_totalprice desc,
            o_orderdate
        limit 100
        """

    /// Q19, discounted revenue.
    public static let q19 = """
        select
            sum(l_extendedprice * (1 - l_discount)) as revenue
        from
            lineitem,
            part
        where
            (
                p_partkey = l_partkey
                and p_brand = 'Brand#12'
                and p_container in ('SM CASE', 'SM BOX', 'SM PACK', 'SM PKG')
                and l_quantity >= 1 and l_quantity <= 1 + 10
                and p_size between 1 and 5
                and l_shipmode in ('AIR', 'AIR REG')
                and l_shipinstruct = 'DELIVER IN PERSON'
            )
            or
            (
                p_partkey = l_partkey
                and p_brand = 'Brand#23'
                and p_container in ('MED BAG', 'MED BOX', 'MED PKG', 'MED PACK')
                and l_quantity >= 10 and l_quantity <= 10 + 10
                and p_size between 1 and 10
                and l_shipmode in ('AIR', 'AIR REG')
                and l_shipinstruct = 'DELIVER IN PERSON'
            )
            or
            (
                p_partkey = l_partkey
                and p_brand = 'Brand#34'
                and p_container in ('LG CASE', 'LG BOX', 'LG PACK', 'LG PKG')
                and l_quantity >= 20 and l_quantity <= 20 + 10
                and p_size between 1 and 15
                and l_shipmode in ('AIR', 'AIR REG')
                and l_shipinstruct = 'DELIVER IN PERSON'
            )
        """

    /// Q20, potential part promotion.
    public static let q20 = """
        select
            s_name,
            s_address
        from
            supplier,
            nation
        where
            s_suppkey in (
                select
                    ps_suppkey
                from
                    partsupp
                where
                    ps_partkey in (
                        select
                            p_partkey
                        from
                            part
                        where
                            p_name like 'forest%'
                    )
                    and ps_availqty > (
                        select
                            0.5 * sum(l_quantity)
                        from
                            lineitem
                        where
                            l_partkey = ps_partkey
                            and l_suppkey = ps_suppkey
                            and l_shipdate >= date '1994-01-01'
                            and l_shipdate < date '1994-01-01' + interval '1' year
                    )
            )
            and s_nationkey = n_nationkey
            and n_name = 'CANADA'
        order by
            s_name
        """

    /// Q21, suppliers who kept orders waiting.
    public static let q21 = """
        select
            s_name,
            count(*) as numwait
        from
            supplier,
            lineitem l1,
            orders,
            nation
        where
            s_suppkey = l1.l_suppkey
            and o_orderkey = l1.l_orderkey
            and o_orderstatus = 'F'
            and l1.l_receiptdate > l1.l_commitdate
            and exists (
                select
                    *
                from
                    lineitem l2
                where
                    l2.l_orderkey = l1.l_orderkey
                    and l2.l_suppkey <> l1.l_suppkey
            )
            and not exists (
                select
                    *
                from
                    lineitem l3
                where
                    l3.l_orderkey = l1.l_orderkey
                    and l3.l_suppkey <> l1.l_suppkey
                    and l3.l_receiptdate > l3.l_commitdate
            )
            and s_nationkey = n_nationkey
            and n_name = 'SAUDI ARABIA'
        group by
            s_name
        order by
            numwait desc,
            s_name
        limit 100
        """

    /// Q22, global sales opportunity.
    public static let q22 = """
        select
            cntrycode,
            count(*) as numcust,
            sum(c_acctbal) as totacctbal
        from
            (
                select
                    substring(c_phone from 1 for 2) as cntrycode,
                    c_acctbal
                from
                    customer
                where
                    substring(c_phone from 1 for 2) in
                        ('13', '31', '23', '29', '30', '18', '17')
                    and c_acctbal > (
                        select
                            avg(c_acctbal)
                        from
                            customer
                        where
                            c_acctbal > 0.00
                            and substring(c_phone from 1 for 2) in
                                ('13', '31', '23', '29', '30', '18', '17')
                    )
                    and not exists (
                        select
                            *
                        from
                            orders
                        where
                            o_custkey = c_custkey
                    )
            ) as custsale
        group by
            cntrycode
        order by
            cntrycode
        """
}
