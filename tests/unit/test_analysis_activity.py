"""analysis/activity.py on core-form functions: a variable is active when it is varied (depends
differentiably on a ``wrt`` input) and useful (the output depends on it); flow-insensitive, a
fixed point over every assignment, loops and branches included."""

from __future__ import annotations

import numpy as np
from helpers.passes import flat

from s2s.analysis.activity import active_names


def active(fn, wrt):
    node = flat(fn)
    return active_names(node, wrt, [node.body[-1].value.id])


def straight(x, y, n):
    a = x * 2.0
    b = y * 3.0  # varied from y, never useful
    c = a + 1.0
    k = n + 1
    z = c * k
    return z


def test_varied_and_useful():
    assert active(straight, ["x"]) == {"x", "a", "c", "z"}
    assert active(straight, ["y"]) == set(), "y never reaches the output"
    assert active(straight, ["x", "y"]) == {"x", "a", "c", "z"}


def through_nondifferentiable(x, i):
    m = np.argmax(x)  # an index: no derivative flows through it
    big = np.sum(x) > 0.0  # a comparison neither
    shape = x.shape[0]
    item = x[i]  # the index operand carries nothing, the array does
    return item * m * big * shape


def test_indices_comparisons_and_nondifferentiable_calls_carry_nothing():
    """m, big and shape are not varied; sum2 = np.sum(x) is varied, and useful through the
    comparison the output reads (usefulness follows every read): active, a zero adjoint."""
    assert active(through_nondifferentiable, ["x"]) == {"x", "item", "mul", "mul2", "out", "sum2"}
    assert active(through_nondifferentiable, ["i"]) == {"i"}, "i itself, nothing through it"


def carried(x, y):
    s = 0.0
    t = 1.0
    for _ in range(3):
        t = t * 2.0  # never varied
        s = s + x
    u = y
    return s * t


def test_a_loop_carried_value_becomes_active():
    assert active(carried, ["x"]) == {"x", "s", "add", "out"}
    assert active(carried, ["y"]) == set()


def containers(x, w):
    lst = []
    lst.append(x)
    buf = np.zeros(3)
    buf[0] = w
    return lst[0] + np.sum(buf)


def test_appends_and_element_stores_make_the_container_varied():
    assert active(containers, ["x"]) == {"x", "lst", "lst_item", "out"}
    assert active(containers, ["w"]) == {"w", "buf", "sum2", "out"}


def assigned_in_a_branch(x, c):
    y = 0.0
    if c:
        y = x * x
    return y


def test_flow_insensitive_a_name_assigned_anywhere_from_x():
    """On the path that does not take the branch y is not varied: flow-insensitivity may call
    a variable active that is not on some path (a zero adjoint there), never the reverse."""
    assert active(assigned_in_a_branch, ["x"]) == {"x", "y"}
