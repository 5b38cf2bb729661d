"""normalize/rename_reassigned.py on core-form bodies: each top-level re-definition of a variable
gets its own name (``h``, ``h2``...) and later reads follow it; variables also assigned in a
branch or loop, and arrays stored into (``x[i] = v``), keep their name."""

from __future__ import annotations

import numpy as np
from helpers.passes import (
    assert_code,
    assert_same_results,
    compiled,
    flat,
    function,
    namer_for,
    read,
)

from s2s.normalize.rename_reassigned import rename_reassigned


def check(fn, expected, *calls):
    fs = read(fn)
    namer = namer_for(fs)
    node = flat(fn, namer)
    params = [a.id for a in node.args.args]
    new = function(node, rename_reassigned(node.body, params, namer))
    assert_code(new, expected)
    assert_same_results(fn, compiled(new, fs.namespace), *calls)
    return new


def chain(x):
    h = x * 2.0
    h = h + 1.0
    h = h * h
    return h


def test_each_redefinition_gets_its_own_name():
    check(
        chain,
        """
        def chain(x):
            h = x * 2.0
            add = h + 1.0
            h2 = add
            mul = h2 * h2
            h3 = mul
            return h3
    """,
        (0.5,),
    )


def reassigned_parameter(x, y):
    x = x * y
    y = x + y
    return x * y


def test_parameters_are_definitions_too():
    check(
        reassigned_parameter,
        """
        def reassigned_parameter(x, y):
            mul = x * y
            x2 = mul
            add = x2 + y
            y2 = add
            out = x2 * y2
            return out
    """,
        (1.5, -2.0),
    )


def assigned_in_a_branch(x, c):
    h = x * 2.0
    if c:
        h = h + 1.0
    h = h * h
    return h


def test_a_variable_also_assigned_in_a_branch_keeps_its_name():
    """The reverse transform saves its overwritten values instead."""
    check(
        assigned_in_a_branch,
        """
        def assigned_in_a_branch(x, c):
            h = x * 2.0
            if c:
                add = h + 1.0
                h = add
            mul = h * h
            h = mul
            return h
    """,
        (0.5, True),
        (0.5, False),
    )


def stored_into(x):
    y = np.zeros(2)
    y[0] = x
    y = y * 2.0
    return np.sum(y)


def test_an_array_stored_into_keeps_its_name():
    check(
        stored_into,
        """
        def stored_into(x):
            y = np.zeros(2)
            y[0] = x
            mul = y * 2.0
            y = mul
            out = np.sum(y)
            return out
    """,
        (1.5,),
    )


def unpacked_twice(x):
    a, b = x, 2.0 * x
    a, b = b, a
    return a - b


def test_tuple_targets_are_renamed_and_swaps_read_the_old_names():
    check(
        unpacked_twice,
        """
        def unpacked_twice(x):
            mul = 2.0 * x
            items = (x, mul)
            a, b = items
            items2 = (b, a)
            a2, b2 = items2
            out = a2 - b2
            return out
    """,
        (1.25,),
    )
