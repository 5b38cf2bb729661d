"""Reverse mode for ``if``, ``for`` and ``while``.

- ``if``: the test is stored in a flag; the backward sweep branches on the same flag. Adjoints set
  on one arm only get explicit zeros on the other, so both arms leave the same state.
- ``for``: the backward sweep is a loop over the same iterable, reversed
  (``for x in reversed(xs)``, ``for i in reversed(range(n))``), restricted to the trips that ran
  when the loop can ``break``. Iterating over a differentiated array reads ``x = xs[i]`` so that
  ``dxs[i] += dx``.
- ``while``: trips are counted; the backward sweep runs the body's adjoint that many times.

Adjoints carried around a loop (read in the body before being assigned there, and receiving
contributions in it) are set before the backward loop and kept set at the end of every trip, so
each trip sees the state the previous one left.
"""

from __future__ import annotations

import gast

from ..analysis.upward_exposed import upward_exposed
from ..annotations import Anno, get_anno
from ..errors import UnsupportedError
from ..nodes import assign, binop, call, comment, const, is_comment, load, store
from ..substitute import clone, names_in
from .adjoints import merge
from .containers import container_item_scatter
from .markers import SavePoint, save_point
from .steps import Step

MAX_FIXED_POINT = 8


def control_step(transformer, stmt, in_loop, defined) -> list:
    if isinstance(stmt, gast.If):
        line = get_anno(stmt, Anno.LINE)
        flag = transformer.namer.fresh("cond")
        flag_step = transformer.step(assign(flag, stmt.test, line), in_loop)
        return [
            flag_step,
            IfStep(
                transformer,
                flag,
                transformer.steps(stmt.body, in_loop, defined),
                transformer.steps(stmt.orelse, in_loop, defined),
                line,
                defined,
            ),
        ]
    if isinstance(stmt, gast.For):
        return [LoopStep(transformer, stmt, in_loop, defined)]
    return _while(transformer, stmt, in_loop, defined)


def _has_code(stmts) -> bool:
    return any(not is_comment(s) for s in stmts)


class IfStep(Step):
    """An ``if`` whose test was stored in ``flag``: the backward sweep branches on the flag."""

    def __init__(self, transformer, flag, body, orelse, line, defined):
        super().__init__(
            [
                gast.If(
                    test=load(flag),
                    body=transformer.forward_of(body) or [gast.Pass()],
                    orelse=transformer.forward_of(orelse),
                )
            ]
        )
        self.transformer, self.flag, self.body, self.orelse = transformer, flag, body, orelse
        self.line, self.defined = line, defined

    def backward(self, state):
        arms = [state.copy(), state.copy()]
        code = [
            self.transformer.backward_of(self.body, arms[0]),
            self.transformer.backward_of(self.orelse, arms[1]),
        ]
        merged = merge(arms)
        for arm, stmts in zip(arms, code):
            stmts += arm.match(merged, self.line, self.defined)
        state.adopt(merged)
        if not (_has_code(code[0]) or _has_code(code[1])):
            return []
        if not _has_code(code[0]):  # only the else arm has adjoint code
            return [
                gast.If(
                    test=gast.UnaryOp(op=gast.Not(), operand=load(self.flag)),
                    body=code[1],
                    orelse=[],
                )
            ]
        return [gast.If(test=load(self.flag), body=code[0], orelse=code[1])]


class LoopStep(Step):
    """A ``for`` or ``while`` loop (``stmt.iter`` None for while)."""

    def __init__(self, transformer, stmt, in_loop, defined, trips=None):
        super().__init__([])
        self.transformer = transformer
        self.stmt, self.line = stmt, get_anno(stmt, Anno.LINE)
        self.defined = defined
        self.is_for = isinstance(stmt, gast.For)
        self.trips = trips
        self.breaks = _breaks(stmt.body)
        self._index = None
        self.prefix = []
        if self.is_for:
            self.targets = tuple(sorted(names_in(stmt.target, gast.Store)))
            if _is_range(stmt.iter) and isinstance(stmt.target, gast.Name):
                transformer.int_names.add(stmt.target.id)
            if self.breaks:
                self.trips = transformer.namer.fresh("trips")
                self.prefix = [transformer.step(assign(self.trips, const(0), self.line), in_loop)]
        else:
            self.targets = ()
        self.point = SavePoint(self.targets, in_loop) if self.targets else None
        self.body = transformer.steps(stmt.body, in_loop=True, defined=defined | set(self.targets))
        count = (
            [assign(self.trips, binop(load(self.trips), gast.Add(), const(1)))]
            if self.trips
            else []
        )
        body_fwd = count + transformer.forward_of(self.body)
        if self.is_for:
            loop = gast.For(
                target=stmt.target, iter=stmt.iter, body=body_fwd, orelse=[], type_comment=None
            )
        else:
            loop = gast.While(test=stmt.test, body=body_fwd, orelse=[])
        self.forward = [s for step in self.prefix for s in step.forward]
        self.forward += ([save_point(self.point)] if self.point else []) + [loop]
        self.iterates_active = self.is_for and self._iterates_active_array()
        self.indexed = self.iterates_active

    def _iterates_active_array(self) -> bool:
        """``for x in xs`` (or ``for a, b in pairs``) over a differentiated sequence: the
        backward loop reads items by index, so their adjoints can be added into ``dxs[i]``."""
        it, target = self.stmt.iter, self.stmt.target
        if not (
            isinstance(it, gast.Name)
            and it.id in self.transformer.active
            and set(self.targets) & self.transformer.active
        ):
            return False
        if isinstance(target, gast.Tuple) and not all(
            isinstance(e, gast.Name) for e in target.elts
        ):
            raise UnsupportedError(
                f"{self.transformer.where(self.stmt)}: a nested unpacking target ('for "
                f"{gast.unparse(target)} in ...') over a differentiated sequence is not "
                "supported; unpack the item inside the loop body ('for item in xs: (a, b), c = "
                "item')"
            )
        return True

    # -- backward -----------------------------------------------------------------------------

    def backward(self, state):
        carried = (
            upward_exposed(self.stmt.body, defined=set(self.targets)) & self.transformer.active
        )
        if self.iterates_active:  # indexed only if the items' adjoints are nonzero (not for
            # dict keys, say) in *this* state: an enclosing loop's fixed point calls this again
            # with more adjoints set, so the answer of an earlier call is never kept
            probe = state.copy()
            self.indexed = False
            self.trip(probe)
            self.indexed = bool(set(self.targets) & probe.touched)
        entry = state.copy()
        entry.disown_all()
        for _ in range(MAX_FIXED_POINT):
            trial = entry.copy()
            self.trip(trial)
            nonzero = (carried & trial.touched) | trial.nonzero
            if not entry.widen(nonzero, trial.inplace & (entry.nonzero | nonzero)):
                break
        before = state.match(entry, self.line, self.defined)
        trip_state = entry.copy()
        body = self.trip(trip_state)
        body += trip_state.match(entry, self.line, self.defined | set(self.targets))
        state.adopt(entry)
        state.record_uses(trip_state)
        restore = self.restore()
        prefix_restore = [s for step in reversed(self.prefix) for s in step.backward(state)]
        if not _has_code(body):
            return before + restore + prefix_restore
        loop = gast.For(
            target=self.header_target(),
            iter=self.header_iter(),
            body=body,
            orelse=[],
            type_comment=None,
        )
        return before + [loop] + restore + prefix_restore

    def trip(self, state) -> list:
        """The adjoint of one trip, for the given state at its start (mutated to its end)."""
        out = []
        if self.indexed:
            item = gast.Subscript(
                value=load(self.stmt.iter.id), slice=load(self.index), ctx=gast.Load()
            )
            out.append(assign(clone(self.stmt.target), item, self.line))
        out += self.transformer.backward_of(self.body, state)
        if self.indexed:
            out += self.item_adjoint(state)
        for name in self.targets:
            state.reset(name)
        return out

    def item_adjoint(self, state) -> list:
        """``dxs[i] += dx`` for the item just read (``[da, db]`` packed for ``for a, b in
        pairs``); a list or tuple of arrays gets a new list, entry by entry."""
        target, xs = self.stmt.target, self.stmt.iter.id
        if all(state.is_zero(n) for n in self.targets):
            return []
        if isinstance(target, gast.Name):
            d = state.adjoint(target.id)
            out = [comment(self.line)]
        else:  # the item was unpacked: its adjoint is packed from the parts'
            d = self.transformer.namer.fresh("ditem")
            parts = [
                const(None) if state.is_zero(n) else load(state.adjoint(n))
                for n in (e.id for e in target.elts)
            ]
            item = gast.Subscript(value=load(xs), slice=load(self.index), ctx=gast.Load())
            packed = call(
                self.transformer.helper("pack_like"), item, gast.List(elts=parts, ctx=gast.Load())
            )
            out = [comment(self.line), assign(d, packed, self.line)]
        if xs in self.transformer.containers:  # a list of arrays: a new list, entry by entry
            return out + container_item_scatter(
                self.transformer, xs, load(self.index), d, self.line
            )(state)
        out += state.make_owned(xs, self.line)
        slot = gast.Subscript(
            value=load(state.adjoint(xs)), slice=load(self.index), ctx=gast.Store()
        )
        out.append(gast.AugAssign(target=slot, op=gast.Add(), value=load(d)))
        return out

    @property
    def index(self) -> str:
        """The backward loop's counter (``for i in reversed(range(len(xs)))``), named on use."""
        if self._index is None:
            self._index = self.transformer.namer.fresh("i")
            self.transformer.int_names.add(self._index)
        return self._index

    def header_target(self):
        if self.indexed:
            return store(self.index)
        if not self.is_for:
            return store("_")
        return clone(self.stmt.target)

    def header_iter(self):
        if not self.is_for:
            return call("range", load(self.trips))
        if self.indexed:
            n = load(self.trips) if self.trips else call("len", load(self.stmt.iter.id))
            return call("reversed", call("range", n))
        iterable = clone(self.stmt.iter)
        if self.trips:
            iterable = gast.Subscript(
                value=iterable, slice=gast.Slice(None, load(self.trips), None), ctx=gast.Load()
            )
        return call("reversed", iterable)


def _while(transformer, stmt, in_loop, defined) -> list:
    line = get_anno(stmt, Anno.LINE)
    trips = transformer.namer.fresh("trips")
    start = transformer.step(assign(trips, const(0), line), in_loop)
    step = LoopStep(transformer, stmt, in_loop, defined, trips=trips)
    return [start, step]


def _is_range(node) -> bool:
    return (
        isinstance(node, gast.Call)
        and isinstance(node.func, gast.Name)
        and node.func.id == "range"
    )


def _breaks(stmts) -> bool:
    for stmt in stmts:
        if isinstance(stmt, gast.Break):
            return True
        if isinstance(stmt, gast.If) and (_breaks(stmt.body) or _breaks(stmt.orelse)):
            return True
    return False
