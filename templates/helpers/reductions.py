"""Reductions and selections: how a reduced value's cotangent is shared among the entries.

Why: ``sum``/``mean`` spread it evenly, but extrema, norms, products, weighted averages and order
statistics (median, quantiles, partition) weigh each entry differently, and those weights take
more than a line of a rule to compute. Conventions (ties share evenly, zeros in ``prod``) are
documented in ``numpy_reductions.py``.
"""

import numpy as np

from .broadcasting import expand_reduced, tangent_like


def even_shares(mask, x, axis):
    """``mask`` as weights in ``x``'s dtype that sum to 1 over ``axis``.

    Why: the maxima of ``np.max`` share its cotangent evenly when tied (as in JAX), and so do the
    non-NaN entries of ``np.nanmean``. A boolean ``mask`` shaped like ``x`` is cast, not multiplied.
    """
    if isinstance(mask, np.ndarray) and isinstance(x, np.ndarray) and mask.shape == x.shape:
        if mask.dtype.kind == "b":
            weights = mask.astype(x.dtype)
            return weights / weights.sum(axis=axis, keepdims=True)
    weights = mask * np.ones_like(x)
    return weights / np.sum(weights, axis=axis, keepdims=True)


def prod_others(x, axis):
    """For each entry of ``x``, the product of the other entries along ``axis``: d prod / d x.

    Counts zeros instead of dividing by ``x``, so it is exact when ``x`` has zeros.
    """
    nonzero = x != 0
    safe = np.where(nonzero, x, 1)
    p = np.prod(safe, axis=axis, keepdims=True)
    zeros = np.sum(~nonzero, axis=axis, keepdims=True)
    return np.where(nonzero, np.where(zeros == 0, p / safe, 0), np.where(zeros == 1, p, 0))


def norm_grad(x, y, ord, axis):
    """d ``np.linalg.norm(x, ord, axis)`` / dx, given the norm ``y`` broadcast against ``x``.

    Covers the 2-norm / Frobenius norm (``ord`` None or 'fro'), vector p-norms over one axis
    (``ord`` 0 and +-inf included: a max/min of ``|x|`` shares its cotangent among ties, like
    ``np.max``), and the 1- and inf-norms of a matrix (``axis`` None: the max column/row sum of
    ``|x|``); the 2-norm and nuclear norm of a matrix raise rather than guess.
    Where a norm is zero its ``x`` is all zeros, and the gradient there is 0 (the subgradient
    central differences see), not ``0 / 0``: a zero distance that is computed but never used
    (the diagonal of a pairwise-distance matrix) must not turn every gradient into NaN.
    """
    safe = np.where(y == 0, 1.0, y)
    if ord is None or ord == "fro":
        return x / safe
    vector = (np.ndim(x) if axis is None else np.size(axis)) == 1
    if vector and ord == 0:  # a count of nonzero entries: flat
        return np.zeros_like(x)
    if vector and np.isinf(ord):  # max (min) |x|: its sign where it is reached, ties shared
        return np.sign(x) * even_shares(np.abs(x) == y, x, axis)
    if not vector and axis is None and np.ndim(x) == 2 and ord in (1, -1, np.inf, -np.inf):
        sums = np.sum(np.abs(x), axis=0 if abs(ord) == 1 else 1, keepdims=True)
        best = np.max(sums) if ord > 0 else np.min(sums)
        return np.sign(x) * even_shares(sums == best, sums, None)  # the columns (rows) reaching it
    if not vector or ord == 0 or np.isinf(ord):
        raise NotImplementedError(f"derivative of np.linalg.norm with ord={ord!r}")
    return np.sign(x) * np.abs(x) ** (ord - 1) / safe ** (ord - 1)


def weights_along(a, axis, weights):
    """``np.average``'s weights (or a tangent of them) as an array that broadcasts against ``a``.

    Mirrors NumPy: weights shaped unlike ``a`` lie along ``axis`` (one entry per position); no
    weights weigh every entry 1, and a scalar (a tangent's ``0.0``) stays a scalar.
    """
    if weights is None:
        return np.ones_like(a)
    if np.ndim(weights) == 0 or np.shape(weights) == np.shape(a):
        return weights
    axes = tuple(np.atleast_1d(axis) % np.ndim(a))
    w = np.transpose(weights, np.argsort(axes))
    return np.reshape(w, [n if d in axes else 1 for d, n in enumerate(np.shape(a))])


def weights_cotangent(g, a, axis, weights):
    """Adjoint of ``weights_along``: ``g``, shaped like ``a``, summed into ``weights``' layout
    (None without weights: the rule called directly, not inlined, still returns one)."""
    if weights is None or np.shape(weights) == np.shape(a):
        return None if weights is None else g
    axes = tuple(np.atleast_1d(axis) % np.ndim(a))
    g = np.sum(g, axis=tuple(d for d in range(np.ndim(a)) if d not in axes))
    return np.transpose(g, np.argsort(np.argsort(axes)))


def order_weights(a, q, axis, keepdims, skip_nan, method, scale):
    """Weights shaped ``np.shape(q) + a.shape`` such that ``np.quantile(a, q * scale, axis)`` is the
    weighted sum of ``a`` over ``axis`` (per quantile), and the slope of each quantile in ``q``
    (shaped like the result). Linear interpolation between the order statistics ``lo`` and
    ``lo + 1`` at position ``q (n - 1)``: weights ``1 - frac`` and ``frac``, slope
    ``(a_hi - a_lo) (n - 1)``. Tied values share their ranks' weights evenly (as ``np.max``'s do).
    ``skip_nan``: ``n`` counts the non-NaN entries (sorted first), NaN entries get no weight.
    """
    if method != "linear":
        raise NotImplementedError(
            f"s2s differentiates quantiles with method='linear' only, not method={method!r}"
        )
    a = np.asarray(a)
    qs = np.reshape(np.asarray(q, dtype=float) * scale, (-1, 1, 1))
    if axis is None:
        axes = tuple(range(a.ndim))
    else:
        axes = tuple(i % a.ndim for i in (axis if isinstance(axis, tuple) else (axis,)))
    kept = [i for i in range(a.ndim) if i not in axes]
    moved = np.transpose(a, kept + list(axes))
    n = 1
    for i in axes:
        n = n * a.shape[i]
    rows = moved.reshape(-1, n)
    order = np.argsort(rows, axis=-1)[None]
    if skip_nan:
        count = np.sum(~np.isnan(rows), axis=-1, keepdims=True)
    else:
        count = np.full((rows.shape[0], 1), n)
    last = np.maximum(count - 1, 0)
    pos = qs * last
    lo = np.minimum(np.floor(pos), last)
    frac = (pos - lo).astype(a.dtype)
    lo = lo.astype(np.intp)
    hi = np.minimum(lo + 1, last)
    ranked = np.take_along_axis(rows, order[0], axis=-1)
    shares = np.zeros((qs.shape[0],) + rows.shape, a.dtype)  # by rank first
    np.put_along_axis(shares, lo, 1 - frac, axis=-1)
    np.put_along_axis(shares, hi, np.take_along_axis(shares, hi, axis=-1) + frac, axis=-1)
    tied = ranked[:, 1:] == ranked[:, :-1]
    if np.any(tied):  # equal values share their ranks' weights evenly (NaN never ties)
        first = np.zeros((rows.shape[0], 1), np.intp)
        group = np.concatenate([first, np.cumsum(~tied, axis=-1)], axis=-1)
        key = (np.arange(rows.shape[0])[:, None] * n + group).ravel()
        totals = np.zeros((qs.shape[0], rows.size), a.dtype)
        np.add.at(
            totals, (np.arange(qs.shape[0])[:, None], key[None]), shares.reshape(len(qs), -1)
        )
        shares = (totals[:, key] / np.bincount(key, minlength=rows.size)[key]).reshape(
            shares.shape
        )
        shares = shares.astype(a.dtype)
    weights = np.zeros_like(shares)
    np.put_along_axis(weights, np.broadcast_to(order, shares.shape), shares, axis=-1)
    values = np.broadcast_to(ranked[None], shares.shape)
    slope = np.take_along_axis(values, hi, axis=-1) - np.take_along_axis(values, lo, axis=-1)
    slope = (slope * (last * scale)).astype(a.dtype)
    inverse = [0] + [1 + int(i) for i in np.argsort(kept + list(axes))]
    weights = weights.reshape((qs.shape[0],) + moved.shape).transpose(inverse)
    if keepdims:
        out = [1 if i in axes else a.shape[i] for i in range(a.ndim)]
    else:
        out = [a.shape[i] for i in kept]
    if np.ndim(q) == 0:
        return weights[0], slope.reshape(out)
    return weights.reshape(np.shape(q) + a.shape), slope.reshape(np.shape(q) + tuple(out))


def spread_selected(dy, weights, a, axis, keepdims):
    """The cotangent of a weighted selection (``order_weights``) over ``axis``, back on ``a``;
    ``weights`` lead with the shape of the quantile levels, if there are several."""
    lead = np.ndim(weights) - np.ndim(a)
    if lead == 0:
        return expand_reduced(dy, a, axis, keepdims) * weights
    weights = weights.reshape((-1,) + np.shape(a))
    dy = np.reshape(dy, (len(weights),) + np.shape(dy)[lead:])
    total = expand_reduced(dy[0], a, axis, keepdims) * weights[0]
    for i in range(1, len(weights)):
        total = total + expand_reduced(dy[i], a, axis, keepdims) * weights[i]
    return total


def selected_tangent(da, weights, a, axis, keepdims):
    """The tangent of a weighted selection (``order_weights``) over ``axis``."""
    da = tangent_like(da, a)
    lead = np.ndim(weights) - np.ndim(a)
    if lead == 0:
        return np.sum(da * weights, axis=axis, keepdims=keepdims)
    each = [
        np.sum(da * w, axis=axis, keepdims=keepdims) for w in weights.reshape((-1,) + np.shape(a))
    ]
    return np.reshape(np.stack(each), np.shape(weights)[:lead] + np.shape(each[0]))


def quantile_q_cotangent(dy, slope, q):
    """The cotangent of the quantile levels ``q`` (a scalar, or an array of levels that leads
    the result's shape)."""
    if np.ndim(q) == 0:
        return np.sum(dy * slope)
    return np.reshape(dy * slope, np.shape(q) + (-1,)).sum(axis=-1)


def quantile_q_tangent(dq, slope):
    """The tangent contributed by the quantile levels' tangent ``dq``."""
    if type(dq) is float:
        return dq * slope
    return np.reshape(dq, np.shape(dq) + (1,) * (np.ndim(slope) - np.ndim(dq))) * slope


def partition_order(a, y, axis):
    """Indices into ``a`` (flattened for ``axis=None``) along ``axis`` that give ``y``, a
    partitioned ``a``: the k-th smallest of ``y`` is the k-th smallest of ``a``. Exact whatever
    order ``np.partition`` left the other entries in."""
    if axis is None:
        a = np.ravel(a)
        axis = 0
    ranks = np.argsort(np.argsort(y, axis=axis), axis=axis)
    return np.take_along_axis(np.argsort(a, axis=axis), ranks, axis=axis)
