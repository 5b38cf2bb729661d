"""Helpers for the adjoints of containers (lists, tuples, dicts) written to in place.

Copied into the emitted modules that use them, like the ``helpers`` package's: self-contained.
"""


def zero_at(g, index):
    """A copy of the container cotangent ``g`` whose entry at ``index`` is zero: the value stored
    there was overwritten, so nothing flows back through the old entry."""
    if isinstance(g, dict):
        out = dict(g)
        out.pop(index, None)
        return out
    out = list(g)
    out[index] = 0.0
    return out


def saved_item(container, index):
    """``(True, container[index])``, or ``(False, None)`` for a key a dict does not have yet."""
    if isinstance(container, dict) and index not in container:
        return False, None
    return True, container[index]


def restore_item(container, index, saved):
    """Undo ``container[index] = ...`` with what ``saved_item`` recorded."""
    present, value = saved
    if present:
        container[index] = value
    else:
        del container[index]


def tangent_items(dx, x):
    """The tangents of ``x``'s items: ``dx``'s own items, or zeros for the scalar tangent 0.0."""
    if isinstance(dx, (list, tuple)) or getattr(dx, "ndim", 0) > 0:
        return dx
    return [0.0] * len(x)


def removed_at(g, index):
    """The list cotangent ``g`` without its entry at ``index`` (``lst.insert`` undone)."""
    out = list(g)
    del out[index]
    return out


def undo_pop(lst, index, value):
    """Put back what ``value = lst.pop(index)`` took out; return where it now is."""
    position = index if index >= 0 else len(lst) + index + 1
    lst.insert(position, value)
    return position


def inserted_at(g, position, value):
    """The list cotangent ``g`` with ``value`` (the popped value's cotangent) at ``position``."""
    out = list(g)
    out.insert(position, value)
    return out


def structured_like(value, g):
    """The gradient of the container argument ``value`` from its cotangent ``g``, in ``value``'s
    own structure: a tuple for a tuple (a named tuple stays one), a list for a list, a dict with
    ``value``'s keys in its order, recursively. Where nothing flowed (``g`` is None or the
    placeholder 0.0) a float leaf gets zeros of its shape and dtype; leaves without a derivative
    (ints, bools, strings, None) stay as they are."""
    import numpy as np

    if isinstance(value, dict):
        items = g if isinstance(g, dict) else {}
        return type(value)((k, structured_like(v, items.get(k))) for k, v in value.items())
    if isinstance(value, (tuple, list)):
        items = g if isinstance(g, (list, tuple)) else [None] * len(value)
        parts = [structured_like(v, d) for v, d in zip(value, items)]
        if isinstance(value, tuple) and hasattr(value, "_fields"):
            return type(value)(*parts)
        return type(value)(parts)
    if type(value) is float:
        return 0.0 if g is None else float(g)
    dtype = getattr(value, "dtype", None)
    if dtype is None or dtype.kind not in "fc":
        return value
    if isinstance(value, np.generic):  # a NumPy scalar's gradient is one of its type
        return value.dtype.type(0 if g is None else g)
    if g is None or (type(g) is float and g == 0.0 and np.ndim(value) != 0):
        return np.zeros_like(value)
    if isinstance(value, np.ndarray) and not isinstance(g, np.ndarray):
        return np.asarray(g, dtype=value.dtype)  # a 0-d array's, a 0-d array
    return g


def fresh_state(value, memo=None):
    """A copy of the residuals ``value`` for one run of a backward sweep that changes some of
    them in place: every list, dict and array copied, sharing kept (an object reached twice is
    copied once, ``memo``), and every view into an array made a view into that array's copy,
    so a slice the forward sweep took still sees the elements the backward sweep restores. The
    pullback can then run again, and in several threads at once."""
    import numpy as np

    memo = {} if memo is None else memo
    if id(value) in memo:
        return memo[id(value)]
    if isinstance(value, np.ndarray):
        base = value
        while isinstance(base.base, np.ndarray):
            base = base.base
        offset = value.__array_interface__["data"][0] - base.__array_interface__["data"][0]
        if base is value:
            out = value.copy(order="K")
        elif (
            value.dtype != base.dtype
            or offset % base.itemsize
            or not (base.flags.c_contiguous or base.flags.f_contiguous)
        ):
            out = value.copy()  # a view it cannot rebuild: its own copy
        else:
            order = "C" if base.flags.c_contiguous else "F"
            flat = fresh_state(base, memo).reshape(-1, order=order)[offset // base.itemsize :]
            out = np.lib.stride_tricks.as_strided(flat, value.shape, value.strides)
    elif isinstance(value, list):
        out = memo[id(value)] = []
        out.extend(fresh_state(v, memo) for v in value)
    elif isinstance(value, dict):
        out = memo[id(value)] = {}
        out.update((k, fresh_state(v, memo)) for k, v in value.items())
    elif isinstance(value, tuple):
        parts = [fresh_state(v, memo) for v in value]
        out = type(value)(*parts) if hasattr(value, "_fields") else type(value)(parts)
    else:
        out = value
    memo[id(value)] = out
    return out


def check_tape(tape, brand):
    """Refuse residuals (a *tape*) that this derivative's forward function did not make.

    Why: the backward function unpacks the tape by position, so another function's tape, or a
    tape of another version of this function, would give wrong cotangents or fail far from the
    cause. The forward function puts ``brand`` (the function it differentiates and the start
    of the derivative's cache key) first in every tape it returns; checking it costs one
    comparison.
    """
    first = tape[0] if type(tape) is tuple and tape else None
    if type(first) is str and first == brand:
        return
    if type(first) is str:
        made = f"this tape was made by {first!r}, not by {brand!r}"
        if first.rpartition(":")[0] == brand.rpartition(":")[0]:
            made += " (a tape of another version of this derivative)"
    else:
        made = (
            f"this {type(tape).__name__} is not a tape made by {brand!r} (a tape is the tuple "
            "the forward function returns, its brand first)"
        )
    raise ValueError(
        f"{made}; run the forward function of this derivative and pass the tape it returns"
    )
