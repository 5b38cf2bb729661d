"""Annotate every call with what its callee is, resolved statically in the function's namespace.

Rules are keyed by object, so ``np.tanh``, ``numpy.tanh`` and ``from numpy import tanh`` all
resolve to the same callee. A call through a local value (``x.sum()``) is a *method* call, looked
up by name later.
"""

from __future__ import annotations

import dataclasses

import gast

from ..annotations import Anno, set_anno


@dataclasses.dataclass(frozen=True)
class Callee:
    """Exactly one of ``value`` (a resolved object), ``method`` (name called on a local value) or
    neither (a dynamic callee such as ``fs[i](x)``) is meaningful; ``text`` is the source spelling.
    """

    text: str
    value: object = None
    method: str | None = None
    resolved: bool = False

    def __deepcopy__(self, memo):  # copied trees share the facts about their callees
        return self


def local_names(fn: gast.FunctionDef) -> set[str]:
    """Names bound inside the function: parameters and every assignment target."""
    names = {a.id for a in _all_params(fn.args)}
    for node in gast.walk(fn):
        if isinstance(node, gast.Name) and isinstance(node.ctx, (gast.Store, gast.Del)):
            names.add(node.id)
    return names


def _all_params(args: gast.arguments):
    params = list(args.posonlyargs) + list(args.args) + list(args.kwonlyargs)
    params += [a for a in (args.vararg, args.kwarg) if a is not None]
    return params


def static_value(expr, namespace: dict, locals_: set[str]):
    """The object a dotted global expression (``np.linalg.norm``) stands for, or raise KeyError."""
    if isinstance(expr, gast.Name):
        if expr.id in locals_ or expr.id not in namespace:
            raise KeyError(expr.id)
        return namespace[expr.id]
    if isinstance(expr, gast.Attribute):
        owner = static_value(expr.value, namespace, locals_)
        try:
            return getattr(owner, expr.attr)
        except AttributeError:
            raise KeyError(expr.attr) from None
    raise KeyError(type(expr).__name__)


def resolve_callees(fn: gast.FunctionDef, namespace: dict, more_locals=()) -> None:
    """Attach ``Anno.CALLEE`` to each ``gast.Call`` in ``fn``; ``more_locals``: other names local
    to ``fn`` (its nested functions), which no global of the same name may stand for."""
    locals_ = local_names(fn) | set(more_locals)
    for node in gast.walk(fn):
        if isinstance(node, gast.Call):
            set_anno(node, Anno.CALLEE, resolve(node.func, namespace, locals_))


def resolve(func, namespace: dict, locals_: set[str]) -> Callee:
    text = gast.unparse(func)
    try:
        return Callee(text, value=static_value(func, namespace, locals_), resolved=True)
    except KeyError:
        pass
    if isinstance(func, gast.Attribute):
        return Callee(text, method=func.attr)
    return Callee(text)
