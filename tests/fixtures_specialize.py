"""Functions whose derivatives depend on broadcasting and on matrix/vector products: the cases
the shape-specialized derivatives (s2s/optimize/specialize.py) must get exactly right."""

import numpy as np


def affine_sum(x, W, b):
    """x @ W + b, broadcast any way the caller likes, then a nonlinear scalar."""
    return np.sum(np.tanh(x @ W + b) ** 2)


def scaled(a, s):
    """a * s with s of any broadcastable shape (scalar, row, column, 0-d array)."""
    return np.sum(np.sin(a * s))


def softmax_xent(logits, labels):
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
    return -np.mean(np.sum(labels * log_probs, axis=-1))


def with_reserved_names(g, result, shapes, fn=2.0):
    """Parameters named like the wrapper's own variables."""
    return np.sum(g * result) + shapes * fn


def s2s_prefixed(s2s_x, y):
    return np.sum(s2s_x * y)


def reductions(x, w):
    return np.max(x, axis=0) @ w + np.mean(x) * np.min(w) + np.prod(np.amax(x, axis=1))


def builtin_names(type, float, x):
    """Parameters named like the builtins the wrapper itself uses."""
    return np.sum(type * x) + float * np.sum(x)


# Shape-pattern stress (test_specialize.test_every_pattern_of): written the way people write
# NumPy, each called through one gradient with many shapes in turn.


def center_scale(x, s):
    xc = x - x.mean(axis=0)
    return np.sum((xc * s) ** 2)


def softmax_last(z, t):
    e = np.exp(z / t - np.max(z / t, axis=-1, keepdims=True))
    p = e / e.sum(axis=-1, keepdims=True)
    return np.sum(p * np.arange(p.shape[-1]))


def matvec_loss(A, v, b):
    return np.sum(np.sin(A @ v + b))


def vecmat_loss(v, A):
    return np.sum((v @ A) ** 2)


def outer_energy(x, y):
    return np.sum(np.cos(x[:, None] * y[None, :]))


def max_axis1(x, w):
    m = np.max(x * w, axis=1)
    return np.sum(m**2) + np.sum(np.min(x, axis=0))


def reduce_both(x, y):
    return np.sum(np.mean(x * y, axis=(0, 1)) ** 2)


def where_broadcast(x, y):
    return np.sum(np.where(x > 0, x * y, y**2))


def norms_axis(x, y):
    return np.sum(np.linalg.norm(x - y, axis=-1)) + np.linalg.norm(x)


def bias_in_loop(h, W, b):
    for _ in range(3):
        h = np.tanh(h @ W + b)
    return np.sum(h)


def sum_keep_times(x):
    s = np.sum(x, axis=0)
    return np.sum(s * x) + np.sum(np.max(x, axis=-1, keepdims=True) * x)


def mean_drop_times(x, y):
    m = np.mean(x, axis=1)
    return np.sum(m[:, None] * y) + np.sum(np.sum(x, axis=1) ** 2)


def prod_reduce(x):
    return np.sum(np.prod(x + 2.0, axis=0)) + np.prod(x + 2.0)


def accumulate_rows(x, b):
    """``out`` starts as ``b`` and may broadcast up to a row in the first step."""
    out = b
    for i in range(x.shape[0]):
        out = out + x[i] * out
    return np.sum(out)


def grow_by_broadcast(z, w):
    for _ in range(2):
        z = z + w
    return np.sum(z**2)


def divide_broadcast(x, y):
    return np.sum(x / (1.0 + y**2)) - np.sum(y / (2.0 + x**2))


def var_and_std(x, y):
    return np.sum(np.var(x * y, axis=0)) + np.sum(np.std(x, axis=-1, keepdims=True) * y)


def transpose_mul(x, y):
    return np.sum(x.T * y) + np.sum(np.transpose(x) @ y.T)
