"""Give each re-definition of a top-level variable its own name (``h``, then ``h2``).

Why: the backward sweep reads primal values after the forward sweep has finished; a name that
was overwritten would hand it the wrong value. Renaming costs nothing at run time and reads like
hand-written code. Variables also assigned inside branches or loops keep their name; the reverse
transform saves their overwritten values instead.
"""

from __future__ import annotations

import gast

from ..substitute import names_in, substitute


def _nested_stores(body) -> set[str]:
    stores = set()
    for stmt in body:
        if isinstance(stmt, (gast.If, gast.For, gast.While)):
            stores |= names_in(stmt, gast.Store)
        elif isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Subscript):
            stores.add(stmt.targets[0].value.id)  # mutated in place: renaming would lose it
    return stores


def rename_reassigned(body, params, namer) -> list:
    """Return ``body`` with top-level re-definitions renamed, reads following the new names."""
    fixed = _nested_stores(body)
    defined = set(params)
    current: dict[str, str] = {}
    out = []
    for stmt in body:
        reads_renamed = _rename_reads(stmt, current)
        if isinstance(stmt, gast.Assign) and not isinstance(stmt.targets[0], gast.Subscript):
            for name in sorted(names_in(stmt.targets[0], gast.Store)):
                if name in fixed:
                    continue
                if name in defined:
                    current[name] = namer.fresh(name, temp=False)
                else:
                    current.pop(name, None)
                defined.add(name)
            reads_renamed.targets = [substitute(stmt.targets[0], current)]
        out.append(reads_renamed)
    return out


def _rename_reads(stmt, current):
    """A copy of ``stmt`` whose loads follow ``current``; stores are left to the caller."""
    if not current:
        return stmt
    loads = {k: v for k, v in current.items()}
    copy = substitute(stmt, {})
    for node in gast.walk(copy):
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load) and node.id in loads:
            node.id = loads[node.id]
    return copy
