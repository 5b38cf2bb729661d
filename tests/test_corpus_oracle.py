"""The corpus (tests/corpus/) through every entry point, checked against the function itself and
against ``s2s.grad`` (whose gradients tests/test_corpus.py checks against finite differences):

* ``value_and_grad``: its value is ``f(*args)`` (with has_aux, ``((value, aux), grads)``, the aux
  the function's own), its gradient ``s2s.grad``'s;
* ``vjp``: ``y`` is ``f(*args)``; the pullback called twice with the same cotangent gives the same
  cotangents, modifies neither the cotangent nor ``y``, and at the ``wrt`` positions gives the
  gradient (cotangent 1 for the output; with has_aux, zeros for the aux);
* every gradient and cotangent is shaped like its argument (``helpers.structure``: a tuple for a
  tuple, a list for a list, a dict with the same keys, arrays of the argument's shape and dtype,
  ``np.zeros_like(arg)`` when structurally zero, a float for a Python float);
* neither entry point modifies the caller's arguments.

Each property is its own parametrized test, so a failure names the property. Every case runs each
entry point once per session (``_once`` keeps the outcome for the tests that read it), and the
derivatives themselves come from s2s's in-memory cache when tests/test_corpus.py made them first.
The cases s2s refuses (``NOT_YET`` in tests/test_corpus.py) must be refused by every entry point
the same way: an S2SError located at a file and line.

``ARGUMENT_CASES`` adds functions taking tuples, lists and dicts (and a NumPy scalar) as the
differentiated arguments; their gradients are also checked against finite differences here,
perturbing every float leaf of the container.
"""

from __future__ import annotations

import numpy as np
import pytest
from corpus import Case, rng
from helpers.numeric import check_grad, positions
from helpers.structure import (
    assert_same_structure,
    assert_tree_close,
    assert_tree_identical,
    copy_tree,
    get_leaf,
    has_float_leaf,
    is_float_leaf,
    leaves,
    map_leaves,
    replace_leaf,
)
from helpers.tiers import sampled
from test_corpus import ATOL, CASES, NOT_YET, RTOL, _assert_same, _case_id, _loss

import s2s

# -- Functions of containers -------------------------------------------------------------------


def mlp_layer_pairs(params, x):
    h = x
    for W, b in params:
        h = np.tanh(W @ h + b)
    return np.sum(h**2)


def mlp_enumerated_pairs(params, x):
    h = x
    total = 0.0
    for i, (W, b) in enumerate(params):
        h = np.tanh(W @ h + b)
        total = total + (i + 1.0) * np.sum(h)
    return total


def polynomial_of_list(coeffs, x):
    total = 0.0
    for k, c in enumerate(coeffs):
        total = total + c * x**k
    return total


def stacked_rows(rows, w):
    M = np.stack(rows)
    return np.sum(np.tanh(M @ w))


def ragged_norms(arrays, scale):
    total = 0.0
    for a in arrays:
        total = total + scale * np.sqrt(np.sum(a**2) + 1.0)
    return total


def affine_of_pair(pair, x):
    scale, shift = pair
    return np.sum((scale * x + shift) ** 2)


def dict_layer(params, x):
    z = params["W"] @ x + params["b"]
    return params["scale"] * np.sum(np.tanh(z))


def dict_with_settings(params, x):
    h = x
    for _ in range(params["steps"]):
        h = np.tanh(params["W"] @ h)
    if params["mode"] == "sum":
        return np.sum(h)
    return np.sum(h**2)


def cubic(x):
    return x**3 - 2.0 * x


def sum_of_squares(xs):
    return sum(v * v for v in xs)


def spring_energy(state):
    return 0.5 * state["k"] * state["x"] ** 2 + 0.5 * np.sum(state["v"] ** 2)


def unused_in_branch(x, w, use_w):
    if use_w:
        return np.sum(x * w)
    return np.sum(x**2)


def _layers(seed, sizes):
    r = rng(seed)
    return tuple((r.normal(size=(m, n)), r.normal(size=m)) for n, m in zip(sizes, sizes[1:]))


ARGUMENT_CASES = [
    Case(
        mlp_layer_pairs,
        lambda: (_layers(2001, (3, 4, 2)), rng(2002).normal(size=3)),
        (0, 1),
        tags=("tuple-arg", "loop"),
    ),
    Case(
        mlp_enumerated_pairs,
        lambda: (_layers(2003, (3, 4, 2)), rng(2004).normal(size=3)),
        0,
        tags=("tuple-arg", "enumerate"),
    ),
    Case(polynomial_of_list, lambda: ([0.5, -1.2, 2.0, 0.3], 1.7), (0, 1), tags=("list-arg",)),
    Case(
        stacked_rows,
        lambda: (list(rng(2005).normal(size=(3, 4))), rng(2006).normal(size=4)),
        (0, 1),
        tags=("list-arg", "stack"),
    ),
    Case(
        ragged_norms,
        lambda: (
            [rng(2007).normal(size=2), rng(2008).normal(size=(3, 2)), rng(2009).normal(size=4)],
            0.8,
        ),
        (0, 1),
        tags=("list-arg",),
    ),
    Case(
        affine_of_pair,
        lambda: ((1.5, rng(2010).normal(size=3)), rng(2011).normal(size=3)),
        0,
        tags=("tuple-arg",),
    ),
    Case(
        dict_layer,
        lambda: (
            {"W": rng(2012).normal(size=(3, 4)), "b": rng(2013).normal(size=3), "scale": 0.7},
            rng(2014).normal(size=4),
        ),
        (0, 1),
        tags=("dict-arg",),
    ),
    Case(
        dict_with_settings,
        lambda: (
            {"W": 0.5 * rng(2015).normal(size=(3, 3)), "steps": 2, "mode": "sum"},
            rng(2016).normal(size=3),
        ),
        0,
        tags=("dict-arg", "static-leaves"),
    ),
    Case(cubic, lambda: (np.float64(3.0),), 0, tags=("numpy-scalar",)),
    Case(sum_of_squares, lambda: ([1.5, -0.5, 2.0],), 0, tags=("list-arg", "single")),
    Case(
        spring_energy,
        lambda: ({"k": 0.5, "x": 1.3, "v": rng(2017).normal(size=3)},),
        0,
        tags=("dict-arg", "single"),
    ),
    Case(
        unused_in_branch,
        lambda: (rng(2018).normal(size=3), rng(2019).normal(size=3), False),
        (0, 1),
        tags=("zero-gradient",),
    ),
]

#: The corpus, a third of it in the default tier (tests/helpers/tiers.py), and the argument cases.
ORACLE_CASES = sampled(CASES, every=3) + [
    pytest.param(case, id=f"args.{case.fn.__name__}") for case in ARGUMENT_CASES
]


# -- Running each entry point once per case ----------------------------------------------------

_outcomes: dict = {}


def _once(kind, case, compute):
    """``compute(case)``, run once per session; its exception re-raised to every later reader."""
    key = (kind, id(case))
    if key not in _outcomes:
        try:
            _outcomes[key] = (True, compute(case))
        except Exception as exc:  # noqa: BLE001 - handed to the tests that need the outcome
            _outcomes[key] = (False, exc)
    ok, value = _outcomes[key]
    if not ok:
        raise value
    return value


def _run_grad(case):
    args = case.make_args()
    result = s2s.grad(case.fn, wrt=case.wrt, has_aux=case.has_aux)(*args)
    return result[0] if case.has_aux else result


def _run_value_and_grad(case):
    args = case.make_args()
    vg = s2s.value_and_grad(case.fn, wrt=case.wrt, has_aux=case.has_aux)
    result = vg(*args)
    assert isinstance(result, tuple) and len(result) == 2, (
        f"value_and_grad returns (value, gradient), got {type(result).__name__} of "
        f"{len(result) if isinstance(result, (tuple, list)) else '?'} items"
    )
    return {"args": args, "result": copy_tree(result)}


def _run_vjp(case):
    args = case.make_args()
    y, pullback = s2s.vjp(case.fn, *args)
    return {"args": args, "y": y, "y_before": copy_tree(y), "pullback": pullback}


def _run_pullback(case):
    run = _once("vjp", case, _run_vjp)
    cotangent = _cotangent(run["y"], case.has_aux)
    before = copy_tree(cotangent)
    first = copy_tree(run["pullback"](cotangent))
    return {"cotangent": cotangent, "cotangent_before": before, "first": first}


def _run_second_pullback(case):
    """The pullback called again with the same cotangent object (after ``_run_pullback``)."""
    pullback = _once("vjp", case, _run_vjp)["pullback"]
    return pullback(_once("pullback", case, _run_pullback)["cotangent"])


def _seed(value):
    """The cotangent 1 of a scalar output, of its type."""
    if isinstance(value, np.ndarray):
        return np.ones_like(value)
    return type(value)(1.0) if isinstance(value, (float, np.generic)) else 1.0


def _cotangent(y, has_aux):
    """1 for the output; with has_aux, zeros for every float leaf of the aux (other leaves as they
    are, helpers.structure's convention)."""
    if not has_aux:
        return _seed(y)
    zeros = map_leaves(
        lambda leaf: (
            (np.zeros_like(leaf) if isinstance(leaf, np.ndarray) else type(leaf)(0.0))
            if is_float_leaf(leaf)
            else leaf
        ),
        y,
    )
    return replace_leaf(zeros, (0,), _seed(y[0]))


def _refused(case, kind, compute):
    """For a NOT_YET case: assert the entry point refuses it as test_corpus.py says."""
    with pytest.raises(s2s.S2SError, match=NOT_YET[_case_id(case)]) as info:
        _once(kind, case, compute)
    assert str(info.value).split(":")[0].endswith(".py"), str(info.value)


def _not_yet(case):
    return _case_id(case) in NOT_YET


def _expected(case):
    """(value, aux) of the function on fresh arguments (aux None without has_aux)."""
    out = case.fn(*case.make_args())
    return (out[0], out[1]) if case.has_aux else (out, None)


def _per_position(case, args, grads):
    """[(position, gradient)] for the case's wrt; asserts the tuple-or-single shape of grads."""
    where, is_tuple = positions(case.fn, args, case.wrt)
    if is_tuple:
        assert isinstance(grads, tuple) and len(grads) == len(where), (
            f"wrt={case.wrt!r} needs a tuple of {len(where)} gradients, got "
            f"{type(grads).__name__} {grads!r:.80}"
        )
        return list(zip(where, grads))
    return [(where[0], grads)]


def _tolerance(leaf):
    single = np.asarray(leaf).dtype in (np.float32, np.float16, np.complex64)
    return (1e-5, 1e-6) if single else (1e-9, 1e-12)


def _assert_gradients_equal(got, expected, args, what):
    """Every float leaf of got equals expected's (``[(position, gradient)]`` lists): values only,
    the structure is test_gradient_structure's business."""
    for (i, g), (_, e) in zip(got, expected):
        for path, leaf in leaves(args[i]):
            if not is_float_leaf(leaf):
                continue
            name = f"#{i}" + "".join(f"[{key!r}]" for key in path)
            try:
                g_leaf, e_leaf = get_leaf(g, path), get_leaf(e, path)
            except (TypeError, KeyError, IndexError) as exc:
                raise AssertionError(
                    f"{what}: no gradient for {name} ({exc!r}); " "see test_gradient_structure"
                ) from None
            assert g_leaf is not None, f"{what}: gradient of {name} is None"
            rtol, atol = _tolerance(leaf)
            np.testing.assert_allclose(
                np.asarray(g_leaf),
                np.asarray(e_leaf),
                rtol=rtol,
                atol=atol,
                err_msg=f"{what}: gradient of {name}",
            )


# -- value_and_grad ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ORACLE_CASES)
def test_value_and_grad_value(case):
    if _not_yet(case):
        return _refused(case, "value_and_grad", _run_value_and_grad)
    value, _ = _once("value_and_grad", case, _run_value_and_grad)["result"]
    expected_value, expected_aux = _expected(case)
    if case.has_aux:
        assert (
            isinstance(value, tuple) and len(value) == 2
        ), f"with has_aux the value is (value, aux), got {type(value).__name__} {value!r:.80}"
        value, aux = value
        _assert_same(aux, expected_aux, "aux of value_and_grad")
    assert_tree_close(value, expected_value, "value of value_and_grad")


@pytest.mark.parametrize("case", ORACLE_CASES)
def test_value_and_grad_gradient_equals_grad(case):
    if _not_yet(case):
        return _refused(case, "value_and_grad", _run_value_and_grad)
    run = _once("value_and_grad", case, _run_value_and_grad)
    grads = _once("grad", case, _run_grad)
    args = case.make_args()
    _assert_gradients_equal(
        _per_position(case, args, run["result"][1]),
        _per_position(case, args, grads),
        args,
        "value_and_grad vs s2s.grad",
    )


@pytest.mark.parametrize("case", ORACLE_CASES)
def test_arguments_unmodified_by_value_and_grad(case):
    if _not_yet(case):
        return _refused(case, "value_and_grad", _run_value_and_grad)
    run = _once("value_and_grad", case, _run_value_and_grad)
    _assert_same(run["args"], case.make_args(), "arguments after value_and_grad")


# -- vjp -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ORACLE_CASES)
def test_vjp_value(case):
    if _not_yet(case):
        return _refused(case, "vjp", _run_vjp)
    run = _once("vjp", case, _run_vjp)
    expected_value, expected_aux = _expected(case)
    y = run["y_before"]
    if case.has_aux:
        assert isinstance(y, tuple) and len(y) == 2, f"y should be (value, aux), got {y!r:.80}"
        _assert_same(y[1], expected_aux, "aux in vjp's y")
        y = y[0]
    assert_tree_close(y, expected_value, "y of vjp")


@pytest.mark.parametrize("case", ORACLE_CASES)
def test_vjp_pullback_repeatable(case):
    if _not_yet(case):
        return _refused(case, "vjp", _run_vjp)
    run = _once("vjp", case, _run_vjp)
    pulled = _once("pullback", case, _run_pullback)
    second = _once("second pullback", case, _run_second_pullback)
    assert_tree_identical(second, pulled["first"], "second pullback vs first")
    _assert_same(pulled["cotangent"], pulled["cotangent_before"], "cotangent after the pullback")
    _assert_same(run["y"], run["y_before"], "y after the pullback")


@pytest.mark.parametrize("case", ORACLE_CASES)
def test_vjp_cotangents_equal_grad(case):
    if _not_yet(case):
        return _refused(case, "vjp", _run_vjp)
    run = _once("vjp", case, _run_vjp)
    first = _once("pullback", case, _run_pullback)["first"]
    args = run["args"]
    assert isinstance(first, tuple) and len(first) == len(
        args
    ), f"a pullback returns one cotangent per primal ({len(args)}), got {first!r:.80}"
    grads = _per_position(case, args, _once("grad", case, _run_grad))
    _assert_gradients_equal([(i, first[i]) for i, _ in grads], grads, args, "vjp vs s2s.grad")


@pytest.mark.parametrize("case", ORACLE_CASES)
def test_arguments_unmodified_by_vjp(case):
    if _not_yet(case):
        return _refused(case, "vjp", _run_vjp)
    run = _once("vjp", case, _run_vjp)
    _once("pullback", case, _run_pullback)
    try:
        _once("second pullback", case, _run_second_pullback)
    except Exception:  # noqa: BLE001 - test_vjp_pullback_repeatable's failure, not this one's
        pass
    _assert_same(run["args"], case.make_args(), "arguments after vjp and its pullbacks")


# -- structure -------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ORACLE_CASES)
def test_gradient_structure(case):
    """grad's and value_and_grad's gradients are shaped like their arguments."""
    if _not_yet(case):
        return _refused(case, "value_and_grad", _run_value_and_grad)
    args = case.make_args()
    for i, g in _per_position(case, args, _once("grad", case, _run_grad)):
        assert_same_structure(g, args[i], f"s2s.grad: gradient of #{i}")
    vg = _once("value_and_grad", case, _run_value_and_grad)["result"][1]
    for i, g in _per_position(case, args, vg):
        assert_same_structure(g, args[i], f"value_and_grad: gradient of #{i}")


@pytest.mark.parametrize("case", ORACLE_CASES)
def test_vjp_cotangent_structure(case):
    """The pullback's cotangents are shaped like their primals (None for non-float ones)."""
    if _not_yet(case):
        return _refused(case, "vjp", _run_vjp)
    args = case.make_args()
    first = _once("pullback", case, _run_pullback)["first"]
    assert isinstance(first, tuple) and len(first) == len(
        args
    ), f"a pullback returns one cotangent per primal ({len(args)}), got {first!r:.80}"
    for i, (c, arg) in enumerate(zip(first, args)):
        if c is None and not has_float_leaf(arg):
            continue  # "None for non-float ones"
        assert_same_structure(c, arg, f"vjp: cotangent of #{i}")


# -- container arguments against finite differences ------------------------------------------------


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=f"args.{c.fn.__name__}") for c in ARGUMENT_CASES]
)
def test_argument_cases_match_finite_differences(case):
    rtol, atol = case.tol or (RTOL, ATOL)
    g = s2s.grad(case.fn, wrt=case.wrt, has_aux=case.has_aux)
    args = case.make_args()
    grads = g(*args)
    _assert_same(args, case.make_args(), "arguments after the derivative ran")
    if case.has_aux:
        grads, aux = grads
        _assert_same(aux, case.fn(*case.make_args())[1])
    check_grad(
        case.fn, case.make_args(), case.wrt, grads, rtol=rtol, atol=atol, output=_loss(case)
    )
