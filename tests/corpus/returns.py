"""Early returns inside branches and loops, several returns, and (loss, aux) tuple returns."""

import math

import numpy as np

from . import Case, rng


def guarded_log_ratio(x, y):
    if y <= 0:
        return 0.0
    if x <= 0:
        return -y
    return math.log(x / y) * x


def return_when_exceeds(x, limit):
    s = 0.0
    for v in x:
        s += v * v
        if s > limit:
            return s * limit
    return -s


def mean_until_saturated(x, limit):
    s = 0.0
    n = 0
    for v in x:
        s += math.exp(v)
        n += 1
        if s > limit:
            return s / n
    return s * limit


def classify_energy(e, scale):
    if e < 0.0:
        return -e * scale
    elif e < 1.0:
        return e * e * scale
    return math.sqrt(e) * scale


def first_root_step(f0, slope, tol=1e-12):
    x = f0
    for i in range(100):
        step = (x * x * x + slope * x - f0) / (3 * x * x + slope)
        x = x - step
        if abs(step) < tol:
            return x
    return x


def return_in_while(x, rate):
    y = x
    n = 0
    while n < 100:
        y = y * (1.0 + rate) + 0.1
        n += 1
        if y > 5.0:
            return y / n
    return y


def empty_guard(x):
    if x.size == 0:
        return 0.0
    return np.sum(x**2) / x.size


def regression_with_metrics(w, X, y):
    pred = X @ w
    loss = np.mean((pred - y) ** 2)
    metrics = {"mae": np.mean(np.abs(pred - y)), "n": X.shape[0]}
    return loss, metrics


def loss_and_state(W, h0, xs):
    h = h0
    for x in xs:
        h = np.tanh(W @ h + x)
    return np.sum(h**2), (h, len(xs))


def search_nested(A, level):
    for i in range(A.shape[0]):
        for j in range(A.shape[1]):
            if A[i, j] > level:
                return A[i, j] * level + i + j
    return level


def return_from_else(x):
    if x > 2.0:
        y = x * x
    else:
        return math.sin(x) * x
    return y + 1.0


def cost_with_diagnostics(theta, data):
    resid = data - theta[0] - theta[1] * np.arange(len(data))
    cost = 0.5 * np.sum(resid**2)
    return cost, resid


CASES = [
    Case(guarded_log_ratio, lambda: (2.5, 1.3), (0, 1), tags=("return",)),
    Case(
        return_when_exceeds,
        lambda: (np.array([0.4, 0.9, 1.1, 0.2]), 1.5),
        (0, 1),
        tags=("return", "loop"),
    ),
    Case(
        mean_until_saturated,
        lambda: (np.array([0.4, -0.3, 0.1, 0.2]), 7.5),
        (0, 1),
        tags=("return", "loop"),
    ),
    Case(classify_energy, lambda: (2.3, 1.7), (0, 1), tags=("return", "elif")),
    Case(first_root_step, lambda: (1.4, 2.0), (0, 1), tags=("return", "loop", "converge")),
    Case(return_in_while, lambda: (0.5, 0.2), (0, 1), tags=("return", "while")),
    Case(empty_guard, lambda: (rng(80).normal(size=4),), 0, tags=("return",)),
    Case(
        regression_with_metrics,
        lambda: (rng(81).normal(size=2), rng(82).normal(size=(5, 2)), rng(83).normal(size=5)),
        0,
        tags=("aux",),
        has_aux=True,
    ),
    Case(
        loss_and_state,
        lambda: (
            0.5 * rng(84).normal(size=(3, 3)),
            rng(85).normal(size=3),
            rng(86).normal(size=(4, 3)),
        ),
        (0, 1),
        tags=("aux", "loop"),
        has_aux=True,
    ),
    Case(
        search_nested,
        lambda: (np.array([[0.1, 0.2, 0.3], [0.5, 1.4, 0.2]]), 0.9),
        (0, 1),
        tags=("return", "nested"),
    ),
    Case(return_from_else, lambda: (1.2,), 0, tags=("return",)),
    Case(
        cost_with_diagnostics,
        lambda: (np.array([0.5, -0.2]), rng(87).normal(size=6)),
        0,
        tags=("aux",),
        has_aux=True,
    ),
]
