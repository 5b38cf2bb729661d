"""A loss that calls the user's own helper functions."""

import numpy as np


def standardize(v):
    centered = v - np.mean(v)
    return centered / np.sqrt(np.mean(centered * centered) + 1e-8)


def softplus(z):
    return np.log1p(np.exp(z))


def loss(w, X, y):
    """Squared error of a softplus model on standardized features."""
    features = standardize(X @ w)
    pred = softplus(features)
    return np.sum((pred - y) ** 2)
