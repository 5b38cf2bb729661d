"""Linear algebra: products (matmul, dot, einsum...), diagonals and triangles, np.linalg solvers.

Products reduce to two patterns: ``matmul_dx``/``matmul_dy`` for ``@``-style batching (the ``@``
operator shares ``np.matmul``'s rule), and ``einsum_vjp`` for everything expressible as one
einsum (``dot``, ``inner``, ``tensordot`` and ``einsum`` itself, with any number of operands).
The products of two factors share one forward rule: they are bilinear. Choices worth knowing:

- ``cholesky``, ``eigvalsh`` and ``eigh`` read only the lower triangle of their input (as LAPACK
  does; the upper one with ``UPLO='U'``), so their cotangent lives on that triangle
  (``fold_to_lower``). For a symmetric input built upstream (``b @ b.T``) this gives the same
  gradient as the symmetrized convention.
- ``eigh``, ``svd`` and their value-only forms assume distinct eigen/singular values (and ``svd``
  nonzero ones): eigen/singular vectors of a repeated value are not differentiable, and the
  formulas divide by the gaps (inf/NaN gradients there). Their vectors are defined up to sign, so
  only losses that do not depend on that sign have a meaningful gradient.
- ``svd`` with vectors differentiates the reduced factorization. A full one (``full_matrices=True``,
  NumPy's default) of a non-square matrix has extra vectors, an arbitrary basis: a loss that
  reads them raises at run time; the forward rule refuses such calls outright.
- ``slogdet``: ``sign`` is piecewise constant; results are tuples to unpack or index.
- ``det``, ``slogdet`` and ``solve`` need a nonsingular matrix; ``qr`` (reduced) a matrix with
  m >= n of full column rank (a wide one raises at run time).
- ``vecdot`` and ``linalg.svdvals`` exist from NumPy 2.0 and are registered only there.
- Real inputs only.
"""

import operator

import numpy as np

from s2s.rules.registry import frule, primal, rrule
from s2s.templates.helpers import (
    as_columns,
    cholesky_phi,
    dot_axes,
    einsum_vjp,
    fold_to_lower,
    kron_vjp,
    matmul_dx,
    matmul_dy,
    mirror_lower,
    mirror_triangle,
    over_gaps,
    reduced_svd,
    reduced_svd_cotangents,
    solve_vjp,
    tall_qr,
    tangent_like,
    tensordot_subscripts,
    unbroadcast,
    undiagonal,
)


@rrule(np.matmul, operator.matmul)
def matmul(x, y):
    z = primal(x, y)

    def pullback(dz):
        return matmul_dx(dz, x, y), matmul_dy(dz, x, y)

    return z, pullback


@rrule(np.dot, methods=("dot",))
def dot(a, b):
    y = np.dot(a, b)

    def pullback(dy):
        spec = tensordot_subscripts(a, b, dot_axes(a, b))
        return einsum_vjp(spec, dy, (a, b), 0), einsum_vjp(spec, dy, (a, b), 1)

    return y, pullback


@rrule(np.inner)
def inner(a, b):
    y = np.inner(a, b)

    def pullback(dy):
        spec = tensordot_subscripts(a, b, (-1, -1) if np.ndim(a) and np.ndim(b) else 0)
        return einsum_vjp(spec, dy, (a, b), 0), einsum_vjp(spec, dy, (a, b), 1)

    return y, pullback


@rrule(np.tensordot)
def tensordot(a, b, axes=2):
    y = np.tensordot(a, b, axes)

    def pullback(dy):
        spec = tensordot_subscripts(a, b, axes)
        return einsum_vjp(spec, dy, (a, b), 0), einsum_vjp(spec, dy, (a, b), 1)

    return y, pullback


@frule(np.tensordot)
def tensordot_forward(a, b, da, db, axes=2):
    y = np.tensordot(a, b, axes)
    dy = np.tensordot(tangent_like(da, a), b, axes) + np.tensordot(a, tangent_like(db, b), axes)
    return y, dy


# Any number of operands: each one's cotangent contracts the output's with all the others.
@rrule(np.einsum)
def einsum(subscripts, *operands, optimize=False):
    y = np.einsum(subscripts, *operands, optimize=optimize)

    def pullback(dy):
        return None, *(einsum_vjp(subscripts, dy, operands, k) for k in range(len(operands)))

    return y, pullback


@frule(np.einsum)
def einsum_forward(subscripts, *operands_then_tangents, optimize=False):
    n = len(operands_then_tangents) // 2  # (a, b, ..., dsubscripts, da, db, ...)
    operands, tangents = operands_then_tangents[:n], operands_then_tangents[n + 1 :]
    y = np.einsum(subscripts, *operands, optimize=optimize)
    dy = sum(
        np.einsum(subscripts, *operands[:k], tangent_like(d, x), *operands[k + 1 :])
        for k, (x, d) in enumerate(zip(operands, tangents))
    )
    return y, dy


# vdot and outer flatten their inputs.
@rrule(np.vdot)
def vdot(a, b):
    y = np.vdot(a, b)

    def pullback(dy):
        return np.reshape(dy * b, np.shape(a)), np.reshape(dy * a, np.shape(b))

    return y, pullback


@rrule(np.outer)
def outer(a, b):
    y = np.outer(a, b)

    def pullback(dy):
        return np.reshape(dy @ np.ravel(b), np.shape(a)), np.reshape(np.ravel(a) @ dy, np.shape(b))

    return y, pullback


# Vectors of length 3 along the last axis: d(a x b) = da x b + a x db.
@rrule(np.cross)
def cross(a, b):
    y = np.cross(a, b)

    def pullback(dy):
        return unbroadcast(np.cross(b, dy), a), unbroadcast(np.cross(dy, a), b)

    return y, pullback


@rrule(np.kron)
def kron(a, b):
    y = np.kron(a, b)

    def pullback(dy):
        return kron_vjp(dy, a, b, 0), kron_vjp(dy, a, b, 1)

    return y, pullback


# Products of two factors are bilinear: d(a * b) = da * b + a * db, whichever product * is.
@frule(np.dot, methods=("dot",))
@frule(np.matmul, operator.matmul, np.inner, np.vdot, np.outer, np.cross, np.kron)
def product_forward(a, b, da, db):
    y = primal(a, b)
    return y, primal(tangent_like(da, a), b) + primal(a, tangent_like(db, b))


# ---------------------------------------------------------------- diagonals and triangles


@rrule(np.trace, methods=("trace",))
def trace(a, offset=0, axis1=0, axis2=1):
    y = np.trace(a, offset, axis1, axis2)

    def pullback(dy):
        return undiagonal(np.expand_dims(dy, -1), a, offset, axis1, axis2)

    return y, pullback


@frule(np.trace, methods=("trace",))
def trace_forward(a, da, offset=0, axis1=0, axis2=1):
    y = np.trace(a, offset, axis1, axis2)
    return y, np.trace(tangent_like(da, a), offset, axis1, axis2)


@rrule(np.diagonal, methods=("diagonal",))
def diagonal(a, offset=0, axis1=0, axis2=1):
    y = np.diagonal(a, offset, axis1, axis2)

    def pullback(dy):
        return undiagonal(dy, a, offset, axis1, axis2)

    return y, pullback


@frule(np.diagonal, methods=("diagonal",))
def diagonal_forward(a, da, offset=0, axis1=0, axis2=1):
    y = np.diagonal(a, offset, axis1, axis2)
    return y, np.diagonal(tangent_like(da, a), offset, axis1, axis2)


# np.diag builds a matrix from a vector and reads the diagonal of a matrix: each undoes the other.
@rrule(np.diag)
def diag(v, k=0):
    y = np.diag(v, k)

    def pullback(dy):
        return np.diag(dy, k) if np.ndim(v) == 1 else undiagonal(dy, v, k, 0, 1)

    return y, pullback


@frule(np.diag)
def diag_forward(v, dv, k=0):
    y = np.diag(v, k)
    return y, np.diag(tangent_like(dv, v), k)


# A triangle keeps some entries and zeroes the others: its cotangent is the same triangle.
@rrule(np.tril, np.triu)
def tril(m, k=0):
    y = primal(m, k)

    def pullback(dy):
        return primal(dy, k)

    return y, pullback


@frule(np.tril, np.triu)
def tril_forward(m, dm, k=0):
    y = primal(m, k)
    return y, primal(tangent_like(dm, m), k)


# ---------------------------------------------------------------- np.linalg


@rrule(np.linalg.inv)
def inv(a):
    y = np.linalg.inv(a)

    def pullback(dy):
        yt = np.swapaxes(y, -1, -2)
        return -yt @ dy @ yt

    return y, pullback


@frule(np.linalg.inv)
def inv_forward(a, da):
    y = np.linalg.inv(a)
    return y, -y @ tangent_like(da, a) @ y


# b = a @ x, so db = solve(a.T, dx) and da = -db @ x.T (a 1-D b is one column).
@rrule(np.linalg.solve)
def solve(a, b):
    x = np.linalg.solve(a, b)

    def pullback(dx):
        dmatrix, drhs = solve_vjp(dx, a, b, x)
        return dmatrix, drhs

    return x, pullback


@frule(np.linalg.solve)
def solve_forward(a, b, da, db):
    x = np.linalg.solve(a, b)
    dx = as_columns(tangent_like(db, b), b) - tangent_like(da, a) @ as_columns(x, b)
    return x, np.reshape(np.linalg.solve(a, dx), np.shape(x))


@rrule(np.linalg.det)
def det(a):
    y = np.linalg.det(a)

    def pullback(dy):
        return np.expand_dims(dy * y, (-2, -1)) * np.swapaxes(np.linalg.inv(a), -1, -2)

    return y, pullback


@frule(np.linalg.det)
def det_forward(a, da):
    y = np.linalg.det(a)
    return y, y * np.trace(np.linalg.solve(a, tangent_like(da, a)), axis1=-2, axis2=-1)


# sign is piecewise constant; d logabsdet = <inv(a).T, da>.
@rrule(np.linalg.slogdet)
def slogdet(a):
    y = np.linalg.slogdet(a)

    def pullback(dy):
        return np.expand_dims(dy[1], (-2, -1)) * np.swapaxes(np.linalg.inv(a), -1, -2)

    return y, pullback


@frule(np.linalg.slogdet)
def slogdet_forward(a, da):
    y = np.linalg.slogdet(a)
    dlogabsdet = np.trace(np.linalg.solve(a, tangent_like(da, a)), axis1=-2, axis2=-1)
    return y, (np.zeros_like(y[0]), dlogabsdet)


# Murray (2016): dl = l @ phi(l^-1 ds l^-T) for the symmetric ds that numpy factors.
@rrule(np.linalg.cholesky)
def cholesky(a):
    y = np.linalg.cholesky(a)

    def pullback(dy):
        yinv = np.linalg.inv(y)
        g = np.swapaxes(yinv, -1, -2) @ cholesky_phi(np.swapaxes(y, -1, -2) @ dy) @ yinv
        return fold_to_lower(g)

    return y, pullback


@frule(np.linalg.cholesky)
def cholesky_forward(a, da):
    y = np.linalg.cholesky(a)
    yinv = np.linalg.inv(y)
    ds = mirror_lower(tangent_like(da, a))
    return y, y @ cholesky_phi(yinv @ ds @ np.swapaxes(yinv, -1, -2))


# d w_i = v_i^T ds v_i for the eigenvectors v_i (distinct eigenvalues).
@rrule(np.linalg.eigvalsh)
def eigvalsh(a, UPLO="L"):
    y = np.linalg.eigvalsh(a, UPLO)
    v = np.linalg.eigh(a, UPLO)[1]

    def pullback(dy):
        ds = v @ (np.expand_dims(dy, -1) * np.swapaxes(v, -1, -2))
        return fold_to_lower(ds) if UPLO == "L" else np.swapaxes(fold_to_lower(ds), -1, -2)

    return y, pullback


@frule(np.linalg.eigvalsh)
def eigvalsh_forward(a, da, UPLO="L"):
    y = np.linalg.eigvalsh(a, UPLO)
    v = np.linalg.eigh(a, UPLO)[1]
    ds = mirror_triangle(tangent_like(da, a), UPLO)
    return y, np.einsum("...ji,...jk,...ki->...i", v, ds, v)


# a = v diag(w) v.T, distinct w: dw = diag(v.T ds v), dv = v (F * (v.T ds v)) with
# F[i, j] = 1 / (w[j] - w[i]) (over_gaps); reversed, ds = v (diag(dw) + F * (v.T dv)) v.T,
# folded like eigvalsh's.
@rrule(np.linalg.eigh)
def eigh(a, UPLO="L"):
    y = np.linalg.eigh(a, UPLO)

    def pullback(dy):
        w, v = y
        vt = np.swapaxes(v, -1, -2)
        dw = np.eye(np.shape(w)[-1], dtype=w.dtype) * np.expand_dims(tangent_like(dy[0], w), -1)
        ds = v @ (dw + over_gaps(vt @ tangent_like(dy[1], v), w)) @ vt
        return fold_to_lower(ds) if UPLO == "L" else np.swapaxes(fold_to_lower(ds), -1, -2)

    return y, pullback


@frule(np.linalg.eigh)
def eigh_forward(a, da, UPLO="L"):
    y = np.linalg.eigh(a, UPLO)
    w, v = y
    p = np.swapaxes(v, -1, -2) @ mirror_triangle(tangent_like(da, a), UPLO) @ v
    return y, (np.diagonal(p, 0, -2, -1), v @ over_gaps(p, w))


# a = u diag(s) vh with k = min(m, n) vectors, distinct nonzero s (Townsend 2016; JAX's
# svd_jvp_rule). With p = u.T da v and F * x = over_gaps(x, s**2): ds = diag(p),
# du = u (F * (p s + s p.T)) + (1 - u u.T) da v / s, dv likewise with p.T; the pullback is their
# transpose. Without vectors (compute_uv=False), ds = diag(u.T da v) as in svdvals.
@rrule(np.linalg.svd)
def svd(a, full_matrices=True, compute_uv=True):
    y = np.linalg.svd(a, full_matrices, compute_uv)
    if compute_uv:
        u, s, vh = reduced_svd(y)
    else:
        u, s, vh = np.linalg.svd(a, full_matrices=False)

    def pullback(dy):
        if compute_uv:
            du, dvh = reduced_svd_cotangents(dy, u, vh)
            ut, v = np.swapaxes(u, -1, -2), np.swapaxes(vh, -1, -2)
            j = over_gaps(ut @ du, s * s)
            k = over_gaps(vh @ np.swapaxes(dvh, -1, -2), s * s)
            row, col = np.expand_dims(s, -2), np.expand_dims(s, -1)
            core = (j + np.swapaxes(j, -1, -2)) * row + col * (k + np.swapaxes(k, -1, -2))
            ds = np.expand_dims(tangent_like(dy[1], s), -1)
            core = core + np.eye(np.shape(s)[-1], dtype=s.dtype) * ds
            du, dvh = du / row, dvh / col
            da = u @ core @ vh + (du - u @ (ut @ du)) @ vh + u @ (dvh - (dvh @ v) @ vh)
        else:
            da = u @ (np.expand_dims(dy, -1) * vh)
        return da

    return y, pullback


@frule(np.linalg.svd)
def svd_forward(a, da, full_matrices=True, compute_uv=True):
    y = np.linalg.svd(a, full_matrices, compute_uv)
    u, s, vh = reduced_svd(y, False) if compute_uv else np.linalg.svd(a, full_matrices=False)
    v, dat = np.swapaxes(vh, -1, -2), np.swapaxes(tangent_like(da, a), -1, -2)
    dav = tangent_like(da, a) @ v
    p = np.swapaxes(u, -1, -2) @ dav
    pt = np.swapaxes(p, -1, -2)
    row, col = np.expand_dims(s, -2), np.expand_dims(s, -1)
    du = u @ over_gaps(p * row + col * pt, s * s) + (dav - u @ p) / row
    dv = v @ over_gaps(col * p + pt * row, s * s) + (dat @ u - v @ pt) / row
    ds = np.diagonal(p, 0, -2, -1)
    return y, (du, ds, np.swapaxes(dv, -1, -2)) if compute_uv else ds


# a = q r (reduced, m >= n). Forward as JAX's qr_jvp_rule: with p = q.T da r^-1 and o its
# skew-symmetric part from the strict lower triangle, dq = q (o - p) + da r^-1, dr = (p - o) r.
# Reverse as TensorFlow's QrGrad:
# da = q dr + (q tril(q.T dq - dq.T q + r dr.T - dr r.T) + dq - q q.T dq) r^-T.
@rrule(np.linalg.qr)
def qr(a):
    y = np.linalg.qr(a)
    q, r = tall_qr(y)

    def pullback(dy):
        dq, dr = tangent_like(dy[0], q), tangent_like(dy[1], r)
        qdq, rdr = np.swapaxes(q, -1, -2) @ dq, r @ np.swapaxes(dr, -1, -2)
        lower = np.tril(qdq - np.swapaxes(qdq, -1, -2) + rdr - np.swapaxes(rdr, -1, -2))
        rinv_t = np.swapaxes(np.linalg.inv(r), -1, -2)
        return q @ dr + (q @ lower + dq - q @ qdq) @ rinv_t

    return y, pullback


@frule(np.linalg.qr)
def qr_forward(a, da):
    y = np.linalg.qr(a)
    q, r = tall_qr(y)
    da_rinv = tangent_like(da, a) @ np.linalg.inv(r)
    p = np.swapaxes(q, -1, -2) @ da_rinv
    skew = np.tril(p, -1) - np.swapaxes(np.tril(p, -1), -1, -2)
    return y, (q @ (skew - p) + da_rinv, (p - skew) @ r)


# ---------------------------------------------------------------- NumPy >= 2.0 additions

if np.lib.NumpyVersion(np.__version__) >= "2.0.0":

    @rrule(np.vecdot)
    def vecdot(x, y, axis=-1):
        z = np.vecdot(x, y, axis=axis)

        def pullback(dz):
            g = np.expand_dims(dz, axis)
            return unbroadcast(g * y, x), unbroadcast(g * x, y)

        return z, pullback

    @frule(np.vecdot)
    def vecdot_forward(x, y, dx, dy, axis=-1):
        z = np.vecdot(x, y, axis=axis)
        left = np.vecdot(tangent_like(dx, x), y, axis=axis)
        return z, left + np.vecdot(x, tangent_like(dy, y), axis=axis)

    # d s_i = u_i^T dx v_i for the singular vectors (distinct singular values).
    @rrule(np.linalg.svdvals)
    def svdvals(x):
        y = np.linalg.svdvals(x)
        usv = np.linalg.svd(x, full_matrices=False)

        def pullback(dy):
            return usv.U @ (np.expand_dims(dy, -1) * usv.Vh)

        return y, pullback

    @frule(np.linalg.svdvals)
    def svdvals_forward(x, dx):
        y = np.linalg.svdvals(x)
        usv = np.linalg.svd(x, full_matrices=False)
        return y, np.einsum("...ji,...jk,...ik->...i", usv.U, tangent_like(dx, x), usv.Vh)
