"""Small numerical building blocks that other corpus modules import (like a user's utils.py)."""

import math

import numpy as np

from . import Case, rng


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z, axis=-1):
    shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(z, axis=-1):
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def distance(a, b):
    d = a - b
    return np.sqrt(np.sum(d * d))


def spring_energy(x1, x2, k=1.0, rest=1.0):
    stretch = distance(x1, x2) - rest
    return 0.5 * k * stretch**2


def lennard_jones(r, epsilon=1.0, sigma=1.0):
    sr6 = (sigma / r) ** 6
    return 4.0 * epsilon * (sr6 * sr6 - sr6)


def dense(W, b, x, activation="tanh"):
    z = x @ W + b
    if activation == "tanh":
        return np.tanh(z)
    elif activation == "sigmoid":
        return sigmoid(z)
    return z


def gaussian_pdf(x, mu, sigma):
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * math.sqrt(2.0 * math.pi))


def standardize(v, eps=1e-8):
    centered = v - np.mean(v)
    return centered / np.sqrt(np.mean(centered**2) + eps)


def sum_of_gaussians(x, mus, sigma):
    return np.sum(gaussian_pdf(x[:, None], mus[None, :], sigma))


def softmax_entropy(z):
    p = softmax(z)
    return -np.sum(p * log_softmax(z))


CASES = [
    Case(
        sum_of_gaussians,
        lambda: (rng(90).normal(size=4), rng(91).normal(size=3), 0.7),
        (0, 1, 2),
        tags=("call",),
    ),
    Case(
        softmax_entropy, lambda: (rng(92).normal(size=(3, 4)),), 0, tags=("call", "kwargs-default")
    ),
]
