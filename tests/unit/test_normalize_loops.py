"""normalize/loops.py (the loop half of flattening): ``range`` loops stay; ``enumerate``, ``zip``,
``reversed`` and dict views become index loops reading ``xs[i]`` / ``d[k]``; other iterables are a
name, or materialized with ``list(...)``; a sequence the body rebinds is walked under a name of
its own; a body writing into the array it walks reads each item by index.

(An iterable that is an expression is bound to a name first, like any operand, so the
``list(...)`` the module mentions is for what is still not a name then.)"""

from __future__ import annotations

import numpy as np
from helpers.passes import assert_code, assert_same_results, compiled, flat, read


def check(fn, expected, *calls):
    node = flat(fn)
    assert_code(node, expected)
    assert_same_results(fn, compiled(node, read(fn).namespace), *calls)


def over_range(x, n):
    s = 0.0
    for i in range(1, n):
        s = s + x * i
    return s


def test_range_loops_stay_as_written():
    check(
        over_range,
        """
        def over_range(x, n):
            s = 0.0
            for i in range(1, n):
                mul = x * i
                add = s + mul
                s = add
            return s
    """,
        (0.5, 4),
        (2.0, 0),
    )


def enumerated(xs):
    s = 0.0
    for i, x in enumerate(xs):
        s = s + i * x
    return s


def enumerated_from(xs):
    s = 0.0
    for i, x in enumerate(xs, 2):
        s = s + i * x
    return s


def test_enumerate_becomes_an_index_loop():
    check(
        enumerated,
        """
        def enumerated(xs):
            s = 0.0
            n = len(xs)
            for i in range(n):
                x = xs[i]
                mul = i * x
                add = s + mul
                s = add
            return s
    """,
        ([0.5, 1.5, -2.0],),
        (np.array([1.0, 2.0]),),
        ([],),
    )
    check(
        enumerated_from,
        """
        def enumerated_from(xs):
            s = 0.0
            n = len(xs)
            for k in range(n):
                count = k + 2
                i = count
                x = xs[k]
                mul = i * x
                add = s + mul
                s = add
            return s
    """,
        ([0.5, 1.5, -2.0],),
    )


def zipped(a, b):
    s = 0.0
    for u, v in zip(a, b):
        s = s + u * v
    return s


def test_zip_walks_the_shortest_sequence_by_index():
    check(
        zipped,
        """
        def zipped(a, b):
            s = 0.0
            n = len(a)
            n2 = len(b)
            n3 = min(n, n2)
            for k in range(n3):
                u = a[k]
                v = b[k]
                mul = u * v
                add = s + mul
                s = add
            return s
    """,
        ([1.0, 2.0, 3.0], [4.0, 5.0]),
        (np.ones(2), np.arange(3.0)),
    )


def backwards(xs):
    s = 0.0
    for x in reversed(xs):
        s = s * 0.5 + x
    return s


def test_reversed_counts_down():
    check(
        backwards,
        """
        def backwards(xs):
            s = 0.0
            n = len(xs)
            last = n - 1
            for k in range(last, -1, -1):
                x = xs[k]
                mul = s * 0.5
                s = mul + x
            return s
    """,
        ([1.0, 2.0, 4.0],),
        ([],),
    )


def dict_views(d):
    s = 0.0
    for k, v in d.items():
        s = s + v
    for v in d.values():
        s = s * v
    return s


def test_dict_views_read_items_by_key():
    check(
        dict_views,
        """
        def dict_views(d):
            s = 0.0
            for k in d:
                v = d[k]
                add = s + v
                s = add
            for key in d:
                v = d[key]
                mul = s * v
                s = mul
            return s
    """,
        ({"a": 1.5, "b": -2.0},),
    )


def sorted_then_rebound(xs):
    s = 0.0
    for x in sorted(xs):
        s = s + x
    for x in xs:
        xs = xs + [x]
    return s + len(xs)


def test_other_iterables_are_computed_once_and_rebound_ones_kept():
    """``for x in xs: xs = ...`` walks the list it started with: under a name of its own."""
    check(
        sorted_then_rebound,
        """
        def sorted_then_rebound(xs):
            s = 0.0
            sorted2 = sorted(xs)
            for x in sorted2:
                add = s + x
                s = add
            xs_items = xs
            for x in xs_items:
                items = [x]
                add2 = xs + items
                xs = add2
            len2 = len(xs)
            out = s + len2
            return out
    """,
        ([3.0, 1.0, 2.0],),
    )


def writes_what_it_walks(xs):
    for x in xs:
        xs[0] = xs[0] + x
    return xs[0]


def test_a_body_writing_into_its_sequence_reads_items_when_each_trip_starts():
    check(
        writes_what_it_walks,
        """
        def writes_what_it_walks(xs):
            n = len(xs)
            for k in range(n):
                x = xs[k]
                xs_item = xs[0]
                add = xs_item + x
                xs[0] = add
            out = xs[0]
            return out
    """,
        (np.array([1.0, 2.0, 3.0]),),
        ([1.0, 2.0],),
    )
