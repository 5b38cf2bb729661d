"""Which names a statement assigns on every path through it.

The reverse transform needs it to know which names certainly hold a value where a backward
branch materializes a zero adjoint, and ``assemble`` to know which names the forward sweep
certainly bound before the split point.
"""

from __future__ import annotations

import gast

from ..substitute import names_in


def certainly_assigned(stmt) -> set[str]:
    """Names ``stmt`` assigns on every path through it (loops may run zero times)."""
    if isinstance(stmt, gast.If):
        body = set().union(*(certainly_assigned(s) for s in stmt.body))
        orelse = set().union(*(certainly_assigned(s) for s in stmt.orelse))
        return body & orelse
    if isinstance(stmt, (gast.For, gast.While)):
        return set()
    return names_in(stmt, gast.Store)
