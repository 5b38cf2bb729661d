"""Names a block reads before it (certainly) assigns them: the loop-carried values of a body."""

from __future__ import annotations

import gast

from ..substitute import names_in


def upward_exposed(stmts, defined=frozenset()) -> set[str]:
    """Names read in ``stmts`` at a point where some path may not have assigned them yet."""
    exposed, _ = _walk(stmts, set(defined))
    return exposed


def _walk(stmts, defined):
    exposed = set()
    for stmt in stmts:
        if isinstance(stmt, gast.If):
            exposed |= names_in(stmt.test, gast.Load) - defined
            e1, d1 = _walk(stmt.body, set(defined))
            e2, d2 = _walk(stmt.orelse, set(defined))
            exposed |= e1 | e2
            defined = defined | (d1 & d2)
        elif isinstance(stmt, (gast.For, gast.While)):
            header = stmt.iter if isinstance(stmt, gast.For) else stmt.test
            exposed |= names_in(header, gast.Load) - defined
            inner = defined | (
                names_in(stmt.target, gast.Store) if isinstance(stmt, gast.For) else set()
            )
            e, _ = _walk(stmt.body, inner)
            exposed |= e
        else:
            exposed |= names_in(stmt, gast.Load) - defined
            defined = defined | names_in(stmt, gast.Store)
    return exposed, defined
