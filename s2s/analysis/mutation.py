"""Which names a block of generated code changes in place, and which it rebinds.

Why: the backward sweep restores overwritten values (``s = tape.pop()``, ``x[i] = tape.pop()``,
``lst.pop()`` undoing an append). A value the derivative hands back after the backward sweep ran
(``value_and_grad``'s value, ``has_aux``'s aux) must be taken before, and a residual the backward
sweep changes in place must be copied first, or a second call of the pullback starts from a
state the first one left behind.
"""

from __future__ import annotations

import gast

from ..substitute import names_in

#: Methods that change their receiver (lists, dicts, arrays), as the backward sweep calls them.
_MUTATING_METHODS = frozenset(
    {
        "pop",
        "insert",
        "append",
        "extend",
        "remove",
        "clear",
        "update",
        "setdefault",
        "popitem",
        "sort",
        "reverse",
        "fill",
        "resize",
        "put",
        "itemset",
    }
)
#: Helpers of ``templates/`` that change their first argument in place.
_MUTATING_HELPERS = frozenset({"restore_item", "undo_pop"})


def rebound(stmts) -> set[str]:
    """Names the statements assign (``s = tape.pop()``, loop targets)."""
    return names_in(stmts, gast.Store)


def mutated(stmts) -> set[str]:
    """Names whose object the statements may change in place: element stores (``x[i] = v``,
    ``x[i] += v``), mutating method calls (``lst.pop()``) and the helpers that restore items."""
    found = set()
    for stmt in stmts:
        for node in gast.walk(stmt):
            if isinstance(node, gast.Subscript) and isinstance(node.ctx, gast.Store):
                found |= _base(node.value)
            elif isinstance(node, gast.Call):
                func = node.func
                if isinstance(func, gast.Attribute) and func.attr in _MUTATING_METHODS:
                    found |= _base(func.value)
                elif isinstance(func, gast.Name) and func.id in _MUTATING_HELPERS and node.args:
                    found |= _base(node.args[0])
                elif isinstance(func, gast.Attribute) and func.attr == "at" and node.args:
                    found |= _base(node.args[0])  # np.add.at(dx, index, v)
    return found


def _base(node) -> set[str]:
    """The variable an element, slice or attribute chain belongs to (``x`` of ``x[i][j]``)."""
    while isinstance(node, (gast.Subscript, gast.Attribute)):
        node = node.value
    return {node.id} if isinstance(node, gast.Name) else set()
