"""Shapes of cotangents and tangents: undoing broadcasting and reductions.

Why a module of their own: nearly every rule calls one of these (``unbroadcast`` after any binary
operation, ``expand_reduced`` after any reduction, ``tangent_like`` first thing in a forward rule),
and s2s's shape analysis and specialization (``analysis/shapes.py``, ``optimize/specialize.py``)
know them by name and replace them by plain NumPy where the shapes are known. They are on the hot
path of every generated gradient, so they avoid ``np.shape`` and friends' overhead.
"""

import numpy as np


def unbroadcast(g, x):
    """Sum the cotangent ``g`` down to the shape of ``x``: undoes NumPy broadcasting.

    Why: in ``z = x + y`` the output (and so ``dz``) may be larger than ``x``; the gradient of
    ``x`` must have ``x``'s shape. Nearly every operation calls this, mostly with Python floats or
    equal shapes (``g`` is returned as is), so shapes are read as attributes, not with ``np.shape``.
    """
    shape = () if isinstance(x, float) else x.shape if isinstance(x, np.ndarray) else np.shape(x)
    g_shape = () if isinstance(g, float) else g.shape if isinstance(g, np.ndarray) else np.shape(g)
    if g_shape == shape:
        return g
    lead = len(g_shape) - len(shape)
    axes = tuple(range(lead))
    if g_shape[lead:] == shape:  # only leading axes were added (a bias row, a Python-float x)
        return np.asanyarray(g).sum(axis=axes)  # np.sum(g, axis=axes) without its overhead
    axes += tuple(i for i, n in enumerate(shape, lead) if n == 1)
    return np.asanyarray(g).sum(axis=axes).reshape(shape)


def unbroadcast_each(g, xs):
    """Cotangent of builtin ``sum(xs)``: ``g`` summed to each element's shape (a list of them)."""
    if isinstance(xs, np.ndarray):
        return np.broadcast_to(unbroadcast(g, xs[0]), np.shape(xs))
    return [unbroadcast(g, x) for x in xs]


def expand_reduced(g, x, axis, keepdims):
    """Broadcast the cotangent of a reduction over ``axis`` back to ``x``'s shape (and dtype:
    a Python-float seed must not turn float32 gradients into float64).

    A small ``x`` gets a new array filled with ``g`` (``np.broadcast_to`` costs more than that);
    a large one a read-only broadcast view, which costs no memory traffic.
    """
    if type(g) is float and type(x) is float:
        return g
    if isinstance(x, (list, tuple)):  # np.sum([a, b]) reduced the array NumPy made of them
        x = np.asarray(x)
    dtype = np.result_type(g, x)
    shape = x.shape if isinstance(x, np.ndarray) else np.shape(x)
    if axis is not None and not keepdims and isinstance(g, np.ndarray) and g.ndim:
        kept = list(shape)  # np.expand_dims(g, axis), without its overhead
        for i in axis if isinstance(axis, tuple) else (axis,):
            kept[i] = 1
        g = g.reshape(kept)
    if isinstance(x, np.ndarray) and x.size <= 4096:
        out = np.empty(shape, dtype)
        out[...] = g
        return out
    return np.broadcast_to(g, shape).astype(dtype, copy=False)


def tangent_like(dx, x):
    """The tangent ``dx`` as an array shaped like ``x`` (an inactive input's tangent is ``0.0``).

    Forward rules that reshape, index or contract a tangent call this first. For a list ``x``
    (``np.concatenate``'s input) it returns a list, element by element.
    """
    if isinstance(x, (list, tuple)):
        dxs = dx if isinstance(dx, (list, tuple)) else [dx] * len(x)
        return [tangent_like(d, e) for d, e in zip(dxs, x)]
    if isinstance(dx, (np.ndarray, np.generic)) and dx.shape == np.shape(x):
        return dx
    return np.zeros_like(x) + dx
