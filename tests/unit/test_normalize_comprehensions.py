"""normalize/comprehensions.py on its own (before flattening): list comprehensions and generator
expressions become the loops they stand for, appending to a fresh list placed before their
statement; their own variables get fresh names (they do not leak in Python); dict and set
comprehensions, and comprehensions in a while condition, are refused."""

from __future__ import annotations

import pytest
from helpers.passes import assert_code, assert_same_results, compiled, flat, namer_for, read

import s2s
from s2s.normalize.comprehensions import lower_comprehensions


def lowered(fn):
    fs = read(fn)
    return lower_comprehensions(fs.node, fs.origin, namer_for(fs)), fs


def check(fn, expected, *calls):
    node, fs = lowered(fn)
    assert_code(node, expected)
    assert_same_results(fn, compiled(node, fs.namespace), *calls)


def squares_of_positives(xs):
    x = 10.0  # the comprehension's x is another variable
    return sum([x * x for x in xs if x > 0]) + x


def test_list_comprehension_becomes_a_loop_with_fresh_names():
    check(
        squares_of_positives,
        """
        def squares_of_positives(xs):
            x = 10.0
            items = []
            for x2 in xs:
                if x2 > 0:
                    items.append(x2 * x2)
            return sum(items) + x
    """,
        ([1.0, -2.0, 3.0],),
        ([],),
    )


def generator_in_a_call(xs, w):
    return sum(v * w for v in xs)


def test_a_generator_expression_is_built_as_a_list():
    check(
        generator_in_a_call,
        """
        def generator_in_a_call(xs, w):
            items = []
            for v2 in xs:
                items.append(v2 * w)
            return sum(items)
    """,
        ([1.0, 2.0], 0.5),
    )


def pairs(xs, ys):
    total = 0.0
    for y in ys:
        total = total + sum([a * b for a in xs for b in [y, 2.0 * y] if a != b])
    return total


def test_nested_generators_and_comprehensions_inside_loops():
    check(
        pairs,
        """
        def pairs(xs, ys):
            total = 0.0
            for y in ys:
                items = []
                for a2 in xs:
                    for b2 in [y, 2.0 * y]:
                        if a2 != b2:
                            items.append(a2 * b2)
                total = total + sum(items)
            return total
    """,
        ([1.0, 2.0], [2.0, 3.0]),
    )


def no_comprehension(x):
    return x * 2.0


def test_a_function_without_comprehensions_is_returned_as_it_is():
    node, fs = lowered(no_comprehension)
    assert node is fs.node


def dict_comprehension(xs):
    ys = [2.0 * x for x in xs]
    d = {i: y for i, y in enumerate(ys)}
    return d[0]


def set_comprehension(xs):
    ys = [2.0 * x for x in xs]
    return len({y for y in ys})


def in_while_condition(xs):
    while sum([x for x in xs]) > 1.0:
        xs = [x / 2.0 for x in xs]
    return xs[0]


@pytest.mark.parametrize(
    "fn, words, offset",
    [
        (dict_comprehension, "dict comprehensions are not supported", 2),
        (set_comprehension, "set comprehensions are not supported", 2),
        (in_while_condition, "a comprehension in a while condition is not supported", 1),
    ],
)
def test_refused_comprehensions_are_located(fn, words, offset):
    with pytest.raises(s2s.UnsupportedError, match=words) as info:
        lowered(fn)
    line = read(fn).node.lineno + offset
    assert str(info.value).startswith(f"test_normalize_comprehensions.py:{line}: ")


def only_a_dict_comprehension(xs):
    return sum({i: x for i, x in enumerate(xs)}.values())


def test_a_lone_dict_comprehension_is_left_to_flattening_which_refuses_it():
    """The pass returns early without a list comprehension or generator expression; the dict
    comprehension is then refused by flatten (as an expression it has no method for)."""
    node, fs = lowered(only_a_dict_comprehension)
    assert node is fs.node
    with pytest.raises(s2s.UnsupportedError, match="'DictComp' expressions are not supported"):
        flat(only_a_dict_comprehension)
