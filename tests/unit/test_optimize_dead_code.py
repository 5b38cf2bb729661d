"""optimize/dead_code.py on generated functions: assignments whose value is never read and whose
computation has no effect go (a backward liveness walk); effects, element stores and anything
read stay; loops are conservative (whatever a loop reads anywhere is live throughout it)."""

from __future__ import annotations

import numpy as np
from helpers.passes import (
    assert_code,
    assert_same_results,
    bindings_for,
    canonical,
    compiled,
    generated,
    namespace_for,
)

from s2s.optimize.dead_code import eliminate_dead_code

BINDINGS = bindings_for("unbroadcast")


def check(text, expected, *calls):
    """Run the pass on ``text``: it gives ``expected``, says whether it removed anything, and
    the result computes what ``text`` did for each of ``calls``."""
    fn = generated(text)
    changed = eliminate_dead_code(fn, BINDINGS)
    assert_code(fn, expected)
    assert changed == (canonical(text) != canonical(expected))
    original = compiled(generated(text), namespace_for(BINDINGS))
    assert_same_results(original, compiled(fn, namespace_for(BINDINGS)), *calls)
    return changed


def test_unused_pure_assignments_go_and_effects_stay():
    changed = check(
        """
        def f(x, y):
            a = np.sin(x)
            b = a * 2.0
            c = y + 1.0
            lst = []
            lst.append(c)
            r = np.random.normal(x)
            u = unbroadcast(a, x)
            return b
    """,
        """
        def f(x, y):
            a = np.sin(x)
            b = a * 2.0
            c = y + 1.0
            lst = []
            lst.append(c)
            r = np.random.normal(x)
            return b
    """,
        (0.5, 1.0),
    )
    assert changed


def test_element_stores_and_self_copies():
    check(
        """
        def f(x):
            buf = np.zeros(3)
            buf[0] = x
            x = x
            return buf
    """,
        """
        def f(x):
            buf = np.zeros(3)
            buf[0] = x
            return buf
    """,
        (2.0,),
    )


def test_a_branch_left_empty_goes_with_its_pure_test():
    check(
        """
        def f(x, flag):
            if x > 0.0:
                u = x * 2.0
            else:
                u = x
            if flag:
                w = x
            return x
    """,
        """
        def f(x, flag):
            return x
    """,
        (1.0, True),
        (-1.0, False),
    )


def test_a_value_read_later_in_a_loop_stays():
    """Conservative in loops: ``t`` is read by the next trip, so every assignment to it is
    live (even the last one, which nothing reads)."""
    check(
        """
        def f(x, n):
            t = 0.0
            s = 0.0
            for i in range(n):
                s = s + t
                t = x * i
            return s
    """,
        """
        def f(x, n):
            t = 0.0
            s = 0.0
            for i in range(n):
                s = s + t
                t = x * i
            return s
    """,
        (1.5, 4),
    )


def test_a_loop_over_a_name_left_with_nothing_to_do_goes():
    check(
        """
        def f(x, xs):
            for item in xs:
                t = item * 2.0
            return x
    """,
        """
        def f(x, xs):
            return x
    """,
        (1.0, np.ones(3)),
    )


def test_a_range_loop_left_with_nothing_to_do_goes():
    check(
        """
        def f(x):
            for i in reversed(range(3)):
                t = x * i
            return x
    """,
        """
        def f(x):
            return x
    """,
        (1.0,),
    )
