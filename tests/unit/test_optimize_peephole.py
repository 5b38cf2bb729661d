"""optimize/peephole.py on generated functions: in statements assigning an adjoint only (where
values are floats, so each rewrite is exact), a contribution added twice in a row is added once
doubled, ``a + -b`` reads ``a - b``, ``g / (y * 1.0)`` reads ``g / y``, ``dy * 1.0`` reads ``dy``.
"""

from __future__ import annotations

import gast
import numpy as np
from helpers.passes import (
    assert_code,
    assert_same_results,
    bindings_for,
    compiled,
    generated,
    namespace_for,
)

from s2s.optimize.peephole import simplify_adjoints

ADJOINTS = {"x": "dx", "y": "dy", "z": "dz", "w": "dw"}
NAMESPACE = namespace_for(bindings_for())


def check(text, expected, *calls, changed=True, literal_negatives=False):
    fn = generated(text)
    if literal_negatives:  # -1 as flattening leaves it, a Constant(-1), not -(1)
        fn = _Literals().visit(fn)
    assert simplify_adjoints(fn, ADJOINTS) == changed
    assert_code(fn, expected)
    assert_same_results(compiled(generated(text), NAMESPACE), compiled(fn, NAMESPACE), *calls)


class _Literals(gast.NodeTransformer):
    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, gast.USub) and isinstance(node.operand, gast.Constant):
            return gast.Constant(value=-node.operand.value, kind=None)
        return node


FLOATS = (0.7, 1.3, -2.1, 0.45)
ARRAYS = tuple(np.random.default_rng(0).normal(size=(4, 3)))


def test_a_contribution_added_twice_is_doubled():
    check(
        """
        def f(g, x, b):
            dx = g * x
            dx = dx + g * x
            return dx
    """,
        """
        def f(g, x, b):
            dx = 2.0 * g * x
            return dx
    """,
        FLOATS[:3],
        ARRAYS[:3],
    )


def test_a_contribution_added_twice_to_an_adjoint_is_added_once_doubled():
    """``(dy + E) + E`` -> ``dy + 2.0 * E``: doubling ``E`` is exact, the sum is rounded once
    instead of twice, so the result may differ in the last bit (not exactly the same, as the
    module docstring's 'exact' would have it, but as close as floating point allows)."""
    text = """
        def f(g, y, b):
            dy = b
            dy = dy + g * y
            dy = dy + g * y
            return dy
    """
    fn = generated(text)
    assert simplify_adjoints(fn, ADJOINTS)
    assert_code(
        fn,
        """
        def f(g, y, b):
            dy = b
            dy = dy + 2.0 * g * y
            return dy
    """,
    )
    assert_same_results(
        compiled(generated(text), NAMESPACE),
        compiled(fn, NAMESPACE),
        FLOATS[:3],
        ARRAYS[:3],
        rtol=1e-15,
    )


def test_negations_become_subtractions():
    check(
        """
        def f(g, x, y, b):
            dx = g + -b
            dy = g + -b * x
            dz = g + y * -b
            dw = g + MINUS_ONE * b
            return dx, dy, dz, dw
    """.replace("MINUS_ONE", "-1"),
        """
        def f(g, x, y, b):
            dx = g - b
            dy = g - b * x
            dz = g - y * b
            dw = g - b
            return (dx, dy, dz, dw)
    """,
        FLOATS,
        ARRAYS,
        literal_negatives=True,
    )


def test_multiplications_by_one_point_zero_go():
    check(
        """
        def f(g, x, y, dz):
            dx = g / (y * 1.0)
            dy = dz * 1.0 + x
            return dx, dy
    """,
        """
        def f(g, x, y, dz):
            dx = g / y
            dy = dz + x
            return (dx, dy)
    """,
        FLOATS,
        ARRAYS,
    )


def test_only_adjoint_statements_are_touched():
    """``q`` is not an adjoint (it may be an integer: ``q * 1.0`` converts it); ``g`` is no
    adjoint name either, so ``g * 1.0`` stays."""
    check(
        """
        def f(g, x, y, b):
            q = g + -b
            r = x / (y * 1.0)
            dx = g * 1.0
            return q, r, dx
    """,
        """
        def f(g, x, y, b):
            q = g + -b
            r = x / (y * 1.0)
            dx = g * 1.0
            return (q, r, dx)
    """,
        FLOATS,
        changed=False,
    )


def test_a_term_reading_its_target_is_not_doubled():
    check(
        """
        def f(g, x):
            dx = g * x
            dx = dx + g * dx
            dx = dx + g * dx
            return dx
    """,
        """
        def f(g, x):
            dx = g * x
            dx = dx + g * dx
            dx = dx + g * dx
            return dx
    """,
        FLOATS[:2],
        changed=False,
    )
