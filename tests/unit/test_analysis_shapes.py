"""analysis/shapes.py on generated functions: shape patterns (``1`` for a length-one axis, ``N``
for any other, ``?`` unknown length, ``()`` a scalar, None unknown) from the arguments' patterns,
flow-insensitively; each claim is checked against NumPy on concrete arrays where it can be."""

from __future__ import annotations

import numpy as np
from helpers.passes import bindings_for, compiled, generated, namespace_for

from s2s.analysis.shapes import ANY, N, broadcast, pattern_of_shape, shape_facts

BINDINGS = bindings_for("unbroadcast", "matmul_dx")


def facts(text, **arguments):
    return shape_facts(generated(text), BINDINGS, arguments).env


def test_patterns_of_shapes_and_of_their_broadcast():
    assert pattern_of_shape((16, 1, 3)) == (N, 1, N) and pattern_of_shape(()) == ()
    assert broadcast((N, 1), (N,)) == (N, N)
    assert broadcast((1, 1), ()) == (1, 1)
    assert broadcast((ANY,), (1,)) == (ANY,) and broadcast((ANY,), (N,)) == (N,)
    assert broadcast((N,), None) is None
    for a, b in [((4, 1), (3,)), ((1, 1), (1, 3)), ((2, 1, 3), (1, 3))]:
        shape = np.broadcast_shapes(a, b)
        assert broadcast(pattern_of_shape(a), pattern_of_shape(b)) == pattern_of_shape(shape)


AFFINE = """
    def f(x, W, b):
        z = x @ W + b
        h = np.tanh(z)
        s = h.sum(axis=0)
        k = np.sum(h, axis=1, keepdims=True)
        t = h.T
        n = x.shape[0]
        total = np.sum(h)
        return total
"""


def test_operators_ufuncs_reductions_and_transposes():
    env = facts(AFFINE, x=(N, N), W=(N, N), b=(N,))
    assert env["z"] == env["h"] == (N, N)
    assert (env["s"], env["k"], env["t"]) == ((N,), (N, 1), (N, N))
    assert env["n"] == () and env["total"] == ()
    fn = compiled(
        generated(AFFINE.replace("return total", "return z, h, s, k, t")), namespace_for(BINDINGS)
    )
    values = fn(np.ones((5, 3)), np.ones((3, 4)), np.ones(4))
    for name, value in zip("zhskt", values):
        assert pattern_of_shape(value.shape) == env[name], name


def test_a_vector_operand_of_matmul_loses_its_axis():
    env = facts(
        """
        def f(A, v, u):
            Av = A @ v
            uA = u @ A
            c = u @ v
            return c
    """,
        A=(N, N),
        v=(N,),
        u=(N,),
    )
    assert (env["Av"], env["uA"], env["c"]) == ((N,), (N,), ())


def test_arrays_the_function_makes():
    env = facts(
        """
        def f(x, n):
            e = np.eye(n)
            z = np.zeros((n, 3))
            l = np.zeros_like(x)
            a = np.arange(3)
            return e
    """,
        x=(N, 1),
    )
    assert (env["e"], env["z"], env["l"], env["a"]) == ((ANY, ANY), (ANY, ANY), (N, 1), (ANY,))


def test_two_definitions_must_agree_and_loops_reach_a_fixed_point():
    env = facts(
        """
        def f(x, b, X):
            y = x
            if x is not None:
                y = b
            h = x
            for row in X:
                h = h + row
            return h
    """,
        x=(N, N),
        b=(N,),
        X=(N, N),
    )
    assert env["y"] is None, "two definitions of different patterns: unknown"
    assert env["row"] == (N,) and env["h"] == (N, N)


def test_anything_not_understood_is_unknown():
    env = facts(
        """
        def f(x, y):
            a = np.linalg.norm(x, axis=0)
            b = some_function(x)
            c = x.reshape(-1)
            d = y * 2.0
            return a
    """,
        x=(N, N),
    )
    assert env["a"] is None and env["b"] is None and env["c"] is None
    assert env["d"] is None, "y has no pattern: unknown, not a scalar"
