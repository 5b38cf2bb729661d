"""Copy propagation and forward substitution: undo the temporaries that flattening introduced.

- ``a = b`` followed by reads of ``a``: the reads use ``b`` (until either is reassigned).
- A made-up temporary ``t = e`` read exactly once, later in the same block, with nothing in
  between changing what ``e`` reads: ``e`` moves into the reading statement. So
  ``matmul = x @ W1; h = np.tanh(matmul)`` reads ``h = np.tanh(x @ W1)`` again.
"""

from __future__ import annotations

import collections

import gast

from ..annotations import Anno, get_anno, has_anno
from ..nodes import blocks
from ..substitute import names_in, substitute
from .purity import pure

_COMPOUND = (gast.If, gast.For, gast.While)


def assigned(stmt) -> set[str]:
    """Names ``stmt`` may write: stores, in-place element writes, and tape restore points
    (nested ones too: a restore inside a branch rebinds the name after the branch)."""
    stored = names_in(stmt, gast.Store)
    for node in gast.walk(stmt):
        if has_anno(node, Anno.RESTORE):
            stored |= set(get_anno(node, Anno.RESTORE).names)
        if isinstance(node, gast.Subscript) and isinstance(node.ctx, gast.Store):
            stored |= names_in(node.value, gast.Load)
    return stored


def load_counts(fn) -> collections.Counter:
    """Reads of each name, those of save and restore points' element slots included (the tape
    pass writes them out later: ``tape.append(snapshot(x[i]))``)."""
    counts: collections.Counter = collections.Counter()
    for node in gast.walk(fn):
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load):
            counts[node.id] += 1
        for key in (Anno.SAVE, Anno.RESTORE):
            point = get_anno(node, key, None)
            if point is not None and point.slot is not None:
                counts.update(names_in(point.slot, gast.Load))
    return counts


def propagate_copies(fn: gast.FunctionDef, keep: set[str]) -> bool:
    """Replace reads of copies; ``keep``: names whose reads must stay (returned gradients)."""
    changed = False
    for block in blocks(fn.body):
        for i, stmt in enumerate(block):
            if not (
                isinstance(stmt, gast.Assign)
                and isinstance(stmt.targets[0], gast.Name)
                and isinstance(stmt.value, gast.Name)
            ):
                continue
            a, b = stmt.targets[0].id, stmt.value.id
            if a in keep or a == b:
                continue
            for j in range(i + 1, len(block)):
                later = block[j]
                touched = assigned(later)
                if isinstance(later, _COMPOUND) and touched & {a, b}:
                    break
                if a in names_in(later, gast.Load):
                    block[j] = _replace_loads(later, a, b)
                    changed = True
                if touched & {a, b}:
                    break
    return changed


def _replace_loads(stmt, old, new):
    copy = substitute(stmt, {})
    for node in gast.walk(copy):
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load) and node.id == old:
            node.id = new
    return copy


def forward_substitute(fn: gast.FunctionDef, temps: set[str], bindings) -> bool:
    """Move single-use temporaries into their one reader."""
    counts = load_counts(fn)
    changed = False
    for block in blocks(fn.body):
        i = 0
        while i < len(block):
            stmt = block[i]
            if (
                isinstance(stmt, gast.Assign)
                and isinstance(stmt.targets[0], gast.Name)
                and stmt.targets[0].id in temps
                and counts[stmt.targets[0].id] == 1
                and not isinstance(stmt.value, (gast.Tuple, gast.List, gast.Dict))
            ):
                if _substitute_into_reader(block, i, bindings):
                    changed = True
                    continue
            i += 1
    return changed


def _substitute_into_reader(block, i, bindings) -> bool:
    stmt = block[i]
    name, value = stmt.targets[0].id, stmt.value
    reads = names_in(value, gast.Load)
    movable = pure(value, bindings)
    for j in range(i + 1, len(block)):
        later = block[j]
        if isinstance(later, _COMPOUND):
            return False
        if name in names_in(later, gast.Load):
            block[j] = substitute(later, {name: value})
            del block[i]
            return True
        if assigned(later) & (reads | {name}) or not movable:
            return False
    return False
