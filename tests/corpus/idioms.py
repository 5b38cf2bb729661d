"""Everyday habits of scientific Python: docstrings, type annotations, asserts and input checks,
chained assignment, np.newaxis and Ellipsis, reversed slices, convergence flags, pass."""

from __future__ import annotations

import math

import numpy as np

from . import Case, rng


def annotated_energy(x: np.ndarray, k: float = 1.0, damping: float = 0.1) -> float:
    """Harmonic energy of a chain with a damping term.

    Parameters
    ----------
    x : positions, shape (n,)
    k : spring constant
    """
    # nearest-neighbour springs
    stretch = np.diff(x)
    return 0.5 * k * float(np.sum(stretch**2)) + damping * float(np.sum(x**2))


def checked_mean_square(x):
    """Mean square after validating the input."""
    assert x.ndim == 1, "expected a vector"
    if x.shape[0] == 0:
        raise ValueError("empty input")
    return np.mean(x**2)


def chained_assignment(x):
    total = count = 0.0
    for v in x:
        total += v * v
        count += 1.0
    return total / count


def newaxis_outer(a, b):
    M = a[:, np.newaxis] * b[np.newaxis, :]
    return np.sum(np.tanh(M))


def ellipsis_last_axis(X):
    first = X[..., 0]
    return np.sum(first**2) + np.sum(X[..., -1])


def reversed_slice_dot(x):
    return np.dot(x, x[::-1]) + np.sum(x[::2] ** 3)


def converged_flag(a):
    x = 1.0
    converged = False
    it = 0
    while not converged:
        x_new = 0.5 * (x + a / x)
        converged = abs(x_new - x) < 1e-15 or it > 100
        x = x_new
        it += 1
    return x**3


def placeholder_branch(x, mode):
    if mode == "fast":
        pass
    else:
        x = x * 1.5
    return np.sum(np.exp(-(x**2)))


def clipped_gradient_step(w, g, lr, max_norm=1.0):
    norm = np.linalg.norm(g)
    scale = min(1.0, max_norm / norm)
    w_new = w - lr * scale * g
    return np.sum(w_new**2)


def middle_element(x):
    n = len(x)
    mid = x[n // 2]
    return mid * np.sum(x)


def negative_index_window(x):
    tail = x[-3:]
    head = x[:-3]
    return np.sum(tail**2) * np.sum(head)


def clip_and_where(x, lo, hi):
    y = np.clip(x, lo, hi)
    z = np.where(x > 0, y, 0.1 * y)
    return np.sum(z**2)


def dtype_cast_and_float(x):
    s = float(np.sum(x**2))
    n = int(x.shape[0])
    return math.sqrt(s / n)


def tuple_shape_unpack(X):
    n_samples, n_features = X.shape
    centered = X - X.mean(axis=0, keepdims=True)
    return np.sum(centered**2) / (n_samples * n_features)


def first_half_energy(x):
    """Split, and use only one half: the other half's cotangent is zero, shaped like it."""
    head, tail = np.split(x, 2)
    return np.sum(head**2)


def uneven_chunks(x):
    """np.array_split into unequal chunks, two of three read by index."""
    chunks = np.array_split(x, 3)
    return np.sum(chunks[0] ** 2) + 3.0 * np.sum(np.sin(chunks[2]))


def std_of_single_feature(x):
    """A per-row std over an axis of length one is identically 0: its gradient too, not NaN."""
    spread = np.std(x, axis=-1, keepdims=True)
    return np.sum(x * x) + np.sum(spread)


CASES = [
    Case(
        annotated_energy,
        lambda: (rng(330).normal(size=5), 2.0, 0.3),
        (0, "k", "damping"),
        tags=("annotations", "docstring"),
    ),
    Case(checked_mean_square, lambda: (rng(331).normal(size=5),), 0, tags=("assert", "raise")),
    Case(chained_assignment, lambda: (rng(332).normal(size=4),), 0, tags=("chained-assign",)),
    Case(
        newaxis_outer,
        lambda: (rng(333).normal(size=3), rng(334).normal(size=4)),
        (0, 1),
        tags=("newaxis",),
    ),
    Case(ellipsis_last_axis, lambda: (rng(335).normal(size=(2, 3, 4)),), 0, tags=("ellipsis",)),
    Case(reversed_slice_dot, lambda: (rng(336).normal(size=5),), 0, tags=("slice-step",)),
    Case(converged_flag, lambda: (2.7,), 0, tags=("while", "not", "or", "converge")),
    Case(placeholder_branch, lambda: (rng(337).normal(size=3), "slow"), 0, tags=("pass", "str")),
    Case(
        clipped_gradient_step,
        lambda: (rng(338).normal(size=3), 3.0 * rng(339).normal(size=3), 0.1),
        (0, 1, 2),
        tags=("min", "defaults"),
    ),
    Case(middle_element, lambda: (rng(340).normal(size=5),), 0, tags=("int-index",)),
    Case(negative_index_window, lambda: (rng(341).normal(size=6),), 0, tags=("slice",)),
    Case(
        clip_and_where,
        lambda: (np.array([-1.5, -0.2, 0.4, 0.9, 2.5]), -1.0, 2.0),
        (0, 1, 2),
        tags=("clip", "where"),
    ),
    Case(dtype_cast_and_float, lambda: (rng(342).normal(size=4),), 0, tags=("float", "int")),
    Case(tuple_shape_unpack, lambda: (rng(343).normal(size=(4, 3)),), 0, tags=("shape", "unpack")),
    Case(first_half_energy, lambda: (rng(344).normal(size=6),), 0, tags=("split", "unpack")),
    Case(uneven_chunks, lambda: (rng(345).normal(size=7),), 0, tags=("array_split", "index")),
    Case(std_of_single_feature, lambda: (rng(346).normal(size=(4, 1)),), 0, tags=("std", "nan")),
]
