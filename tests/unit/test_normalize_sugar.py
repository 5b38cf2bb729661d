"""normalize/sugar.py (Python conveniences, lowered while flattening): ``max(seq)``/``min(seq)``
to a loop of two-argument calls, a lambda bound to a local inlined where it is called,
``lst.extend(seq)`` to appends, a bare ``lst.pop()`` kept in a name, ``zip(*pairs)`` unzipped."""

from __future__ import annotations

import numpy as np
import pytest
from helpers.passes import assert_code, assert_same_results, compiled, flat, read

import s2s


def check(fn, expected, *calls):
    node = flat(fn)
    assert_code(node, expected)
    assert_same_results(fn, compiled(node, read(fn).namespace), *calls)


def extremes(xs):
    return max(xs) - min(xs)


def test_max_and_min_of_a_sequence_become_pairwise_loops():
    check(
        extremes,
        """
        def extremes(xs):
            largest = xs[0]
            rest = xs[1:]
            for item in rest:
                max2 = max(largest, item)
                largest = max2
            smallest = xs[0]
            rest2 = xs[1:]
            for item2 in rest2:
                min2 = min(smallest, item2)
                smallest = min2
            out = largest - smallest
            return out
    """,
        ([3.0, -1.0, 7.5, 2.0],),
        (np.array([0.5]),),
    )


def two_argument_max(a, b):
    return max(a, b)


def test_max_of_two_arguments_is_a_plain_call():
    check(
        two_argument_max,
        """
        def two_argument_max(a, b):
            out = max(a, b)
            return out
    """,
        (1.0, 2.0),
        (2.0, -1.0),
    )


def with_lambda(x):
    sq = lambda t, k=3.0: k * t * t  # noqa: E731
    return sq(x) + sq(2.0, k=x)


def test_a_lambda_is_inlined_at_each_call_with_its_defaults():
    check(
        with_lambda,
        """
        def with_lambda(x):
            mul = 3.0 * x
            mul2 = mul * x
            mul3 = x * 2.0
            mul4 = mul3 * 2.0
            out = mul2 + mul4
            return out
    """,
        (1.5,),
        (-0.25,),
    )


def lambda_passed_on(x):
    f = lambda t: t * 2.0  # noqa: E731
    return np.sum(list(map(f, [x])))


def test_a_lambda_used_other_than_by_calling_it_is_refused():
    with pytest.raises(s2s.UnsupportedError, match="the lambda 'f' is used other than by calling"):
        flat(lambda_passed_on)


def list_methods(x):
    lst = [x]
    lst.extend([x, 2.0 * x])
    lst.pop()
    return lst[0] + lst[1]


def test_extend_becomes_appends_and_a_bare_pop_is_kept():
    check(
        list_methods,
        """
        def list_methods(x):
            lst = [x]
            mul = 2.0 * x
            items = [x, mul]
            for item in items:
                lst.append(item)
            popped = lst.pop()
            lst_item = lst[0]
            lst_item2 = lst[1]
            out = lst_item + lst_item2
            return out
    """,
        (1.25,),
    )


def unzip(pairs):
    xs, ys = zip(*pairs)
    return xs[0] * ys[-1]


def test_unzipping_pairs_builds_one_tuple_per_target():
    check(
        unzip,
        """
        def unzip(pairs):
            xs_items = []
            ys_items = []
            for row in pairs:
                x, y = row
                xs_items.append(x)
                ys_items.append(y)
            xs = tuple(xs_items)
            ys = tuple(ys_items)
            xs_item = xs[0]
            ys_item = ys[-1]
            out = xs_item * ys_item
            return out
    """,
        ([(1.0, 2.0), (3.0, 4.0)],),
    )
