"""Derivatives specialized to the shape patterns of their arguments (s2s/dispatch.py,
s2s/analysis/shapes.py, s2s/optimize/specialize.py).

Every pattern a broadcast can take (scalars, 0-d arrays, rows, columns, length-one axes, vectors
against matrices) is checked against central finite differences, and each call with a new
pattern must get its own derivative: a derivative specialized to one pattern and run on another
would be the kind of plausible wrong number s2s must never produce.
"""

from __future__ import annotations

import fixtures_specialize as u
import numpy as np
import pytest
from helpers.numeric import check_grad

import s2s

RNG = np.random.default_rng(7)


def rand(*shape):
    return RNG.uniform(-1.0, 1.0, size=shape)


AFFINE_SHAPES = [  # x, W, b
    ((5, 3), (3, 4), (4,)),
    ((5, 3), (3, 4), (1, 4)),
    ((5, 3), (3, 4), (5, 1)),
    ((5, 3), (3, 4), (5, 4)),
    ((5, 3), (3, 4), ()),
    ((3,), (3, 4), (4,)),
    ((5, 3), (3,), (5,)),
    ((5, 3), (3,), (1,)),
    ((1, 3), (3, 1), (1, 1)),
    ((2, 5, 3), (3, 4), (4,)),  # batched: left to the general helpers
]


@pytest.mark.parametrize("shapes", AFFINE_SHAPES, ids=str)
def test_affine_broadcasts(shapes):
    args = tuple(rand(*s) for s in shapes)
    g = s2s.grad(u.affine_sum, wrt=(0, 1, 2))
    check_grad(u.affine_sum, args, (0, 1, 2), g(*args))


def test_one_gradient_serves_every_pattern_in_turn():
    """The same gradient function, called with one pattern after another (and back)."""
    g = s2s.grad(u.affine_sum, wrt=(0, 1, 2))
    for shapes in AFFINE_SHAPES + AFFINE_SHAPES[::-1]:
        args = tuple(rand(*s) for s in shapes)
        check_grad(u.affine_sum, args, (0, 1, 2), g(*args))


@pytest.mark.parametrize(
    "s",
    [2.5, np.array(2.5), rand(4), rand(1, 4), rand(3, 1), rand(3, 4), rand(1, 1), rand(2, 3, 4)],
    ids=lambda s: str(np.shape(s)),
)
def test_scaling_by_every_broadcastable_shape(s):
    a = rand(3, 4)
    g = s2s.grad(u.scaled, wrt=(0, 1))
    check_grad(u.scaled, (a, s), (0, 1), g(a, s))


@pytest.mark.parametrize(
    "shapes", [((4, 5), (4, 5)), ((5,), (5,)), ((2, 3, 5), (2, 3, 5))], ids=str
)
def test_softmax_cross_entropy(shapes):
    logits, labels = rand(*shapes[0]), np.abs(rand(*shapes[1]))
    g = s2s.grad(u.softmax_xent)
    check_grad(u.softmax_xent, (logits, labels), 0, g(logits, labels))


def test_reductions_become_methods_and_stay_right():
    x, w = rand(4, 3), rand(3)
    g = s2s.grad(u.reductions, wrt=(0, 1))
    check_grad(u.reductions, (x, w), (0, 1), g(x, w))
    code = [
        line
        for line in s2s.source(g, x, w).split("def reductions_grad")[1].splitlines()
        if not line.lstrip().startswith("#")
    ]
    assert "x.max(axis=0)" in "\n".join(code) and "np.max(" not in "\n".join(code)


def test_specialized_source_reads_like_hand_written_numpy():
    x, W, b = rand(5, 3), rand(3, 4), rand(4)
    g = s2s.grad(u.affine_sum, wrt=(0, 1, 2))
    general, special = s2s.source(g), s2s.source(g, x, W, b)
    assert "unbroadcast(" in general and "matmul_dy(" in general
    body = special.split("def affine_sum_grad")[1]
    for helper in ("unbroadcast", "matmul_dx", "matmul_dy"):
        assert helper not in special, helper
    assert "x.T @" in body and "@ W.T" in body and ".sum(axis=0)" in body
    assert "for shapes x: (N, N), W: (N, N), b: (N,)" in special
    g(x, W, b)
    assert g.__s2s_variants__.by_shapes[(x.shape, W.shape, b.shape)].__s2s_source__ == special


def test_keywords_defaults_and_names_like_the_wrappers_own():
    a, b = rand(3), rand(3)
    g = s2s.grad(u.with_reserved_names, wrt=(0, 1, 2))
    grads = g(a, b, 1.5)
    check_grad(u.with_reserved_names, (a, b, 1.5, 2.0), (0, 1, 2), grads)
    assert all(np.allclose(x, y) for x, y in zip(g(a, result=b, shapes=1.5), grads))
    assert isinstance(grads[2], float)


def test_parameters_named_like_builtins():
    t, x = rand(3), rand(3)
    g = s2s.grad(u.builtin_names, wrt=(0, 1, 2))
    check_grad(u.builtin_names, (t, 0.5, x), (0, 1, 2), g(t, 0.5, x))


def test_parameters_named_like_the_wrapper_take_the_general_path():
    x, y = rand(3), rand(3)
    g = s2s.grad(u.s2s_prefixed, wrt=(0, 1))
    check_grad(u.s2s_prefixed, (x, y), (0, 1), g(x, y))


def test_integer_arrays_and_floats_are_still_checked():
    g = s2s.grad(u.scaled, wrt=(0, 1))
    with pytest.raises(s2s.WrtError, match="integer"):
        g(np.arange(3), 2.0)
    with pytest.raises(s2s.WrtError, match="integer"):
        g(rand(3), 2)


def test_vjp_is_specialized_to_its_primals():
    x, W, b = rand(5, 3), rand(3, 4), rand(1, 4)
    y, pullback = s2s.vjp(u.affine_sum, x, W, b)
    dx, dW, db = pullback(1.0)
    check_grad(u.affine_sum, (x, W, b), (0, 1, 2), (dx, dW, db))
    assert "unbroadcast" not in s2s.source(pullback)


PATTERNS = {  # function -> argument shapes, one tuple per call (length-one axes everywhere)
    "center_scale": [
        ((2, 3), (3,)),
        ((1, 3), (1,)),
        ((3, 1), (1, 1)),
        ((1, 1), ()),
        ((4,), (4,)),
        ((2, 1, 3), (1, 3)),
    ],
    "softmax_last": [
        ((3,), ()),
        ((1, 3), (1, 1)),
        ((3, 1), (3, 1)),
        ((1, 1), ()),
        ((2, 3), (2, 1)),
        ((2, 3), (1, 3)),
    ],
    "matvec_loss": [
        ((2, 3), (3,), (2,)),
        ((2, 3), (3, 1), (2, 1)),
        ((1, 3), (3,), ()),
        ((2, 1), (1,), (1,)),
        ((1, 1), (1, 1), (1, 1)),
        ((2, 3), (3, 1), (1, 4)),
        ((3, 3), (3,), (1,)),
    ],
    "vecmat_loss": [
        ((3,), (3, 2)),
        ((1, 3), (3, 2)),
        ((1,), (1, 2)),
        ((1, 1), (1, 1)),
        ((3,), (3, 1)),
        ((2, 3), (3, 1)),
    ],
    "outer_energy": [((3,), (2,)), ((1,), (2,)), ((3,), (1,)), ((1,), (1,))],
    "max_axis1": [
        ((2, 3), (3,)),
        ((2, 1), (1,)),
        ((1, 3), (2, 1)),
        ((1, 1), ()),
        ((3, 1), (1, 1)),
    ],
    "reduce_both": [((2, 3), (3,)), ((1, 1), ()), ((2, 3, 4), (4,)), ((1, 3), (2, 1))],
    "where_broadcast": [((2, 3), (3,)), ((3,), (2, 3)), ((1, 3), (2, 1)), ((), (3,)), ((1,), ())],
    "norms_axis": [
        ((2, 3), (3,)),
        ((1, 3), (2, 3)),
        ((2, 1), (1,)),
        ((3,), (3,)),
        ((1, 1), (1, 1)),
    ],
    "bias_in_loop": [
        ((3,), (3, 3), (3,)),
        ((1, 3), (3, 3), (1, 3)),
        ((2, 3), (3, 3), (3,)),
        ((3,), (3, 3), ()),
        ((1,), (1, 1), (1,)),
        ((4, 1), (1, 1), (1, 1)),
        ((3,), (3, 3), (2, 3)),
    ],
    "sum_keep_times": [((2, 3),), ((1, 3),), ((3, 1),), ((1, 1),), ((3,),), ((2, 3, 4),)],
    "mean_drop_times": [((2, 3), (2, 4)), ((1, 3), (1, 1)), ((2, 1), (2, 1)), ((2, 3), (2, 1))],
    "prod_reduce": [((2, 3),), ((1, 3),), ((3, 1),), ((3,),), ((1, 1),)],
    "accumulate_rows": [
        ((3, 2), (2,)),
        ((3, 2), ()),
        ((3, 2), (1,)),
        ((1, 2), (3, 2)),
        ((3, 1), (2,)),
    ],
    "grow_by_broadcast": [
        ((3,), (2, 3)),
        ((1, 3), (2, 3)),
        ((), (3,)),
        ((2, 1), (2, 3)),
        ((2, 3), (2, 3)),
    ],
    "divide_broadcast": [((2, 3), (3,)), ((3, 1), (1, 3)), ((), (2,)), ((1, 1), (2, 3))],
    "var_and_std": [((2, 3), (3,)), ((1, 3), (1, 3)), ((3, 3), (3, 1))],
    "transpose_mul": [((2, 3), (3, 2)), ((1, 3), (3, 1)), ((3, 1), (1, 3)), ((1, 1), (1, 1))],
}


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_pattern_of(name):
    """One gradient per function, called with every shape listed, then again in reverse order
    (each pattern must find its own derivative, never a neighbour's)."""
    fn = getattr(u, name)
    calls = PATTERNS[name]
    wrt = tuple(range(len(calls[0]))) if len(calls[0]) > 1 else 0
    g = s2s.grad(fn, wrt=wrt)
    for shapes in calls + calls[::-1]:
        args = tuple(np.asarray(rand(*s)) for s in shapes)
        check_grad(fn, args, wrt, g(*args))


@pytest.mark.parametrize(
    "name", ["center_scale", "matvec_loss", "accumulate_rows", "bias_in_loop"]
)
def test_python_floats_and_float32_take_their_own_derivatives(name):
    """The first pattern again with float32 arrays, and with Python floats for the scalars."""
    fn = getattr(u, name)
    calls = [c for c in PATTERNS[name] if () in c] or PATTERNS[name][:1]
    wrt = tuple(range(len(calls[0])))
    g = s2s.grad(fn, wrt=wrt)
    for shapes in calls:
        floats = tuple(float(rand()) if s == () else rand(*s) for s in shapes)
        check_grad(fn, floats, wrt, g(*floats))
        single = tuple(np.asarray(a, dtype=np.float32) for a in floats)
        got = g(*single)
        assert all(np.asarray(d).dtype == np.float32 for d in got), [
            np.asarray(d).dtype for d in got
        ]
        check_grad(fn, single, wrt, got, rtol=2e-3, atol=1e-4)
