"""L2-regularized logistic regression."""

import numpy as np


def loss(w, b, X, y, lam=0.01):
    """Mean negative log-likelihood of labels ``y`` in {0, 1}, plus ``lam/2 * |w|^2``."""
    z = X @ w + b
    nll = np.mean(np.logaddexp(0.0, z) - y * z)
    return nll + 0.5 * lam * np.sum(w * w)
