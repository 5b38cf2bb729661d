"""Sampled curves and polynomials: interpolation, integration, convolution, polynomial values.

Why: these functions read their inputs through a grid or a coefficient layout (``interp``'s
segments, ``trapezoid``'s interval widths, ``convolve``'s modes, ``vander``'s powers), which the
derivative must lay out again. They serve ``numpy_calculus.py`` and ``numpy_polynomial.py``.
"""

import numpy as np

from .broadcasting import unbroadcast


def _segments(x, xp):
    """For each point of ``x``: the index ``i`` of the segment ``xp[i] <= x <= xp[i+1]`` it
    falls in (clamped to the ends) and its position ``t`` in it (not clamped)."""
    xp = np.asarray(xp, dtype=float)
    i = np.clip(np.searchsorted(xp, x, side="right") - 1, 0, max(np.size(xp) - 2, 0))
    width = np.diff(xp)[i] if np.size(xp) > 1 else np.ones_like(i, dtype=float)
    return i, (np.asarray(x, dtype=float) - xp[i]) / width


def interp_slope(x, xp, fp):
    """d np.interp(x, xp, fp) / dx: the slope of ``x``'s segment, 0 outside ``xp``'s range."""
    if np.size(xp) < 2:
        return np.zeros_like(np.asarray(x, dtype=float))
    i, _ = _segments(x, xp)
    slopes = np.diff(np.asarray(fp, dtype=float)) / np.diff(np.asarray(xp, dtype=float))
    inside = (np.asarray(x) >= xp[0]) & (np.asarray(x) <= xp[-1])
    return np.where(inside, slopes[i], 0.0)


def interp_weights(g, x, xp, fp, clamp_left, clamp_right):
    """The cotangent of ``fp`` in ``np.interp(x, xp, fp)``: each point's cotangent split between
    its segment's ends; outside the range it goes to the end value, unless ``left``/``right``
    replaced it (``clamp_left`` False)."""
    x = np.ravel(np.asarray(x, dtype=float))
    g = np.ravel(np.broadcast_to(g, np.shape(x) if np.ndim(g) == 0 else np.shape(g)))
    out = np.zeros(np.shape(fp), dtype=np.result_type(g, fp, float))
    if np.size(xp) < 2:
        out[0] = np.sum(g)
        return out
    i, t = _segments(x, xp)
    below, above = x < xp[0], x > xp[-1]
    inside = ~(below | above)
    np.add.at(out, i, np.where(inside, g * (1.0 - t), 0.0))
    np.add.at(out, i + 1, np.where(inside, g * t, 0.0))
    out[0] += np.sum(g[below]) if clamp_left else 0.0
    out[-1] += np.sum(g[above]) if clamp_right else 0.0
    return out


def trapezoid_weights(y, x, dx, axis):
    """Weights ``w`` with ``np.trapezoid(y, x, dx, axis) == np.sum(w * y, axis)``, shaped to
    broadcast against ``y``: half of each neighbouring interval's width."""
    n = np.shape(y)[axis]
    dtype = np.result_type(y, 0.0)  # y's own float type: float32 stays float32
    if x is None:
        widths = np.full(n - 1, dx, dtype=dtype)
    elif np.ndim(x) == 1:
        widths = np.diff(x)
    else:
        widths = np.moveaxis(np.diff(x, axis=axis), axis, -1)
    w = np.zeros(np.shape(widths)[:-1] + (n,), dtype=dtype)
    w[..., :-1] += widths / 2.0
    w[..., 1:] += widths / 2.0
    if w.ndim > 1:
        return np.moveaxis(w, -1, axis)
    shape = [1] * np.ndim(y)
    shape[axis] = n
    return np.reshape(w, shape)


def convolve_full(g, n, m, mode):
    """The cotangent ``g`` of ``np.convolve(a, v, mode)`` (``len(a) == n``, ``len(v) == m``) placed
    in the full convolution's ``n + m - 1`` entries, zeros where the mode cut them off ('valid'
    keeps entries from ``min(n, m) - 1`` on, 'same' from ``(min(n, m) - 1) // 2``)."""
    if mode == "full":
        return g
    start = min(n, m) - 1 if mode == "valid" else (min(n, m) - 1) // 2
    full = np.zeros(n + m - 1, dtype=np.result_type(g))
    full[start : start + np.size(g)] = g
    return full


def power_columns(x, y, increasing):
    """The exponent of each column of ``y = np.vander(x, N, increasing)``, as a row."""
    powers = np.arange(np.shape(y)[-1])
    return powers if increasing else powers[::-1]


def poly_slope(p, x, y):
    """d ``np.polyval(p, x)`` / dx (``y`` is that value, whose dtype the slope keeps); ``p``'s
    coefficients run along its first axis (its other axes broadcast against ``x``)."""
    p = np.asarray(p)
    n = p.shape[0]
    powers = np.arange(n - 1, 0, -1, dtype=np.result_type(y)).reshape((-1,) + (1,) * (p.ndim - 1))
    return np.polyval(p[:-1] * powers, x)


def polyval_coefficients_cotangent(g, p, x, y):
    """The cotangent of ``p`` in ``y = np.polyval(p, x)`` from ``y``'s (``g``): coefficient ``i``
    multiplies ``x ** (n - 1 - i)``. For a 1-D ``p``, one product with the Vandermonde matrix;
    otherwise per coefficient, summed back to its shape."""
    g = np.broadcast_to(g, np.shape(y))
    if np.ndim(p) == 1:
        powers = np.vander(np.ravel(x), np.size(p)).astype(np.result_type(y))
        return np.ravel(g) @ powers
    n = np.shape(p)[0]
    return np.stack(
        [unbroadcast(g * np.asarray(x) ** (n - 1 - i), np.asarray(p)[i]) for i in range(n)]
    )
