"""List comprehensions, sum(... for ...) generator expressions, lambdas bound to locals."""

import math

import numpy as np

from . import Case, rng


def sum_of_squares_list(x):
    return sum([v**2 for v in x])


def sum_of_squares_generator(x):
    return sum(v * v for v in x)


def positive_part_sum(x):
    return sum(v**3 for v in x if v > 0)


def neighbour_products(x):
    prods = [x[i] * x[i + 1] for i in range(len(x) - 1)]
    return sum(prods) / len(prods)


def double_sum(A):
    n, m = A.shape
    return sum(A[i, j] ** 2 * (i + 1) for i in range(n) for j in range(m))


def lambda_transform(x):
    f = lambda t: t * t + math.sin(t)
    return f(x[0]) + f(x[1]) * f(x[2])


def lambda_in_loop(x, k):
    energy = lambda d: 0.5 * k * d**2
    total = 0.0
    for i in range(len(x) - 1):
        total += energy(x[i + 1] - x[i])
    return total


def array_from_comprehension(x):
    y = np.array([np.sin(v) * v for v in x])
    return np.sum(y * y)


def dot_by_generator(x, y):
    return sum(a * b for a, b in zip(x, y))


def discounted_return(rewards, gamma):
    return sum(gamma**t * r for t, r in enumerate(rewards))


def two_arg_lambda(x, y):
    dist = lambda a, b: np.sqrt(np.sum((a - b) ** 2))
    return dist(x, y) + dist(x, 2.0 * y)


def stacked_features(x):
    feats = np.stack([x**p for p in range(1, 4)])
    return np.sum(feats @ x)


def mean_of_norms(X):
    norms = [np.linalg.norm(row) for row in X]
    return sum(norms) / len(norms)


def max_abs_generator(x):
    return max(abs(v) for v in x) + sum(x)


def comprehension_with_call(x):
    logs = [math.log(1.0 + v * v) for v in x]
    return sum(logs) * max(logs)


def lambda_default_argument(x):
    scale = lambda t, s=2.0: s * t
    return np.sum(scale(x) + scale(x, s=0.5) ** 2)


def power_sums_dict(x):
    powers = {}
    for p in (1, 2, 3):
        powers[p] = np.sum(x**p)
    return powers[1] * powers[3] + powers[2]


def nested_list_comprehension(x):
    grid = [[xi * xj for xj in x] for xi in x]
    return sum(sum(row) for row in grid) + np.sum(np.array(grid) ** 2)


CASES = [
    Case(sum_of_squares_list, lambda: (rng(210).normal(size=5),), 0, tags=("listcomp",)),
    Case(sum_of_squares_generator, lambda: (rng(211).normal(size=5),), 0, tags=("genexp",)),
    Case(
        positive_part_sum,
        lambda: (np.array([0.4, -0.6, 1.1, -0.2, 0.9]),),
        0,
        tags=("genexp", "filter"),
    ),
    Case(neighbour_products, lambda: (rng(212).normal(size=5),), 0, tags=("listcomp",)),
    Case(double_sum, lambda: (rng(213).normal(size=(3, 2)),), 0, tags=("genexp", "nested")),
    Case(lambda_transform, lambda: (rng(214).normal(size=3),), 0, tags=("lambda",)),
    Case(lambda_in_loop, lambda: (rng(215).normal(size=4), 2.5), (0, 1), tags=("lambda", "loop")),
    Case(array_from_comprehension, lambda: (rng(216).normal(size=4),), 0, tags=("listcomp",)),
    Case(
        dot_by_generator,
        lambda: (rng(217).normal(size=4), rng(218).normal(size=4)),
        (0, 1),
        tags=("genexp", "zip"),
    ),
    Case(
        discounted_return,
        lambda: (rng(219).normal(size=5), 0.9),
        (0, 1),
        tags=("genexp", "enumerate"),
    ),
    Case(
        two_arg_lambda,
        lambda: (rng(220).normal(size=3), rng(221).normal(size=3)),
        (0, 1),
        tags=("lambda",),
    ),
    Case(stacked_features, lambda: (rng(222).normal(size=3),), 0, tags=("listcomp",)),
    Case(mean_of_norms, lambda: (rng(223).normal(size=(4, 3)),), 0, tags=("listcomp", "rows")),
    Case(max_abs_generator, lambda: (np.array([0.3, -1.4, 0.8, 0.5]),), 0, tags=("genexp", "max")),
    Case(comprehension_with_call, lambda: (rng(224).normal(size=4),), 0, tags=("listcomp", "max")),
    Case(
        lambda_default_argument, lambda: (rng(225).normal(size=3),), 0, tags=("lambda", "kwargs")
    ),
    Case(power_sums_dict, lambda: (rng(226).normal(size=4),), 0, tags=("dict", "loop")),
    Case(
        nested_list_comprehension,
        lambda: (rng(227).normal(size=3),),
        0,
        tags=("listcomp", "nested"),
    ),
]
