"""Functions that call themselves: with a depth argument, mutually, from loops, on arrays."""

import math

import numpy as np

from . import Case, rng

DAMPING = 0.8


def power(x, n):
    if n == 0:
        return 1.0
    return x * power(x, n - 1)


def fast_power(x, n):
    if n == 0:
        return 1.0
    half = fast_power(x, n // 2)
    if n % 2 == 0:
        return half * half
    return half * half * x


def horner_recursive(coeffs, x, i=0):
    if i == len(coeffs) - 1:
        return coeffs[i]
    return coeffs[i] + x * horner_recursive(coeffs, x, i + 1)


def nested_sine(x, depth):
    if depth == 0:
        return x
    return math.sin(nested_sine(x, depth - 1)) + 0.1 * x


def continued_fraction(x, depth):
    if depth == 0:
        return x
    return x + 1.0 / continued_fraction(x, depth - 1)


def pairwise_sum(x, lo, hi):
    if hi - lo == 1:
        return x[lo] ** 2
    mid = (lo + hi) // 2
    return pairwise_sum(x, lo, mid) + pairwise_sum(x, mid, hi)


def tree_energy(x):
    return pairwise_sum(x, 0, len(x))


def koch_length(length, depth, shrink=1.0 / 3.0):
    if depth == 0:
        return length
    return 4.0 * koch_length(length * shrink, depth - 1, shrink)


def refine_newton(a, x, depth):
    if depth == 0:
        return x
    return refine_newton(a, 0.5 * (x + a / x), depth - 1)


def recursive_smooth(v, depth):
    if depth == 0:
        return np.sum(v**2)
    w = 0.25 * np.roll(v, 1) + 0.5 * v + 0.25 * np.roll(v, -1)
    return recursive_smooth(w, depth - 1)


def even_term(x, n):
    if n == 0:
        return x
    return math.cos(odd_term(x, n - 1))


def odd_term(x, n):
    if n == 0:
        return x * x
    return x * even_term(x, n - 1) + 0.5


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def fib_scaled(x):
    k = fib(7)
    return k * x * x + fib(3) * x


def power_series_loop(x, coeffs):
    total = 0.0
    for i in range(len(coeffs)):
        total = total + coeffs[i] * power(x, i + 1)
    return total


def bisect_sum(v):
    if len(v) == 1:
        return v[0] * v[0]
    mid = len(v) // 2
    return bisect_sum(v[:mid]) + np.tanh(bisect_sum(v[mid:]))


def smooth_array(v, depth, weight=0.5):
    if depth == 0:
        return v
    w = weight * v + (1.0 - weight) * np.roll(v, 1)
    return smooth_array(w, depth - 1, weight=weight)


def smoothed_energy(v, weight):
    s = smooth_array(v, 3, weight=weight)
    return np.sum(s * s * np.arange(1.0, len(s) + 1.0))


def exp_series(x, n, acc=0.0, term=1.0, k=1):
    if n == 0:
        return acc
    return exp_series(x, n - 1, acc=acc + term, term=term * x / k, k=k + 1)


def nested_lengths(points, depth):
    if depth == 0:
        return np.sum(np.sqrt(np.sum(np.diff(points, axis=0) ** 2, axis=1)))
    mids = 0.5 * (points[1:] + points[:-1])
    refined = np.concatenate([points[:1], mids, points[-1:]])
    return 0.5 * nested_lengths(refined, depth - 1) + 0.5 * nested_lengths(points, depth - 1)


def chebyshev_pair(x, n):
    if n == 0:
        return 1.0, x
    t, t_prev = chebyshev_pair(x, n - 1)
    return 2.0 * x * t - t_prev, t


def chebyshev(x, n):
    t, _ = chebyshev_pair(x, n)
    return t


def moments(v):
    if len(v) == 1:
        return {"s": v[0], "q": v[0] * v[0]}
    mid = len(v) // 2
    left = moments(v[:mid])
    right = moments(v[mid:])
    return {"s": left["s"] + right["s"], "q": left["q"] + right["q"]}


def variance_by_halves(v):
    m = moments(v)
    n = len(v)
    return m["q"] / n - (m["s"] / n) ** 2


def damped_tower(x, depth, rate=DAMPING):
    if depth == 0:
        return x
    return x + rate * np.tanh(DAMPING * damped_tower(x, depth - 1))


CASES = [
    Case(power, lambda: (1.3, 5), 0, tags=("recursion",)),
    Case(fast_power, lambda: (1.1, 11), 0, tags=("recursion", "if")),
    Case(
        horner_recursive,
        lambda: (rng(230).normal(size=5), 0.7),
        (0, 1),
        tags=("recursion", "defaults"),
    ),
    Case(nested_sine, lambda: (0.9, 4), 0, tags=("recursion",)),
    Case(continued_fraction, lambda: (1.4, 6), 0, tags=("recursion",)),
    Case(tree_energy, lambda: (rng(231).normal(size=6),), 0, tags=("recursion", "call")),
    Case(koch_length, lambda: (2.0, 3, 0.3), (0, 2), tags=("recursion", "defaults")),
    Case(refine_newton, lambda: (3.0, 1.5, 2), (0, 1), tags=("recursion",)),
    Case(recursive_smooth, lambda: (rng(232).normal(size=5), 3), 0, tags=("recursion",)),
    Case(even_term, lambda: (0.8, 5), 0, tags=("recursion", "mutual")),
    Case(fib_scaled, lambda: (1.7,), 0, tags=("recursion", "nondiff")),
    Case(
        power_series_loop,
        lambda: (0.9, rng(233).normal(size=4)),
        (0, 1),
        tags=("recursion", "loop"),
    ),
    Case(bisect_sum, lambda: (rng(234).normal(size=7),), 0, tags=("recursion", "slices")),
    Case(
        smoothed_energy,
        lambda: (rng(235).normal(size=6), 0.7),
        (0, 1),
        tags=("recursion", "keywords"),
    ),
    Case(exp_series, lambda: (0.6, 8), 0, tags=("recursion", "keywords", "defaults")),
    Case(chebyshev, lambda: (0.3, 5), 0, tags=("recursion", "tuples")),
    Case(variance_by_halves, lambda: (rng(237).normal(size=5),), 0, tags=("recursion", "dicts")),
    Case(damped_tower, lambda: (0.4, 4), 0, tags=("recursion", "globals")),
    Case(nested_lengths, lambda: (rng(236).normal(size=(4, 2)), 2), 0, tags=("recursion",)),
]
