"""Functions calling the user's own helpers: same module, a sibling module, nested several levels,
called in loops, with keyword arguments and defaults."""

import math

import numpy as np

from . import Case, kernels, rng
from .kernels import dense, lennard_jones, sigmoid, spring_energy, standardize


def _square(t):
    return t * t


def _norm2(v):
    return np.sum(_square(v))


def _unit(v):
    return v / math.sqrt(_norm2(v))


def _moments(x):
    mean = np.mean(x)
    var = np.mean((x - mean) ** 2)
    return mean, var


def _smooth_clip(x, lo=-1.0, hi=1.0):
    mid = 0.5 * (lo + hi)
    half = 0.5 * (hi - lo)
    return mid + half * np.tanh((x - mid) / half)


def _rk_step(y, h, k):
    k1 = -k * y
    k2 = -k * (y + 0.5 * h * k1)
    return y + h * k2


def _count_and_scale(x, scale, *, power=2):
    return scale * np.sum(x**power), len(x)


def _relu_like(z, leak):
    if z > 0:
        return z
    return leak * z


def _accumulate(xs, weight):
    total = 0.0
    for x in xs:
        total += weight * _square(x)
    return total


def two_layer_net(W1, b1, W2, b2, x):
    h = dense(W1, b1, x)
    out = dense(W2, b2, h, activation="identity")
    return np.sum(out**2)


def gated_net(W1, b1, x):
    gate = dense(W1, b1, x, activation="sigmoid")
    return np.sum(gate * x[: gate.shape[0]])


def chain_energy(x, k):
    energy = 0.0
    for i in range(len(x) - 1):
        energy += spring_energy(x[i], x[i + 1], k=k, rest=0.5)
    return energy


def chain_energy_2d(pos, k):
    energy = 0.0
    for i in range(pos.shape[0] - 1):
        energy = energy + spring_energy(pos[i], pos[i + 1], k)
    return energy


def projected_length(v, w):
    return np.dot(_unit(v), w) ** 2


def standardized_score(x, w):
    return np.sum(standardize(x) * w)


def module_attribute_call(z):
    return np.sum(kernels.sigmoid(z) * kernels.softmax(z))


def cluster_energy(pos, epsilon):
    n = pos.shape[0]
    total = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            r = kernels.distance(pos[i], pos[j])
            total += lennard_jones(r, epsilon=epsilon, sigma=0.9)
    return total


def coefficient_of_variation(x):
    mean, var = _moments(x)
    return math.sqrt(var) / mean


def clipped_signal(x, amplitude):
    return np.sum(_smooth_clip(amplitude * x, hi=2.0, lo=-0.5))


def integrate_decay(y0, k):
    y = y0
    for _ in range(20):
        y = _rk_step(y, 0.05, k)
    return y


def keyword_only_call(x, scale):
    total, n = _count_and_scale(x, scale, power=3)
    return total / n


def leaky_sum(z, leak):
    s = 0.0
    for zi in z:
        s += _relu_like(zi, leak)
    return s


def weighted_squares(x, w):
    return _accumulate(x, weight=w)


def same_local_names(x):
    t = x * 2.0
    v = np.sum(_square(t)) + _norm2(x)
    mean, var = _moments(x * t)
    return v + mean + var


def logistic_of_sum(w, x):
    return float(sigmoid(np.dot(w, x)))


def helper_result_in_branch(x, y):
    d = _square(x - y)
    if d > 1.0:
        d = math.sqrt(d)
    return d * _square(y)


def two_layer_closure(W1, W2, x):
    """A nested helper reading the caller's weights, called twice (as ML code does)."""

    def layer(W, h, slope=0.1):
        z = W @ h
        return np.where(z > 0.0, z, slope * z)

    h = layer(W1, x)
    out = layer(W2, h, slope=0.2)
    return np.sum(out**2)


def late_bound_scale(x, k):
    """A closure reads its free variable when called: the second call sees the new scale."""
    scale = 1.0

    def step(v):
        return v * scale + np.sin(v)

    y = step(x)
    scale = k
    y = step(y)
    return np.sum(y**2)


def sibling_helpers(x, w):
    """Nested helpers calling each other, one with its own loop and accumulator."""

    def poly(v):
        acc = 0.0
        for i in range(3):
            acc = acc + w[i] * v**i
        return acc

    def energy(v):
        p = poly(v)
        return p * p + 0.5 * v * v

    return np.sum(energy(x)) + energy(1.5)


def smoothed_norm(v, eps):
    """A module-level helper with its own nested helper (both get inlined, renamed)."""
    scale = 2.0

    def soft(t):
        return np.sqrt(t * t + eps) * scale

    return np.sum(soft(v))


def calls_helper_with_nested(x, eps):
    scale = 3.0  # the same name as the helper's local: renaming must keep them apart
    v = x * scale
    return smoothed_norm(v, eps) + smoothed_norm(x, 2.0 * eps)


CASES = [
    Case(
        two_layer_net,
        lambda: (
            rng(100).normal(size=(3, 4)),
            rng(101).normal(size=4),
            rng(102).normal(size=(4, 2)),
            rng(103).normal(size=2),
            rng(104).normal(size=3),
        ),
        (0, 1, 2, 3),
        tags=("call", "kwargs"),
    ),
    Case(
        gated_net,
        lambda: (rng(105).normal(size=(3, 2)), rng(106).normal(size=2), rng(107).normal(size=3)),
        (0, 1),
        tags=("call", "kwargs"),
    ),
    Case(
        chain_energy,
        lambda: (np.array([0.0, 0.6, 1.3, 1.7, 2.4]), 3.0),
        (0, 1),
        tags=("call", "loop", "kwargs"),
    ),
    Case(
        chain_energy_2d,
        lambda: (rng(108).normal(size=(4, 2)), 2.0),
        (0, 1),
        tags=("call", "loop", "defaults"),
    ),
    Case(
        projected_length,
        lambda: (rng(109).normal(size=3), rng(110).normal(size=3)),
        (0, 1),
        tags=("call", "nested-call"),
    ),
    Case(
        standardized_score,
        lambda: (rng(111).normal(size=5), rng(112).normal(size=5)),
        (0, 1),
        tags=("call", "imported"),
    ),
    Case(module_attribute_call, lambda: (rng(113).normal(size=4),), 0, tags=("call", "imported")),
    Case(
        cluster_energy,
        lambda: (np.array([[0.0, 0.0], [1.1, 0.1], [0.4, 1.0], [1.3, 1.2]]), 1.5),
        (0, 1),
        tags=("call", "nested", "kwargs"),
    ),
    Case(
        coefficient_of_variation,
        lambda: (rng(114).uniform(1, 2, size=5),),
        0,
        tags=("call", "tuple-return"),
    ),
    Case(clipped_signal, lambda: (rng(115).normal(size=5), 1.3), (0, 1), tags=("call", "kwargs")),
    Case(integrate_decay, lambda: (1.2, 0.8), (0, 1), tags=("call", "loop")),
    Case(
        keyword_only_call, lambda: (rng(116).normal(size=4), 0.7), (0, 1), tags=("call", "kwonly")
    ),
    Case(
        leaky_sum,
        lambda: (np.array([0.5, -1.2, 2.0, -0.3]), 0.1),
        (0, 1),
        tags=("call", "return", "loop"),
    ),
    Case(weighted_squares, lambda: (rng(117).normal(size=4), 0.6), (0, 1), tags=("call", "loop")),
    Case(same_local_names, lambda: (rng(118).normal(size=3),), 0, tags=("call", "names")),
    Case(
        logistic_of_sum,
        lambda: (rng(119).normal(size=3), rng(120).normal(size=3)),
        (0, 1),
        tags=("call", "imported"),
    ),
    Case(helper_result_in_branch, lambda: (2.1, 0.4), (0, 1), tags=("call", "if")),
    Case(
        two_layer_closure,
        lambda: (
            rng(121).normal(size=(4, 3)),
            rng(122).normal(size=(2, 4)),
            rng(123).normal(size=3),
        ),
        (0, 1),
        tags=("nested-def", "kwargs"),
    ),
    Case(
        late_bound_scale,
        lambda: (rng(124).normal(size=4), 0.7),
        (0, 1),
        tags=("nested-def", "closure"),
    ),
    Case(
        sibling_helpers,
        lambda: (rng(125).normal(size=4), rng(126).normal(size=3)),
        (0, 1),
        tags=("nested-def", "loop"),
    ),
    Case(
        calls_helper_with_nested,
        lambda: (rng(127).normal(size=4), 0.3),
        (0, 1),
        tags=("nested-def", "call", "names"),
    ),
]
