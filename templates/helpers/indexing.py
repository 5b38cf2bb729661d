"""Moving entries around: gathers, scatters, joins, splits, pads, element stores.

Why: the derivative of a function that only moves entries moves the cotangent back: scatter it
to where each entry came from (added, so an entry read twice gets both shares), cut a
concatenation into its pieces, strip a padding. These serve ``numpy_shape.py`` and
``numpy_constructors.py``, and ``last_writes`` the transform's ``x[index] = v``.
"""

import numpy as np


def flat_positions(x):
    """Each entry's flat index, shaped like ``x``: gathering it records where outputs came from."""
    return np.reshape(np.arange(np.size(x)), np.shape(x))


def scatter_add(g, source, x):
    """Cotangent of a gather from ``x``: add each entry of ``g`` at its flat position ``source``.

    Why ``np.add.at``: an entry gathered twice (``np.repeat``, repeated indices) gets both shares.
    """
    dx = np.zeros_like(x, shape=np.size(x))
    np.add.at(dx, source, g)
    return np.reshape(dx, np.shape(x))


def inverse_axes(axes, x):
    """The permutation undoing ``np.transpose(x, axes)``."""
    return np.argsort(np.mod(axes, np.ndim(x)))


def split_like(g, arrays, axis):
    """Cut the cotangent ``g`` of a concatenation along ``axis`` into pieces shaped like ``arrays``.

    Piece sizes come from element counts, so this also serves hstack/vstack, which promote their
    inputs to 1-D/2-D first; ``axis=None`` means the inputs were flattened.
    """
    if axis is None:
        g, axis = np.ravel(g), 0
    per_slice = np.size(g) // np.shape(g)[axis]
    ends = np.cumsum([np.size(a) // per_slice for a in arrays])
    return [np.reshape(p, np.shape(a)) for p, a in zip(np.split(g, ends[:-1], axis=axis), arrays)]


def parts_like(g, parts):
    """The cotangents of the arrays ``np.split`` returned, each shaped like its part: an entry
    the loss never reached is a placeholder ``0.0`` in a list cotangent."""
    return [d if np.shape(d) == np.shape(p) else np.zeros_like(p) for d, p in zip(g, parts)]


def unstack_like(g, a):
    """``g`` split like the nested list ``a`` that ``np.array(a)`` stacked (an array gets ``g``)."""
    if isinstance(a, (list, tuple)):
        return [unstack_like(gi, ai) for gi, ai in zip(g, a)]
    return g


def pad_axis(g, n, axis):
    """``g`` with ``n`` zeros added at both ends of ``axis``."""
    width = [(0, 0)] * np.ndim(g)
    width[axis] = (n, n)
    return np.pad(g, width)


def unpad(g, pad_width):
    """The part of ``np.pad(x, pad_width)``'s cotangent ``g`` that came from ``x``."""
    widths = np.broadcast_to(pad_width, (np.ndim(g), 2))
    return g[tuple(slice(lo, n - hi) for (lo, hi), n in zip(widths, np.shape(g)))]


def last_writes(g, x, index):
    """``g[index]`` for the store ``x[index] = v``, zero where a later entry of the same store
    writes the same element: with repeated indices (``y[[0, 0, 1]] += v``) NumPy keeps only the
    last value written, so only that entry of ``v`` reaches the output."""
    written = np.reshape(np.arange(np.size(x)), np.shape(x))[index]
    flat = np.ravel(written)
    _, first_from_end = np.unique(flat[::-1], return_index=True)
    kept = np.zeros(flat.size, dtype=bool)
    kept[flat.size - 1 - first_from_end] = True
    return np.where(np.reshape(kept, np.shape(written)), g[index], 0)


def astype_cotangent(dy, x, y):
    """d ``x.astype(dtype)`` / dx: the cotangent back in ``x``'s dtype; zero through a cast to
    integers or booleans (it rounds: flat almost everywhere)."""
    if np.result_type(y).kind not in "fc":
        return np.zeros_like(x)
    return np.asarray(dy).astype(np.result_type(x), copy=False)


def meshgrid_cotangent(g, xs, k, indexing):
    """The cotangent of ``xs[k]`` in ``np.meshgrid(*xs, indexing=indexing)`` from the grids'
    cotangents ``g``: grid ``k`` repeats ``xs[k]`` along every axis but its own (axis ``k``, the
    first two swapped for ``indexing="xy"``), so sum over those."""
    gk = g[k]
    if not isinstance(gk, np.ndarray):  # that grid was not used: a 0.0 placeholder
        return np.zeros_like(xs[k], dtype=np.result_type(xs[k], float))
    axis = 1 - k if indexing == "xy" and len(xs) >= 2 and k < 2 else k
    others = tuple(a for a in range(gk.ndim) if a != axis)
    return gk.sum(axis=others).reshape(np.shape(xs[k]))
