"""Which variables certainly have the same shape: enough to know that ``unbroadcast(g, x)`` has
nothing to undo, without knowing any shape.

Equal shapes come from definitions that cannot change a shape: a copy, a unary operator or
elementwise function of one variable (``h = np.tanh(z)``), an operator between a variable and
itself or a constant (``h * h``, ``1.0 - h``), and from the rules' contract that an adjoint has
its primal's shape (``dh`` ~ ``h``). Only single definitions count, so a name whose shape could
differ between two assignments is never grouped. A parameter's value on entry is a definition
too: in ``for i in range(n): z = z + w`` the parameter ``z`` may be a row and the sum a matrix,
and ``dz`` then has the sum's shape, not the parameter's (``unbroadcast(dz, z)`` must stay). The
contract ``dz`` ~ ``z`` holds only where ``z`` has one shape for the whole function.
"""

from __future__ import annotations

import math

import gast
import numpy as np

from ..nodes import walk_statements
from .scalars import callee


def _shape_source(value, bindings):
    """The one variable whose shape ``value`` certainly has, or None."""
    if isinstance(value, gast.Name):
        return value.id
    if isinstance(value, gast.UnaryOp) and isinstance(value.operand, gast.Name):
        return value.operand.id
    if isinstance(value, gast.BinOp) and not isinstance(value.op, gast.MatMult):
        left, right = value.left, value.right
        names = [e.id for e in (left, right) if isinstance(e, gast.Name)]
        constants = [
            e
            for e in (left, right)
            if isinstance(e, gast.Constant)
            and isinstance(e.value, (int, float))
            and not isinstance(e.value, bool)
        ]
        if len(names) == 2 and names[0] == names[1] or len(names) == 1 and len(constants) == 1:
            return names[0]
    if (
        isinstance(value, gast.Call)
        and len(value.args) == 1
        and not value.keywords
        and isinstance(value.args[0], gast.Name)
    ):
        fn = callee(value.func, bindings)
        elementwise = (
            isinstance(fn, np.ufunc)
            and fn.nin == 1
            and fn.nout == 1
            or getattr(math, getattr(fn, "__name__", ""), None) is fn is not None
        )
        if elementwise:
            return value.args[0].id
    return None


def shape_classes(fn: gast.FunctionDef, bindings, adjoints: dict) -> dict[str, str]:
    """name -> a representative of its class of certainly-equal shapes."""
    parent: dict[str, str] = {}

    def find(name):
        parent.setdefault(name, name)
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    def union(a, b):
        parent[find(a)] = find(b)

    defs: dict[str, list] = {a.id: [None] for a in fn.args.args + fn.args.kwonlyargs}
    for stmt in walk_statements(fn.body):
        if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name):
            value = stmt.value
            if not (isinstance(value, gast.Constant) and value.value is None):  # tape placeholders
                defs.setdefault(stmt.targets[0].id, []).append(value)
        elif isinstance(stmt, (gast.Assign, gast.For)):
            target = stmt.targets[0] if isinstance(stmt, gast.Assign) else stmt.target
            for node in gast.walk(target):
                if isinstance(node, gast.Name):
                    defs.setdefault(node.id, []).extend([None, None])

    def stable(name):  # one definition (a parameter not assigned counts as one): one shape
        return len(defs.get(name, ())) <= 1

    for name, values in defs.items():
        if len(values) == 1 and values[0] is not None:
            source = _shape_source(values[0], bindings)
            if source is not None:  # equal when ``name`` is defined: the pullbacks' time
                union(name, source)
    for primal, adjoint in adjoints.items():
        if stable(primal):
            union(adjoint, primal)
    return {name: find(name) for name in parent}
