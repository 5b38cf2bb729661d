"""Which expressions can be dropped or moved: no side effects, no randomness."""

from __future__ import annotations

import builtins
import types

import gast

from ..rules import registry

_PURE_BUILTINS = {
    "len",
    "range",
    "float",
    "int",
    "abs",
    "min",
    "max",
    "tuple",
    "list",
    "slice",
    "sum",
    "pow",
    "round",
    "bool",
    "isinstance",
    "zip",
    "enumerate",
    "reversed",
}
_PURE_METHODS = {
    "sum",
    "mean",
    "prod",
    "max",
    "min",
    "reshape",
    "transpose",
    "copy",
    "astype",
    "dot",
    "ravel",
    "flatten",
    "squeeze",
    "std",
    "var",
    "cumsum",
    "clip",
    "item",
    "conj",
    "all",
    "any",
    "argmax",
    "argmin",
    "tolist",
    "get",
    "keys",
    "values",
    "items",
}


def _value(func, bindings):
    if isinstance(func, gast.Name):
        if func.id in bindings.table:
            return bindings.table[func.id].value
        return getattr(builtins, func.id, None) if func.id in _PURE_BUILTINS else None
    if isinstance(func, gast.Attribute):
        owner = _value(func.value, bindings)
        return getattr(owner, func.attr, None) if owner is not None else None
    return None


def pure_call(node: gast.Call, bindings) -> bool:
    value = _value(node.func, bindings)
    if value is None:
        return isinstance(node.func, gast.Attribute) and node.func.attr in _PURE_METHODS
    name = getattr(value, "__name__", None)
    if name in _PURE_BUILTINS and value is getattr(builtins, name, None):
        return True  # len, abs, ...; and the builtin classes: range, zip, enumerate, slice
    module = getattr(value, "__module__", "") or ""
    if "random" in module or "random" in getattr(value, "__qualname__", ""):
        return False
    if isinstance(value, types.FunctionType) and module.startswith("s2s.templates."):
        return value.__name__ != "restore_item"
    return (
        registry.lookup(value) is not None
        or registry.is_nondifferentiable(value)
        or module.startswith(("numpy", "math", "scipy"))
        or value in (float, int, abs)
    )


def pure(expr, bindings) -> bool:
    """True if evaluating ``expr`` has no effect but its value."""
    for node in gast.walk(expr):
        if isinstance(node, gast.Call) and not pure_call(node, bindings):
            return False
        if isinstance(node, (gast.Yield, gast.Await, gast.NamedExpr)):
            return False
    return True
