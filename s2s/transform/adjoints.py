"""Which adjoints hold a value at a point of the backward sweep, and how contributions are added.

The backward sweep is generated in reverse statement order. An adjoint not yet *set* is known to
be zero, so its first contribution is a plain assignment (``dx = c``) and an operation whose
output adjoint is zero needs no adjoint code at all. This keeps emitted code free of ``dx = 0``
/ ``dx = dx + c`` noise without a separate folding pass.
"""

from __future__ import annotations

import gast

from ..nodes import assign, binop, load


class AdjointState:
    """The set of adjoint names that currently hold a (possibly nonzero) value."""

    def __init__(self, namer):
        self.namer = namer
        self.set: set[str] = set()

    def copy(self):
        other = AdjointState(self.namer)
        other.set = set(self.set)
        return other

    def adjoint(self, name: str) -> str:
        return self.namer.adjoint(name)

    def is_zero(self, name: str) -> bool:
        return self.adjoint(name) not in self.set

    def contribute(self, name: str, expr, line) -> gast.Assign:
        """``dname = expr`` if dname is zero, else ``dname = dname + expr``."""
        d = self.adjoint(name)
        if d in self.set:
            expr = binop(load(d), gast.Add(), expr)
        self.set.add(d)
        return assign(d, expr, line)

    def mark_set(self, name: str) -> None:
        self.set.add(self.adjoint(name))

    def reset(self, name: str) -> None:
        """Before its definition a variable held another value, whose adjoint starts at zero."""
        self.set.discard(self.adjoint(name))
