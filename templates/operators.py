"""Python operators (``+ - * / ** @``, unary minus, comparisons): the rules behind expressions.

s2s maps each operator node to the ``operator`` function it stands for (``a * b`` ->
``operator.mul``), so these rules are looked up like any call.
"""

import operator

import numpy as np

from s2s.rules.registry import frule, nondifferentiable, rrule
from s2s.templates.helpers import matmul_dx, matmul_dy, tangent_like, unbroadcast


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


# ---------------------------------------------------------------- forward rules


@frule(operator.add)
def add_forward(x, y, dx, dy):
    return x + y, dx + dy


@frule(operator.sub)
def sub_forward(x, y, dx, dy):
    return x - y, dx - dy


@frule(operator.mul)
def mul_forward(x, y, dx, dy):
    return x * y, dx * y + x * dy


@frule(operator.truediv)
def truediv_forward(x, y, dx, dy):
    z = x / y
    return z, (dx - z * dy) / y


@frule(operator.pow)
def pow_forward(x, y, dx, dy):
    z = x**y
    return z, dx * y * x ** (y - 1) + dy * z * np.log(np.where(x > 0, x, 1.0))


@frule(operator.matmul)
def matmul_forward(x, y, dx, dy):
    return x @ y, tangent_like(dx, x) @ y + x @ tangent_like(dy, y)


@frule(operator.neg)
def neg_forward(x, dx):
    return -x, -dx


@frule(operator.pos)
def pos_forward(x, dx):
    return +x, dx


@frule(operator.mod)
def mod_forward(x, y, dx, dy):
    return x % y, dx - dy * (x // y)

