"""Structure early exits so the reverse transform sees them only in tail position.

- ``return`` anywhere becomes an assignment to one result variable, and the function ends with a
  single ``return``. Inside a loop, a ``return`` also sets a flag and breaks; the code after the
  loop runs only if the flag is not set.
- After a statement that may ``break``/``continue``/``return``, the rest of the block moves into
  the paths that fall through (``if c: break`` + rest -> ``if c: break`` / ``else: rest``), so a
  jump always ends its branch. ``continue`` at the end of a branch is then a no-op and vanishes.
- A loop's ``else:`` runs under a "did not break" flag.

The result keeps the user's ``break`` statements: the forward sweep runs the loop as written,
and the backward sweep replays exactly the trips and branches that ran.
"""

from __future__ import annotations

import gast

from ..annotations import Anno, get_anno, set_anno
from ..nodes import assign, const, load

_LOOPS = (gast.For, gast.While)


def _jumps(stmts, kinds, in_loop=False) -> bool:
    """Does running ``stmts`` possibly execute a jump of ``kinds`` leaving this block?"""
    for stmt in stmts:
        if isinstance(stmt, kinds) and not (
            in_loop and isinstance(stmt, (gast.Break, gast.Continue))
        ):
            return True
        if isinstance(stmt, gast.If) and (
            _jumps(stmt.body, kinds, in_loop) or _jumps(stmt.orelse, kinds, in_loop)
        ):
            return True
        if isinstance(stmt, _LOOPS):
            if _jumps(stmt.body, kinds, True) or _jumps(stmt.orelse, kinds, in_loop):
                return True
    return False


def _always_jumps(stmts) -> bool:
    """Does every path through ``stmts`` end in a break/continue/return?"""
    for stmt in stmts:
        if isinstance(stmt, (gast.Break, gast.Continue, gast.Return)):
            return True
        if isinstance(stmt, gast.If) and _always_jumps(stmt.body) and _always_jumps(stmt.orelse):
            return True
    return False


class _Lowerer:
    def __init__(self, namer, line):
        self.namer = namer
        self.line = line
        self.result = None  # the result variable, once a return needs one
        self.returned = None  # flag set by a return inside a loop

    def result_name(self):
        if self.result is None:
            self.result = self.namer.fresh("result")
        return self.result

    def block(self, stmts, in_loop=False) -> list:
        """Lower one block; jumps end their branch, the rest of the block guarded behind them."""
        out: list = []
        for i, stmt in enumerate(stmts):
            rest = stmts[i + 1 :]
            if isinstance(stmt, gast.Return):
                return out + self.lower_return(stmt, in_loop)
            if isinstance(stmt, (gast.Break, gast.Continue)):
                return out + [stmt]
            if isinstance(stmt, gast.If):
                body, orelse = stmt.body, stmt.orelse
                jumps = rest and _jumps([stmt], (gast.Break, gast.Continue, gast.Return))
                if jumps:
                    body = body if _always_jumps(body) else body + rest
                    orelse = orelse if _always_jumps(orelse) else orelse + rest
                out.append(
                    self.rebuild_if(stmt, self.block(body, in_loop), self.block(orelse, in_loop))
                )
                if jumps:
                    return out
                continue
            if isinstance(stmt, _LOOPS):
                before, loop, after = self.lower_loop(stmt)
                out += before + [loop] + after
                if _jumps(stmt.body, (gast.Return,), True):
                    # a return inside the loop: leave enclosing loops too, and skip the rest
                    line = get_anno(stmt, Anno.LINE, self.line)
                    if in_loop:
                        guard = gast.If(
                            test=load(self.returned),
                            body=[gast.Break()],
                            orelse=self.block(rest, in_loop),
                        )
                    else:
                        guard = gast.If(
                            test=gast.UnaryOp(op=gast.Not(), operand=load(self.returned)),
                            body=self.block(rest) or [gast.Pass()],
                            orelse=[],
                        )
                    set_anno(guard, Anno.LINE, line)
                    if in_loop or rest:
                        out.append(guard)
                    return out
                continue
            out.append(stmt)
        return out

    def rebuild_if(self, stmt, body, orelse):
        """The lowered ``if``; a ``continue`` ending a branch falls through to the trip's end."""
        if body and isinstance(body[-1], gast.Continue):
            body = body[:-1]
        if orelse and isinstance(orelse[-1], gast.Continue):
            orelse = orelse[:-1]
        new = gast.If(test=stmt.test, body=body or [gast.Pass()], orelse=orelse)
        set_anno(new, Anno.LINE, get_anno(stmt, Anno.LINE, self.line))
        return new

    def lower_return(self, stmt, in_loop) -> list:
        line = get_anno(stmt, Anno.LINE, self.line)
        out = [assign(self.result_name(), stmt.value, line)]
        if in_loop:
            if self.returned is None:
                self.returned = self.namer.fresh("returned")
            out += [assign(self.returned, const(True), line), gast.Break()]
        return out

    def lower_loop(self, loop):
        """Lower a loop: (statements before it, the loop, statements replacing its ``else``)."""
        line = get_anno(loop, Anno.LINE, self.line)
        body = self.block(loop.body, in_loop=True)
        if body and isinstance(body[-1], gast.Continue):
            body = body[:-1]
        before, after = [], []
        if loop.orelse:
            orelse = self.block(loop.orelse)
            if _has_break(body):
                broke = self.namer.fresh("broke")
                body = _flag_breaks(body, broke, line)
                before = [assign(broke, const(False), line)]
                guard = gast.If(
                    test=gast.UnaryOp(op=gast.Not(), operand=load(broke)), body=orelse, orelse=[]
                )
                set_anno(guard, Anno.LINE, line)
                after = [guard]
            else:
                after = orelse
        if isinstance(loop, gast.For):
            new = gast.For(
                target=loop.target,
                iter=loop.iter,
                body=body or [gast.Pass()],
                orelse=[],
                type_comment=None,
            )
        else:
            new = gast.While(test=loop.test, body=body or [gast.Pass()], orelse=[])
        set_anno(new, Anno.LINE, line)
        return before, new, after


def _has_jump(stmts) -> bool:
    """Any break/continue/return nested anywhere (the cheap check that skips lowering)."""
    return any(isinstance(n, (gast.Break, gast.Continue)) for s in stmts for n in gast.walk(s))


def _has_break(stmts) -> bool:
    for stmt in stmts:
        if isinstance(stmt, gast.Break):
            return True
        if isinstance(stmt, gast.If) and (_has_break(stmt.body) or _has_break(stmt.orelse)):
            return True
    return False


def _flag_breaks(stmts, flag, line):
    out = []
    for stmt in stmts:
        if isinstance(stmt, gast.Break):
            out += [assign(flag, const(True), line), stmt]
        elif isinstance(stmt, gast.If):
            stmt.body = _flag_breaks(stmt.body, flag, line)
            stmt.orelse = _flag_breaks(stmt.orelse, flag, line)
            out.append(stmt)
        else:
            out.append(stmt)
    return out


def lower_jumps(body, namer, line) -> list:
    """Return ``body`` with one final ``return`` and jumps only at the ends of branches."""
    early = [s for s in body[:-1] if _jumps([s], (gast.Return,))]
    if not early and body and isinstance(body[-1], gast.Return) and not _has_jump(body):
        return body  # already structured: nothing to lower
    lowerer = _Lowerer(namer, line)
    lowered = lowerer.block(body)
    if lowerer.result is None:
        return lowered
    if lowerer.returned is not None:
        lowered.insert(0, assign(lowerer.returned, const(False), line))
    lowered.append(gast.Return(value=load(lowerer.result)))
    return lowered
