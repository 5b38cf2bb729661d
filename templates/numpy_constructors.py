"""Arrays built from values: ``full``, ``full_like``, ``linspace``, ``meshgrid``, ``bincount``.

Their shapes come from options, but their entries are the values passed in, so those values
have derivatives: ``np.full(n, v)`` repeats ``v`` (its cotangent sums the output's), a
``linspace`` is linear in its end points, a ``meshgrid`` repeats each vector along the other
axes, and ``bincount(idx, weights=w)`` adds each weight into its bin (its cotangent gathers
from the bins). Declaring them non-differentiable would silently drop those derivatives.
"""

import numpy as np

from s2s.rules.registry import frule, rrule
from s2s.templates.helpers import meshgrid_cotangent, tangent_like, unbroadcast


@rrule(np.full)
def full(shape, fill_value, dtype=None):
    y = np.full(shape, fill_value, dtype=dtype)

    def pullback(dy):
        return None, unbroadcast(dy, fill_value)

    return y, pullback


@frule(np.full)
def full_forward(shape, fill_value, dshape, dfill_value, dtype=None):
    y = np.full(shape, fill_value, dtype=dtype)
    return y, np.full(shape, dfill_value, dtype=y.dtype)


@rrule(np.full_like)
def full_like(a, fill_value, dtype=None):
    y = np.full_like(a, fill_value, dtype=dtype)

    def pullback(dy):
        return None, unbroadcast(dy, fill_value)

    return y, pullback


@frule(np.full_like)
def full_like_forward(a, fill_value, da, dfill_value, dtype=None):
    y = np.full_like(a, fill_value, dtype=dtype)
    return y, np.full_like(y, dfill_value)


# y = start + (stop - start) * t along ``axis``, t = linspace(0, 1): linear in the end points.
@rrule(np.linspace)
def linspace(start, stop, num=50, endpoint=True, axis=0):
    y = np.linspace(start, stop, num, endpoint=endpoint, axis=axis)
    t = np.linspace(0.0, 1.0, num, endpoint=endpoint, dtype=y.dtype)

    def pullback(dy):
        g = np.moveaxis(dy, axis, 0)
        w = t.reshape((-1,) + (1,) * (g.ndim - 1))
        return unbroadcast((g * (1.0 - w)).sum(axis=0), start), unbroadcast(
            (g * w).sum(axis=0), stop
        )

    return y, pullback


@frule(np.linspace)
def linspace_forward(start, stop, dstart, dstop, num=50, endpoint=True, axis=0):
    y = np.linspace(start, stop, num, endpoint=endpoint, axis=axis)
    dy = np.linspace(
        tangent_like(dstart, start), tangent_like(dstop, stop), num, endpoint=endpoint, axis=axis
    )
    return y, dy


@rrule(np.meshgrid)
def meshgrid(*operands, indexing="xy"):
    y = np.meshgrid(*operands, indexing=indexing)

    def pullback(dy):
        return (*(meshgrid_cotangent(dy, operands, k, indexing) for k in range(len(operands))),)

    return y, pullback


@frule(np.meshgrid)
def meshgrid_forward(*operands_and_tangents, indexing="xy"):
    n = len(operands_and_tangents) // 2
    operands, tangents = operands_and_tangents[:n], operands_and_tangents[n:]
    y = np.meshgrid(*operands, indexing=indexing)
    dy = np.meshgrid(*(tangent_like(d, x) for d, x in zip(tangents, operands)), indexing=indexing)
    return y, dy


@rrule(np.bincount)
def bincount(x, weights, minlength=0):
    y = np.bincount(x, weights, minlength=minlength)

    def pullback(dy):
        return None, dy[x]

    return y, pullback


@frule(np.bincount)
def bincount_forward(x, weights, dx, dweights, minlength=0):
    y = np.bincount(x, weights, minlength=minlength)
    return y, np.bincount(x, tangent_like(dweights, weights), minlength=minlength)
