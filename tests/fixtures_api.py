"""User code for test_api.py and test_standalone_output.py: plain functions, no test logic."""

import functools
import math

import numpy as np

SCALE = 1.5


def poly(x, y):
    z = x * y + x**2 - y / x
    return -z * SCALE + 3.0


def three(a, b, c):
    return a * b * c + a / c


def with_int(x, n):
    return x**n * 2.0


def scalar_math(x, y):
    a = math.sin(x) * math.cos(y)
    b = math.exp(-x * x) + math.log(y) * math.sqrt(y)
    return a + math.tanh(b)


def np_elementwise(x):
    return np.sum(np.tanh(x) * np.exp(-x) + np.log(x * x + 1.0) * np.sin(x))


def np_reductions(x, w):
    return np.mean(x * w) + np.dot(x, w) * np.sum(x)


def mlp(W1, W2, x):
    h = np.tanh(x @ W1)
    return np.sum(h @ W2)


def broadcast(b, X):
    return np.sum(np.tanh(X * b) + b)


def scaled_sum(x):
    return np.sum(x * 2.0 + x * x)


def with_aux(x, y):
    loss = np.sum(x * x * y)
    return loss, {"norm": np.sum(x), "tag": "aux"}


def pointwise(x, y):
    return np.sin(x) * y + x


def sq(t):
    return t * t


def uses_helper(x):
    return sq(x) * sq(x + 1.0)


def make_scaled(k):
    def scaled(x):
        return k * x * x

    return scaled


def rnn(W, h, xs):
    for x in xs:
        h = np.tanh(W @ h + x)
    return np.sum(h * h)


def branchy(x, y):
    if x > y:
        z = x * y
    else:
        z = x / y
    return z * z


def power_loop(x, n):
    acc = 1.0
    i = 0
    while i < n:
        acc = acc * x
        i += 1
    return acc


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        """Only forwards: s2s looks through it."""
        return fn(*args, **kwargs)

    return wrapper


def tripled(fn):
    @functools.wraps(fn)
    def wrapper(x):
        return 3.0 * fn(x)

    return wrapper


def doubled(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return 2.0 * fn(*args, **kwargs)

    return wrapper


@logged
def logged_square(x):
    return x * x


@tripled
def tripled_square(x):
    return x * x


@doubled
def doubled_square(x):
    return x * x


@functools.cache
def cached_square(x):
    return x * x


def nested_power(x, n):
    """Recursive: calls itself with a depth argument."""
    if n == 0:
        return 1.0
    return x * nested_power(x, n - 1)


def unrolled_map(v, depth):
    """Recursive on arrays: the output is an array (for vjp)."""
    if depth == 0:
        return v * v
    return unrolled_map(np.sin(v) + 0.5 * v, depth - 1)


def mapped_product(v, w):
    """Calls a recursive helper."""
    return unrolled_map(v * w, 3)
