"""analysis/scalars.py on generated functions: the names certainly scalars, from ``float``/``int``
annotations, ``math`` calls (which take scalars only), module float constants, numeric literals,
and backwards from a scalar output through elementwise arithmetic; with ``everywhere``, evidence
only from statements on every path and names with one definition."""

from __future__ import annotations

import gast
from helpers.passes import bindings_for, generated

from s2s.analysis.scalars import scalar_expr, scalar_names
from s2s.normalize.bindings import Globals

BINDINGS = bindings_for("unbroadcast")


def scalars(text, seeds=(), everywhere=False, bindings=BINDINGS):
    return scalar_names(generated(text), bindings, seeds, everywhere=everywhere)


def test_annotations_and_math_calls_are_evidence():
    found = scalars("""
        def f(x: float, y, z):
            a = math.sin(y)
            b = a * x + 1.0
            c = np.tanh(z)
            d = b * c
            return d
    """)
    assert {"x", "y", "a", "b"} <= found
    assert not {"z", "c", "d"} & found, "NumPy calls may return arrays"


def test_full_reductions_and_shape_items_are_scalars():
    found = scalars("""
        def f(x):
            s = np.sum(x)
            m = np.sum(x, axis=0)
            n = x.shape[0]
            return s * n
    """)
    assert {"s", "n"} <= found and not {"x", "m"} & found


def test_len_and_float_are_scalars():
    found = scalars("""
        def f(x, xs):
            k = len(xs)
            m = float(x)
            return k * m
    """)
    assert {"k", "m"} <= found


def test_a_scalar_output_makes_its_elementwise_operands_scalars():
    text = """
        def f(a, b, W, v):
            p = a * b
            q = -p
            r = W @ v
            out = q + r
            return out
    """
    assert scalars(text) & {"a", "b", "p", "q", "out"} == set()
    found = scalars(text, seeds={"out"})
    assert {"a", "b", "p", "q", "r", "out"} <= found
    assert not {"W", "v"} & found, "a scalar product of arrays says nothing of the arrays"


def test_every_definition_must_be_scalar():
    found = scalars("""
        def f(x: float, v):
            t = x * 2.0
            if x > 0.0:
                t = v
            u = x + 1.0
            u = u * u
            return t
    """)
    assert "u" in found and "t" not in found


def test_with_everywhere_a_use_on_one_path_proves_nothing():
    text = """
        def f(a, b, c):
            if c:
                y = math.sin(a)
            z = math.cos(b)
            return z
    """
    assert {"a", "b"} <= scalars(text)
    found = scalars(text, everywhere=True)
    assert "b" in found and "a" not in found, "a may be an array where the branch is not taken"


def test_with_everywhere_a_scalar_output_says_nothing_through_a_branch():
    text = """
        def f(a, b, c):
            out = 0.0
            if c:
                out = a * b
            return out
    """
    assert {"a", "b"} <= scalars(text, seeds={"out"})
    assert not {"a", "b"} & scalars(text, seeds={"out"}, everywhere=True)


def test_module_float_constants_and_scalar_expressions():
    bindings = bindings_for("unbroadcast")
    bindings.bind("G", 9.81, "physics")
    bindings.bind("TABLE", [1.0], "physics")
    found = scalars(
        """
        def f(x):
            y = G * 2.0
            z = TABLE
            return y
    """,
        bindings=bindings,
    )
    assert "y" in found and "G" in found and "z" not in found
    expr = gast.parse("unbroadcast(g * h, x)").body[0].value
    assert scalar_expr(expr, {"g", "h", "x"}, bindings)
    assert not scalar_expr(expr, {"g", "h"}, bindings), "shaped like x: x must be a scalar"
    assert not scalar_expr(gast.parse("a @ b").body[0].value, {"a", "b"}, Globals())
