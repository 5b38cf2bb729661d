"""Functions that call themselves with a depth argument."""

import math

import numpy as np

from . import Case, rng


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
        return np.sum(v ** 2)
    w = 0.25 * np.roll(v, 1) + 0.5 * v + 0.25 * np.roll(v, -1)
    return recursive_smooth(w, depth - 1)


CASES = [
    Case(power, lambda: (1.3, 5), 0, tags=("recursion",)),
    Case(fast_power, lambda: (1.1, 11), 0, tags=("recursion", "if")),
    Case(horner_recursive, lambda: (rng(230).normal(size=5), 0.7), (0, 1), tags=("recursion", "defaults")),
    Case(nested_sine, lambda: (0.9, 4), 0, tags=("recursion",)),
    Case(continued_fraction, lambda: (1.4, 6), 0, tags=("recursion",)),
    Case(tree_energy, lambda: (rng(231).normal(size=6),), 0, tags=("recursion", "call")),
    Case(koch_length, lambda: (2.0, 3, 0.3), (0, 2), tags=("recursion", "defaults")),
    Case(refine_newton, lambda: (3.0, 1.5, 2), (0, 1), tags=("recursion",)),
    Case(recursive_smooth, lambda: (rng(232).normal(size=5), 3), 0, tags=("recursion",)),
]
