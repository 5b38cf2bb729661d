"""Cotangents of any structure, for the code the transform emits around the rules.

Why: a value may be a float, an array, or a list, tuple or dict of them, and its cotangent has
the same structure (a list for a tuple). The transform's own code calls these (and the
``list``/``tuple`` rules ``pack_like``) to make zero cotangents, add two cotangents, build a
container's cotangent from its items' and back, and to snapshot a value before an in-place write
overwrites it. ``container_helpers.py`` (beside this
package) holds the ones for containers written in place.
"""

import numpy as np


def zeros_like(x):
    """A zero cotangent shaped like ``x``: a Python float for a float, an array of zeros for an
    array, item by item for containers (a list for a tuple or list, whose items may have
    different shapes, as ``eigh``'s do; a dict for a dict)."""
    if isinstance(x, (tuple, list)):
        return [zeros_like(v) for v in x]
    if isinstance(x, dict):
        return {k: zeros_like(v) for k, v in x.items()}
    return 0.0 if isinstance(x, float) else np.zeros_like(x)


def add_cotangents(a, b):
    """``a + b`` for cotangents that may be lists (of a tuple or list) or dicts; the placeholder
    ``0.0`` of an item nothing reached yet adds as zero to a container too."""
    if isinstance(b, (list, dict)) and type(a) is float and a == 0.0:
        return b
    if isinstance(a, (list, dict)) and type(b) is float and b == 0.0:
        return a
    if isinstance(a, list) and isinstance(b, list):
        return [add_cotangents(x, y) for x, y in zip(a, b)]
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for key, value in b.items():
            out[key] = add_cotangents(out[key], value) if key in out else value
        return out
    return a + b


def pack_like(value, parts):
    """The cotangent of ``value`` from the cotangents of its unpacked parts (``a, b = value``);
    ``None`` stands for a zero part, shaped like its part (``np.split``'s pullback concatenates
    them). A list for a tuple or list, an array for an array."""
    if isinstance(value, (tuple, list)):
        return [zeros_like(v) if p is None else p for v, p in zip(value, parts)]
    return np.stack([zeros_like(v) if p is None else p for v, p in zip(value, parts)])


def add_at(g, value, index, v):
    """The cotangent ``g`` of a list, tuple or dict ``value`` with ``v`` added at ``index``
    (a new object: cotangents are never shared)."""
    if isinstance(value, dict):
        out = dict(g) if isinstance(g, dict) else {}
        out[index] = add_cotangents(out[index], v) if index in out else v
        return out
    out = list(g) if isinstance(g, list) else [0.0] * len(value)
    out[index] = add_cotangents(out[index], v)
    return out


def cotangent_item(g, index):
    """``g[index]`` of a container cotangent; entries never reached are zero."""
    if isinstance(g, dict):
        return g.get(index, 0.0)
    return g[index]


def snapshot(value):
    """A copy of ``value`` that later in-place writes cannot change: an array (arrays are
    views), or a list or dict (one level: their items are replaced, not changed, in place)."""
    if isinstance(value, (np.ndarray, list, dict)):
        return value.copy()
    return value
