"""NumPy reductions and scans: sum/mean/prod/max/min/std/var, cumulative sums, norms, averages.

A reduction's cotangent is spread back over the reduced axes with ``expand_reduced`` (which handles
``axis=None``, tuples and ``keepdims``). Choices worth knowing:

- ``max``/``min`` (and ``amax``, ``nanmax``, ``ptp``...): tied extrema share the cotangent evenly,
  as in JAX, rather than picking one argmax.
- ``prod`` is exact with zeros in the input (``prod_others`` counts them instead of dividing).
- ``cumprod`` divides by the input: it needs nonzero entries (NaN/inf gradients otherwise).
- ``median``/``quantile``/``percentile`` (and the ``nan`` versions): the cotangent goes to the
  selected order statistic(s) with the linear-interpolation weights (both middle elements share
  it for an even count); tied values share it evenly, as for ``max``. ``q`` is
  differentiated too (slope ``(a_hi - a_lo) (n - 1)``). Only ``method='linear'``.
- ``linalg.norm``: 2-norm/Frobenius and vector p-norms; other ``ord`` raise (see ``norm_grad``).
"""

import numpy as np

from s2s.rules.registry import frule, primal, rrule
from s2s.templates.helpers import (
    even_shares,
    expand_reduced,
    norm_grad,
    order_weights,
    partition_order,
    prod_others,
    quantile_q_cotangent,
    quantile_q_tangent,
    selected_tangent,
    spread_selected,
    tangent_like,
    weights_along,
    weights_cotangent,
)


@rrule(np.sum, methods=("sum",))
def sum_(a, axis=None, keepdims=False):
    y = np.sum(a, axis=axis, keepdims=keepdims)

    def pullback(dy):
        return expand_reduced(dy, a, axis, keepdims)

    return y, pullback


@frule(np.sum, methods=("sum",))
def sum_forward(a, da, axis=None, keepdims=False):
    y = np.sum(a, axis=axis, keepdims=keepdims)
    return y, np.sum(tangent_like(da, a), axis=axis, keepdims=keepdims)


@rrule(np.nansum)
def nansum(a, axis=None, keepdims=False):
    y = np.nansum(a, axis=axis, keepdims=keepdims)

    def pullback(dy):
        return expand_reduced(dy, a, axis, keepdims) * ~np.isnan(a)

    return y, pullback


@frule(np.nansum)
def nansum_forward(a, da, axis=None, keepdims=False):
    y = np.nansum(a, axis=axis, keepdims=keepdims)
    return y, np.sum(da * ~np.isnan(a), axis=axis, keepdims=keepdims)


@rrule(np.mean, methods=("mean",))
def mean(a, axis=None, keepdims=False):
    y = np.mean(a, axis=axis, keepdims=keepdims)

    def pullback(dy):
        count = np.size(a) if axis is None else np.size(a) / np.size(y)
        return expand_reduced(dy, a, axis, keepdims) / count

    return y, pullback


@frule(np.mean, methods=("mean",))
def mean_forward(a, da, axis=None, keepdims=False):
    y = np.mean(a, axis=axis, keepdims=keepdims)
    return y, np.mean(tangent_like(da, a), axis=axis, keepdims=keepdims)


@rrule(np.nanmean)
def nanmean(a, axis=None, keepdims=False):
    y = np.nanmean(a, axis=axis, keepdims=keepdims)

    def pullback(dy):
        return expand_reduced(dy, a, axis, keepdims) * even_shares(~np.isnan(a), a, axis)

    return y, pullback


@frule(np.nanmean)
def nanmean_forward(a, da, axis=None, keepdims=False):
    y = np.nanmean(a, axis=axis, keepdims=keepdims)
    return y, np.sum(da * even_shares(~np.isnan(a), a, axis), axis=axis, keepdims=keepdims)


# With w the weights laid against a and W their sum: y = sum(a w) / W, so da = dy w / W and
# dw = dy (a - y) / W (plus the cotangent of W itself with returned=True). A call without
# weights has the constant weights=None (no cotangent).
@rrule(np.average)
def average(a, weights, axis=None, returned=False, keepdims=False):
    y = np.average(a, axis=axis, weights=weights, returned=returned, keepdims=keepdims)
    mean = y[0] if returned else y

    def pullback(dy):
        g = expand_reduced(dy[0] if returned else dy, a, axis, keepdims)
        w = weights_along(a, axis, weights)
        total = np.sum(w, axis=axis, keepdims=True)
        dw = g * (a - expand_reduced(mean, a, axis, keepdims)) / total
        if returned:
            dw = dw + expand_reduced(dy[1], a, axis, keepdims)
        return g * w / total, weights_cotangent(dw, a, axis, weights)

    return y, pullback


@frule(np.average)
def average_forward(a, weights, da, dweights, axis=None, returned=False, keepdims=False):
    y = np.average(a, axis=axis, weights=weights, returned=returned, keepdims=keepdims)
    mean = y[0] if returned else y
    w, dw = weights_along(a, axis, weights), weights_along(a, axis, dweights)
    spread = dw * (a - expand_reduced(mean, a, axis, keepdims))
    dy = np.sum(tangent_like(da, a) * w + spread, axis=axis, keepdims=keepdims)
    dy = dy / np.sum(w, axis=axis, keepdims=keepdims)
    dtotal = np.sum(dw * np.ones_like(a), axis=axis, keepdims=keepdims)
    return y, (dy, dtotal) if returned else dy


@rrule(np.prod, methods=("prod",))
def prod(a, axis=None, keepdims=False):
    y = np.prod(a, axis=axis, keepdims=keepdims)

    def pullback(dy):
        return expand_reduced(dy, a, axis, keepdims) * prod_others(a, axis)

    return y, pullback


@frule(np.prod, methods=("prod",))
def prod_forward(a, da, axis=None, keepdims=False):
    y = np.prod(a, axis=axis, keepdims=keepdims)
    return y, np.sum(da * prod_others(a, axis), axis=axis, keepdims=keepdims)


# Tied extrema share the cotangent evenly. NaN never equals the extremum, so with the nan
# versions NaN entries get no share.
@rrule(np.min, np.amin, np.nanmin, methods=("min",))
@rrule(np.max, np.amax, np.nanmax, methods=("max",))
def extremum(a, axis=None, keepdims=False):
    y = primal(a, axis=axis, keepdims=keepdims)

    def pullback(dy):
        shares = even_shares(a == expand_reduced(y, a, axis, keepdims), a, axis)
        return expand_reduced(dy, a, axis, keepdims) * shares

    return y, pullback


@frule(np.min, np.amin, np.nanmin, methods=("min",))
@frule(np.max, np.amax, np.nanmax, methods=("max",))
def extremum_forward(a, da, axis=None, keepdims=False):
    y = primal(a, axis=axis, keepdims=keepdims)
    shares = even_shares(a == expand_reduced(y, a, axis, keepdims), a, axis)
    return y, np.sum(da * shares, axis=axis, keepdims=keepdims)


@rrule(np.ptp)
def ptp(a, axis=None, keepdims=False):
    y = np.ptp(a, axis=axis, keepdims=keepdims)
    top = np.max(a, axis=axis, keepdims=True)
    bottom = np.min(a, axis=axis, keepdims=True)

    def pullback(dy):
        shares = even_shares(a == top, a, axis) - even_shares(a == bottom, a, axis)
        return expand_reduced(dy, a, axis, keepdims) * shares

    return y, pullback


@frule(np.ptp)
def ptp_forward(a, da, axis=None, keepdims=False):
    y = np.ptp(a, axis=axis, keepdims=keepdims)
    top = np.max(a, axis=axis, keepdims=True)
    bottom = np.min(a, axis=axis, keepdims=True)
    shares = even_shares(a == top, a, axis) - even_shares(a == bottom, a, axis)
    return y, np.sum(da * shares, axis=axis, keepdims=keepdims)


@rrule(np.var, methods=("var",))
def var(a, axis=None, ddof=0, keepdims=False):
    y = np.var(a, axis=axis, ddof=ddof, keepdims=keepdims)

    def pullback(dy):
        centered = a - np.mean(a, axis=axis, keepdims=True)
        scale = 2.0 / (np.size(a) / np.size(y) - ddof)
        return expand_reduced(dy, a, axis, keepdims) * centered * scale

    return y, pullback


@frule(np.var, methods=("var",))
def var_forward(a, da, axis=None, ddof=0, keepdims=False):
    y = np.var(a, axis=axis, ddof=ddof, keepdims=keepdims)
    centered = a - np.mean(a, axis=axis, keepdims=True)
    scale = 2.0 / (np.size(a) / np.size(y) - ddof)
    return y, np.sum(da * centered, axis=axis, keepdims=keepdims) * scale


@rrule(np.std, methods=("std",))
def std(a, axis=None, ddof=0, keepdims=False):
    y = np.std(a, axis=axis, ddof=ddof, keepdims=keepdims)

    def pullback(dy):  # a constant slice (std 0) gets 0, as for a zero norm, not 0 / 0
        centered = a - np.mean(a, axis=axis, keepdims=True)
        count = np.size(a) / np.size(y) - ddof
        return expand_reduced(dy / np.where(y == 0, 1.0, y), a, axis, keepdims) * centered / count

    return y, pullback


@frule(np.std, methods=("std",))
def std_forward(a, da, axis=None, ddof=0, keepdims=False):
    y = np.std(a, axis=axis, ddof=ddof, keepdims=keepdims)
    centered = a - np.mean(a, axis=axis, keepdims=True)
    count = np.size(a) / np.size(y) - ddof
    return y, np.sum(da * centered, axis=axis, keepdims=keepdims) / (count * y)


# A cumulative sum's transpose is the reversed cumulative sum; axis=None works on the flat array.
@rrule(np.cumsum, methods=("cumsum",))
def cumsum(a, axis=None):
    y = np.cumsum(a, axis=axis)

    def pullback(dy):
        return np.reshape(np.flip(np.cumsum(np.flip(dy, axis), axis), axis), np.shape(a))

    return y, pullback


@frule(np.cumsum, methods=("cumsum",))
def cumsum_forward(a, da, axis=None):
    y = np.cumsum(a, axis=axis)
    return y, np.cumsum(tangent_like(da, a), axis=axis)


# d y_j / d a_i = y_j / a_i for i <= j: needs a without zeros.
@rrule(np.cumprod, methods=("cumprod",))
def cumprod(a, axis=None):
    y = np.cumprod(a, axis=axis)

    def pullback(dy):
        return np.reshape(np.flip(np.cumsum(np.flip(dy * y, axis), axis), axis), np.shape(a)) / a

    return y, pullback


@frule(np.cumprod, methods=("cumprod",))
def cumprod_forward(a, da, axis=None):
    y = np.cumprod(a, axis=axis)
    return y, y * np.cumsum(tangent_like(da, a) / a, axis=axis)


@rrule(np.linalg.norm)
def norm(x, ord=None, axis=None, keepdims=False):
    y = np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)

    def pullback(dy):
        grad = norm_grad(x, expand_reduced(y, x, axis, keepdims), ord, axis)
        return expand_reduced(dy, x, axis, keepdims) * grad

    return y, pullback


@frule(np.linalg.norm)
def norm_forward(x, dx, ord=None, axis=None, keepdims=False):
    y = np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    grad = norm_grad(x, expand_reduced(y, x, axis, keepdims), ord, axis)
    return y, np.sum(dx * grad, axis=axis, keepdims=keepdims)


# ---------------------------------------------------------------- sort-based selections


# The nan versions rank the non-NaN entries only; percentiles are quantiles with q scaled by 0.01.
@rrule(np.median, np.nanmedian)
def median(a, axis=None, keepdims=False):
    y = primal(a, axis=axis, keepdims=keepdims)
    weights, slope = order_weights(a, 0.5, axis, keepdims, primal is np.nanmedian, "linear", 1.0)

    def pullback(dy):
        return spread_selected(dy, weights, a, axis, keepdims)

    return y, pullback


@frule(np.median, np.nanmedian)
def median_forward(a, da, axis=None, keepdims=False):
    y = primal(a, axis=axis, keepdims=keepdims)
    weights, slope = order_weights(a, 0.5, axis, keepdims, primal is np.nanmedian, "linear", 1.0)
    return y, selected_tangent(da, weights, a, axis, keepdims)


@rrule(np.quantile, np.nanquantile, np.percentile, np.nanpercentile)
def quantile(a, q, axis=None, keepdims=False, method="linear"):
    y = primal(a, q, axis=axis, keepdims=keepdims, method=method)
    skip_nan = primal is np.nanquantile or primal is np.nanpercentile
    scale = 0.01 if primal is np.percentile or primal is np.nanpercentile else 1.0
    weights, slope = order_weights(a, q, axis, keepdims, skip_nan, method, scale)

    def pullback(dy):
        da = spread_selected(dy, weights, a, axis, keepdims)
        return da, quantile_q_cotangent(dy, slope, q)

    return y, pullback


@frule(np.quantile, np.nanquantile, np.percentile, np.nanpercentile)
def quantile_forward(a, q, da, dq, axis=None, keepdims=False, method="linear"):
    y = primal(a, q, axis=axis, keepdims=keepdims, method=method)
    skip_nan = primal is np.nanquantile or primal is np.nanpercentile
    scale = 0.01 if primal is np.percentile or primal is np.nanpercentile else 1.0
    weights, slope = order_weights(a, q, axis, keepdims, skip_nan, method, scale)
    dy = selected_tangent(da, weights, a, axis, keepdims) + quantile_q_tangent(dq, slope)
    return y, dy


# A permutation of the input, like np.sort; kth is an integer option-like input (no cotangent).
@rrule(np.partition)
def partition(a, kth, axis=-1):
    y = np.partition(a, kth, axis=axis)
    order = partition_order(a, y, axis)

    def pullback(dy):
        da = np.zeros_like(a)
        np.put_along_axis(da, order, dy, axis=axis)
        return da, None

    return y, pullback


@frule(np.partition)
def partition_forward(a, kth, da, dkth, axis=-1):
    y = np.partition(a, kth, axis=axis)
    order = partition_order(a, y, axis)
    return y, np.take_along_axis(tangent_like(da, a), order, axis=axis)
