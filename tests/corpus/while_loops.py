"""while loops: iteration counts, convergence tests, while True with break, continue, else."""

import math

import numpy as np

from . import Case


def newton_sqrt(a):
    x = a if a > 1.0 else 1.0
    while abs(x * x - a) > 1e-15 * a:
        x = 0.5 * (x + a / x)
    return x


def countdown_decay(x, rate, n):
    i = n
    while i > 0:
        x = x - rate * x * x
        i -= 1
    return x


def damped_map(x, rate):
    y = x
    steps = 0
    while True:
        y_next = y - rate * math.sin(y) + 0.1 * x
        steps += 1
        if abs(y_next - y) < 1e-14 or steps >= 500:
            break
        y = y_next
    return y_next * y_next


def skip_small_updates(x, lr):
    i = 0
    total = 0.0
    while i < len(x):
        i += 1
        if abs(x[i - 1]) < 0.2:
            continue
        total += lr * x[i - 1] ** 2
    return total


def halve_until_small(x):
    steps = 0
    while np.max(np.abs(x)) > 1.0:
        x = x * 0.5
        steps += 1
    return np.sum(x**3) + steps


def while_else_budget(x, budget):
    spent = 0.0
    i = 0
    while i < len(x):
        spent += x[i] ** 2
        if spent > budget:
            penalty = spent - budget
            break
        i += 1
    else:
        penalty = 0.1 * spent
    return penalty * budget


def kepler_eccentric_anomaly(mean_anomaly, ecc):
    E = mean_anomaly
    delta = 1.0
    it = 0
    while abs(delta) > 1e-15 and it < 50:
        delta = (E - ecc * math.sin(E) - mean_anomaly) / (1.0 - ecc * math.cos(E))
        E = E - delta
        it += 1
    return E


def fixed_point_cosine(a):
    x = 0.5
    x_prev = 0.0
    while abs(x - x_prev) > 1e-15:
        x_prev = x
        x = math.cos(a * x)
    return x


def integrate_to_time(y0, k, t_end):
    t = 0.0
    dt = 0.03
    y = y0
    while t < t_end - 1e-12:
        h = min(dt, t_end - t)
        y = y + h * (-k * y)
        t += h
    return y


def gradient_descent_until_flat(a, b):
    x = 0.0
    grad = 1.0
    it = 0
    while abs(grad) > 1e-12 and it < 1000:
        grad = 2.0 * (x - a) + 0.4 * x**3 * b
        x = x - 0.1 * grad
        it += 1
    return x


def population_until_capacity(r, p0):
    p = p0
    years = 0
    while p < 100.0 and years < 40:
        p = p * (1.0 + r) - 0.01 * p * p / 100.0
        years += 1
    return p + years


def vector_iteration(A, b):
    x = np.zeros_like(b)
    residual = 1.0
    while residual > 1e-14:
        x_new = (b - (A - np.diag(np.diag(A))) @ x) / np.diag(A)
        residual = np.max(np.abs(x_new - x))
        x = x_new
    return np.sum(x**2)


def geometric_series(r, tol=1e-16):
    term = 1.0
    total = 0.0
    while abs(term) > tol:
        total += term
        term *= r
    return total


def collatz_like_scaling(x, n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
            x = x * 0.9
        else:
            n = 3 * n + 1
            x = x + 0.1 * x * x
        steps += 1
    return x


CASES = [
    Case(newton_sqrt, lambda: (7.3,), 0, tags=("while", "converge")),
    Case(countdown_decay, lambda: (0.8, 0.1, 6), (0, 1), tags=("while",)),
    Case(damped_map, lambda: (0.7, 0.6), (0, 1), tags=("while-true", "break")),
    Case(
        skip_small_updates,
        lambda: (np.array([0.5, 0.1, -0.9, 0.05, 1.2]), 0.3),
        (0, 1),
        tags=("while", "continue"),
    ),
    Case(
        halve_until_small, lambda: (np.array([3.1, -0.4, 1.7]),), 0, tags=("while", "array-cond")
    ),
    Case(
        while_else_budget,
        lambda: (np.array([0.3, 0.5, 0.9, 0.2]), 0.8),
        (0, 1),
        tags=("while", "break", "while-else"),
    ),
    Case(kepler_eccentric_anomaly, lambda: (1.1, 0.3), (0, 1), tags=("while", "and", "converge")),
    Case(fixed_point_cosine, lambda: (0.9,), 0, tags=("while", "converge")),
    Case(integrate_to_time, lambda: (1.5, 0.7, 1.0), (0, 1, 2), tags=("while",)),
    Case(gradient_descent_until_flat, lambda: (1.2, 0.5), (0, 1), tags=("while", "converge")),
    Case(population_until_capacity, lambda: (0.15, 10.0), (0, 1), tags=("while", "and")),
    Case(
        vector_iteration,
        lambda: (
            np.array([[4.0, 1.0, 0.5], [0.3, 5.0, 1.0], [0.2, 0.4, 3.0]]),
            np.array([1.0, 2.0, -1.0]),
        ),
        (0, 1),
        tags=("while", "converge"),
    ),
    Case(geometric_series, lambda: (0.3,), 0, tags=("while", "converge")),
    Case(collatz_like_scaling, lambda: (0.9, 6), 0, tags=("while", "int-state")),
]
