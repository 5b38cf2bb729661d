"""Ridge regression through a linear solve: how well the fitted weights explain the data."""

import numpy as np


def residual(A, b, lam):
    """Squared residual of the ridge solution x = (A^T A + lam I)^-1 A^T b."""
    x = np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T @ b)
    r = A @ x - b
    return r @ r
