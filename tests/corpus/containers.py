"""Tuples, lists and dicts as intermediates: building, indexing, unpacking, append, pop."""

import math

import numpy as np

from . import Case, rng


def polar_to_cartesian(r, theta):
    point = (r * math.cos(theta), r * math.sin(theta))
    x, y = point
    return x * x * 2.0 + y * x


def loss_history(w, X, y, lr):
    losses = []
    for _ in range(4):
        r = X @ w - y
        losses.append(np.mean(r**2))
        w = w - lr * X.T @ r / len(y)
    return sum(losses) / len(losses)


def trajectory_array(x0, v0, dt):
    xs = []
    x, v = x0, v0
    for _ in range(6):
        xs.append(x)
        v = v - dt * x
        x = x + dt * v
    path = np.array(xs)
    return np.sum(path**2)


def params_dict(w, b, X):
    params = {"weight": w, "bias": b}
    z = X @ params["weight"] + params["bias"]
    return np.sum(np.tanh(z))


def dict_accumulators(x):
    stats = {"sum": 0.0, "sumsq": 0.0}
    for v in x:
        stats["sum"] = stats["sum"] + v
        stats["sumsq"] += v * v
    n = len(x)
    return stats["sumsq"] / n - (stats["sum"] / n) ** 2


def stack_machine(x):
    stack = [x[0], x[1], x[2]]
    total = 0.0
    while stack:
        v = stack.pop()
        total = total * 0.5 + v * v
    return total


def last_two_states(x, a):
    states = [x]
    for _ in range(5):
        states.append(a * states[-1] - 0.1 * states[-1] ** 3)
    return states[-1] * states[-2]


def nested_unpack(x, y, z):
    (a, b), c = (x * y, x + y), z * z
    return a * c - b


def fibonacci_like(a, b):
    x, y = a, b
    for _ in range(8):
        x, y = y, 0.5 * x + 0.7 * y
    return y


def consecutive_pairs(x):
    vals = [v * 2.0 for v in x]
    total = 0.0
    for p, q in zip(vals[:-1], vals[1:]):
        total += (q - p) ** 2
    return total


def weights_by_name(w1, w2, x):
    layers = {"first": w1, "second": w2}
    h = x
    for name, W in layers.items():
        h = np.tanh(W @ h)
    return np.sum(h**2)


def extend_features(x):
    feats = [np.sum(x)]
    feats.extend([np.sum(x**2), np.sum(np.sin(x))])
    feats.insert(0, np.prod(x))
    return sum(feats)


def list_of_layers(W1, W2, W3, x):
    layers = [W1, W2, W3]
    h = x
    for W in layers:
        h = np.tanh(W @ h)
    return np.sum(h)


def tuple_state_update(pos, vel, dt):
    state = (pos, vel)
    for _ in range(5):
        p, v = state
        state = (p + dt * v, v - dt * np.sin(p))
    return np.sum(state[0] ** 2) + np.sum(state[1] ** 2)


def moments_dict(x):
    m = {}
    m["mean"] = np.mean(x)
    m["var"] = np.mean((x - m["mean"]) ** 2)
    m["skew"] = np.mean((x - m["mean"]) ** 3) / m["var"] ** 1.5
    return m["skew"] + m["var"]


def stack_of_rows(x):
    rows = []
    for k in range(3):
        rows.append(x * (k + 1))
    M = np.stack(rows)
    return np.sum(M @ x)


def pop_front(x):
    queue = list(x)
    acc = 0.0
    while len(queue) > 1:
        first = queue.pop(0)
        acc += first * queue[0]
    return acc + queue[0]


def tuple_index(x, y):
    pair = (np.sin(x), np.cos(y))
    return pair[0] * pair[1] + pair[-1]


def list_index_assign(x):
    coeffs = [1.0, 2.0, 3.0]
    coeffs[1] = x * x
    coeffs[2] = coeffs[1] + x
    return coeffs[0] + coeffs[1] * coeffs[2]


def spherical_coordinates(pos):
    x, y, z = pos
    r = math.sqrt(x * x + y * y + z * z)
    theta = math.acos(z / r)
    phi = math.atan2(y, x)
    return r * theta + phi


CASES = [
    Case(polar_to_cartesian, lambda: (1.3, 0.7), (0, 1), tags=("tuple",)),
    Case(
        loss_history,
        lambda: (
            rng(130).normal(size=3),
            rng(131).normal(size=(6, 3)),
            rng(132).normal(size=6),
            0.1,
        ),
        (0, 3),
        tags=("list", "append"),
    ),
    Case(trajectory_array, lambda: (1.0, 0.2, 0.1), (0, 1, 2), tags=("list", "append")),
    Case(
        params_dict,
        lambda: (rng(133).normal(size=3), 0.2, rng(134).normal(size=(4, 3))),
        (0, 1),
        tags=("dict",),
    ),
    Case(dict_accumulators, lambda: (rng(135).normal(size=5),), 0, tags=("dict",)),
    Case(stack_machine, lambda: (rng(136).normal(size=3),), 0, tags=("list", "pop", "while")),
    Case(last_two_states, lambda: (0.8, 0.9), (0, 1), tags=("list", "append")),
    Case(nested_unpack, lambda: (0.5, 1.5, -0.7), (0, 1, 2), tags=("tuple",)),
    Case(fibonacci_like, lambda: (0.3, 0.8), (0, 1), tags=("tuple", "swap")),
    Case(consecutive_pairs, lambda: (rng(137).normal(size=5),), 0, tags=("list", "slice", "zip")),
    Case(
        weights_by_name,
        lambda: (
            rng(138).normal(size=(3, 3)),
            rng(139).normal(size=(2, 3)),
            rng(140).normal(size=3),
        ),
        (0, 1),
        tags=("dict", "items"),
    ),
    Case(extend_features, lambda: (rng(141).normal(size=4),), 0, tags=("list", "extend")),
    Case(
        list_of_layers,
        lambda: (
            rng(142).normal(size=(3, 3)),
            rng(143).normal(size=(3, 3)),
            rng(144).normal(size=(2, 3)),
            rng(145).normal(size=3),
        ),
        (0, 1, 2),
        tags=("list",),
    ),
    Case(
        tuple_state_update,
        lambda: (rng(146).normal(size=2), rng(147).normal(size=2), 0.1),
        (0, 1, 2),
        tags=("tuple",),
    ),
    Case(moments_dict, lambda: (rng(148).normal(size=6),), 0, tags=("dict",)),
    Case(stack_of_rows, lambda: (rng(149).normal(size=3),), 0, tags=("list", "append")),
    Case(pop_front, lambda: (rng(150).normal(size=4),), 0, tags=("list", "pop")),
    Case(tuple_index, lambda: (0.4, 1.1), (0, 1), tags=("tuple",)),
    Case(list_index_assign, lambda: (0.6,), 0, tags=("list", "setitem")),
    Case(spherical_coordinates, lambda: (np.array([0.6, -0.8, 0.5]),), 0, tags=("unpack-array",)),
]
