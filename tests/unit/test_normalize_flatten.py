"""normalize/flatten.py on its own: one operation per statement, named temporaries, ``x += y``
and ``acc = acc * x`` split, conditions kept whole, ``a if c else b`` and ``a or b`` lowered,
every statement keeping its source line; refused constructs located at their line."""

from __future__ import annotations

import numpy as np
import pytest
from helpers.passes import assert_code, assert_same_results, compiled, flat, read

import s2s
from s2s.annotations import Anno, get_anno, has_anno
from s2s.nodes import walk_statements


def nested(x, y):
    return np.tanh(x * y + 1.0) * 2.0


def test_nested_expressions_become_named_temporaries():
    node = flat(nested)
    assert_code(
        node,
        """
        def nested(x, y):
            mul = x * y
            add = mul + 1.0
            tanh = np.tanh(add)
            out = tanh * 2.0
            return out
    """,
    )
    assert_same_results(
        nested, compiled(node, read(nested).namespace), (0.3, 1.7), (np.array([0.5, -1.0]), 2.0)
    )


def augmented(x, y):
    x += y
    x *= x
    return x


def test_augmented_assignment_is_split_and_marked():
    node = flat(augmented)
    assert_code(
        node,
        """
        def augmented(x, y):
            add = x + y
            x = add
            mul = x * x
            x = mul
            return x
    """,
    )
    marks = [get_anno(s, Anno.AUGMENTED) for s in node.body if has_anno(s, Anno.AUGMENTED)]
    assert marks == ["+=", "*="], "transform/views needs to know which statements were in place"
    assert_same_results(augmented, compiled(node, read(augmented).namespace), (1.5, 0.25))


def accumulate(x, n):
    acc = 1.0
    for _ in range(n):
        acc = acc * x
    return acc


def test_a_name_reading_itself_gets_two_names():
    """``acc = acc * x``: the adjoint needs the old and the new value, so they are kept apart."""
    node = flat(accumulate)
    assert_code(
        node,
        """
        def accumulate(x, n):
            acc = 1.0
            for _ in range(n):
                mul = acc * x
                acc = mul
            return acc
    """,
    )
    assert_same_results(accumulate, compiled(node, read(accumulate).namespace), (1.1, 3), (2.0, 0))


def conditions(x, y):
    if x * 2.0 > y and y > 0.0:
        z = x - y
    else:
        z = y
    while z > 10.0:
        z = z / 2.0
    return z


def test_conditions_stay_whole():
    node = flat(conditions)
    assert_code(
        node,
        """
        def conditions(x, y):
            if x * 2.0 > y and y > 0.0:
                z = x - y
            else:
                z = y
            while z > 10.0:
                div = z / 2.0
                z = div
            return z
    """,
    )
    assert_same_results(
        conditions,
        compiled(node, read(conditions).namespace),
        (40.0, 1.0),
        (1.0, 5.0),
        (1.0, -5.0),
    )


def choices(a, b):
    c = a if a > b else -b
    d = a or b
    return c * d


def test_conditional_expression_and_or_become_branches():
    """Each operand chosen carries its derivative: ``a or b`` runs ``b`` only when ``a`` is
    false, as Python does."""
    node = flat(choices)
    assert_code(
        node,
        """
        def choices(a, b):
            if a > b:
                choice = a
            else:
                choice = -b
            c = choice
            choice2 = a
            if not choice2:
                choice2 = b
            d = choice2
            out = c * d
            return out
    """,
    )
    assert_same_results(
        choices, compiled(node, read(choices).namespace), (2.0, 1.0), (0.0, 3.0), (-1.0, 0.5)
    )


def unpack(x, y):
    """A docstring is dropped."""
    a, (b, c) = x, (y, x)
    return a * b + c


def test_nested_unpacking_is_one_level_at_a_time_and_lines_are_kept():
    node = flat(unpack)
    assert_code(
        node,
        """
        def unpack(x, y):
            items = (y, x)
            items2 = (x, items)
            a, item = items2
            b, c = item
            mul = a * b
            out = mul + c
            return out
    """,
    )
    fs = read(unpack)
    first = fs.node.body[1].lineno  # the file's line numbers, not the function's
    lines = [
        get_anno(s, Anno.LINE)[1]
        for s in walk_statements(node.body)
        if not isinstance(s, type(node.body[-1]))
    ]
    assert lines == [first] * 4 + [first + 1] * 2
    assert_same_results(unpack, compiled(node, fs.namespace), (1.5, -2.0))


def with_try(x):
    y = x * 2.0
    try:
        y = y + 1.0
    except ValueError:
        pass
    return y


def walrus_in_condition(x):
    if (y := x * 2.0) > 1.0:
        return y
    return x


@pytest.mark.parametrize(
    "fn, words, offset",
    [
        (with_try, "'try' statements are not supported", 2),
        (walrus_in_condition, "'NamedExpr' expressions are not supported", 1),
    ],
)
def test_refused_constructs_are_located_at_their_line(fn, words, offset):
    fs = read(fn)
    with pytest.raises(s2s.UnsupportedError, match=words) as info:
        flat(fn)
    assert str(info.value).startswith(f"test_normalize_flatten.py:{fs.node.lineno + offset}: ")
