"""Remove assignments whose value is never read and whose computation has no effect.

A backward liveness walk; loops are handled conservatively (everything read anywhere in the loop
is live throughout it), which may keep a dead statement but never drops a live one.
"""

from __future__ import annotations

import gast

from ..annotations import Anno, get_anno, has_anno
from ..nodes import is_comment
from ..substitute import names_in
from .purity import pure


class _Eliminator:
    def __init__(self, bindings):
        self.bindings = bindings
        self.changed = False

    def block(self, stmts, live: set) -> tuple[list, set]:
        out = []
        for stmt in reversed(stmts):
            keep, live = self.statement(stmt, live)
            if keep is not None:
                out.append(keep)
            else:
                self.changed = True
        out.reverse()
        return out, live

    def statement(self, stmt, live):
        if isinstance(stmt, gast.Assign):
            target = stmt.targets[0]
            if isinstance(target, gast.Subscript):  # an in-place update: kept
                return stmt, live | names_in(stmt, gast.Load)
            stores = names_in(target, gast.Store)
            if not (stores & live) and pure(stmt.value, self.bindings):
                return None, live
            if (
                isinstance(stmt.value, gast.Name)
                and isinstance(target, gast.Name)
                and stmt.value.id == target.id
            ):  # x = x
                return None, live
            return stmt, (live - stores) | names_in(stmt.value, gast.Load) | names_in(
                target, gast.Load
            )
        if isinstance(stmt, gast.If):
            body, live_body = self.block(stmt.body, set(live))
            orelse, live_else = self.block(stmt.orelse, set(live))
            body, orelse = _code_or_nothing(body), _code_or_nothing(orelse)
            if not body and not orelse and pure(stmt.test, self.bindings):
                return None, live
            stmt.body, stmt.orelse = body or [gast.Pass()], orelse
            return stmt, live_body | live_else | names_in(stmt.test, gast.Load)
        if isinstance(stmt, (gast.For, gast.While)):
            loop_live = live | names_in(stmt, gast.Load)
            stmt.body = _code_or_nothing(self.block(stmt.body, set(loop_live))[0])
            stmt.orelse = _code_or_nothing(self.block(stmt.orelse, set(loop_live))[0])
            if (
                not stmt.body
                and isinstance(stmt, gast.For)
                and pure(stmt.iter, self.bindings)
                and not names_in(stmt.target, gast.Store) & live
            ):
                return None, live  # a loop left with nothing to do
            stmt.body = stmt.body or [gast.Pass()]
            return stmt, loop_live
        for key in (Anno.SAVE, Anno.RESTORE):  # may push (or restore) these names' values,
            if has_anno(stmt, key):  # and an element slot reads its index
                point = get_anno(stmt, key)
                slot = names_in(point.slot, gast.Load) if point.slot is not None else set()
                saved = set(point.names) if key == Anno.SAVE else set()
                return stmt, live | saved | slot
        return stmt, live | names_in(stmt, gast.Load)


def _code_or_nothing(stmts) -> list:
    """A block of nothing but comments and ``pass`` is an empty block."""
    if all(is_comment(s) or isinstance(s, gast.Pass) for s in stmts):
        return []
    return stmts


def eliminate_dead_code(fn: gast.FunctionDef, bindings) -> bool:
    """Rewrite ``fn.body`` in place of dead assignments; True if anything was removed."""
    eliminator = _Eliminator(bindings)
    fn.body, _ = eliminator.block(fn.body, set())
    return eliminator.changed
