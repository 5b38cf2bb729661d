"""Which variables of a generated function are certainly Python/NumPy scalars.

Evidence: a ``float``/``int`` annotation, being an argument of a ``math`` function (which only
accepts scalars), numeric literals, and arithmetic or ``math`` calls on scalars. Adjoints of
scalars are scalars. The result lets the optimizer drop shape bookkeeping (``unbroadcast``) that
scalar code never needs: that is what makes scalar gradients as fast as hand-written ones.
"""

from __future__ import annotations

import builtins
import math

import gast

from ..substitute import names_in


def callee(func, bindings):
    """The object a call's ``func`` names through the generated module's bindings (``np.tanh``,
    a helper), or None for a local (a method of a variable) or anything else."""
    if isinstance(func, gast.Name):
        binding = bindings.table.get(func.id)
        if binding is not None:
            return binding.value
        # builtins are never bound: a name neither bound nor local (reserved) is the builtin
        if func.id not in bindings.reserved:
            return getattr(builtins, func.id, None)
        return None
    if isinstance(func, gast.Attribute):
        owner = callee(func.value, bindings)
        return getattr(owner, func.attr, None) if owner is not None else None
    return None


def _is_math(value) -> bool:
    """A function of the ``math`` module (they accept and return scalars only)."""
    name = getattr(value, "__name__", None)
    return value is not None and name is not None and getattr(math, name, None) is value


def _assignments(body, certain=True):
    """``(name, value or None, runs on every path)`` for each binding, nested ones included."""
    for stmt in body:
        if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name):
            yield stmt.targets[0].id, stmt.value, certain
        elif isinstance(stmt, gast.Assign):
            for name in names_in(stmt.targets[0], gast.Store):
                yield name, None, certain
        elif isinstance(stmt, gast.For):
            for name in names_in(stmt.target, gast.Store):
                yield name, None, False
        inner = certain and _runs_body(stmt)
        for field in ("body", "orelse"):
            yield from _assignments(getattr(stmt, field, None) or [], inner)


def _runs_body(stmt) -> bool:
    """Does reaching this loop certainly run its body (``while True:``, ``for i in range(3)``)?"""
    if isinstance(stmt, gast.While):
        return isinstance(stmt.test, gast.Constant) and stmt.test.value is True
    if (
        isinstance(stmt, gast.For)
        and isinstance(stmt.iter, gast.Call)
        and getattr(stmt.iter.func, "id", None) == "range"
        and not stmt.iter.keywords
    ):
        bounds = stmt.iter.args
        if all(isinstance(b, gast.Constant) and type(b.value) is int for b in bounds):
            return len(range(*(b.value for b in bounds))) > 0
    return False


def _certain_uses(body, certain=True):
    """The statements that run on every path through the function (top level, and the top
    level of loops whose body certainly runs): evidence from how they use a value holds
    everywhere."""
    for stmt in body:
        if certain and not isinstance(stmt, (gast.If, gast.For, gast.While)):
            yield stmt
        if isinstance(stmt, (gast.While, gast.For)) and certain and _runs_body(stmt):
            yield from _certain_uses(stmt.body)


def scalar_names(fn: gast.FunctionDef, bindings, scalar_seeds=(), everywhere=False) -> set[str]:
    """The greatest set of names whose every definition is a scalar expression.

    Evidence also comes from how a value is used: an argument of a ``math``
    function is a scalar, and the operands of an elementwise operation whose result is a scalar
    are scalars (broadcasting never shrinks a shape), so a scalar output makes a chain of
    arithmetic scalar. (A name is taken to keep its kind through a loop: ``y = y + dt * f(y)``.)
    Such evidence holds only where the use runs: ``if c: return a * b`` says nothing of ``a``
    on the other branch. With ``everywhere``, it is taken only from statements that run on
    every path, so the result holds at every point of the function (a zero materialized for
    ``a`` on any path may then be ``0.0``). ``x = None`` placeholders the tape pass adds
    are not definitions here.
    """
    evidence = set(scalar_seeds)
    evidence |= {
        name
        for name, b in bindings.table.items()  # module constants like G = 9.81
        if type(b.value) in (int, float) and b.module is not None
    }
    params = {a.id for a in fn.args.args + fn.args.kwonlyargs}
    for arg in fn.args.args + fn.args.kwonlyargs:
        if isinstance(arg.annotation, gast.Name) and arg.annotation.id in ("float", "int"):
            evidence.add(arg.id)
    defs: dict[str, list] = {p: [(None, True)] for p in params}  # the argument: unknown
    for name, value, certain in _assignments(fn.body):
        if not (isinstance(value, gast.Constant) and value.value is None):  # tape's placeholders
            defs.setdefault(name, []).append((value, certain))
    # With ``everywhere``, a use says something of a name only if it runs on every path and
    # the name has one definition (one value reaches every use: ``if c: x = np.sum(x)`` then
    # ``x * w`` says nothing of the argument ``x``).
    sole = (lambda n: len(defs.get(n, ())) == 1) if everywhere else (lambda n: True)
    uses = (
        gast.walk(fn)
        if not everywhere
        else (n for stmt in _certain_uses(fn.body) for n in gast.walk(stmt))
    )
    for node in uses:
        if isinstance(node, gast.Call) and _is_math(callee(node.func, bindings)):
            evidence |= {a.id for a in node.args if isinstance(a, gast.Name) and sole(a.id)}
    todo = list(evidence)
    while todo:
        name = todo.pop()
        for value, certain in defs.get(name, []):
            if value is None or not certain and everywhere:
                continue
            for operand in _elementwise_operands(value, bindings):
                if operand not in evidence and operand in defs and sole(operand):
                    evidence.add(operand)
                    todo.append(operand)
    scalars = set(defs) | evidence
    changed = True
    while changed:
        changed = False
        for name in list(scalars):
            if name in evidence:
                continue
            if name not in defs or not all(
                scalar_expr(v, scalars, bindings) for v, _ in defs[name]
            ):
                scalars.discard(name)
                changed = True
    return scalars


def _elementwise_operands(expr, bindings) -> list[str]:
    """Names whose shape broadcasts into ``expr``'s (for a scalar ``expr``: scalars too)."""
    if isinstance(expr, gast.Name):
        return [expr.id]
    if isinstance(expr, gast.BinOp) and not isinstance(expr.op, gast.MatMult):
        return [e.id for e in (expr.left, expr.right) if isinstance(e, gast.Name)]
    if isinstance(expr, gast.UnaryOp):
        return [expr.operand.id] if isinstance(expr.operand, gast.Name) else []
    if isinstance(expr, gast.Call) and _is_math(callee(expr.func, bindings)):
        return [a.id for a in expr.args if isinstance(a, gast.Name)]
    return []


_FULL_REDUCTIONS = ("sum", "mean", "prod", "max", "min", "amax", "amin", "std", "var")


def _full_reduction(expr, bindings) -> bool:
    """``np.sum(x)`` and friends without ``axis``: a 0-d result."""
    value = callee(expr.func, bindings)
    name = getattr(value, "__name__", "")
    return (
        name in _FULL_REDUCTIONS
        and getattr(value, "__module__", "").startswith("numpy")
        and len(expr.args) == 1
        and not expr.keywords
    )


def scalar_expr(expr, scalars, bindings) -> bool:
    """Is ``expr`` certainly a scalar, given the scalar names?"""
    if expr is None:
        return False
    if isinstance(expr, gast.Constant):
        return isinstance(expr.value, (int, float)) and not isinstance(expr.value, bool)
    if isinstance(expr, gast.Name):
        return expr.id in scalars
    if isinstance(expr, gast.BinOp):
        return (
            not isinstance(expr.op, gast.MatMult)
            and scalar_expr(expr.left, scalars, bindings)
            and scalar_expr(expr.right, scalars, bindings)
        )
    if isinstance(expr, gast.UnaryOp):
        return scalar_expr(expr.operand, scalars, bindings)
    if (
        isinstance(expr, gast.Subscript)
        and isinstance(expr.value, gast.Attribute)
        and expr.value.attr == "shape"
    ):
        return True
    if isinstance(expr, gast.Call):
        value = callee(expr.func, bindings)
        if _is_math(value) or value in (float, len) or _full_reduction(expr, bindings):
            return True
        binding = bindings.table.get(getattr(expr.func, "id", None))
        if binding is not None and binding.helper and expr.func.id == "unbroadcast":
            return scalar_expr(expr.args[1], scalars, bindings)
        if value in (abs, min, max, pow) or binding is not None and binding.helper:
            return all(scalar_expr(a, scalars, bindings) for a in expr.args) and not expr.keywords
    if isinstance(expr, gast.IfExp):
        return scalar_expr(expr.body, scalars, bindings) and scalar_expr(
            expr.orelse, scalars, bindings
        )
    return False
