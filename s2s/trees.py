"""What a differentiable argument is made of: arrays and floats, or containers of them.

The runtime side of structured values: the wrapper ``s2s.grad`` returns asks these questions of
the arguments it is called with, to pick the derivative specialized to them and to tell which
arguments ``s2s.vjp`` differentiates.
"""

from __future__ import annotations

import numpy as np

#: Containers a differentiated argument may be: its derivative treats it as one (an adjoint per
#: item) and returns its gradient in the same structure.
CONTAINER_KINDS = {tuple: "tuple", list: "list", dict: "dict"}


def container_kind(value) -> str | None:
    """``"tuple"``, ``"list"`` or ``"dict"`` for a container (subclasses included), else None."""
    for kind, name in CONTAINER_KINDS.items():
        if isinstance(value, kind):
            return name
    return None


def leaves(value):
    """The leaves of ``value``, containers walked through (dicts by value)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def is_float_leaf(value) -> bool:
    """A value with a derivative: a float or complex number or array (not bool, int, str)."""
    if isinstance(value, (float, complex)):
        return True
    dtype = getattr(value, "dtype", None)
    return isinstance(value, (np.ndarray, np.generic)) and dtype is not None and dtype.kind in "fc"


def has_float_leaf(value) -> bool:
    """Does ``value`` (a leaf or a container) hold anything to differentiate?"""
    return any(is_float_leaf(leaf) for leaf in leaves(value))
