"""Non-differentiable flow: integer, bool and str arguments and locals, shapes, lengths, int(...),
comparisons, argmax/argsort, zeros_like, integer array indices."""

import math

import numpy as np

from . import Case, rng


def mean_by_len(x):
    return np.sum(x**2) / len(x)


def centered_gram(X):
    n, d = X.shape
    Xc = X - np.sum(X, axis=0) / n
    G = Xc.T @ Xc
    return np.sum(G * np.eye(d)) / (n - 1)


def integer_power(x, n):
    return x**n + n * x


def reduce_by_mode(x, mode="sum"):
    if mode == "sum":
        r = np.sum(x)
    elif mode == "mean":
        r = np.mean(x)
    else:
        r = np.max(x)
    return r * r


def emphasize_peak(x):
    i = np.argmax(x)
    return x[i] * 2.0 + np.sum(x)


def accumulate_into_zeros(x):
    acc = np.zeros_like(x)
    for k in range(3):
        acc = acc + x ** (k + 1)
    return np.sum(acc)


def gather_rows(X, idx):
    return np.sum(X[idx] ** 2)


def optional_normalize(x, normalize=True):
    if normalize:
        x = x / np.sqrt(np.sum(x**2))
    return np.sum(x * np.arange(1.0, len(x) + 1.0))


def first_half(x):
    k = int(x.size / 2)
    return np.sum(x[:k] ** 2) - np.sum(x[k:])


def mean_of_positive(x):
    mask = x > 0
    n_pos = np.sum(mask)
    return np.sum(np.where(mask, x, 0.0) ** 2) / n_pos


def linear_interp(ys, t):
    i = int(np.floor(t))
    frac = t - i
    return ys[i] * (1.0 - frac) + ys[i + 1] * frac


def sorted_weighted(x, w):
    order = np.argsort(x)
    return np.sum(x[order] * w)


def rank_weights(x):
    n = x.shape[0]
    w = np.arange(1, n + 1)
    return np.sum(w * x**2) / n


def identity_plus(A):
    n = A.shape[0]
    M = A + np.eye(n) * float(n)
    return np.trace(M @ M)


def longest_common(a, b):
    m = min(len(a), len(b))
    return np.sum(a[:m] * b[:m])


def count_iterations(x, max_iter):
    it = 0
    y = x
    while it < max_iter:
        y = y - 0.1 * (y * y - 2.0)
        it = it + 1
    return y * it


def dtype_and_ndim(x):
    if x.ndim == 2:
        x = x.ravel()
    n = x.size
    scale = 1.0 / n if x.dtype == np.float64 else 1.0
    return scale * np.sum(np.exp(x))


def bool_local(x, threshold):
    large = np.abs(x) > threshold
    any_large = bool(np.any(large))
    total = np.sum(x**2)
    if any_large:
        total = total * 2.0
    return total


def label_lookup(logits, labels):
    n = logits.shape[0]
    picked = logits[np.arange(n), labels]
    return -np.sum(picked) + np.sum(np.log(np.sum(np.exp(logits), axis=1)))


def round_to_grid(x, spacing):
    k = np.round(x / spacing)
    return np.sum((x - k * spacing) ** 2)


def sign_times(x):
    return np.sum(np.sign(x) * x**2)


def step_counts(x, steps):
    total = 0.0
    for i in range(steps):
        total += x * (i % 3)
    return total


def isclose_switch(x, y):
    if math.isclose(x, y):
        return 0.0
    return (x - y) ** 2


CASES = [
    Case(mean_by_len, lambda: (rng(190).normal(size=5),), 0, tags=("len",)),
    Case(centered_gram, lambda: (rng(191).normal(size=(5, 3)),), 0, tags=("shape",)),
    Case(integer_power, lambda: (1.3, 3), 0, tags=("int",)),
    Case(reduce_by_mode, lambda: (rng(192).normal(size=4), "mean"), 0, tags=("str",)),
    Case(emphasize_peak, lambda: (rng(193).normal(size=5),), 0, tags=("argmax",)),
    Case(accumulate_into_zeros, lambda: (rng(194).normal(size=4),), 0, tags=("zeros_like",)),
    Case(
        gather_rows,
        lambda: (rng(195).normal(size=(5, 2)), np.array([0, 3, 3, 4])),
        0,
        tags=("int-index",),
    ),
    Case(optional_normalize, lambda: (rng(196).normal(size=4), True), 0, tags=("bool",)),
    Case(first_half, lambda: (rng(197).normal(size=6),), 0, tags=("int",)),
    Case(mean_of_positive, lambda: (np.array([0.5, -0.3, 1.2, 0.8, -2.0]),), 0, tags=("compare",)),
    Case(linear_interp, lambda: (rng(198).normal(size=5), 2.3), (0, 1), tags=("int",)),
    Case(
        sorted_weighted,
        lambda: (rng(199).normal(size=5), rng(200).normal(size=5)),
        (0, 1),
        tags=("argsort",),
    ),
    Case(rank_weights, lambda: (rng(201).normal(size=4),), 0, tags=("arange",)),
    Case(identity_plus, lambda: (rng(202).normal(size=(3, 3)),), 0, tags=("eye", "float")),
    Case(
        longest_common,
        lambda: (rng(203).normal(size=5), rng(204).normal(size=3)),
        (0, 1),
        tags=("min", "len"),
    ),
    Case(count_iterations, lambda: (1.7, 4), 0, tags=("int", "while")),
    Case(dtype_and_ndim, lambda: (rng(205).normal(size=(2, 3)),), 0, tags=("ndim", "dtype")),
    Case(bool_local, lambda: (np.array([0.2, -1.5, 0.7]), 1.0), 0, tags=("bool",)),
    Case(
        label_lookup,
        lambda: (rng(206).normal(size=(4, 3)), np.array([0, 2, 1, 2])),
        0,
        tags=("int-index",),
    ),
    Case(round_to_grid, lambda: (np.array([0.33, 1.21, -0.62]), 0.25), (0, 1), tags=("round",)),
    Case(sign_times, lambda: (rng(207).normal(size=4),), 0, tags=("sign",)),
    Case(step_counts, lambda: (0.7, 7), 0, tags=("int", "mod")),
    Case(isclose_switch, lambda: (0.4, 1.1), (0, 1), tags=("bool",)),
]
