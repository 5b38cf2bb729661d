"""What a gradient (or a cotangent) must look like, given the argument it belongs to.

The convention s2s follows, as JAX does for pytrees:

* a container argument gets a container of the same type: a tuple a tuple, a list a list of the
  same length, a dict a dict with the same keys (a namedtuple the same namedtuple), recursively;
* a *float leaf* (a floating or complex ``ndarray``, a Python float, a NumPy floating scalar) gets
  a gradient of the same kind, shape and dtype: an ``ndarray`` for an ``ndarray`` (a 0-d one for a
  0-d one), a float for a Python float (``isinstance(g, float)``: a ``np.float64`` is one too), a
  NumPy scalar of the same dtype for a NumPy scalar (a Python float will do for ``np.float64``).
  A gradient that is structurally zero (the argument never reaches the output) is
  ``np.zeros_like(arg)`` for an array, never the float ``0.0``;
* every other leaf (an int, a bool, a string, None, an integer or boolean ``ndarray``, any other
  object) is *static*: it has no gradient and its entry is the primal leaf itself, unchanged
  (equal to it, of the same type and dtype), like ``jax``'s static leaves.

``assert_same_structure(grad, arg)`` checks exactly that; the other helpers walk such trees.
"""

from __future__ import annotations

import numpy as np

CONTAINERS = (tuple, list, dict)


def is_float_leaf(value) -> bool:
    """A leaf that has a gradient: a floating or complex array or scalar (bools and ints not)."""
    if isinstance(value, (bool, int)) and not isinstance(value, np.generic):
        return False
    if isinstance(value, (float, complex)):
        return True
    return isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind in "fc"


def has_float_leaf(value) -> bool:
    """True when some leaf of ``value`` (a leaf or a container) is a float leaf."""
    return any(is_float_leaf(leaf) for _, leaf in leaves(value))


def _items(value):
    if isinstance(value, dict):
        return list(value.items())
    return list(enumerate(value))


def _rebuild(container, items):
    """A container of ``container``'s type holding ``items`` (the values, in order)."""
    if isinstance(container, dict):
        return type(container)(zip(container.keys(), items))
    if isinstance(container, tuple) and hasattr(container, "_fields"):  # a namedtuple
        return type(container)(*items)
    return type(container)(items)


def leaves(value, path=()):
    """``(path, leaf)`` for every leaf of ``value``, depth first; a path is a tuple of indices and
    keys (``()`` for a leaf given alone)."""
    if isinstance(value, CONTAINERS):
        for key, item in _items(value):
            yield from leaves(item, path + (key,))
    else:
        yield path, value


def get_leaf(value, path):
    for key in path:
        value = value[key]
    return value


def replace_leaf(value, path, leaf):
    """A copy of ``value`` with the leaf at ``path`` replaced: the containers on the path are new,
    everything else is shared."""
    if not path:
        return leaf
    key, rest = path[0], path[1:]
    items = [replace_leaf(item, rest, leaf) if k == key else item for k, item in _items(value)]
    return _rebuild(value, items)


def map_leaves(fn, value):
    """``value`` with every leaf replaced by ``fn(leaf)``, containers rebuilt (new objects)."""
    if isinstance(value, CONTAINERS):
        return _rebuild(value, [map_leaves(fn, item) for _, item in _items(value)])
    return fn(value)


def _label(where):
    return where or "gradient"


def assert_same_structure(grad, arg, where: str = "gradient"):
    """Assert ``grad`` is shaped like ``arg`` per the convention of this module's docstring.

    ``where`` names the value in the messages (``gradient of #0``); items add ``[i]`` / ``['k']``.
    """
    if isinstance(arg, CONTAINERS):
        kind = type(arg).__name__
        assert type(grad) is type(arg), (
            f"{where}: a {kind} argument needs a {kind} gradient, got {type(grad).__name__} "
            f"{_short(grad)}"
        )
        if isinstance(arg, dict):
            assert set(grad) == set(
                arg
            ), f"{where}: keys {sorted(map(repr, grad))} != argument's {sorted(map(repr, arg))}"
            for key in arg:
                assert_same_structure(grad[key], arg[key], f"{where}[{key!r}]")
        else:
            assert len(grad) == len(
                arg
            ), f"{where}: length {len(grad)} != argument's length {len(arg)}"
            for i, (g, a) in enumerate(zip(grad, arg)):
                assert_same_structure(g, a, f"{where}[{i}]")
        return
    if is_float_leaf(arg):
        _assert_float_leaf(grad, arg, where)
    else:
        _assert_static_leaf(grad, arg, where)


def _assert_float_leaf(grad, arg, where):
    if isinstance(arg, np.ndarray):
        if not isinstance(grad, np.ndarray):
            zero = (
                " (a structurally zero gradient must be np.zeros_like(arg))"
                if (grad is None or (np.ndim(grad) == 0 and grad == 0))
                else ""
            )
            raise AssertionError(
                f"{where}: an array argument of shape {arg.shape} and dtype {arg.dtype} needs an "
                f"ndarray gradient, got {type(grad).__name__} {_short(grad)}{zero}"
            )
        assert (
            grad.shape == arg.shape
        ), f"{where}: gradient shape {grad.shape} != argument shape {arg.shape}"
        assert (
            grad.dtype == arg.dtype
        ), f"{where}: gradient dtype {grad.dtype} != argument dtype {arg.dtype}"
        return
    if isinstance(arg, np.generic) and type(arg) is not np.float64:
        assert isinstance(grad, np.generic) and grad.dtype == arg.dtype, (
            f"{where}: a NumPy {arg.dtype} scalar argument needs a {arg.dtype} scalar gradient, "
            f"got {type(grad).__name__} {_short(grad)}"
        )
        return
    # A Python float (or np.float64, which is one), or a Python complex.
    kind = type(arg).__name__ if isinstance(arg, np.generic) else "Python float"
    expected = complex if isinstance(arg, complex) else float
    assert isinstance(grad, expected) and not isinstance(grad, np.ndarray), (
        f"{where}: a {kind} argument needs a {expected.__name__} gradient, got "
        f"{type(grad).__name__} {_short(grad)}"
    )


def _assert_static_leaf(grad, arg, where):
    message = (
        f"{where}: the entry of a non-float leaf must be the leaf itself "
        f"({type(arg).__name__} {_short(arg)}), got {type(grad).__name__} {_short(grad)}"
    )
    assert type(grad) is type(arg), message
    if isinstance(arg, np.ndarray):
        assert (
            grad.dtype == arg.dtype and grad.shape == arg.shape and np.array_equal(grad, arg)
        ), message
    elif arg is None:
        assert grad is None, message
    else:
        try:
            same = bool(grad == arg)
        except Exception:  # noqa: BLE001 - an object whose == does not give a truth value
            same = grad is arg
        assert same, message


def assert_tree_close(got, expected, where: str = "value", rtol=None, atol=None):
    """``got`` equals ``expected``: the same containers (types, lengths, keys), float leaves close
    (``rtol``/``atol``; by default tight, looser for float32), arrays vs scalars kept apart (an
    ``ndarray`` for an ``ndarray``, of the same shape and dtype), other leaves equal."""
    if isinstance(expected, CONTAINERS):
        assert type(got) is type(
            expected
        ), f"{where}: {type(got).__name__} {_short(got)} != {type(expected).__name__}"
        if isinstance(expected, dict):
            assert set(got) == set(expected), f"{where}: keys {list(got)} != {list(expected)}"
            pairs = [(got[k], expected[k], f"{where}[{k!r}]") for k in expected]
        else:
            assert len(got) == len(expected), f"{where}: length {len(got)} != {len(expected)}"
            pairs = [(g, e, f"{where}[{i}]") for i, (g, e) in enumerate(zip(got, expected))]
        for g, e, w in pairs:
            assert_tree_close(g, e, w, rtol, atol)
        return
    if is_float_leaf(expected):
        assert isinstance(got, np.ndarray) == isinstance(expected, np.ndarray), (
            f"{where}: got {type(got).__name__} {_short(got)}, expected "
            f"{type(expected).__name__} {_short(expected)}"
        )
        assert np.shape(got) == np.shape(
            expected
        ), f"{where}: shape {np.shape(got)} != {np.shape(expected)}"
        dtype = np.asarray(expected).dtype
        assert np.asarray(got).dtype == dtype, f"{where}: dtype {np.asarray(got).dtype} != {dtype}"
        single = dtype in (np.float32, np.float16, np.complex64)
        r = rtol if rtol is not None else (1e-5 if single else 1e-10)
        a = atol if atol is not None else (1e-6 if single else 1e-12)
        np.testing.assert_allclose(got, expected, rtol=r, atol=a, equal_nan=True, err_msg=where)
        return
    _assert_static_leaf(got, expected, where)


def assert_tree_identical(got, expected, where: str = "value"):
    """Like ``assert_tree_close`` with no tolerance: the very same numbers (NaNs in place)."""
    assert_tree_close(got, expected, where, rtol=0.0, atol=0.0)


def copy_tree(value):
    """A deep copy of the containers and arrays of ``value`` (to check it is left unmodified)."""
    return map_leaves(lambda leaf: leaf.copy() if isinstance(leaf, np.ndarray) else leaf, value)


def _short(value, limit: int = 80) -> str:
    text = repr(value).replace("\n", " ")
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
