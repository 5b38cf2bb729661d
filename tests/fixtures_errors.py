"""User code for test_errors.py: a helper in another module whose body has no rule."""

import numpy as np


def spectral(t):
    u = t * 2.0
    return np.sum(np.abs(np.fft.fft(u)))  # MISSING-RULE
