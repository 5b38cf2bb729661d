"""Small algebraic clean-ups of adjoint statements, the ones a person would not have written.

- A contribution added twice in a row, as ``x * x`` gives (``dx = dx + g * x`` twice), is added
  once, doubled: ``dx = dx + 2.0 * g * x``. Doubling is exact, so ``E + E == 2.0 * E``.
- ``a + -b`` reads ``a - b``, and ``a + -b * c`` reads ``a - b * c`` (negation is exact).
- ``g / (y * 1.0)`` reads ``g / y``: a rule's ``* math.log(base)`` with the default base folds
  to ``* 1.0``, and true division converts an integer ``y`` to float just as ``* 1.0`` did.
  ``dy * 1.0`` reads ``dy``, and ``a + -1 * b`` reads ``a - b``.

Only statements assigning an adjoint are touched: cotangents are floats or float arrays, which
is what makes these rewrites exact.
"""

from __future__ import annotations

import gast

from ..nodes import const
from ..substitute import clone, names_in
from .propagate import blocks


def _same(a, b) -> bool:
    return gast.dump(a) == gast.dump(b)


def _contribution(stmt, target):
    """``E`` if ``stmt`` is ``target = E`` or ``target = target + E`` (with ``E`` not reading
    ``target``), and whether it was the first form; else None."""
    if not (
        isinstance(stmt, gast.Assign)
        and isinstance(stmt.targets[0], gast.Name)
        and stmt.targets[0].id == target
    ):
        return None
    value = stmt.value
    if (
        isinstance(value, gast.BinOp)
        and isinstance(value.op, gast.Add)
        and isinstance(value.left, gast.Name)
        and value.left.id == target
    ):
        term, first = value.right, False
    else:
        term, first = value, True
    return None if target in names_in(term, gast.Load) else (term, first)


def _doubled(term):
    """``2.0 * term``, written ``2.0 * a * b`` for a product (exact either way)."""
    if isinstance(term, gast.BinOp) and isinstance(term.op, gast.Mult):
        return gast.BinOp(left=_doubled(term.left), op=gast.Mult(), right=clone(term.right))
    return gast.BinOp(left=const(2.0), op=gast.Mult(), right=clone(term))


def _is_negation(node) -> bool:
    return isinstance(node, gast.UnaryOp) and isinstance(node.op, gast.USub)


def _is_number(node, value) -> bool:
    return (
        isinstance(node, gast.Constant)
        and type(node.value) in (int, float)
        and node.value == value
    )


def _negated(node):
    """``b`` for ``-b``, ``b * c`` for ``-b * c`` or ``c * -b`` (negation is exact, so
    ``(-b) * c == -(b * c)``); else None."""
    if _is_negation(node):
        return node.operand
    if isinstance(node, gast.BinOp) and isinstance(node.op, gast.Mult):
        if _is_number(node.left, -1):  # a rule's -1 * d
            return node.right
        if _is_negation(node.left):
            return gast.BinOp(left=node.left.operand, op=gast.Mult(), right=node.right)
        if _is_negation(node.right):
            return gast.BinOp(left=node.left, op=gast.Mult(), right=node.right.operand)
    return None


class _Simplifier(gast.NodeTransformer):
    def __init__(self, adjoint_names):
        self.adjoint_names = adjoint_names
        self.changed = False

    def visit_BinOp(self, node):
        self.generic_visit(node)
        right = node.right
        negated = _negated(right) if isinstance(node.op, gast.Add) else None
        if negated is not None:
            self.changed = True
            return gast.BinOp(left=node.left, op=gast.Sub(), right=negated)
        if isinstance(node.op, gast.Mult):  # d * 1.0 (a rule's constant factor) -> d
            for this, other in ((node.left, node.right), (node.right, node.left)):
                if (
                    _is_number(other, 1.0)
                    and type(other.value) is float
                    and isinstance(this, gast.Name)
                    and this.id in self.adjoint_names
                ):
                    self.changed = True
                    return this
        if (
            isinstance(node.op, gast.Div)
            and isinstance(right, gast.BinOp)
            and isinstance(right.op, gast.Mult)
            and isinstance(right.right, gast.Constant)
            and type(right.right.value) is float
            and right.right.value == 1.0
        ):
            self.changed = True
            node.right = right.left
        return node


def simplify_adjoints(fn: gast.FunctionDef, adjoints) -> bool:
    """Apply the clean-ups to statements assigning an adjoint (``adjoints``: primal name ->
    adjoint name); True if any applied."""
    adjoint_names = set((adjoints or {}).values())
    changed = False
    for block in blocks(fn.body):
        i = 0
        while i < len(block):
            stmt = block[i]
            target = (
                stmt.targets[0].id
                if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name)
                else None
            )
            if target not in adjoint_names:
                i += 1
                continue
            simplifier = _Simplifier(adjoint_names)
            stmt.value = simplifier.visit(stmt.value)
            changed |= simplifier.changed
            this = _contribution(stmt, target)
            after = _contribution(block[i + 1], target) if i + 1 < len(block) else None
            if this and after and not after[1] and _same(this[0], after[0]):
                doubled = _doubled(this[0])
                stmt.value = (
                    doubled
                    if this[1]
                    else gast.BinOp(left=clone(stmt.value.left), op=gast.Add(), right=doubled)
                )
                del block[i + 1]
                changed = True
                continue
            i += 1
    return changed
