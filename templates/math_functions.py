"""The ``math`` module: scalar functions on Python floats.

Cotangents and tangents stay Python floats (``math`` calls only). ``lgamma``/``gamma`` need the
digamma function, which ``math`` lacks: the ``digamma`` helper computes it. ``math.log(x, base)``
differentiates in ``x`` only; ``math.pow`` takes d/dy as 0 where ``x <= 0``, like the ``**``
operator. ``exp2`` and ``cbrt`` exist from Python 3.11 and are registered only there.
Integer-valued and predicate functions (``floor``, ``isnan``, ``factorial``...) are declared
non-differentiable at the end.

A ``math`` function whose derivative needs no other function (``exp``: ``dy * y``; ``sqrt``,
``tanh``, ``log2``, ``atan``, ``radians``...) shares NumPy's rule (``numpy_elementwise.py``): the
same code gives floats for floats. The rules here call ``math`` (``sin`` -> ``math.cos``), or
differ from NumPy's: ``log`` takes a base, ``pow``/``hypot``/``atan2`` do not broadcast,
``fabs`` takes its slope from ``copysign`` (1 at 0.0, where ``np.sign`` gives 0), and ``asin``
and its kin raise at the ends of their domain where NumPy returns inf.
"""

import math

from s2s.rules.registry import frule, nondifferentiable, rrule
from s2s.templates.helpers import digamma, tangent_like

# ---------------------------------------------------------------- exponentials and logarithms


if hasattr(math, "exp2"):  # Python >= 3.11

    @rrule(math.exp2)
    def exp2(x):
        y = math.exp2(x)

        def pullback(dy):
            return dy * y * math.log(2.0)

        return y, pullback

    @frule(math.exp2)
    def exp2_forward(x, dx):
        y = math.exp2(x)
        return y, dx * y * math.log(2.0)


@rrule(math.log)
def log(x, base=math.e):
    y = math.log(x, base)

    def pullback(dy):
        return dy / (x * math.log(base))

    return y, pullback


@frule(math.log)
def log_forward(x, dx, base=math.e):
    y = math.log(x, base)
    return y, dx / (x * math.log(base))


# ---------------------------------------------------------------- powers and roots


if hasattr(math, "cbrt"):  # Python >= 3.11

    @rrule(math.cbrt)
    def cbrt(x):
        y = math.cbrt(x)

        def pullback(dy):
            return dy / (3.0 * y * y)

        return y, pullback

    @frule(math.cbrt)
    def cbrt_forward(x, dx):
        y = math.cbrt(x)
        return y, dx / (3.0 * y * y)


@rrule(math.pow)
def pow_(x, y):
    z = math.pow(x, y)

    def pullback(dz):
        return dz * y * math.pow(x, y - 1.0), (dz * z * math.log(x) if x > 0 else 0.0)

    return z, pullback


@frule(math.pow)
def pow_forward(x, y, dx, dy):
    z = math.pow(x, y)
    return z, dx * y * math.pow(x, y - 1.0) + (dy * z * math.log(x) if x > 0 else 0.0)


@rrule(math.hypot)
def hypot(x, y):
    z = math.hypot(x, y)

    def pullback(dz):
        return dz * x / z, dz * y / z

    return z, pullback


@frule(math.hypot)
def hypot_forward(x, y, dx, dy):
    z = math.hypot(x, y)
    return z, (dx * x + dy * y) / z


# ---------------------------------------------------------------- trigonometric


@rrule(math.sin)
def sin(x):
    y = math.sin(x)

    def pullback(dy):
        return dy * math.cos(x)

    return y, pullback


@frule(math.sin)
def sin_forward(x, dx):
    y = math.sin(x)
    return y, dx * math.cos(x)


@rrule(math.cos)
def cos(x):
    y = math.cos(x)

    def pullback(dy):
        return -dy * math.sin(x)

    return y, pullback


@frule(math.cos)
def cos_forward(x, dx):
    y = math.cos(x)
    return y, -dx * math.sin(x)


@rrule(math.asin)
def asin(x):
    y = math.asin(x)

    def pullback(dy):
        return dy / math.sqrt(1.0 - x * x)

    return y, pullback


@frule(math.asin)
def asin_forward(x, dx):
    y = math.asin(x)
    return y, dx / math.sqrt(1.0 - x * x)


@rrule(math.acos)
def acos(x):
    y = math.acos(x)

    def pullback(dy):
        return -dy / math.sqrt(1.0 - x * x)

    return y, pullback


@frule(math.acos)
def acos_forward(x, dx):
    y = math.acos(x)
    return y, -dx / math.sqrt(1.0 - x * x)


@rrule(math.atan2)
def atan2(y, x):
    z = math.atan2(y, x)

    def pullback(dz):
        scale = dz / (x * x + y * y)
        return scale * x, -scale * y

    return z, pullback


@frule(math.atan2)
def atan2_forward(y, x, dy, dx):
    z = math.atan2(y, x)
    return z, (dy * x - dx * y) / (x * x + y * y)


# ---------------------------------------------------------------- hyperbolic


@rrule(math.sinh)
def sinh(x):
    y = math.sinh(x)

    def pullback(dy):
        return dy * math.cosh(x)

    return y, pullback


@frule(math.sinh)
def sinh_forward(x, dx):
    y = math.sinh(x)
    return y, dx * math.cosh(x)


@rrule(math.cosh)
def cosh(x):
    y = math.cosh(x)

    def pullback(dy):
        return dy * math.sinh(x)

    return y, pullback


@frule(math.cosh)
def cosh_forward(x, dx):
    y = math.cosh(x)
    return y, dx * math.sinh(x)


@rrule(math.asinh)
def asinh(x):
    y = math.asinh(x)

    def pullback(dy):
        return dy / math.sqrt(x * x + 1.0)

    return y, pullback


@frule(math.asinh)
def asinh_forward(x, dx):
    y = math.asinh(x)
    return y, dx / math.sqrt(x * x + 1.0)


@rrule(math.acosh)
def acosh(x):
    y = math.acosh(x)

    def pullback(dy):
        return dy / math.sqrt(x * x - 1.0)

    return y, pullback


@frule(math.acosh)
def acosh_forward(x, dx):
    y = math.acosh(x)
    return y, dx / math.sqrt(x * x - 1.0)


# ---------------------------------------------------------------- special functions


@rrule(math.erf)
def erf(x):
    y = math.erf(x)

    def pullback(dy):
        return dy * 2.0 / math.sqrt(math.pi) * math.exp(-x * x)

    return y, pullback


@frule(math.erf)
def erf_forward(x, dx):
    y = math.erf(x)
    return y, dx * 2.0 / math.sqrt(math.pi) * math.exp(-x * x)


@rrule(math.erfc)
def erfc(x):
    y = math.erfc(x)

    def pullback(dy):
        return -dy * 2.0 / math.sqrt(math.pi) * math.exp(-x * x)

    return y, pullback


@frule(math.erfc)
def erfc_forward(x, dx):
    y = math.erfc(x)
    return y, -dx * 2.0 / math.sqrt(math.pi) * math.exp(-x * x)


@rrule(math.lgamma)
def lgamma(x):
    y = math.lgamma(x)

    def pullback(dy):
        return dy * digamma(x)

    return y, pullback


@frule(math.lgamma)
def lgamma_forward(x, dx):
    y = math.lgamma(x)
    return y, dx * digamma(x)


@rrule(math.gamma)
def gamma(x):
    y = math.gamma(x)

    def pullback(dy):
        return dy * y * digamma(x)

    return y, pullback


@frule(math.gamma)
def gamma_forward(x, dx):
    y = math.gamma(x)
    return y, dx * y * digamma(x)


# ---------------------------------------------------------------- sign and remainders


@rrule(math.fabs)
def fabs(x):
    y = math.fabs(x)

    def pullback(dy):
        return dy * math.copysign(1.0, x)

    return y, pullback


@frule(math.fabs)
def fabs_forward(x, dx):
    y = math.fabs(x)
    return y, dx * math.copysign(1.0, x)


# copysign(x, y) = |x| * sign(y): no derivative in y.
@rrule(math.copysign)
def copysign(x, y):
    z = math.copysign(x, y)

    def pullback(dz):
        return dz * math.copysign(1.0, x) * math.copysign(1.0, y), None

    return z, pullback


@frule(math.copysign)
def copysign_forward(x, y, dx, dy):
    z = math.copysign(x, y)
    return z, dx * math.copysign(1.0, x) * math.copysign(1.0, y)


# fmod(x, y) = x - trunc(x / y) * y: the quotient is locally constant.
@rrule(math.fmod)
def fmod(x, y):
    z = math.fmod(x, y)

    def pullback(dz):
        return dz, -dz * math.trunc(x / y)

    return z, pullback


@frule(math.fmod)
def fmod_forward(x, y, dx, dy):
    z = math.fmod(x, y)
    return z, dx - dy * math.trunc(x / y)


# fsum of floats: every term gets the whole cotangent.
@rrule(math.fsum)
def fsum(seq):
    y = math.fsum(seq)

    def pullback(dy):
        return [dy] * len(seq)

    return y, pullback


@frule(math.fsum)
def fsum_forward(seq, dseq):
    y = math.fsum(seq)
    return y, math.fsum(tangent_like(dseq, seq))


nondifferentiable(
    math.floor,
    math.ceil,
    math.trunc,
    math.isnan,
    math.isinf,
    math.isfinite,
    math.isclose,
    math.factorial,
    math.comb,
    math.perm,
    math.gcd,
    math.lcm,
    math.isqrt,
)
