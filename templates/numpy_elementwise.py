"""NumPy elementwise functions (ufuncs and ``np.where``/``np.clip``): the pointwise derivatives.

Derivatives reuse the forward output where that is cheaper (``exp`` -> ``dy * y``, ``tanh`` ->
``1 - y*y``). Binary rules ``unbroadcast`` each cotangent to its input's shape. Where two inputs tie
in ``maximum``/``minimum``/``fmax``/``fmin`` the cotangent is split evenly between them (as JAX
does; it is also what a central difference sees). ``clip`` passes the cotangent through wherever
the input was not clipped, including exactly at a bound. Real inputs only: ``conjugate``/``real``
are identities. Functions that are piecewise constant (``sign``, ``floor``...) are declared in
``nondifferentiable.py``.

A rule whose code fits a ``math`` function (or a builtin) word for word serves it too: ``exp``
and ``math.exp`` (``dy * y`` is a float for a float), ``absolute`` and ``abs``. Where the
derivative calls another function (``sin`` -> ``cos``) the ``math`` rule keeps its own, calling
``math`` (see ``math_functions.py``). The arithmetic ufuncs (``np.add``, ``np.negative``...)
share the operators' rules (``operators.py``).
"""

import builtins
import math

import numpy as np

from s2s.rules.registry import frule, primal, rrule
from s2s.templates.helpers import unbroadcast

# ---------------------------------------------------------------- exponentials and logarithms


@rrule(np.exp, math.exp)
def exp(x):
    y = primal(x)

    def pullback(dy):
        return dy * y

    return y, pullback


@frule(np.exp, math.exp)
def exp_forward(x, dx):
    y = primal(x)
    return y, dx * y


@rrule(np.exp2)
def exp2(x):
    y = np.exp2(x)

    def pullback(dy):
        return dy * y * math.log(2.0)

    return y, pullback


@frule(np.exp2)
def exp2_forward(x, dx):
    y = np.exp2(x)
    return y, dx * y * math.log(2.0)


@rrule(np.expm1, math.expm1)
def expm1(x):
    y = primal(x)

    def pullback(dy):
        return dy * (y + 1.0)

    return y, pullback


@frule(np.expm1, math.expm1)
def expm1_forward(x, dx):
    y = primal(x)
    return y, dx * (y + 1.0)


@rrule(np.log)
def log(x):
    y = np.log(x)

    def pullback(dy):
        return dy / x

    return y, pullback


@frule(np.log)
def log_forward(x, dx):
    y = np.log(x)
    return y, dx / x


@rrule(np.log2, math.log2)
def log2(x):
    y = primal(x)

    def pullback(dy):
        return dy / (x * math.log(2.0))

    return y, pullback


@frule(np.log2, math.log2)
def log2_forward(x, dx):
    y = primal(x)
    return y, dx / (x * math.log(2.0))


@rrule(np.log10, math.log10)
def log10(x):
    y = primal(x)

    def pullback(dy):
        return dy / (x * math.log(10.0))

    return y, pullback


@frule(np.log10, math.log10)
def log10_forward(x, dx):
    y = primal(x)
    return y, dx / (x * math.log(10.0))


@rrule(np.log1p, math.log1p)
def log1p(x):
    y = primal(x)

    def pullback(dy):
        return dy / (1.0 + x)

    return y, pullback


@frule(np.log1p, math.log1p)
def log1p_forward(x, dx):
    y = primal(x)
    return y, dx / (1.0 + x)


# ---------------------------------------------------------------- powers and roots


@rrule(np.sqrt, math.sqrt)
def sqrt(x):
    y = primal(x)

    def pullback(dy):
        return 0.5 * dy / y

    return y, pullback


@frule(np.sqrt, math.sqrt)
def sqrt_forward(x, dx):
    y = primal(x)
    return y, 0.5 * dx / y


@rrule(np.cbrt)
def cbrt(x):
    y = np.cbrt(x)

    def pullback(dy):
        return dy / (3.0 * y * y)

    return y, pullback


@frule(np.cbrt)
def cbrt_forward(x, dx):
    y = np.cbrt(x)
    return y, dx / (3.0 * y * y)


@rrule(np.square)
def square(x):
    y = np.square(x)

    def pullback(dy):
        return 2.0 * dy * x

    return y, pullback


@frule(np.square)
def square_forward(x, dx):
    y = np.square(x)
    return y, 2.0 * dx * x


@rrule(np.reciprocal)
def reciprocal(x):
    y = np.reciprocal(x)

    def pullback(dy):
        return -dy * y * y

    return y, pullback


@frule(np.reciprocal)
def reciprocal_forward(x, dx):
    y = np.reciprocal(x)
    return y, -dx * y * y


# ---------------------------------------------------------------- trigonometric


@rrule(np.sin)
def sin(x):
    y = np.sin(x)

    def pullback(dy):
        return dy * np.cos(x)

    return y, pullback


@frule(np.sin)
def sin_forward(x, dx):
    y = np.sin(x)
    return y, dx * np.cos(x)


@rrule(np.cos)
def cos(x):
    y = np.cos(x)

    def pullback(dy):
        return -dy * np.sin(x)

    return y, pullback


@frule(np.cos)
def cos_forward(x, dx):
    y = np.cos(x)
    return y, -dx * np.sin(x)


@rrule(np.tan, math.tan)
def tan(x):
    y = primal(x)

    def pullback(dy):
        return dy * (1.0 + y * y)

    return y, pullback


@frule(np.tan, math.tan)
def tan_forward(x, dx):
    y = primal(x)
    return y, dx * (1.0 + y * y)


@rrule(np.arcsin)
def arcsin(x):
    y = np.arcsin(x)

    def pullback(dy):
        return dy / np.sqrt(1.0 - x * x)

    return y, pullback


@frule(np.arcsin)
def arcsin_forward(x, dx):
    y = np.arcsin(x)
    return y, dx / np.sqrt(1.0 - x * x)


@rrule(np.arccos)
def arccos(x):
    y = np.arccos(x)

    def pullback(dy):
        return -dy / np.sqrt(1.0 - x * x)

    return y, pullback


@frule(np.arccos)
def arccos_forward(x, dx):
    y = np.arccos(x)
    return y, -dx / np.sqrt(1.0 - x * x)


@rrule(np.arctan, math.atan)
def arctan(x):
    y = primal(x)

    def pullback(dy):
        return dy / (1.0 + x * x)

    return y, pullback


@frule(np.arctan, math.atan)
def arctan_forward(x, dx):
    y = primal(x)
    return y, dx / (1.0 + x * x)


@rrule(np.deg2rad, np.radians, math.radians)
def deg2rad(x):
    y = primal(x)

    def pullback(dy):
        return dy * (math.pi / 180.0)

    return y, pullback


@frule(np.deg2rad, np.radians, math.radians)
def deg2rad_forward(x, dx):
    y = primal(x)
    return y, dx * (math.pi / 180.0)


@rrule(np.rad2deg, np.degrees, math.degrees)
def rad2deg(x):
    y = primal(x)

    def pullback(dy):
        return dy * (180.0 / math.pi)

    return y, pullback


@frule(np.rad2deg, np.degrees, math.degrees)
def rad2deg_forward(x, dx):
    y = primal(x)
    return y, dx * (180.0 / math.pi)


# ---------------------------------------------------------------- hyperbolic


@rrule(np.sinh)
def sinh(x):
    y = np.sinh(x)

    def pullback(dy):
        return dy * np.cosh(x)

    return y, pullback


@frule(np.sinh)
def sinh_forward(x, dx):
    y = np.sinh(x)
    return y, dx * np.cosh(x)


@rrule(np.cosh)
def cosh(x):
    y = np.cosh(x)

    def pullback(dy):
        return dy * np.sinh(x)

    return y, pullback


@frule(np.cosh)
def cosh_forward(x, dx):
    y = np.cosh(x)
    return y, dx * np.sinh(x)


@rrule(np.tanh, math.tanh)
def tanh(x):
    y = primal(x)

    def pullback(dy):
        return dy * (1.0 - y * y)

    return y, pullback


@frule(np.tanh, math.tanh)
def tanh_forward(x, dx):
    y = primal(x)
    return y, dx * (1.0 - y * y)


@rrule(np.arcsinh)
def arcsinh(x):
    y = np.arcsinh(x)

    def pullback(dy):
        return dy / np.sqrt(x * x + 1.0)

    return y, pullback


@frule(np.arcsinh)
def arcsinh_forward(x, dx):
    y = np.arcsinh(x)
    return y, dx / np.sqrt(x * x + 1.0)


@rrule(np.arccosh)
def arccosh(x):
    y = np.arccosh(x)

    def pullback(dy):
        return dy / np.sqrt(x * x - 1.0)

    return y, pullback


@frule(np.arccosh)
def arccosh_forward(x, dx):
    y = np.arccosh(x)
    return y, dx / np.sqrt(x * x - 1.0)


@rrule(np.arctanh, math.atanh)
def arctanh(x):
    y = primal(x)

    def pullback(dy):
        return dy / (1.0 - x * x)

    return y, pullback


@frule(np.arctanh, math.atanh)
def arctanh_forward(x, dx):
    y = primal(x)
    return y, dx / (1.0 - x * x)


# ---------------------------------------------------------------- sign-like and identities


@rrule(np.absolute, np.fabs, builtins.abs)
def absolute(x):
    y = primal(x)

    def pullback(dy):
        return dy * np.sign(x)

    return y, pullback


@frule(np.absolute, np.fabs, builtins.abs)
def absolute_forward(x, dx):
    y = primal(x)
    return y, dx * np.sign(x)


@rrule(np.conjugate, methods=("conj", "conjugate"))
def conjugate(x):
    y = np.conjugate(x)

    def pullback(dy):
        return dy

    return y, pullback


@frule(np.conjugate, methods=("conj", "conjugate"))
def conjugate_forward(x, dx):
    y = np.conjugate(x)
    return y, dx


@rrule(np.real)
def real(val):
    y = np.real(val)

    def pullback(dy):
        return dy

    return y, pullback


@frule(np.real)
def real_forward(val, dval):
    y = np.real(val)
    return y, dval


# ---------------------------------------------------------------- arithmetic as functions


# d/dy x**y = x**y log x is taken as 0 where x <= 0 (undefined there), as for the ** operator.
# d/dx calls the primal itself: float_power's float64 result keeps integer inputs from failing
# on a negative exponent (np.power(2, -1) raises).
@rrule(np.power, np.float_power)
def power(x, y):
    z = primal(x, y)

    def pullback(dz):
        dx = dz * y * primal(x, y - 1)
        dy = dz * z * np.log(np.where(x > 0, x, 1.0))
        return unbroadcast(dx, x), unbroadcast(dy, y)

    return z, pullback


@frule(np.power, np.float_power)
def power_forward(x, y, dx, dy):
    z = primal(x, y)
    return z, dx * y * primal(x, y - 1) + dy * z * np.log(np.where(x > 0, x, 1.0))


# mod(x, y) = x - floor(x / y) * y: the quotient is locally constant.
@rrule(np.mod)
def mod(x, y):
    z = np.mod(x, y)

    def pullback(dz):
        return unbroadcast(dz, x), unbroadcast(-dz * np.floor_divide(x, y), y)

    return z, pullback


@frule(np.mod)
def mod_forward(x, y, dx, dy):
    z = np.mod(x, y)
    return z, dx - dy * np.floor_divide(x, y)


# fmod(x, y) = x - trunc(x / y) * y.
@rrule(np.fmod)
def fmod(x, y):
    z = np.fmod(x, y)

    def pullback(dz):
        return unbroadcast(dz, x), unbroadcast(-dz * np.trunc(x / y), y)

    return z, pullback


@frule(np.fmod)
def fmod_forward(x, y, dx, dy):
    z = np.fmod(x, y)
    return z, dx - dy * np.trunc(x / y)


@rrule(np.ldexp)
def ldexp(x, y):
    z = np.ldexp(x, y)

    def pullback(dz):
        return unbroadcast(np.ldexp(dz, y), x), None

    return z, pullback


@frule(np.ldexp)
def ldexp_forward(x, y, dx, dy):
    z = np.ldexp(x, y)
    return z, np.ldexp(dx, y)


# copysign(x, y) = |x| * sign(y): no derivative in y.
@rrule(np.copysign)
def copysign(x, y):
    z = np.copysign(x, y)

    def pullback(dz):
        return unbroadcast(dz * np.sign(x) * np.copysign(1.0, y), x), None

    return z, pullback


@frule(np.copysign)
def copysign_forward(x, y, dx, dy):
    z = np.copysign(x, y)
    return z, dx * np.sign(x) * np.copysign(1.0, y)


# ---------------------------------------------------------------- two-argument functions


@rrule(np.hypot)
def hypot(x, y):
    z = np.hypot(x, y)

    def pullback(dz):
        return unbroadcast(dz * x / z, x), unbroadcast(dz * y / z, y)

    return z, pullback


@frule(np.hypot)
def hypot_forward(x, y, dx, dy):
    z = np.hypot(x, y)
    return z, (dx * x + dy * y) / z


@rrule(np.arctan2)
def arctan2(y, x):
    z = np.arctan2(y, x)

    def pullback(dz):
        scale = dz / (x * x + y * y)
        return unbroadcast(scale * x, y), unbroadcast(-scale * y, x)

    return z, pullback


@frule(np.arctan2)
def arctan2_forward(y, x, dy, dx):
    z = np.arctan2(y, x)
    return z, (dy * x - dx * y) / (x * x + y * y)


@rrule(np.logaddexp)
def logaddexp(x, y):
    z = np.logaddexp(x, y)

    def pullback(dz):
        return unbroadcast(dz * np.exp(x - z), x), unbroadcast(dz * np.exp(y - z), y)

    return z, pullback


@frule(np.logaddexp)
def logaddexp_forward(x, y, dx, dy):
    z = np.logaddexp(x, y)
    return z, dx * np.exp(x - z) + dy * np.exp(y - z)


@rrule(np.logaddexp2)
def logaddexp2(x, y):
    z = np.logaddexp2(x, y)

    def pullback(dz):
        return unbroadcast(dz * np.exp2(x - z), x), unbroadcast(dz * np.exp2(y - z), y)

    return z, pullback


@frule(np.logaddexp2)
def logaddexp2_forward(x, y, dx, dy):
    z = np.logaddexp2(x, y)
    return z, dx * np.exp2(x - z) + dy * np.exp2(y - z)


@rrule(np.maximum)
def maximum(x, y):
    z = np.maximum(x, y)

    def pullback(dz):
        tie = 0.5 * dz * (x == y)
        return unbroadcast(dz * (x > y) + tie, x), unbroadcast(dz * (x < y) + tie, y)

    return z, pullback


@frule(np.maximum)
def maximum_forward(x, y, dx, dy):
    z = np.maximum(x, y)
    return z, np.where(x > y, dx, np.where(x < y, dy, 0.5 * (dx + dy)))


@rrule(np.minimum)
def minimum(x, y):
    z = np.minimum(x, y)

    def pullback(dz):
        tie = 0.5 * dz * (x == y)
        return unbroadcast(dz * (x < y) + tie, x), unbroadcast(dz * (x > y) + tie, y)

    return z, pullback


@frule(np.minimum)
def minimum_forward(x, y, dx, dy):
    z = np.minimum(x, y)
    return z, np.where(x < y, dx, np.where(x > y, dy, 0.5 * (dx + dy)))


# fmax/fmin ignore a NaN operand, so the other one gets the whole cotangent.
@rrule(np.fmax)
def fmax(x, y):
    z = np.fmax(x, y)

    def pullback(dz):
        tie = 0.5 * dz * (x == y)
        dx = dz * ((x > y) | np.isnan(y)) + tie
        dy = dz * ((x < y) | np.isnan(x)) + tie
        return unbroadcast(dx, x), unbroadcast(dy, y)

    return z, pullback


@frule(np.fmax)
def fmax_forward(x, y, dx, dy):
    z = np.fmax(x, y)
    x_wins = (x > y) | np.isnan(y)
    y_wins = (x < y) | np.isnan(x)
    return z, np.where(x_wins, dx, np.where(y_wins, dy, 0.5 * (dx + dy)))


@rrule(np.fmin)
def fmin(x, y):
    z = np.fmin(x, y)

    def pullback(dz):
        tie = 0.5 * dz * (x == y)
        dx = dz * ((x < y) | np.isnan(y)) + tie
        dy = dz * ((x > y) | np.isnan(x)) + tie
        return unbroadcast(dx, x), unbroadcast(dy, y)

    return z, pullback


@frule(np.fmin)
def fmin_forward(x, y, dx, dy):
    z = np.fmin(x, y)
    x_wins = (x < y) | np.isnan(y)
    y_wins = (x > y) | np.isnan(x)
    return z, np.where(x_wins, dx, np.where(y_wins, dy, 0.5 * (dx + dy)))


# ---------------------------------------------------------------- selection


@rrule(np.where)
def where(condition, x, y):
    z = np.where(condition, x, y)

    def pullback(dz):
        dx = unbroadcast(np.where(condition, dz, 0.0), x)
        dy = unbroadcast(np.where(condition, 0.0, dz), y)
        return None, dx, dy

    return z, pullback


@frule(np.where)
def where_forward(condition, x, y, dcondition, dx, dy):
    z = np.where(condition, x, y)
    return z, np.where(condition, dx, dy)


# The cotangent flows to ``a`` where it was kept (bounds included) and to a bound where it
# clipped (a bound passed as None, or a constant, gets nothing).
@rrule(np.clip, methods=("clip",))
def clip(a, a_min, a_max):
    y = np.clip(a, a_min, a_max)

    def pullback(dy):
        kept = y == a
        return (
            unbroadcast(dy * kept, a),
            unbroadcast(dy * ~kept * (y == a_min), a_min),
            unbroadcast(dy * ~kept * (y == a_max), a_max),
        )

    return y, pullback


@frule(np.clip, methods=("clip",))
def clip_forward(a, a_min, a_max, da, da_min, da_max):
    y = np.clip(a, a_min, a_max)
    kept = y == a
    dy = da * kept + ~kept * (da_min * (y == a_min) + da_max * (y == a_max))
    return y, dy.astype(y.dtype, copy=False)
