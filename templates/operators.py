"""Python operators (``+ - * / ** @``, unary minus, comparisons): the rules behind expressions.

s2s maps each operator node to the ``operator`` function it stands for (``a * b`` ->
``operator.mul``), so these rules are looked up like any call. The ufuncs that are these
operators as functions (``np.add``, ``np.negative``...) and the builtin ``pow`` share their
rules; ``@``'s is with the other products (``numpy_linalg.py``).
"""

import builtins
import operator

import numpy as np

from s2s.rules.registry import frule, nondifferentiable, primal, rrule
from s2s.templates.helpers import unbroadcast


@rrule(operator.add, np.add)
def add(x, y):
    z = primal(x, y)

    def pullback(dz):
        return unbroadcast(dz, x), unbroadcast(dz, y)

    return z, pullback


@rrule(operator.sub, np.subtract)
def sub(x, y):
    z = primal(x, y)

    def pullback(dz):
        return unbroadcast(dz, x), unbroadcast(-dz, y)

    return z, pullback


@rrule(operator.mul, np.multiply)
def mul(x, y):
    z = primal(x, y)

    def pullback(dz):
        return unbroadcast(dz * y, x), unbroadcast(dz * x, y)

    return z, pullback


@rrule(operator.truediv, np.divide)
def truediv(x, y):
    z = primal(x, y)

    def pullback(dz):
        g = dz / y
        return unbroadcast(g, x), unbroadcast(-g * z, y)

    return z, pullback


# The parameters are named as builtins.pow's, which may be called with them as keywords.
@rrule(operator.pow, builtins.pow)
def pow(base, exp):
    z = primal(base, exp)

    def pullback(dz):
        gx = dz * exp * base ** (exp - 1)
        gy = dz * z * np.log(np.where(base > 0, base, 1.0))
        return unbroadcast(gx, base), unbroadcast(gy, exp)

    return z, pullback


# x % y = x - (x // y) * y: the floored quotient is locally constant.
@rrule(operator.mod)
def mod(x, y):
    z = x % y

    def pullback(dz):
        return unbroadcast(dz, x), unbroadcast(-dz * (x // y), y)

    return z, pullback


@rrule(operator.neg, np.negative)
def neg(x):
    y = primal(x)

    def pullback(dy):
        return -dy

    return y, pullback


@rrule(operator.pos, np.positive)
def pos(x):
    y = primal(x)

    def pullback(dy):
        return dy

    return y, pullback


nondifferentiable(
    operator.lt,
    operator.le,
    operator.gt,
    operator.ge,
    operator.eq,
    operator.ne,
    operator.not_,
    operator.truth,
    operator.is_,
    operator.is_not,
    operator.contains,
    operator.floordiv,
    operator.and_,
    operator.or_,
    operator.xor,
    operator.invert,
    operator.lshift,
    operator.rshift,
)


# ---------------------------------------------------------------- forward rules


@frule(operator.add, np.add)
def add_forward(x, y, dx, dy):
    return primal(x, y), dx + dy


@frule(operator.sub, np.subtract)
def sub_forward(x, y, dx, dy):
    return primal(x, y), dx - dy


@frule(operator.mul, np.multiply)
def mul_forward(x, y, dx, dy):
    return primal(x, y), dx * y + x * dy


@frule(operator.truediv, np.divide)
def truediv_forward(x, y, dx, dy):
    z = primal(x, y)
    return z, (dx - z * dy) / y


@frule(operator.pow, builtins.pow)
def pow_forward(base, exp, dbase, dexp):
    z = primal(base, exp)
    return z, dbase * exp * base ** (exp - 1) + dexp * z * np.log(np.where(base > 0, base, 1.0))


@frule(operator.neg, np.negative)
def neg_forward(x, dx):
    return primal(x), -dx


@frule(operator.pos, np.positive)
def pos_forward(x, dx):
    return primal(x), dx


@frule(operator.mod)
def mod_forward(x, y, dx, dy):
    return x % y, dx - dy * (x // y)
