"""Sampled functions: ``np.interp``, ``np.trapezoid`` (integration), ``np.sinc``.

``interp`` and ``trapezoid`` are linear in the sampled values (``fp``, ``y``), so those
cotangents are the interpolation / quadrature weights. Their sample *positions* (``xp``, ``x``)
are options here: differentiating through them is refused (s2s names the argument), never
silently dropped. ``interp``'s derivative in ``x`` is the slope of the segment ``x`` falls in
(zero outside ``xp``'s range, where the result is clamped to ``left``/``right``, or to the end
values of ``fp``, which then get those cotangents). ``period`` is not supported (refused).
"""

import numpy as np

from s2s.rules.registry import frule, rrule
from s2s.templates.helpers import interp_slope, interp_weights, tangent_like, trapezoid_weights


@rrule(np.sinc)
def sinc(x):
    y = np.sinc(x)

    def pullback(dy):  # (cos(pi x) - sinc(x)) / x, 0 at x == 0 (sinc is even)
        safe = np.where(x == 0, 1.0, x)
        return dy * np.where(x == 0, 0.0, (np.cos(np.pi * x) - y) / safe)

    return y, pullback


@frule(np.sinc)
def sinc_forward(x, dx):
    y = np.sinc(x)
    safe = np.where(x == 0, 1.0, x)
    return y, dx * np.where(x == 0, 0.0, (np.cos(np.pi * x) - y) / safe)


@rrule(np.interp)
def interp(x, fp, xp=None, left=None, right=None):
    y = np.interp(x, xp, fp, left=left, right=right)

    def pullback(dy):
        dx = dy * interp_slope(x, xp, fp)
        return dx, interp_weights(dy, x, xp, fp, left is None, right is None)

    return y, pullback


@frule(np.interp)
def interp_forward(x, fp, dx, dfp, xp=None, left=None, right=None):
    y = np.interp(x, xp, fp, left=left, right=right)
    edges = dict(left=None if left is None else 0.0, right=None if right is None else 0.0)
    ty = np.interp(x, xp, tangent_like(dfp, fp), **edges)
    return y, tangent_like(dx, x) * interp_slope(x, xp, fp) + ty


@rrule(np.trapezoid)
def trapezoid(y, x=None, dx=1.0, axis=-1):
    out = np.trapezoid(y, x, dx=dx, axis=axis)

    def pullback(dout):
        return np.expand_dims(dout, axis) * trapezoid_weights(y, x, dx, axis)

    return out, pullback


@frule(np.trapezoid)
def trapezoid_forward(y, dy, x=None, dx=1.0, axis=-1):
    out = np.trapezoid(y, x, dx=dx, axis=axis)
    return out, np.trapezoid(tangent_like(dy, y), x, dx=dx, axis=axis)
