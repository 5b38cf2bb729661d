"""Central finite differences in float64, to check every gradient s2s computes.

Usage::

    from helpers.numeric import check_grad, check_vjp, numeric_grad

    g = s2s.grad(f, wrt=(0, "b"))(x, b, c)
    check_grad(f, (x, b, c), wrt=(0, "b"), grads=g)

``check_grad`` also checks what s2s promises about the *structure* of the result: a tuple for a
tuple ``wrt``, a single gradient otherwise, each shaped like its argument
(``helpers.structure.assert_same_structure``: its shape and dtype, a Python float for a Python
float, and for a tuple, list or dict argument the same container, recursively).

Container arguments are differentiated leaf by leaf: every float leaf of a tuple, list or dict
(nested too) is perturbed in turn; the finite-difference gradient has the argument's structure,
its non-float leaves left as they are.
"""

from __future__ import annotations

import inspect

import numpy as np

from .structure import (
    CONTAINERS,
    assert_same_structure,
    has_float_leaf,
    is_float_leaf,
    leaves,
    map_leaves,
    replace_leaf,
)

EPS = 1e-6  # relative step: truncation ~EPS**2, round-off ~1e-16/EPS, both far below rtol


def positions(f, args, wrt) -> tuple[tuple[int, ...], bool]:
    """``wrt`` (a position, a parameter name, or a tuple of them) -> positions, is_tuple."""
    names = list(inspect.signature(f).parameters)
    is_tuple = isinstance(wrt, (tuple, list))
    out = []
    for item in (wrt if is_tuple else (wrt,)):
        i = names.index(item) if isinstance(item, str) else item
        out.append(i % len(args) if i < 0 else i)
    return tuple(out), is_tuple


def as_float64(value):
    """A float64 copy of a float argument (of each float leaf of a tuple, list or dict, in new
    containers); other arguments unchanged."""
    if isinstance(value, CONTAINERS):
        return map_leaves(as_float64, value)
    if isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return float(value)
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind == "f":
        return np.array(value, dtype=np.float64)
    return value


def _scalar(value) -> float:
    arr = np.asarray(value, dtype=np.float64)
    if arr.shape != ():
        raise AssertionError(f"finite differences need a scalar output, got shape {arr.shape}")
    return float(arr)


def numeric_grad(f, args, i, eps=EPS, output=_scalar):
    """d output(f(*args)) / d args[i], by central differences in float64.

    For a tuple, list or dict ``args[i]``: the same structure, each float leaf replaced by the
    derivative with respect to it (a float for a Python float, an array for an array), every other
    leaf kept as it is."""
    args = [as_float64(a) for a in args]
    if isinstance(args[i], CONTAINERS):
        container = args[i]
        grad = container
        for path, leaf in leaves(container):
            if not is_float_leaf(leaf):
                continue

            def at_leaf(*moved_args, path=path):
                moved = list(moved_args)
                moved[i] = replace_leaf(container, path, moved[i])
                return f(*moved)

            leaf_args = list(args)
            leaf_args[i] = leaf
            grad = replace_leaf(grad, path, numeric_grad(at_leaf, leaf_args, i, eps, output))
        return grad
    x = args[i]
    scalar = np.ndim(x) == 0
    base = np.array(x, dtype=np.float64).reshape(-1) if not scalar else np.array([float(x)])
    grad = np.zeros_like(base)
    for k in range(base.size):
        h = eps * max(1.0, abs(base[k]))
        values = []
        for sign in (1.0, -1.0):
            moved = base.copy()
            moved[k] += sign * h
            args[i] = float(moved[0]) if scalar else moved.reshape(np.shape(x))
            values.append(output(f(*args)))
        grad[k] = (values[0] - values[1]) / (2 * h)
    args[i] = x
    return float(grad[0]) if scalar else grad.reshape(np.shape(x))


def _check_one(name, got, arg, expected, rtol, atol):
    """``got`` is shaped like ``arg`` and close to ``expected`` (finite differences, with
    ``arg``'s structure) at every float leaf."""
    assert_same_structure(got, arg, f"gradient of {name}")
    for path, leaf in leaves(arg):
        if not is_float_leaf(leaf):
            continue
        g, e = got, expected
        for key in path:
            g, e = g[key], e[key]
        item = name + "".join(f"[{key!r}]" for key in path)
        np.testing.assert_allclose(
            np.asarray(g, dtype=np.float64),
            e,
            rtol=rtol,
            atol=atol,
            err_msg=f"gradient of argument {item} differs from finite differences",
        )


def check_grad(f, args, wrt, grads, rtol=1e-6, atol=1e-8, output=_scalar):
    """Assert ``grads`` (what s2s returned for ``wrt``) matches central differences of ``f``.

    ``output`` maps ``f``'s result to the scalar being differentiated (e.g. ``lambda r: r[0]``
    for has_aux functions).  Returns the finite-difference gradients (same structure as grads).
    """
    where, is_tuple = positions(f, args, wrt)
    if is_tuple:
        assert isinstance(grads, tuple), f"tuple wrt needs a tuple of gradients, got {type(grads)}"
        assert len(grads) == len(where), f"{len(where)} gradients expected, got {len(grads)}"
        got = grads
    else:  # the gradient itself (a tuple only for a tuple argument: its structure is checked)
        assert isinstance(args[where[0]], tuple) or not isinstance(
            grads, tuple
        ), "single wrt needs a single gradient, got a tuple"
        got = (grads,)
    expected = []
    for i, g in zip(where, got):
        fd = numeric_grad(f, args, i, output=output)
        _check_one(f"#{i}", g, args[i], fd, rtol, atol)
        expected.append(fd)
    return tuple(expected) if is_tuple else expected[0]


def numeric_vjp(f, args, cotangent, i, eps=EPS):
    """d <cotangent, f(*args)> / d args[i]: the vector-Jacobian product, by finite differences."""
    ct = np.asarray(cotangent, dtype=np.float64)
    return numeric_grad(
        f, args, i, eps, output=lambda y: float(np.sum(np.asarray(y, dtype=np.float64) * ct))
    )


def check_vjp(f, args, cotangent, cotangents, rtol=1e-6, atol=1e-8):
    """Assert a pullback's result (one entry per argument, None for non-float ones) is right.

    ``None`` is accepted only for an argument without a float leaf (an int, a bool, a string, a
    container of those: README, "``None`` for ones without floats"); a float argument's
    cotangent is checked against finite differences, a dropped one (None) is a failure."""
    assert isinstance(cotangents, tuple) and len(cotangents) == len(
        args
    ), f"a pullback returns one cotangent per primal ({len(args)}), got {cotangents!r}"
    for i, (arg, got) in enumerate(zip(args, cotangents)):
        if got is None:
            assert not has_float_leaf(arg), (
                f"cotangent of #{i} is None, but the argument has floats "
                f"({type(arg).__name__}): its cotangent was dropped"
            )
            continue
        _check_one(f"#{i}", got, arg, numeric_vjp(f, args, cotangent, i), rtol, atol)
