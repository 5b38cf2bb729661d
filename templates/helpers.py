"""Plain functions that rules call; s2s copies the ones a derivative uses into the emitted module.

They must stay self-contained (only ``np`` and ``math``, no s2s imports) so emitted modules run
where s2s is not installed.
"""

import math

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


def matmul_dx(dz, x, y):
    """Cotangent of ``x`` in ``z = x @ y``: ``dz @ y.T``, with 1-D operands and batching undone.

    A 1-D ``y`` is a column and a 1-D ``x`` a row, as ``np.matmul`` treats them. Matrices and
    vectors (the usual case) take the direct products, without the batched machinery.
    """
    if isinstance(x, np.ndarray) and isinstance(y, np.ndarray) and x.ndim <= 2 and y.ndim <= 2:
        if y.ndim == 2:
            return dz @ y.T
        if x.ndim == 2:
            return dz[:, None] * y  # np.outer(dz, y)
        return np.multiply(dz, y, dtype=np.result_type(dz, x, y))  # a dot: z's dtype
    if np.ndim(y) == 1:
        dz, yt = np.expand_dims(dz, -1), np.expand_dims(y, 0)
    else:
        yt = np.swapaxes(y, -1, -2)
    if np.ndim(x) == 1:
        return unbroadcast((np.expand_dims(dz, -2) @ yt)[..., 0, :], x)
    return unbroadcast(dz @ yt, x)


def matmul_dy(dz, x, y):
    """Cotangent of ``y`` in ``z = x @ y``: ``x.T @ dz``, with 1-D operands and batching undone.

    Matrices and vectors (the usual case) take the direct products, as in ``matmul_dx``.
    """
    if isinstance(x, np.ndarray) and isinstance(y, np.ndarray) and x.ndim <= 2 and y.ndim <= 2:
        if x.ndim == 2:
            return x.T @ dz
        if y.ndim == 2:
            return x[:, None] * dz  # np.outer(x, dz)
        return np.multiply(dz, x, dtype=np.result_type(dz, x, y))  # a dot: z's dtype
    if np.ndim(y) == 1:
        dz = np.expand_dims(dz, -1)
    if np.ndim(x) == 1:
        dz, xt = np.expand_dims(dz, -2), np.expand_dims(x, -1)
    else:
        xt = np.swapaxes(x, -1, -2)
    if np.ndim(y) == 1:
        return unbroadcast((xt @ dz)[..., 0], y)
    return unbroadcast(xt @ dz, y)


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


def parts_like(g, parts):
    """The cotangents of the arrays ``np.split`` returned, each shaped like its part: an entry
    the loss never reached is a placeholder ``0.0`` in a list cotangent."""
    return [d if np.shape(d) == np.shape(p) else np.zeros_like(p) for d, p in zip(g, parts)]


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


def pad_axis(g, n, axis):
    """``g`` with ``n`` zeros added at both ends of ``axis``."""
    width = [(0, 0)] * np.ndim(g)
    width[axis] = (n, n)
    return np.pad(g, width)


def unpad(g, pad_width):
    """The part of ``np.pad(x, pad_width)``'s cotangent ``g`` that came from ``x``."""
    widths = np.broadcast_to(pad_width, (np.ndim(g), 2))
    return g[tuple(slice(lo, n - hi) for (lo, hi), n in zip(widths, np.shape(g)))]


def unstack_like(g, a):
    """``g`` split like the nested list ``a`` that ``np.array(a)`` stacked (an array gets ``g``)."""
    if isinstance(a, (list, tuple)):
        return [unstack_like(gi, ai) for gi, ai in zip(g, a)]
    return g


def unbroadcast_each(g, xs):
    """Cotangent of builtin ``sum(xs)``: ``g`` summed to each element's shape (a list of them)."""
    if isinstance(xs, np.ndarray):
        return np.broadcast_to(unbroadcast(g, xs[0]), np.shape(xs))
    return [unbroadcast(g, x) for x in xs]


def dot_axes(a, b):
    """``np.dot`` as ``np.tensordot`` axes: a's last axis with b's second-to-last (or only) axis."""
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return 0
    return (-1, -2 if np.ndim(b) > 1 else -1)


def tensordot_subscripts(a, b, axes):
    """The einsum spelling of ``np.tensordot(a, b, axes)``, e.g. ``'abc,bcd->ad'``."""
    na, nb = np.ndim(a), np.ndim(b)
    if np.ndim(axes) == 0:
        axes = (range(na - axes, na), range(axes))
    sa, sb = list("abcdefghijklm"[:na]), list("nopqrstuvwxyz"[:nb])
    for i, j in zip(np.atleast_1d(axes[0]), np.atleast_1d(axes[1])):
        sb[j] = sa[i]
    out = [c for c in sa + sb if (sa + sb).count(c) == 1]
    return f"{''.join(sa)},{''.join(sb)}->{''.join(out)}"


def einsum_vjp(subscripts, g, operands, i):
    """Cotangent of ``operands[i]`` in ``np.einsum(subscripts, *operands)``, given the output's.

    ``g`` is contracted with the other operands onto this operand's distinct indices; an index
    found only in this operand was summed away, so its gradient is broadcast back; a length-1 axis
    that einsum broadcast gets the sum; and an index repeated in this operand (``'ii->i'``) reads
    a diagonal, so its gradient goes onto that diagonal.
    """
    inputs, _, out = explicit_subscripts(subscripts, operands).partition("->")
    terms = inputs.split(",")
    mine, others = terms[i], terms[:i] + terms[i + 1 :]
    distinct = "".join(dict.fromkeys(mine))
    kept = "".join(c for c in distinct if c in out + "".join(others))
    spec = ",".join([out, *others]) + "->" + kept
    d = np.einsum(spec, g, *operands[:i], *operands[i + 1 :], optimize=True)
    d = np.expand_dims(d, [k for k, c in enumerate(distinct) if c not in kept])
    sizes = [np.shape(operands[i])[mine.index(c)] for c in distinct]
    d = np.sum(d, axis=tuple(k for k, n in enumerate(sizes) if n < np.shape(d)[k]), keepdims=True)
    if distinct == mine:
        return np.broadcast_to(d, np.shape(operands[i]))
    dx = np.zeros(np.shape(operands[i]), np.result_type(d))
    np.einsum(f"{mine}->{distinct}", dx)[...] = d  # a writeable view of the diagonal
    return dx


def explicit_subscripts(subscripts, operands):
    """``subscripts`` with its output spelled out and each ``...`` as letters, as NumPy reads
    them: ellipsis axes right-aligned, and without ``->`` the ellipsis axes then the indices that
    occur once, sorted."""
    inputs, arrow, out = subscripts.replace(" ", "").partition("->")
    terms = inputs.split(",")
    letters = [c for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in inputs]
    extra = [np.ndim(x) - len(t) + 3 for t, x in zip(terms, operands) if "..." in t]
    pool = "".join(letters[: max(extra, default=0)])
    terms = [t.replace("...", pool[len(pool) - np.ndim(x) + len(t) - 3 :]) if "..." in t else t
             for t, x in zip(terms, operands)]
    if not arrow:
        out = "..." + "".join(sorted(c for c in set(inputs) - {",", "."} if inputs.count(c) == 1))
    return ",".join(terms) + "->" + out.replace("...", pool)


def kron_vjp(g, a, b, i):
    """Cotangent of ``a`` (i=0) or ``b`` (i=1) in ``np.kron(a, b)``.

    ``g`` viewed as blocks of shape (a0, b0, a1, b1, ...) is contracted with the other factor.
    """
    shape = np.shape(b if i else a)
    n = max(np.ndim(a), np.ndim(b))
    a = np.reshape(a, (1,) * (n - np.ndim(a)) + np.shape(a))
    b = np.reshape(b, (1,) * (n - np.ndim(b)) + np.shape(b))
    blocks = np.reshape(g, [m for pair in zip(np.shape(a), np.shape(b)) for m in pair])
    sa, sb = "abcdefghijklm"[:n], "nopqrstuvwxyz"[:n]
    spec = "".join(p + q for p, q in zip(sa, sb))
    if i == 0:
        return np.reshape(np.einsum(f"{spec},{sb}->{sa}", blocks, b), shape)
    return np.reshape(np.einsum(f"{spec},{sa}->{sb}", blocks, a), shape)


def undiagonal(g, a, offset, axis1, axis2):
    """Zeros like ``a`` with ``g`` on the diagonal that ``np.diagonal(a, offset, ...)`` reads."""
    da = np.zeros_like(a)
    view = np.moveaxis(da, (axis1, axis2), (-2, -1))
    n, m = np.shape(view)[-2:]
    rows = np.arange(max(0, -offset), min(n, m - offset))
    view[..., rows, rows + offset] = g
    return da


def solve_vjp(dx, a, b, x):
    """Cotangents ``(da, db)`` of ``x = np.linalg.solve(a, b)``: db = solve(a.T, dx), da = -db x.T.

    A matrix ``a`` (the usual case) takes the direct products; stacks of matrices, and a vector
    ``b`` solved against a stack (one column per matrix), take the batched form.
    """
    if np.ndim(a) == 2 and np.ndim(b) <= 2:
        db = np.linalg.solve(a.T, dx)
        return -(np.outer(db, x) if np.ndim(b) == 1 else db @ x.T), db
    db = np.linalg.solve(np.swapaxes(a, -1, -2), as_columns(dx, b))
    da = -db @ np.swapaxes(as_columns(x, b), -1, -2)
    return unbroadcast(da, a), unbroadcast(np.reshape(db, np.shape(x)), b)


def as_columns(v, b):
    """``v`` with a trailing unit axis if ``b`` is 1-D (np.linalg.solve takes it as a column)."""
    return np.expand_dims(v, -1) if np.ndim(b) == 1 else v


def mirror_lower(a):
    """What np.linalg.cholesky/eigvalsh factor: ``a``'s lower triangle, mirrored to be symmetric."""
    return np.tril(a) + np.swapaxes(np.tril(a, -1), -1, -2)


def mirror_triangle(a, uplo):
    """The symmetric matrix eigh/eigvalsh read from ``a``'s lower (``'L'``) or upper triangle."""
    return mirror_lower(a if uplo == "L" else np.swapaxes(a, -1, -2))


def fold_to_lower(g):
    """Adjoint of ``mirror_lower``: moves a gradient w.r.t. the mirror onto the lower triangle."""
    return np.tril(g + np.swapaxes(g, -1, -2), -1) + np.triu(np.tril(g))


def cholesky_phi(p):
    """``p``'s lower triangle, diagonal halved: Phi in cholesky's derivative (Murray 2016)."""
    return np.tril(p, -1) + 0.5 * np.triu(np.tril(p))


def over_gaps(x, w):
    """``x[..., i, j] / (w[j] - w[i])`` off the diagonal; 0 on it and wherever ``x`` is 0.

    Why: how eigenvectors (and singular vectors, with ``w = s**2``) turn when the matrix moves.
    Vectors of a repeated value are not differentiable (inf), but where nothing asks for them
    (``x`` is 0, as when only the values are used) a degenerate spectrum is harmless.
    """
    gaps = np.expand_dims(w, -2) - np.expand_dims(w, -1)
    asked = (x != 0) & ~np.eye(np.shape(w)[-1], dtype=bool)
    return np.divide(x, gaps, out=np.zeros(np.shape(asked), np.result_type(x, w)), where=asked)


def reduced_svd(usv, extra_allowed=True):
    """The min(m, n) singular vectors of ``np.linalg.svd``'s ``(u, s, vh)``: all that a full SVD
    of a non-square matrix determines (its other vectors are an arbitrary basis, which a forward
    rule, unable to give them tangents, refuses with ``extra_allowed=False``)."""
    u, s, vh = usv
    k = np.shape(s)[-1]
    if not extra_allowed and (np.shape(u)[-1] != k or np.shape(vh)[-2] != k):
        raise NotImplementedError("derivative of the extra singular vectors of a full SVD of a "
                                  "non-square matrix; pass full_matrices=False")
    return u[..., :k], s, vh[..., :k, :]


def reduced_svd_cotangents(dusv, u, vh):
    """Cotangents of ``reduced_svd``'s ``u`` and ``vh`` from those of ``np.linalg.svd``'s.

    Why: the extra vectors of a full SVD have no derivative; a loss that reads them is refused
    rather than differentiated wrongly, one that does not gets the reduced SVD's gradient.
    """
    du, dvh, k = dusv[0], dusv[2], np.shape(u)[-1]
    if np.ndim(du) and np.any(du[..., k:]) or np.ndim(dvh) and np.any(dvh[..., k:, :]):
        raise NotImplementedError("derivative of np.linalg.svd through the extra singular "
                                  "vectors of a full SVD of a non-square matrix; pass "
                                  "full_matrices=False")
    du = du[..., :k] if np.ndim(du) else du
    return tangent_like(du, u), tangent_like(dvh[..., :k, :] if np.ndim(dvh) else dvh, vh)


def tall_qr(qr):
    """``np.linalg.qr``'s ``(q, r)``, checked to factor a matrix with m >= n (a square ``r``).

    Why: the derivative inverts ``r``; a wide matrix's factorization is refused, not guessed.
    """
    q, r = qr
    if np.shape(r)[-2] != np.shape(r)[-1]:
        raise NotImplementedError("derivative of np.linalg.qr of a matrix with fewer rows than "
                                  "columns")
    return q, r


def digamma(x):
    """psi(x) = d lgamma(x) / dx of a float (the math module has none), to ~1e-13.

    Reflection for x < 0.5, then psi(x) = psi(x + 1) - 1/x up to x >= 10 and the asymptotic series.
    """
    if x < 0.5:
        return digamma(1.0 - x) - math.pi / math.tan(math.pi * x)
    shift = 0.0
    while x < 10.0:
        shift -= 1.0 / x
        x += 1.0
    r = 1.0 / (x * x)
    series = r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r / 132))))
    return shift + math.log(x) - 0.5 / x - series


def snapshot(value):
    """A copy of ``value`` that later in-place writes cannot change: an array (arrays are
    views), or a list or dict (one level: their items are replaced, not changed, in place)."""
    if isinstance(value, (np.ndarray, list, dict)):
        return value.copy()
    return value


def zeros_like(x):
    """A zero cotangent shaped like ``x``: a Python float for a float, an array of zeros for an
    array, item by item for containers (a list for a tuple or list, whose items may have
    different shapes, as ``eigh``'s do; a dict for a dict)."""
    if isinstance(x, (tuple, list)):
        return [zeros_like(v) for v in x]
    if isinstance(x, dict):
        return {k: zeros_like(v) for k, v in x.items()}
    return 0.0 if isinstance(x, float) else np.zeros_like(x)


def pack_like(value, parts):
    """The cotangent of ``value`` from the cotangents of its unpacked parts (``a, b = value``);
    ``None`` stands for a zero part, shaped like its part (``np.split``'s pullback concatenates
    them). A list for a tuple or list, an array for an array."""
    if isinstance(value, (tuple, list)):
        return [zeros_like(v) if p is None else p for v, p in zip(value, parts)]
    return np.stack([zeros_like(v) if p is None else p for v, p in zip(value, parts)])


def add_cotangents(a, b):
    """``a + b`` for cotangents that may be lists (of a tuple or list) or dicts; the placeholder
    ``0.0`` of an item nothing reached yet adds as zero to a container too."""
    if isinstance(b, (list, dict)) and type(a) is float and a == 0.0:
        return b
    if isinstance(a, (list, dict)) and type(b) is float and b == 0.0:
        return a
    if isinstance(a, list) and isinstance(b, list):
        return [add_cotangents(x, y) for x, y in zip(a, b)]
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for key, value in b.items():
            out[key] = add_cotangents(out[key], value) if key in out else value
        return out
    return a + b


def add_at(g, value, index, v):
    """The cotangent ``g`` of a list, tuple or dict ``value`` with ``v`` added at ``index``
    (a new object: cotangents are never shared)."""
    if isinstance(value, dict):
        out = dict(g) if isinstance(g, dict) else {}
        out[index] = add_cotangents(out[index], v) if index in out else v
        return out
    out = list(g) if isinstance(g, list) else [0.0] * len(value)
    out[index] = add_cotangents(out[index], v)
    return out


def cotangent_item(g, index):
    """``g[index]`` of a container cotangent; entries never reached are zero."""
    if isinstance(g, dict):
        return g.get(index, 0.0)
    return g[index]


def convolve_full(g, n, m, mode):
    """The cotangent ``g`` of ``np.convolve(a, v, mode)`` (``len(a) == n``, ``len(v) == m``) placed
    in the full convolution's ``n + m - 1`` entries, zeros where the mode cut them off ('valid'
    keeps entries from ``min(n, m) - 1`` on, 'same' from ``(min(n, m) - 1) // 2``)."""
    if mode == "full":
        return g
    start = min(n, m) - 1 if mode == "valid" else (min(n, m) - 1) // 2
    full = np.zeros(n + m - 1, dtype=np.result_type(g))
    full[start:start + np.size(g)] = g
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
    return np.stack([unbroadcast(g * np.asarray(x) ** (n - 1 - i), np.asarray(p)[i])
                     for i in range(n)])


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
        np.add.at(totals, (np.arange(qs.shape[0])[:, None], key[None]), shares.reshape(len(qs), -1))
        shares = (totals[:, key] / np.bincount(key, minlength=rows.size)[key]).reshape(shares.shape)
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
    each = [np.sum(da * w, axis=axis, keepdims=keepdims)
            for w in weights.reshape((-1,) + np.shape(a))]
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
