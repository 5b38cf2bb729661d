"""Central finite differences in float64 over nested arguments (tuples, lists, dicts, arrays,
Python floats and NumPy scalars).

Why not ``tests/helpers/numeric.py``: it differentiates one array or float argument, and the
fuzzer's arguments are also tuples of ``(W, b)`` pairs, lists of floats and dicts. The result
here has the argument's own structure and leaf types (a Python float's derivative is a Python
float), so it is also the reference for the *structure* of s2s's gradients.
"""

from __future__ import annotations

import numpy as np

EPS = 1e-6  # relative step: truncation ~EPS**2, round-off ~1e-16/EPS


def is_float_leaf(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (float, np.floating)):
        return True
    return isinstance(value, np.ndarray) and value.dtype.kind == "f"


def leaves(value, path=()):
    """(path, leaf) for every float leaf; a path is a tuple of indices and keys."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, path + (k,))
    elif isinstance(value, (tuple, list)):
        for i, v in enumerate(value):
            yield from leaves(v, path + (i,))
    elif is_float_leaf(value):
        yield path, value


def replace(value, path, new):
    """A copy of ``value`` with the leaf at ``path`` replaced (containers keep their types)."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        out = dict(value)
        out[head] = replace(value[head], rest, new)
        return out
    items = list(value)
    items[head] = replace(value[head], rest, new)
    return tuple(items) if isinstance(value, tuple) else items


def get(value, path):
    """The item at ``path``; lists and tuples are interchangeable (a structure mismatch is
    reported elsewhere, the values are still compared). KeyError/IndexError/TypeError if absent."""
    for p in path:
        value = value[p]
    return value


def scalar_output(has_aux):
    def output(result):
        value = result[0] if has_aux else result
        arr = np.asarray(value, dtype=np.float64)
        if arr.shape != ():
            raise ValueError(f"output has shape {arr.shape}, not a scalar")
        return float(arr)

    return output


def numeric_gradient(f, args, position, output, eps=EPS):
    """d output(f(*args)) / d args[position], with the argument's structure and leaf types."""
    arg = args[position]
    result = arg
    for path, leaf in list(leaves(arg)):
        base = np.array(leaf, dtype=np.float64)
        flat = base.reshape(-1)
        grad = np.zeros_like(flat)
        for k in range(flat.size):
            h = eps * max(1.0, abs(flat[k]))
            values = []
            for sign in (1.0, -1.0):
                moved = flat.copy()
                moved[k] += sign * h
                if isinstance(leaf, np.ndarray):
                    new_leaf = moved.reshape(base.shape)
                else:
                    new_leaf = type(leaf)(moved[0])
                call_args = list(args)
                call_args[position] = replace(arg, path, new_leaf)
                values.append(output(f(*call_args)))
            grad[k] = (values[0] - values[1]) / (2 * h)
        if isinstance(leaf, np.ndarray):
            g = grad.reshape(base.shape)
        else:
            g = type(leaf)(grad[0])
        result = replace(result, path, g)
    return result
