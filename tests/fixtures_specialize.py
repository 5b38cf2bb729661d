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
