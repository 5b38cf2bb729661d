"""optimize/specialize.py on generated functions: with the arguments' shape patterns known, the
general shape helpers (``unbroadcast``, ``matmul_dx``/``matmul_dy``, ``zeros_like``,
``expand_reduced``) become the plain NumPy they reduce to, and NumPy reductions on arrays their
methods. Each replacement is checked to compute exactly what the helper computes, on arrays of
those patterns; where the patterns do not decide, the helper stays."""

from __future__ import annotations

import numpy as np
import pytest
from helpers.passes import (
    assert_code,
    assert_same_results,
    bindings_for,
    compiled,
    generated,
    namespace_for,
)

from s2s.analysis.shapes import ANY, N, pattern_of_shape
from s2s.optimize.specialize import specialize_shapes

BINDINGS = bindings_for(
    "unbroadcast", "matmul_dx", "matmul_dy", "zeros_like", "expand_reduced", "even_shares"
)
NAMESPACE = namespace_for(BINDINGS)
RNG = np.random.default_rng(3)


def check(text, expected, shapes, changed=True, patterns=None):
    """Specialize ``text`` to the patterns of ``shapes`` (parameter -> concrete shape), compare
    with ``expected``, and run both versions on random arrays of those shapes."""
    fn = generated(text)
    patterns = patterns or {name: pattern_of_shape(s) for name, s in shapes.items()}
    assert specialize_shapes(fn, BINDINGS, patterns) == changed
    assert_code(fn, expected)
    params = [a.id for a in fn.args.args]
    args = tuple(RNG.normal(size=shapes[p]) for p in params)
    assert_same_results(compiled(generated(text), NAMESPACE), compiled(fn, NAMESPACE), args)


UNBROADCAST = """
    def f(g, b):
        db = unbroadcast(g, b)
        return db
"""


@pytest.mark.parametrize(
    "g, b, result",
    [
        ((5, 3), (3,), "g.sum(axis=0)"),
        ((5, 3), (5, 1), "g.sum(axis=1, keepdims=True)"),
        ((5, 3), (1, 3), "g.sum(axis=0, keepdims=True)"),
        ((2, 5, 3), (5, 3), "g.sum(axis=0)"),
        ((2, 5, 3), (3,), "g.sum(axis=(0, 1))"),
        ((5, 3), (5, 3), "g"),
        ((5, 1), (5, 1), "g"),
    ],
)
def test_unbroadcast_sums_what_broadcasting_added(g, b, result):
    check(UNBROADCAST, UNBROADCAST.replace("unbroadcast(g, b)", result), {"g": g, "b": b})


def test_a_negated_cotangent_is_summed_then_negated():
    check(
        """
        def f(g, b):
            db = unbroadcast(-g, b)
            return db
    """,
        """
        def f(g, b):
            db = -g.sum(axis=0)
            return db
    """,
        {"g": (4, 3), "b": (3,)},
    )


def test_unbroadcast_stays_where_the_patterns_do_not_decide():
    """Leading and stretched axes at once (left to the helper); an axis of unknown length."""
    check(UNBROADCAST, UNBROADCAST, {"g": (2, 5, 3), "b": (5, 1)}, changed=False)
    check(
        UNBROADCAST,
        UNBROADCAST,
        {"g": (5, 3), "b": (5, 3)},
        changed=False,
        patterns={"g": (N, N), "b": (ANY, N)},
    )


MATMUL = """
    def f(dz, x, y):
        dx = matmul_dx(dz, x, y)
        dy = matmul_dy(dz, x, y)
        return dx, dy
"""


@pytest.mark.parametrize(
    "dz, x, y, dx, dy",
    [
        ((4, 2), (4, 3), (3, 2), "dz @ y.T", "x.T @ dz"),
        ((4,), (4, 3), (3,), "dz[:, None] * y", "x.T @ dz"),
        ((2,), (3,), (3, 2), "dz @ y.T", "x[:, None] * dz"),
    ],
)
def test_products_of_matrices_and_vectors(dz, x, y, dx, dy):
    expected = MATMUL.replace("matmul_dx(dz, x, y)", dx).replace("matmul_dy(dz, x, y)", dy)
    check(MATMUL, expected, {"dz": dz, "x": x, "y": y})


def test_the_dot_of_a_vector_with_itself():
    check(
        """
        def f(dz, r):
            dr = matmul_dx(dz, r, r)
            return dr
    """,
        """
        def f(dz, r):
            dr = dz * r
            return dr
    """,
        {"dz": (), "r": (4,)},
    )


def test_reductions_and_transposes_of_arrays_become_methods():
    check(
        """
        def f(x, W):
            s = np.sum(x, axis=1)
            m = np.max(x, axis=0, keepdims=True)
            t = np.transpose(W)
            z = zeros_like(W)
            return s, m, t, z
    """,
        """
        def f(x, W):
            s = x.sum(axis=1)
            m = x.max(axis=0, keepdims=True)
            t = W.T
            z = np.zeros_like(W)
            return (s, m, t, z)
    """,
        {"x": (3, 4), "W": (4, 2)},
    )


def test_unknown_operands_keep_the_general_call():
    check(
        """
        def f(x, v):
            s = np.sum(v, axis=0)
            z = zeros_like(v)
            e = np.sum(x)
            return s, z, e
    """,
        """
        def f(x, v):
            s = np.sum(v, axis=0)
            z = zeros_like(v)
            e = np.sum(x)
            return s, z, e
    """,
        {"x": (), "v": (3,)},
        changed=False,
        patterns={"x": ()},
    )


def test_an_expansion_consumed_by_broadcasting_is_not_materialized():
    """``dexp = expand_reduced(dsum, exp, 1, True)`` read once as ``dexp * exp``: broadcasting
    expands ``dsum`` anyway, so it moves into its reader and the expansion goes."""
    check(
        """
        def f(dsum, exp):
            dexp = expand_reduced(dsum, exp, 1, True)
            dx = dexp * exp
            return dx
    """,
        """
        def f(dsum, exp):
            dx = dsum * exp
            return dx
    """,
        {"dsum": (4, 1), "exp": (4, 3)},
    )
    check(
        """
        def f(g, x):
            dx = expand_reduced(g, x, 1, False)
            return dx
    """,
        """
        def f(g, x):
            dx = expand_reduced(g, x, 1, False)
            return dx
    """,
        {"g": (4,), "x": (4, 3)},
        changed=False,
    )
