"""The public API: grad, value_and_grad, vjp, source; wrt forms; shapes, dtypes and has_aux.

Every gradient is checked against central finite differences in float64 (helpers.numeric).
"""

from __future__ import annotations

import ast

import fixtures_api as u
import numpy as np
import pytest
from helpers.numeric import check_grad, check_vjp, numeric_grad

import s2s

RNG = np.random.default_rng(0)


def rand(*shape, dtype=np.float64, low=0.5, high=1.5):
    return RNG.uniform(low, high, size=shape).astype(dtype)


# -- grad and wrt ------------------------------------------------------------------------------


def test_grad_default_wrt_is_the_first_parameter():
    g = s2s.grad(u.poly)(1.3, 0.7)
    check_grad(u.poly, (1.3, 0.7), 0, g)


@pytest.mark.parametrize(
    "wrt", [0, 1, -1, -2, "x", "y", (0,), ("y",), (0, 1), (1, 0), ("y", "x"), (0, "y"), ["x", 1]]
)
def test_grad_wrt_position_name_or_tuple(wrt):
    args = (1.3, 0.7)
    grads = s2s.grad(u.poly, wrt=wrt)(*args)
    check_grad(
        u.poly,
        args,
        tuple(wrt) if isinstance(wrt, list) else wrt,
        tuple(grads) if isinstance(wrt, list) else grads,
    )


def test_tuple_wrt_gives_gradients_in_wrt_order():
    args = (1.1, 0.9, 1.7)
    da, dc = s2s.grad(u.three, wrt=(0, 2))(*args)
    dc2, da2 = s2s.grad(u.three, wrt=("c", "a"))(*args)
    check_grad(u.three, args, (0, 2), (da, dc))
    assert (da, dc) == (da2, dc2)


def test_integer_argument_not_differentiated_is_fine():
    g = s2s.grad(u.with_int, wrt="x")(1.7, 3)
    assert g == pytest.approx(3 * 1.7**2 * 2.0, rel=1e-12)
    check_grad(u.with_int, (1.7, 3), 0, g)


def test_keyword_arguments_reach_the_derivative():
    g = s2s.grad(u.poly, wrt="y")
    check_grad(u.poly, (1.3, 0.7), 1, g(x=1.3, y=0.7))
    assert g(y=0.7, x=1.3) == g(1.3, 0.7)


def test_user_helper_is_differentiated_through():
    check_grad(u.uses_helper, (0.8,), 0, s2s.grad(u.uses_helper)(0.8))


def test_closure_values_are_those_of_the_function_given():
    """Two closures share a source (one cache key) but not their values."""
    g2 = s2s.grad(u.make_scaled(2.0))
    g5 = s2s.grad(u.make_scaled(5.0))
    assert g2(1.0) == pytest.approx(4.0)
    assert g5(1.0) == pytest.approx(10.0)
    assert s2s.grad(u.make_scaled(2.0))(1.0) == pytest.approx(4.0)


@pytest.mark.parametrize(
    "fn, expected",
    [(u.logged_square, 2 * 1.5), (u.cached_square, 2 * 1.5), (u.tripled_square, 3 * 2 * 1.5)],
)
def test_decorated_functions_differentiate_what_the_user_calls(fn, expected):
    """A forwarding wrapper is looked through; one that changes the result is differentiated."""
    assert s2s.grad(fn)(1.5) == pytest.approx(expected, rel=1e-14)


def test_decorator_changing_the_result_is_never_silently_ignored():
    try:
        g = s2s.grad(u.doubled_square)(1.5)
    except s2s.S2SError as exc:
        assert "wrapper" in str(exc) and "fixtures_api.py:" in str(exc)
    else:
        assert g == pytest.approx(2 * 2 * 1.5)


def test_grad_of_grad():
    """The output is ordinary source, so s2s reads it again."""
    d2 = s2s.grad(s2s.grad(u.poly))(1.3, 0.7)
    check_grad(s2s.grad(u.poly), (1.3, 0.7), 0, d2, rtol=1e-5)


def test_repeated_grad_reuses_the_derivative(fresh_cache):
    s2s.grad(u.poly)(1.0, 2.0)
    s2s.grad(u.poly)(1.0, 2.0)
    assert s2s.cache.stats["transforms"] == 1
    assert s2s.cache.stats["memory_hits"] == 1


def test_control_flow():
    W, h, xs = rand(3, 3) - 1.0, rand(3), rand(4, 3)
    check_grad(u.rnn, (W, h, xs), (0, 1), s2s.grad(u.rnn, wrt=(0, 1))(W, h, xs))
    for args in ((1.5, 0.7), (0.7, 1.5)):  # both branches, one derivative
        check_grad(u.branchy, args, (0, 1), s2s.grad(u.branchy, wrt=(0, 1))(*args))


@pytest.mark.parametrize("n", [4, 1, 0])
def test_while_loop_overwriting_a_product(n):
    """acc = acc * x in a loop: the adjoint needs acc's value from *before* each step."""
    g = s2s.grad(u.power_loop)(1.3, n)
    check_grad(u.power_loop, (1.3, n), 0, g)


# -- value_and_grad ------------------------------------------------------------------------------


@pytest.mark.parametrize("wrt", [0, "y", (0, 1)])
def test_value_and_grad(wrt):
    args = (1.3, 0.7)
    value, grads = s2s.value_and_grad(u.poly, wrt=wrt)(*args)
    assert value == pytest.approx(u.poly(*args), rel=1e-15)
    check_grad(u.poly, args, wrt, grads)


def test_value_and_grad_numpy():
    args = (rand(3, 4), rand(4, 2), rand(5, 3))
    value, grads = s2s.value_and_grad(u.mlp, wrt=(0, 1))(*args)
    assert value == pytest.approx(u.mlp(*args), rel=1e-12)
    check_grad(u.mlp, args, (0, 1), grads)


# -- vjp ---------------------------------------------------------------------------------------


def test_vjp_pullback_called_several_times():
    x, y = rand(4), rand(4)
    out, pullback = s2s.vjp(u.pointwise, x, y)
    np.testing.assert_allclose(out, u.pointwise(x, y), rtol=1e-15)
    for ct in (np.ones(4), rand(4, low=-2, high=2), np.array([0.0, 3.0, -1.0, 0.5])):
        cotangents = pullback(ct)
        check_vjp(u.pointwise, (x, y), ct, cotangents)
    # the tape is not consumed: the first cotangent again gives the first answer again
    np.testing.assert_array_equal(pullback(np.ones(4))[0], pullback(np.ones(4))[0])


def test_vjp_of_scalar_function():
    args = (1.3, 0.7)
    out, pullback = s2s.vjp(u.poly, *args)
    assert out == pytest.approx(u.poly(*args), rel=1e-15)
    for ct in (1.0, -2.5, 0.25):
        check_vjp(u.poly, args, ct, pullback(ct))


def test_vjp_integer_primal_gets_no_cotangent():
    out, pullback = s2s.vjp(u.with_int, 1.7, 3)
    dx, dn = pullback(1.0)
    assert dn is None
    check_grad(u.with_int, (1.7, 3), 0, dx)


def test_vjp_matrix_pullback_shapes():
    args = (rand(3, 4), rand(4, 2), rand(5, 3))
    out, pullback = s2s.vjp(u.mlp, *args)
    for ct in (1.0, 2.0, -0.5):
        check_vjp(u.mlp, args, ct, pullback(ct))


# -- source ------------------------------------------------------------------------------------


def test_source_of_every_function_s2s_returns():
    """Each function's own source: the one defining its derivative, not another's."""
    functions = {
        "grad": (s2s.grad(u.poly), {"poly_grad"}),
        "value_and_grad": (s2s.value_and_grad(u.poly, wrt=(0, 1)), {"poly_value_and_grad"}),
        "pullback": (s2s.vjp(u.poly, 1.0, 2.0)[1], {"poly_vjp_forward", "poly_vjp_backward"}),
        "grad_aux": (s2s.grad(u.with_aux, has_aux=True), {"with_aux_grad"}),
    }
    for what, (fn, names) in functions.items():
        text = s2s.source(fn)
        assert isinstance(text, str) and text.startswith("# Generated by s2s"), what
        tree = ast.parse(text)
        defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert names <= defined, (what, sorted(defined))


def test_source_of_the_grad_defines_the_function_that_runs():
    g = s2s.grad(u.poly, wrt=(0, 1))
    namespace = {}
    exec(compile(s2s.source(g), "<generated>", "exec"), namespace)
    made = [v for k, v in namespace.items() if k.startswith("poly_grad")]
    assert len(made) == 1
    assert made[0](1.3, 0.7) == g(1.3, 0.7)


def test_source_of_a_foreign_function_is_a_type_error():
    with pytest.raises(TypeError, match="not made by s2s"):
        s2s.source(u.poly)


# -- shapes and dtypes -------------------------------------------------------------------------


def test_float_in_float_out():
    g = s2s.grad(u.poly, wrt=(0, 1))(1.3, 0.7)
    assert all(isinstance(d, float) for d in g)
    g = s2s.grad(u.scalar_math, wrt=(0, 1))(0.4, 1.3)
    assert all(isinstance(d, float) for d in g)
    check_grad(u.scalar_math, (0.4, 1.3), (0, 1), g)


@pytest.mark.parametrize(
    "fn, args",
    [
        (u.np_elementwise, (rand(5),)),
        (u.np_reductions, (rand(4), rand(4))),
        (u.mlp, (rand(3, 4), rand(4, 2), rand(5, 3))),
    ],
)
def test_numpy_functions(fn, args):
    wrt = tuple(range(len(args) - 1)) if fn is u.mlp else 0
    check_grad(fn, args, wrt, s2s.grad(fn, wrt=wrt)(*args))


def test_float32_arrays_get_float32_gradients():
    args = (
        rand(3, 4, dtype=np.float32),
        rand(4, 2, dtype=np.float32),
        rand(5, 3, dtype=np.float32),
    )
    grads = s2s.grad(u.mlp, wrt=(0, 1))(*args)
    assert [g.dtype for g in grads] == [np.float32, np.float32]
    check_grad(u.mlp, args, (0, 1), grads, rtol=2e-4, atol=1e-4)
    x = rand(6, dtype=np.float32)
    g = s2s.grad(u.scaled_sum)(x)
    assert g.dtype == np.float32 and g.shape == (6,)
    check_grad(u.scaled_sum, (x,), 0, g, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("b_shape", [(3, 1), (1, 4), (4,), (1, 1), ()])
def test_broadcasting_is_undone(b_shape):
    b = rand(*b_shape) if b_shape else 0.8
    X = rand(3, 4)
    db, dX = s2s.grad(u.broadcast, wrt=(0, 1))(b, X)
    assert np.shape(db) == b_shape and np.shape(dX) == (3, 4)
    check_grad(u.broadcast, (b, X), (0, 1), (db, dX))


def test_broadcasting_undone_in_float32():
    b, X = rand(3, 1, dtype=np.float32), rand(3, 4, dtype=np.float32)
    db = s2s.grad(u.broadcast)(b, X)
    assert db.shape == (3, 1) and db.dtype == np.float32
    check_grad(u.broadcast, (b, X), 0, db, rtol=1e-4, atol=1e-4)


# -- has_aux -----------------------------------------------------------------------------------


def test_grad_has_aux():
    x, y = rand(3), rand(3)
    g, aux = s2s.grad(u.with_aux, has_aux=True)(x, y)
    assert aux["tag"] == "aux" and aux["norm"] == pytest.approx(np.sum(x))
    check_grad(u.with_aux, (x, y), 0, g, output=lambda r: r[0])


def test_grad_has_aux_tuple_wrt():
    x, y = rand(3), rand(3)
    grads, aux = s2s.grad(u.with_aux, wrt=(0, 1), has_aux=True)(x, y)
    assert isinstance(grads, tuple) and len(grads) == 2 and aux["tag"] == "aux"
    check_grad(u.with_aux, (x, y), (0, 1), grads, output=lambda r: r[0])


def test_value_and_grad_has_aux():
    x, y = rand(3), rand(3)
    (value, aux), g = s2s.value_and_grad(u.with_aux, wrt="y", has_aux=True)(x, y)
    assert value == pytest.approx(u.with_aux(x, y)[0], rel=1e-14)
    assert aux["norm"] == pytest.approx(np.sum(x))
    check_grad(u.with_aux, (x, y), 1, g, output=lambda r: r[0])


# -- the checker itself must be able to fail ----------------------------------------------------


def test_check_grad_catches_a_wrong_gradient():
    with pytest.raises(AssertionError):
        check_grad(u.poly, (1.3, 0.7), 0, 1.01 * numeric_grad(u.poly, (1.3, 0.7), 0))
    with pytest.raises(AssertionError, match="dtype"):
        check_grad(u.scaled_sum, (rand(3, dtype=np.float32),), 0, 2.0 + 2 * rand(3))
    with pytest.raises(AssertionError, match="shape"):
        check_grad(u.broadcast, (rand(3, 1), rand(3, 4)), 0, np.ones((3, 4)))
    with pytest.raises(AssertionError, match="tuple"):
        check_grad(u.poly, (1.3, 0.7), (0,), 1.0)


def test_check_vjp_catches_a_dropped_or_wrong_cotangent():
    """A pullback that drops a float primal's cotangent (None) or gets one wrong fails the check;
    None stays right for a primal without floats (an int)."""
    args = (1.3, 0.7)
    right = (numeric_grad(u.poly, args, 0), numeric_grad(u.poly, args, 1))
    check_vjp(u.poly, args, 1.0, right)
    with pytest.raises(AssertionError, match="None"):
        check_vjp(u.poly, args, 1.0, (right[0], None))
    with pytest.raises(AssertionError, match="None"):
        check_vjp(u.poly, args, 1.0, (None, None))
    with pytest.raises(AssertionError):
        check_vjp(u.poly, args, 1.0, (right[0], 1.01 * right[1]))
    with pytest.raises(AssertionError):
        check_vjp(u.poly, args, 2.0, right)  # the cotangent scales the result
    arrays = (rand(4), rand(4))
    dx = numeric_grad(u.pointwise, arrays, 0, output=lambda y: float(np.sum(y)))
    check_vjp(
        u.pointwise,
        arrays,
        np.ones(4),
        (dx, numeric_grad(u.pointwise, arrays, 1, output=lambda y: float(np.sum(y)))),
    )
    with pytest.raises(AssertionError, match="None"):
        check_vjp(u.pointwise, arrays, np.ones(4), (dx, None))
    check_vjp(u.with_int, (1.7, 3), 1.0, (numeric_grad(u.with_int, (1.7, 3), 0), None))
