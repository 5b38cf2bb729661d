"""Special functions that neither ``math`` nor NumPy provides.

Why: ``math.lgamma``/``math.gamma``'s derivatives need the digamma function, which ``math`` lacks,
and the ``math`` rules must not depend on SciPy (an optional dependency).
"""

import math


def digamma(x):
    """psi(x) = d lgamma(x) / dx of a float (the math module has none), to ~1e-13.

    Reflection for x < 0.5, then psi(x) = psi(x + 1) - 1/x up to x >= 10 and the asymptotic series.
    """
    if x < 0.5:
        return digamma(1.0 - x) - math.pi / math.tan(math.pi * x)
    shift = 0.0
    while x < 10.0:
        shift -= 1.0 / x
        x += 1.0
    r = 1.0 / (x * x)
    series = r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r / 132))))
    return shift + math.log(x) - 0.5 / x - series
