"""for loops: over ranges (any start/stop/step), arrays, lists, tuples, enumerate, zip, reversed;
nested loops, break, continue and for/else."""

import math

import numpy as np

from . import Case, rng


def exp_taylor(x, n_terms):
    term = 1.0
    total = 1.0
    for k in range(1, n_terms):
        term = term * x / k
        total = total + term
    return total


def pairwise_products(x):
    s = 0.0
    for i in range(0, len(x) - 1, 2):
        s += x[i] * x[i + 1]
    return s


def backward_recurrence(x):
    acc = 0.0
    for i in range(len(x) - 1, -1, -1):
        acc = acc * 0.5 + x[i] ** 2
    return acc


def every_third_backwards(x):
    total = 0.0
    for i in range(len(x) - 1, 0, -3):
        total += np.sin(x[i]) * x[i - 1]
    return total


def sum_of_row_activations(w, X):
    total = 0.0
    for row in X:
        total += np.tanh(row @ w)
    return total


def multiscale_smoothness(x):
    total = 0.0
    for scale in [1.0, 0.5, 0.25]:
        total += scale * np.sum(np.diff(x) ** 2)
    return total


def tuple_of_exponents(x):
    s = 0.0
    for p in (1, 2, 3):
        s = s + np.sum(np.abs(x) ** p) / p
    return s


def position_weighted_energy(x):
    s = 0.0
    for i, xi in enumerate(x):
        s += (i + 1) * xi**2
    return s


def squared_distance_zip(x, y):
    s = 0.0
    for a, b in zip(x, y):
        s += (a - b) ** 2
    return s


def horner_reversed(coeffs, x):
    result = 0.0
    for c in reversed(coeffs):
        result = result * x + c
    return result


def repulsion_energy(pos):
    n = pos.shape[0]
    energy = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            d = pos[i] - pos[j]
            energy += 1.0 / np.sqrt(np.sum(d * d))
    return energy


def first_crossing(x, threshold):
    total = 0.0
    for v in x:
        total += v * v
        if total > threshold:
            break
    return total * threshold


def skip_negatives(x):
    s = 0.0
    for v in x:
        if v < 0:
            continue
        s += np.sqrt(v) * v
    return s


def search_else(x, target):
    found = 0.0
    for v in x:
        if v > target:
            found = v * target
            break
    else:
        found = -target * np.sum(x)
    return found


def find_unstable_mode(eigs, tol):
    for i in range(len(eigs)):
        if eigs[i] > tol:
            growth = math.exp(eigs[i]) - tol
            break
    else:
        growth = tol * np.sum(eigs**2)
    return growth


def power_iteration(A, v0, n_iter):
    v = v0
    for _ in range(n_iter):
        v = A @ v
        v = v / np.linalg.norm(v)
    return v @ A @ v


def second_differences(x):
    s = 0.0
    for i in range(1, len(x) - 1):
        s = s + (x[i - 1] - 2 * x[i] + x[i + 1]) ** 2
    return s


def matrix_vector_loops(A, x):
    n, m = A.shape
    total = 0.0
    for i in range(n):
        row_sum = 0.0
        for j in range(m):
            row_sum += A[i, j] * x[j]
        total += row_sum**2
    return total


def enumerate_zip(x, y):
    s = 0.0
    for k, (a, b) in enumerate(zip(x, y)):
        s += math.exp(-0.5 * k) * a * b
    return s


def reversed_range_recurrence(x):
    n = len(x)
    carry = 1.0
    for i in reversed(range(n)):
        carry = x[i] + 0.5 * math.sin(carry)
    return carry


def scalar_elements(x):
    s = 0.0
    for v in x:
        s += math.log(1.0 + v * v)
    return s


def inner_break(A):
    total = 0.0
    for row in A:
        for a in row:
            if a < 0:
                break
            total += a * a
    return total


def even_steps_down(x):
    s = 0.0
    for i in range(len(x), 0, -2):
        s += x[i - 1] * i
    return s


def loop_over_columns(W, v):
    out = 0.0
    for col in W.T:
        out += np.dot(col, v) ** 2
    return out


def loop_with_empty_range(x, n):
    s = np.sum(x)
    for i in range(n):
        s = s * x[i]
    return s


def zip_three(a, b, c):
    s = 0.0
    for p, q, r in zip(a, b, c):
        s += p * q - r * np.cos(p)
    return s


def loop_variable_after_loop(x):
    for i in range(len(x)):
        last = x[i] * i
    return last * x[0] + i


def cumulative_product(x):
    prod = 1.0
    best = 0.0
    for v in x:
        prod *= v
        best = best + prod
    return best


CASES = [
    Case(exp_taylor, lambda: (0.7, 12), 0, tags=("range",)),
    Case(pairwise_products, lambda: (rng(50).normal(size=7),), 0, tags=("range-step",)),
    Case(backward_recurrence, lambda: (rng(51).normal(size=5),), 0, tags=("range-negative",)),
    Case(every_third_backwards, lambda: (rng(52).normal(size=8),), 0, tags=("range-negative",)),
    Case(
        sum_of_row_activations,
        lambda: (rng(53).normal(size=3), rng(54).normal(size=(5, 3))),
        (0, 1),
        tags=("rows",),
    ),
    Case(multiscale_smoothness, lambda: (rng(55).normal(size=6),), 0, tags=("list",)),
    Case(tuple_of_exponents, lambda: (rng(56).normal(size=4),), 0, tags=("tuple",)),
    Case(position_weighted_energy, lambda: (rng(57).normal(size=5),), 0, tags=("enumerate",)),
    Case(
        squared_distance_zip,
        lambda: (rng(58).normal(size=4), rng(59).normal(size=4)),
        (0, 1),
        tags=("zip",),
    ),
    Case(horner_reversed, lambda: (rng(60).normal(size=5), 0.8), (0, 1), tags=("reversed",)),
    Case(repulsion_energy, lambda: (rng(61).normal(size=(4, 2)),), 0, tags=("nested",)),
    Case(
        first_crossing,
        lambda: (np.array([0.5, -0.7, 1.2, 0.9, 2.0]), 1.5),
        (0, 1),
        tags=("break",),
    ),
    Case(skip_negatives, lambda: (np.array([0.5, -0.7, 1.2, -0.1, 2.0]),), 0, tags=("continue",)),
    Case(
        search_else,
        lambda: (np.array([0.1, 0.4, 1.3, 0.2]), 0.9),
        (0, 1),
        tags=("break", "for-else"),
    ),
    Case(
        find_unstable_mode,
        lambda: (np.array([-0.1, 0.4, 0.3, -0.2]), 0.9),
        (0, 1),
        tags=("break", "for-else"),
    ),
    Case(
        power_iteration,
        lambda: (np.diag([3.0, 1.0, 0.5]) + 0.1 * rng(62).normal(size=(3, 3)), np.ones(3), 6),
        (0, 1),
        tags=("range",),
    ),
    Case(second_differences, lambda: (rng(63).normal(size=6),), 0, tags=("range-start",)),
    Case(
        matrix_vector_loops,
        lambda: (rng(64).normal(size=(3, 4)), rng(65).normal(size=4)),
        (0, 1),
        tags=("nested",),
    ),
    Case(
        enumerate_zip,
        lambda: (rng(66).normal(size=4), rng(67).normal(size=4)),
        (0, 1),
        tags=("enumerate", "zip"),
    ),
    Case(reversed_range_recurrence, lambda: (rng(68).normal(size=5),), 0, tags=("reversed",)),
    Case(scalar_elements, lambda: (rng(69).normal(size=5),), 0, tags=("rows",)),
    Case(
        inner_break,
        lambda: (np.array([[0.5, 1.0, -0.3, 2.0], [1.5, -0.2, 0.7, 0.1], [0.3, 0.4, 0.6, 0.8]]),),
        0,
        tags=("nested", "break"),
    ),
    Case(even_steps_down, lambda: (rng(70).normal(size=7),), 0, tags=("range-negative",)),
    Case(
        loop_over_columns,
        lambda: (rng(71).normal(size=(3, 4)), rng(72).normal(size=3)),
        (0, 1),
        tags=("rows",),
    ),
    Case(loop_with_empty_range, lambda: (rng(73).normal(size=3), 0), 0, tags=("range-empty",)),
    Case(
        zip_three,
        lambda: (rng(74).normal(size=3), rng(75).normal(size=3), rng(76).normal(size=3)),
        (0, 1, 2),
        tags=("zip",),
    ),
    Case(loop_variable_after_loop, lambda: (rng(77).normal(size=4),), 0, tags=("range",)),
    Case(cumulative_product, lambda: (rng(78).uniform(0.5, 1.5, size=5),), 0, tags=("augassign",)),
]
