"""Markers the reverse transform leaves in its sweeps for later passes to resolve.

A *save point* before an overwrite in the forward sweep and its *restore point* after the
overwrite's adjoint in the backward sweep (``transform.tape`` turns the ones the backward sweep
needs into tape pushes and pops); and the *split* call that separates the forward sweep from the
backward one in the combined function (``assemble`` places it, ``tape`` and ``assemble.finish``
find it). They are plain data shared by the transform's modules, so they live apart from all of
them.
"""

from __future__ import annotations

import dataclasses

import gast

from ..annotations import Anno, set_anno
from ..nodes import call

SPLIT = "__s2s_split__"


@dataclasses.dataclass(eq=False)
class SavePoint:
    """Names a statement overwrites; ``in_loop``: it may run more than once per call.

    ``slot`` (for ``x[i] = v``): the overwritten element expression, saved instead of whole names.
    """

    names: tuple
    in_loop: bool
    slot: gast.AST = None
    container: bool = False  # the slot is an item of a list or dict (a key may be new)
    decided: tuple = ()

    def __deepcopy__(self, memo):
        return self


def _marker(key: Anno, point: SavePoint) -> gast.Expr:
    stmt = gast.Expr(value=gast.Constant(value="", kind=None))
    set_anno(stmt, key, point)
    return stmt


def save_point(point: SavePoint) -> gast.Expr:
    return _marker(Anno.SAVE, point)


def restore_point(point: SavePoint) -> gast.Expr:
    return _marker(Anno.RESTORE, point)


def split_marker(value) -> gast.Expr:
    """The statement marking the end of the forward sweep (it carries the differentiated value)."""
    return gast.Expr(value=call(SPLIT, value))


def split_index(fn) -> int:
    for i, stmt in enumerate(fn.body):
        if (
            isinstance(stmt, gast.Expr)
            and isinstance(stmt.value, gast.Call)
            and getattr(stmt.value.func, "id", None) == SPLIT
        ):
            return i
    raise AssertionError("internal error: the split point was optimized away")
