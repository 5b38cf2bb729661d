"""optimize/scalar_shapes.py on generated functions: ``unbroadcast(g, x)`` goes where ``g``
certainly has ``x``'s shape (both scalars, or an elementwise expression of variables shaped
like ``x``), ``zeros_like(x)`` becomes ``0.0`` where ``x`` is a scalar on every path, and grad's
output check goes where the output is a scalar by its own definitions."""

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

from s2s.optimize.scalar_shapes import drop_scalar_shapes
from s2s.transform.assemble import scalar_check

BINDINGS = bindings_for("unbroadcast", "zeros_like")
NAMESPACE = namespace_for(BINDINGS)


def check(text, expected, *calls, seeds=(), output=None, adjoints=None, check_at=None):
    def parse():
        fn = generated(text)
        if check_at is not None:  # grad's output check on ``output``, as assemble places it
            fn.body.insert(check_at, scalar_check("here.py:1", output, "np"))
        return fn

    fn = parse()
    changed = drop_scalar_shapes(fn, BINDINGS, seeds, output, adjoints)
    assert_code(fn, expected)
    assert_same_results(compiled(parse(), NAMESPACE), compiled(fn, NAMESPACE), *calls)
    return changed


def test_unbroadcast_between_scalars_goes():
    assert check(
        """
        def f(x: float, y, dout=1.0):
            s = math.sin(x)
            dx = unbroadcast(dout * s, x)
            dy = unbroadcast(dout * s, y)
            return dx, dy
    """,
        """
        def f(x: float, y, dout=1.0):
            s = math.sin(x)
            dx = dout * s
            dy = unbroadcast(dout * s, y)
            return (dx, dy)
    """,
        (0.5, 2.0),
        (1.5, np.array(-1.0)),
        seeds={"dout"},
    )


def test_unbroadcast_stays_without_evidence():
    assert not check(
        """
        def f(x, g):
            dx = unbroadcast(g * 2.0, x)
            return dx
    """,
        """
        def f(x, g):
            dx = unbroadcast(g * 2.0, x)
            return dx
    """,
        (np.ones((1, 3)), np.ones((4, 3))),
    )


def test_an_elementwise_expression_of_same_shaped_variables_needs_no_unbroadcast():
    """``h = np.tanh(z)`` has ``z``'s shape, and ``dh`` (an adjoint) has ``h``'s; ``u`` may
    have any shape, and a matrix product any other."""
    check(
        """
        def f(z, dh, u):
            h = np.tanh(z)
            dz = unbroadcast(dh * (1.0 - h * h), z)
            dw = unbroadcast(dh @ h, z)
            du = unbroadcast(dh * u, z)
            return dz, dw, du
    """,
        """
        def f(z, dh, u):
            h = np.tanh(z)
            dz = dh * (1.0 - h * h)
            dw = unbroadcast(dh @ h, z)
            du = unbroadcast(dh * u, z)
            return (dz, dw, du)
    """,
        (np.full((3, 3), 0.5), np.eye(3), np.ones(3)),
        adjoints={"h": "dh"},
    )


def test_zeros_like_becomes_a_float_only_for_a_scalar_on_every_path():
    check(
        """
        def f(a, b, c):
            if c:
                y = math.sin(a)
            z = math.cos(b)
            za = zeros_like(a)
            zb = zeros_like(b)
            return za, zb
    """,
        """
        def f(a, b, c):
            if c:
                y = math.sin(a)
            z = math.cos(b)
            za = zeros_like(a)
            zb = 0.0
            return (za, zb)
    """,
        (0.5, 0.25, True),
        (np.ones(2), 0.25, False),
    )


def test_the_output_check_goes_for_a_scalar_output():
    check(
        """
        def f(x: float):
            out = math.exp(x) * 2.0
            return out
    """,
        """
        def f(x: float):
            out = math.exp(x) * 2.0
            return out
    """,
        (0.5,),
        output="out",
        check_at=1,
    )
    check(
        """
        def f(x):
            out = np.exp(x) * 2.0
            return out
    """,
        """
        def f(x):
            out = np.exp(x) * 2.0
            if np.ndim(out) != 0:
                raise TypeError(f'here.py:1: grad needs a scalar, got shape {np.shape(out)}')
            return out
    """,
        (0.5,),
        output="out",
        check_at=1,
    )
