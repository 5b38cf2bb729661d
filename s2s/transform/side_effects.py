"""Calls that change a differentiated value in place, which s2s cannot follow: refused.

The reverse transform differentiates what each statement *assigns*. A call that changes one of
its arguments in place (``np.add.at(out, idx, x)``, ``np.fill_diagonal(A, 0)``,
``np.multiply(a, b, out=c)``, ``x.sort()``) changes a value behind the transform's back: its
derivative would silently miss the change. Such a call is refused at its line when a value it
reads depends on the differentiated inputs, unless s2s models it (``lst.append``,
``lst.insert``, ``v = lst.pop()``: ``transform/containers.py``).

A call made only for its effect (its result unused) with a differentiated argument must be known
to leave its arguments alone: a function with a rule, a non-differentiable NumPy function, or a
builtin such as ``print``. Anything else is refused too, with what to do: s2s cannot tell what
an unknown function does to its arguments.
"""

from __future__ import annotations

import gast
import numpy as np

from ..annotations import Anno, get_anno
from ..errors import UnsupportedError
from ..nodes import walk_statements
from ..rules import registry
from ..rules.lookup import Kind, classify
from ..substitute import names_in
from .containers import is_append, is_list_method

#: NumPy functions that write into their first argument.
MUTATING_FUNCTIONS = frozenset(
    {
        np.copyto,
        np.put,
        np.place,
        np.putmask,
        np.fill_diagonal,
        np.put_along_axis,
        np.random.shuffle,
    }
)
#: Methods that change their receiver (arrays, lists, dicts, sets). ``append``, ``insert`` and
#: ``v = lst.pop()`` on a list are modelled instead (``transform/containers.py``).
MUTATING_METHODS = frozenset(
    {
        "sort",
        "fill",
        "resize",
        "put",
        "itemset",
        "setfield",
        "partition",
        "byteswap",
        "setflags",
        "append",
        "extend",
        "insert",
        "pop",
        "remove",
        "clear",
        "reverse",
        "update",
        "setdefault",
        "popitem",
        "add",
        "discard",
        "difference_update",
        "intersection_update",
        "symmetric_difference_update",
        "__setitem__",
        "__iadd__",
        "__imul__",
    }
)
#: Builtins a statement may call for their effect alone: they change none of their arguments.
HARMLESS_BUILTINS = (print, len, isinstance, repr, str, format, id, type, hash)


def refuse_untracked_side_effects(body, varied, where) -> None:
    """Raise a located UnsupportedError for a call that may change, in place, a value depending
    on the differentiated inputs (``varied``); ``where(stmt)`` locates a statement."""
    for stmt in walk_statements(body):
        if _modelled(stmt):
            continue
        own = (
            [stmt.value]
            if isinstance(stmt, (gast.Assign, gast.Expr))
            else ([stmt.test] if isinstance(stmt, (gast.If, gast.While)) else [])
        )
        for expr in own:
            for node in gast.walk(expr):
                if isinstance(node, gast.Call):
                    statement = isinstance(stmt, gast.Expr) and node is stmt.value
                    problem = _problem(node, statement)
                    if problem and _reads(node) & varied:
                        raise UnsupportedError(f"{where(stmt)}: {problem}")


def _modelled(stmt) -> bool:
    """The list methods the reverse transform follows: ``lst.append(v)``, ``lst.insert(i, v)``
    and ``v = lst.pop(...)``."""
    return (
        is_append(stmt)
        or is_list_method(stmt, "insert")
        or isinstance(stmt, gast.Assign)
        and is_list_method(stmt, "pop")
    )


def _reads(call) -> set[str]:
    """The names a call reads: its receiver, arguments and keyword values."""
    return names_in(call, gast.Load) - (
        {call.func.id} if isinstance(call.func, gast.Name) else set()
    )


def _problem(call, statement: bool) -> str | None:
    """Why ``call`` may change a value in place (None if it cannot); ``statement``: its result
    is unused, so it is called for its effect."""
    text = gast.unparse(call.func)
    if any(k.arg == "out" for k in call.keywords):
        return (
            f"'{text}(..., out=...)' writes its result into an existing array, which s2s "
            "cannot follow; assign the result instead (y = f(...))"
        )
    callee = get_anno(call, Anno.CALLEE, None)
    value = getattr(callee, "value", None)
    if callee is not None and callee.method in MUTATING_METHODS:
        return (
            f"'.{callee.method}()' changes '{gast.unparse(call.func.value)}' in place, "
            "which s2s cannot follow for a differentiated value; build a new value instead "
            "(np.sort(x), x.copy() first, lst = lst + [v])"
        )
    if _is_ufunc_at(value):
        return (
            f"'{text}(...)' adds into its first argument in place, which s2s cannot follow; "
            "write it as an assignment (for example out = out + np.bincount(idx, weights=x, "
            "minlength=len(out)), or out[idx] = out[idx] + x when idx has no repeats)"
        )
    if callee is not None and callee.resolved and any(value is f for f in MUTATING_FUNCTIONS):
        return (
            f"'{text}(...)' changes its first argument in place, which s2s cannot follow; "
            "build a new array instead (np.where, or a copy then x[i] = v)"
        )
    if statement and not _known_harmless(callee):
        return (
            f"'{text}(...)' is called for its effect with a differentiated argument, and "
            "s2s cannot tell whether it changes that argument in place; if it does not, "
            f"declare it with s2s.nondifferentiable({text}) or assign its result "
            "(_ = ...); if it does, return the new value from a function instead"
        )
    return None


def _is_ufunc_at(value) -> bool:
    return getattr(value, "__name__", None) == "at" and isinstance(
        getattr(value, "__self__", None), np.ufunc
    )


def _known_harmless(callee) -> bool:
    """A call whose only effect is its result: a function with a rule, a non-differentiable
    function (``s2s.nondifferentiable`` promises it changes no argument), a harmless builtin,
    or a method s2s knows computes a value (``x.sum()``)."""
    if callee is None:
        return False
    if callee.method is not None:
        return (
            registry.lookup_method(callee.method) is not None
            or callee.method in registry.REGISTRY.nondiff_methods
        )
    if not callee.resolved:
        return False
    value = callee.value
    if any(value is b for b in HARMLESS_BUILTINS):
        return True
    kind, _ = classify(value)
    return kind in (Kind.RULE, Kind.NONDIFF)
