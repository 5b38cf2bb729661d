"""analysis/same_shape.py on generated functions: classes of variables certainly of equal shape,
from single definitions that cannot change a shape (a copy, a unary operator or elementwise
function of one variable, ``h * h``, ``1.0 - h``) and from the contract that an adjoint has its
primal's shape, which holds only for a primal with one shape for the whole function."""

from __future__ import annotations

from helpers.passes import bindings_for, generated

from s2s.analysis.same_shape import shape_classes

BINDINGS = bindings_for("unbroadcast")


def classes(text, adjoints=None):
    return shape_classes(generated(text), BINDINGS, adjoints or {})


def same(found, *names):
    return len({found.get(n, f"<{n} unclassified>") for n in names}) == 1


def test_shape_preserving_definitions_join_a_class():
    found = classes("""
        def f(z, w):
            h = np.tanh(z)
            sq = h * h
            c = 1.0 - h
            n = -c
            s = math.exp(w)
            return sq
    """)
    assert same(found, "z", "h", "sq", "c", "n")
    assert same(found, "w", "s") and not same(found, "z", "w")


def test_products_of_two_variables_matmul_and_calls_of_several_arguments_do_not():
    found = classes("""
        def f(x, W, b):
            z = x @ W
            y = z * b
            m = np.maximum(x, b)
            return y
    """)
    assert not same(found, "z", "x") and not same(found, "y", "z") and not same(found, "m", "x")


def test_a_name_defined_twice_is_never_grouped():
    found = classes("""
        def f(x, v):
            h = np.tanh(x)
            if v:
                h = v
            return h
    """)
    assert not same(found, "h", "x")


def test_an_adjoint_is_shaped_like_its_primal_when_the_primal_has_one_shape():
    """In the loop ``z = z + w`` the parameter ``z`` may be a row and the sum a matrix: ``dz``
    then has the sum's shape, not the parameter's."""
    text = """
        def f(z, w, u, dz, dw, du):
            for i in range(3):
                z = z + w
            v = np.tanh(u)
            return z
    """
    found = classes(text, {"z": "dz", "w": "dw", "u": "du"})
    assert same(found, "w", "dw") and same(found, "u", "du", "v")
    assert not same(found, "z", "dz")
