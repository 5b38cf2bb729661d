"""Polynomials and 1-D convolution: ``np.polyval``, ``np.vander``, ``np.convolve``.

``convolve`` is bilinear: each input's cotangent is the full-length cotangent (zero-padded where
'same'/'valid' cut entries off, see ``convolve_full``) correlated with the other input.
``polyval``'s derivative in ``x`` is the derivative polynomial ``p[:-1] * [N-1, ..., 1]``; in the
coefficients it is a Vandermonde matrix of ``x``. ``vander``'s column ``j`` is ``x ** k_j``, whose
derivative ``k_j * x ** (k_j - 1)`` is written ``k_j * x ** max(k_j - 1, 0)`` so that ``x == 0``
gives 0 (not ``0 * inf``) for the constant column.
"""

import numpy as np

from s2s.rules.registry import frule, rrule
from s2s.templates.helpers import (
    convolve_full,
    poly_slope,
    polyval_coefficients_cotangent,
    power_columns,
    tangent_like,
    unbroadcast,
)


@rrule(np.convolve)
def convolve(a, v, mode="full"):
    y = np.convolve(a, v, mode=mode)

    def pullback(dy):
        full = convolve_full(dy, np.size(a), np.size(v), mode)
        da = np.convolve(full, np.flip(v), mode="valid")
        dv = np.convolve(full, np.flip(a), mode="valid")
        return da, dv

    return y, pullback


@frule(np.convolve)
def convolve_forward(a, v, da, dv, mode="full"):
    y = np.convolve(a, v, mode=mode)
    ta = np.convolve(tangent_like(da, a), v, mode=mode)
    return y, ta + np.convolve(a, tangent_like(dv, v), mode=mode)


@rrule(np.polyval)
def polyval(p, x):
    y = np.polyval(p, x)

    def pullback(dy):
        dp = np.reshape(polyval_coefficients_cotangent(dy, p, x, y), np.shape(p))
        return dp, unbroadcast(dy * poly_slope(p, x, y), x)

    return y, pullback


@frule(np.polyval)
def polyval_forward(p, x, dp, dx):
    y = np.polyval(p, x)
    return y, np.polyval(tangent_like(dp, p), x) + dx * poly_slope(p, x, y)


@rrule(np.vander)
def vander(x, N=None, increasing=False):
    y = np.vander(x, N, increasing=increasing)

    def pullback(dy):
        k = power_columns(x, y, increasing)
        return np.sum(dy * k * np.reshape(x, (-1, 1)) ** np.maximum(k - 1, 0), axis=1)

    return y, pullback


@frule(np.vander)
def vander_forward(x, dx, N=None, increasing=False):
    y = np.vander(x, N, increasing=increasing)
    k = power_columns(x, y, increasing)
    return y, np.reshape(tangent_like(dx, x), (-1, 1)) * k * np.reshape(x, (-1, 1)) ** np.maximum(
        k - 1, 0
    )
