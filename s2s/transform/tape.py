"""Resolve save/restore points into tape operations: values the backward sweep needs after the
forward sweep overwrote them are pushed before the overwrite and popped after its adjoint.

The reverse transform marks every overwrite it cannot rule out (a *save point* before it in the
forward sweep, the matching *restore point* after its adjoint in the backward sweep). Only here,
once the whole backward sweep exists, is it known which values it actually reads; every other
point vanishes. The tape is a local list of the generated call: thread-safe and re-entrant.
"""

from __future__ import annotations

import gast

from ..annotations import Anno, get_anno, has_anno
from ..nodes import assign, call, const, load, walk_statements
from ..normalize.bindings import helper_function
from ..substitute import clone, names_in, slice_as_value
from .markers import SavePoint, split_index
from .views import viewed


def _primal_names(forward, params) -> set[str]:
    return names_in(forward, gast.Store) | set(params)


class _Resolver:
    def __init__(self, reads, params, tape, bind_global):
        self.bind_global = bind_global
        self.reads = reads
        self.params = set(params)
        self.tape = tape
        self.used = False
        self.seen = set(params)  # names some path may have assigned by now
        self.certain = set(params)  # ... and those every path has
        self.none_init: set[str] = set()
        self.loop_entry_seen = None

    def forward(self, stmts, depth=0) -> list:
        out = []
        for stmt in stmts:
            if has_anno(stmt, Anno.SAVE):
                out += self.push(get_anno(stmt, Anno.SAVE), depth)
                continue
            if isinstance(stmt, (gast.For, gast.While)) and depth == 0:
                self.loop_entry_seen = set(self.seen)
            inner = depth + isinstance(stmt, (gast.For, gast.While))
            before, after = set(self.seen), set()
            certain, arms = set(self.certain), []
            for field in ("body", "orelse"):  # a sibling branch's assignments are not "before"
                self.seen, self.certain = set(before), set(certain)
                if getattr(stmt, field, None):
                    setattr(stmt, field, self.forward(getattr(stmt, field), inner))
                after |= self.seen
                arms.append(self.certain)
            self.seen = after | names_in(stmt, gast.Store)
            if isinstance(stmt, gast.If):
                self.certain = certain | (arms[0] & arms[1])
            elif isinstance(stmt, (gast.For, gast.While)):
                self.certain = certain  # the body may not run
            else:
                self.certain = certain | names_in(stmt, gast.Store)
            out.append(stmt)
        return out

    def push(self, point: SavePoint, depth) -> list:
        needed = tuple(
            n
            for n in point.names
            if n in self.reads and (point.in_loop or n in self.seen or point.slot is not None)
        )
        point.decided = needed
        if not needed:
            return []
        self.used = True
        if point.slot is not None:
            append = gast.Attribute(value=load(self.tape), attr="append", ctx=gast.Load())
            if point.container:
                saved = call(
                    self.helper("saved_item"),
                    clone(point.slot.value),
                    slice_as_value(clone(point.slot.slice)),
                )
            else:
                saved = call(self.helper("snapshot"), clone(point.slot))
            return [gast.Expr(value=call(append, saved))]
        if point.in_loop and self.loop_entry_seen is not None:
            self.none_init |= {n for n in needed if n not in self.loop_entry_seen}
        # a name only some paths assigned (a loop variable of a branch): None on the others
        self.none_init |= {n for n in needed if n not in self.certain}
        return [
            gast.Expr(
                value=call(
                    gast.Attribute(value=load(self.tape), attr="append", ctx=gast.Load()), load(n)
                )
            )
            for n in needed
        ]

    def helper(self, name: str) -> str:
        return self.bind_global(name, helper_function(name))

    def backward(self, stmts) -> list:
        out = []
        for stmt in stmts:
            if has_anno(stmt, Anno.RESTORE):
                point = get_anno(stmt, Anno.RESTORE)
                pop = call(gast.Attribute(value=load(self.tape), attr="pop", ctx=gast.Load()))
                if point.slot is not None and point.decided and point.container:
                    out.append(
                        gast.Expr(
                            value=call(
                                self.helper("restore_item"),
                                clone(point.slot.value),
                                slice_as_value(clone(point.slot.slice)),
                                pop,
                            )
                        )
                    )
                elif point.slot is not None and point.decided:
                    target = gast.Subscript(
                        value=clone(point.slot.value),
                        slice=clone(point.slot.slice),
                        ctx=gast.Store(),
                    )
                    out.append(assign(target, pop))
                else:
                    out += [assign(n, pop) for n in reversed(point.decided)]
                continue
            for field in ("body", "orelse"):
                if getattr(stmt, field, None):
                    setattr(stmt, field, self.backward(getattr(stmt, field)))
            out.append(stmt)
        return out


def _slot_reads(stmts) -> set[str]:
    """Names the restore points' element slots read (``x[i] = tape.pop()`` reads ``i``): the
    index must hold its value of the forward statement, so it is restored too."""
    found = set()
    for stmt in walk_statements(stmts):
        point = get_anno(stmt, Anno.RESTORE, None)
        if point is not None and point.slot is not None:
            found |= names_in(point.slot.slice, gast.Load)
    return found


def _with_bases(reads, forward) -> set[str]:
    """``reads`` and every name that may share memory with a read name (``v = x[1:]``,
    ``v = x``, ``x.T``, either way round): the backward sweep reading ``v`` reads ``x``'s
    memory, so what a store into ``x`` (or into another view of it) overwrote must be restored
    before, even if the sweep never names ``x``."""
    linked: dict[str, set] = {}
    for stmt in walk_statements(forward):
        if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name):
            found = viewed(stmt.value)
            if found is not None:
                linked.setdefault(stmt.targets[0].id, set()).add(found[0])
                linked.setdefault(found[0], set()).add(stmt.targets[0].id)
    out, todo = set(reads), list(reads)
    while todo:
        for other in linked.get(todo.pop(), ()):
            if other not in out:
                out.add(other)
                todo.append(other)
    return out


def resolve_tape(fn, params, namer, bind_global) -> str | None:
    """Turn ``fn``'s save and restore points into tape pushes and pops, in place; return the
    tape's name, or None when nothing needed saving."""
    k = split_index(fn)
    forward, backward = fn.body[:k], fn.body[k:]
    reads = _with_bases(
        names_in(backward[1:], gast.Load) | _slot_reads(backward), forward
    ) & _primal_names(forward, params)
    tape = namer.fresh("tape")
    resolver = _Resolver(reads, params, tape, bind_global)
    forward = resolver.forward(forward)
    backward = resolver.backward(backward)
    prologue = []
    if resolver.used:
        prologue = [assign(n, const(None)) for n in sorted(resolver.none_init)]
        prologue.append(assign(tape, gast.List(elts=[], ctx=gast.Load())))
    fn.body = prologue + forward + backward
    return tape if resolver.used else None
