"""Plain functions that rules call; s2s copies the ones a derivative uses into the emitted module.

They must stay self-contained (only ``np`` and ``math``, no s2s imports) so emitted modules run
where s2s is not installed.
"""

import numpy as np


def unbroadcast(g, x):
    """Sum the cotangent ``g`` down to the shape of ``x``: undoes NumPy broadcasting.

    Why: in ``z = x + y`` the output (and so ``dz``) may be larger than ``x``; the gradient of
    ``x`` must have ``x``'s shape.
    """
    shape = np.shape(x)
    if np.shape(g) == shape:
        return g
    lead = np.ndim(g) - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1)
    return np.reshape(np.sum(g, axis=axes), shape)


def expand_reduced(g, x, axis, keepdims):
    """Broadcast the cotangent of a reduction over ``axis`` back to ``x``'s shape."""
    if axis is not None and not keepdims:
        g = np.expand_dims(g, axis)
    return np.broadcast_to(g, np.shape(x))
