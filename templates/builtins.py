"""Python builtins: ``sum``, two-argument ``max``/``min``, ``float``, ``list``/``tuple``.

``sum`` accepts a list (cotangent: a list, each entry summed to its element's shape) or an array
(iterated over its first axis). ``max``/``min`` are the two-argument forms; a tie splits the
cotangent evenly, as for ``np.maximum``. ``round``, ``int``, ``bool`` give piecewise-constant
results and are declared non-differentiable. ``abs`` shares ``np.absolute``'s rule
(``numpy_elementwise.py``) and ``pow`` the ``**`` operator's (``operators.py``).
"""

import builtins

import numpy as np

from s2s.rules.registry import frule, nondifferentiable, rrule
from s2s.templates.container_helpers import tangent_items
from s2s.templates.helpers import pack_like, tangent_like, unbroadcast_each


@rrule(builtins.sum)
def sum_(iterable, start=0):
    y = sum(iterable, start)

    def pullback(dy):
        return unbroadcast_each(dy, iterable)

    return y, pullback


@frule(builtins.sum)
def sum_forward(iterable, diterable, start=0):
    y = sum(iterable, start)
    return y, sum(tangent_like(diterable, iterable))


@rrule(builtins.max)
def max_(x, y):
    z = max(x, y)

    def pullback(dz):
        tie = 0.5 * dz * (x == y)
        return dz * (x > y) + tie, dz * (x < y) + tie

    return z, pullback


@frule(builtins.max)
def max_forward(x, y, dx, dy):
    z = max(x, y)
    return z, dx if x > y else dy if x < y else 0.5 * (dx + dy)


@rrule(builtins.min)
def min_(x, y):
    z = min(x, y)

    def pullback(dz):
        tie = 0.5 * dz * (x == y)
        return dz * (x < y) + tie, dz * (x > y) + tie

    return z, pullback


@frule(builtins.min)
def min_forward(x, y, dx, dy):
    z = min(x, y)
    return z, dx if x < y else dy if x > y else 0.5 * (dx + dy)


# float() of a scalar or one-element array: the cotangent takes the input's shape and dtype.
@rrule(builtins.float)
def float_(x):
    y = float(x)

    def pullback(dy):
        return np.zeros_like(x) + dy

    return y, pullback


@frule(builtins.float)
def float_forward(x, dx):
    y = float(x)
    return y, float(dx)


nondifferentiable(builtins.round, builtins.int, builtins.bool)


@rrule(builtins.list)
def list_(x):
    y = list(x)

    def pullback(dy):
        return pack_like(x, dy)

    return y, pullback


@frule(builtins.list)
def list_forward(x, dx):
    return list(x), [tangent_like(d, v) for d, v in zip(tangent_items(dx, x), x)]


@rrule(builtins.tuple)
def tuple_(x):
    y = tuple(x)

    def pullback(dy):
        return pack_like(x, dy)

    return y, pullback


@frule(builtins.tuple)
def tuple_forward(x, dx):
    return tuple(x), [tangent_like(d, v) for d, v in zip(tangent_items(dx, x), x)]
