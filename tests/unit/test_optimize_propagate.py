"""optimize/propagate.py on generated functions: copy propagation (``a = b``: later reads of ``a``
use ``b`` until either is reassigned), and forward substitution (a made-up temporary read once,
later in the same block, with nothing in between changing what it reads, moves into its reader)."""

from __future__ import annotations

import numpy as np
from helpers.passes import (
    assert_code,
    assert_same_results,
    bindings_for,
    compiled,
    generated,
    namespace_for,
)

from s2s.optimize.propagate import forward_substitute, propagate_copies

BINDINGS = bindings_for()
NAMESPACE = namespace_for(BINDINGS)


def check(run, text, expected, *calls, changed=True):
    fn = generated(text)
    assert run(fn) == changed
    assert_code(fn, expected)
    assert_same_results(compiled(generated(text), NAMESPACE), compiled(fn, NAMESPACE), *calls)


def test_copies_are_read_through_until_reassigned():
    check(
        lambda fn: propagate_copies(fn, set()),
        """
        def f(x, y):
            a = x
            b = a * 2.0
            a = y
            c = a + 1.0
            x = c
            d = a + x
            return b + c + d
    """,
        """
        def f(x, y):
            a = x
            b = x * 2.0
            a = y
            c = y + 1.0
            x = c
            d = y + c
            return b + c + d
    """,
        (1.5, -0.5),
    )


def test_kept_names_are_read_as_themselves():
    """``keep``: the returned gradients' reads stay."""
    check(
        lambda fn: propagate_copies(fn, {"g"}),
        """
        def f(x):
            g = x
            h = x
            y = g * h
            return g, y
    """,
        """
        def f(x):
            g = x
            h = x
            y = g * x
            return g, y
    """,
        (1.5,),
    )


def test_compound_statements_stop_propagation():
    """A loop rebinding the source ends it (reads inside the loop would see another value on
    later trips)."""
    check(
        lambda fn: propagate_copies(fn, {"g"}),
        """
        def f(x, n):
            g = x
            a = x
            for i in range(n):
                x = x + a
            return g + a + x
    """,
        """
        def f(x, n):
            g = x
            a = x
            for i in range(n):
                x = x + a
            return g + a + x
    """,
        (1.5, 3),
        changed=False,
    )


def test_single_use_temporaries_move_into_their_reader():
    check(
        lambda fn: forward_substitute(fn, {"matmul", "t", "twice"}, BINDINGS),
        """
        def f(x, W):
            matmul = x @ W
            h = np.tanh(matmul)
            t = h * 2.0
            twice = t + t
            return h + twice
    """,
        """
        def f(x, W):
            h = np.tanh(x @ W)
            t = h * 2.0
            return h + (t + t)
    """,
        (np.ones((2, 3)), np.full((3, 2), 0.1)),
    )


def test_user_names_reads_in_between_and_impure_values_stay():
    """``h`` is the user's; ``s`` would cross a write to ``x`` it reads; ``r`` is random, so it
    may not move past another statement; ``u`` is read in a loop (another block)."""
    check(
        lambda fn: forward_substitute(fn, {"s", "r", "u"}, BINDINGS),
        """
        def f(x, n):
            h = x * 2.0
            s = x + 1.0
            x = x * 3.0
            r = np.random.normal(0.0, 0.0)
            y = h + 1.0
            q = s + r + y
            u = q * 2.0
            for i in range(n):
                q = q + u
            return q
    """,
        """
        def f(x, n):
            h = x * 2.0
            s = x + 1.0
            x = x * 3.0
            r = np.random.normal(0.0, 0.0)
            y = h + 1.0
            q = s + r + y
            u = q * 2.0
            for i in range(n):
                q = q + u
            return q
    """,
        (1.5, 2),
        changed=False,
    )
