"""Branches: if/elif/else, nested ifs, conditional expressions, and/or/not in conditions."""

import math

import numpy as np

from . import Case, rng


def huber(r, delta):
    if abs(r) <= delta:
        loss = 0.5 * r * r
    else:
        loss = delta * (abs(r) - 0.5 * delta)
    return loss


def huber_total(residuals, delta):
    total = 0.0
    for r in residuals:
        if abs(r) <= delta:
            total += 0.5 * r**2
        else:
            total += delta * (abs(r) - 0.5 * delta)
    return total


def progressive_tax(income):
    if income <= 10000.0:
        tax = 0.0 * income
    elif income <= 40000.0:
        tax = 0.1 * (income - 10000.0)
    elif income <= 90000.0:
        tax = 3000.0 + 0.25 * (income - 40000.0)
    else:
        tax = 15500.0 + 0.4 * (income - 90000.0)
    return tax


def soft_threshold(x, lam):
    if x > lam:
        return x - lam
    elif x < -lam:
        return x + lam
    else:
        return 0.0


def stress_energy(strain, E, yield_strain, hardening):
    if strain < 0:
        if strain > -yield_strain:
            sigma = E * strain
        else:
            sigma = -E * yield_strain + hardening * E * (strain + yield_strain)
    else:
        if strain < yield_strain:
            sigma = E * strain
        else:
            sigma = E * yield_strain + hardening * E * (strain - yield_strain)
    return 0.5 * sigma * strain


def both_positive(x, y):
    if x > 0 and y > 0:
        z = math.log(x) + math.log(y)
    elif x > 0 or y > 0:
        z = x + y
    else:
        z = -x * y
    if not (z > 10.0):
        z = z * 2.0
    return z


def scaled_by_flag(x, double_it):
    scale = 2.0 if double_it else 0.5
    return scale * np.sum(x**2)


def regularized_loss(w, X, y, penalty="l2", lam=0.1):
    r = X @ w - y
    data = np.mean(r**2)
    if penalty == "l2":
        reg = lam * np.sum(w**2)
    elif penalty == "l1":
        reg = lam * np.sum(np.abs(w))
    else:
        reg = 0.0
    return data + reg


def sign_of_sum(w):
    s = np.sum(w)
    if s > 0:
        out = s * np.sum(np.sin(w))
    else:
        out = -s * np.sum(np.cos(w))
    return out


def safe_log(x, floor=1e-12):
    if x < floor:
        x = floor
    return math.log(x) * x


def cap_magnitude(v, max_norm):
    norm = np.sqrt(np.sum(v**2))
    if norm > max_norm:
        v = v * (max_norm / norm)
    return np.sum(v * np.arange(1, v.shape[0] + 1))


def coulomb_friction(v, mu, mass):
    normal = mass * 9.81
    if v > 0:
        force = -mu * normal
    elif v < 0:
        force = mu * normal
    else:
        force = 0.0
    return force * v + 0.5 * mass * v * v


def weighted_mean(x, weights=None):
    if weights is None:
        weights = np.ones_like(x)
    return np.sum(weights * x) / np.sum(weights)


def weighted_mean_default(x):
    return weighted_mean(x) + weighted_mean(x, np.exp(x))


def larger_times(a, x, y):
    return a * (x if x > y else y) ** 2


def inside_interval(x, lo, hi):
    if lo < x < hi:
        return (x - lo) * (hi - x)
    return 0.0 * x


def piecewise_activation(z):
    out = 0.0
    for zi in z:
        if zi > 1.0:
            out += 1.0 + math.log(zi)
        elif zi > -1.0:
            out += zi
        else:
            out += -1.0 - math.log(-zi)
    return out


def nested_ternary(x, y):
    m = x if x > y else (y if y > 0 else -y)
    return m * x * y


def branch_on_shape(X, w):
    if X.ndim == 1:
        score = np.dot(X, w)
    else:
        score = np.sum(X @ w)
    return score**2


def branch_assigns_different_vars(x, y):
    a = x * y
    b = x + y
    if a > b:
        c = a * 2.0
        d = b
    else:
        c = b * 3.0
        d = a * a
    return c + d * x


CASES = [
    Case(huber, lambda: (0.3, 1.0), 0, tags=("if",)),
    Case(
        huber_total,
        lambda: (np.array([0.2, -1.7, 0.5, 2.3, -0.1]), 1.0),
        (0, 1),
        tags=("if", "loop"),
    ),
    Case(progressive_tax, lambda: (55000.0,), 0, tags=("elif",)),
    Case(soft_threshold, lambda: (-1.3, 0.4), (0, 1), tags=("elif", "return")),
    Case(
        stress_energy,
        lambda: (-0.004, 200.0, 0.002, 0.05),
        ("strain", "E", "hardening"),
        tags=("nested-if",),
    ),
    Case(both_positive, lambda: (1.5, -0.7), (0, 1), tags=("and", "or", "not")),
    Case(scaled_by_flag, lambda: (rng(40).normal(size=4), True), 0, tags=("ifexp", "bool")),
    Case(
        regularized_loss,
        lambda: (
            rng(41).normal(size=3),
            rng(42).normal(size=(5, 3)),
            rng(43).normal(size=5),
            "l1",
        ),
        0,
        tags=("elif", "str"),
    ),
    Case(sign_of_sum, lambda: (np.array([-0.5, -0.2, 0.1, -0.6]),), 0, tags=("if",)),
    Case(safe_log, lambda: (0.35,), 0, tags=("if", "reassign-param")),
    Case(cap_magnitude, lambda: (np.array([1.0, -2.0, 2.5]), 1.5), (0, 1), tags=("if",)),
    Case(coulomb_friction, lambda: (-0.8, 0.3, 2.0), (0, 1, 2), tags=("elif",)),
    Case(
        weighted_mean_default, lambda: (rng(44).normal(size=5),), 0, tags=("none-default", "call")
    ),
    Case(larger_times, lambda: (1.5, 0.4, 0.9), (0, 1, 2), tags=("ifexp",)),
    Case(inside_interval, lambda: (0.3, -0.5, 1.0), (0, 1, 2), tags=("chained-compare", "return")),
    Case(
        piecewise_activation,
        lambda: (np.array([2.5, 0.3, -0.6, -3.0, 1.7]),),
        0,
        tags=("elif", "loop"),
    ),
    Case(nested_ternary, lambda: (-1.5, -0.4), (0, 1), tags=("ifexp",)),
    Case(
        branch_on_shape,
        lambda: (rng(45).normal(size=(4, 3)), rng(46).normal(size=3)),
        (0, 1),
        tags=("if", "shape"),
    ),
    Case(branch_assigns_different_vars, lambda: (0.5, 1.5), (0, 1), tags=("if",)),
]
