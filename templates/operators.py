"""Python operators (``+ - * / ** @``, unary minus, comparisons): the rules behind expressions.

s2s maps each operator node to the ``operator`` function it stands for (``a * b`` ->
``operator.mul``), so these rules are looked up like any call.
"""

import operator

import numpy as np

from s2s.rules.registry import nondifferentiable, rrule
from s2s.templates.helpers import matmul_dx, matmul_dy, unbroadcast


@rrule(operator.add)
def add(x, y):
    z = x + y

    def pullback(dz):
        return unbroadcast(dz, x), unbroadcast(dz, y)

    return z, pullback


@rrule(operator.sub)
def sub(x, y):
    z = x - y

    def pullback(dz):
        return unbroadcast(dz, x), unbroadcast(-dz, y)

    return z, pullback


@rrule(operator.mul)
def mul(x, y):
    z = x * y

    def pullback(dz):
        return unbroadcast(dz * y, x), unbroadcast(dz * x, y)

    return z, pullback


@rrule(operator.truediv)
def truediv(x, y):
    z = x / y

    def pullback(dz):
        g = dz / y
        return unbroadcast(g, x), unbroadcast(-g * z, y)

    return z, pullback


@rrule(operator.pow)
def pow(x, y):
    z = x**y

    def pullback(dz):
        gx = dz * y * x ** (y - 1)
        gy = dz * z * np.log(np.where(x > 0, x, 1.0))
        return unbroadcast(gx, x), unbroadcast(gy, y)

    return z, pullback


# x % y = x - (x // y) * y: the floored quotient is locally constant.
@rrule(operator.mod)
def mod(x, y):
    z = x % y

    def pullback(dz):
        return unbroadcast(dz, x), unbroadcast(-dz * (x // y), y)

    return z, pullback


@rrule(operator.matmul)
def matmul(x, y):
    z = x @ y

    def pullback(dz):
        return matmul_dx(dz, x, y), matmul_dy(dz, x, y)

    return z, pullback


@rrule(operator.neg)
def neg(x):
    y = -x

    def pullback(dy):
        return -dy

    return y, pullback


@rrule(operator.pos)
def pos(x):
    y = +x

    def pullback(dy):
        return dy

    return y, pullback


for _comparison in (
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
):
    nondifferentiable(_comparison)
