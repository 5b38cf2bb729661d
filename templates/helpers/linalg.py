"""Linear algebra: products, contractions and matrix decompositions.

Why: a product's cotangent is another product whose form depends on the operands' ranks
(``matmul_dx``/``matmul_dy`` for ``@``, ``einsum_vjp`` for everything one einsum can spell), and
the decompositions (Cholesky, eigh, SVD, QR) need the triangle and spectral-gap bookkeeping of
their derivatives. These serve ``numpy_linalg.py`` and the ``@`` operator.
"""

import numpy as np

from .broadcasting import tangent_like, unbroadcast


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
    letters = [
        c for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in inputs
    ]
    extra = [np.ndim(x) - len(t) + 3 for t, x in zip(terms, operands) if "..." in t]
    pool = "".join(letters[: max(extra, default=0)])
    terms = [
        t.replace("...", pool[len(pool) - np.ndim(x) + len(t) - 3 :]) if "..." in t else t
        for t, x in zip(terms, operands)
    ]
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
        raise NotImplementedError(
            "derivative of the extra singular vectors of a full SVD of a "
            "non-square matrix; pass full_matrices=False"
        )
    return u[..., :k], s, vh[..., :k, :]


def reduced_svd_cotangents(dusv, u, vh):
    """Cotangents of ``reduced_svd``'s ``u`` and ``vh`` from those of ``np.linalg.svd``'s.

    Why: the extra vectors of a full SVD have no derivative; a loss that reads them is refused
    rather than differentiated wrongly, one that does not gets the reduced SVD's gradient.
    """
    du, dvh, k = dusv[0], dusv[2], np.shape(u)[-1]
    if np.ndim(du) and np.any(du[..., k:]) or np.ndim(dvh) and np.any(dvh[..., k:, :]):
        raise NotImplementedError(
            "derivative of np.linalg.svd through the extra singular "
            "vectors of a full SVD of a non-square matrix; pass "
            "full_matrices=False"
        )
    du = du[..., :k] if np.ndim(du) else du
    return tangent_like(du, u), tangent_like(dvh[..., :k, :] if np.ndim(dvh) else dvh, vh)


def tall_qr(qr):
    """``np.linalg.qr``'s ``(q, r)``, checked to factor a matrix with m >= n (a square ``r``).

    Why: the derivative inverts ``r``; a wide matrix's factorization is refused, not guessed.
    """
    q, r = qr
    if np.shape(r)[-2] != np.shape(r)[-1]:
        raise NotImplementedError(
            "derivative of np.linalg.qr of a matrix with fewer rows than " "columns"
        )
    return q, r
