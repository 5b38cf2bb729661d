"""Loops in core form: ``for`` over ``range`` stays; ``enumerate``, ``zip``, ``reversed`` and dict
views become index loops that read items as ``xs[i]`` or ``d[k]`` (which have adjoints); any
other iterable that is not a name is materialized with ``list(...)``, so the backward sweep can
walk it again. A mixin of ``flatten.Flattener``: it uses its ``expression``/``bind``/``emit``.
"""

from __future__ import annotations

import builtins

import gast

from ..annotations import Anno, get_anno, set_anno
from ..errors import UnsupportedError, at
from ..nodes import assign, binop, call, const, load, store
from ..substitute import names_in
from .resolve_callees import Callee


class LoopLowering:
    def stmt_For(self, stmt):
        """``range`` loops stay as written; ``enumerate``/``zip``/``reversed`` become index loops
        (so items of differentiated arrays are read as ``xs[i]``); other iterables are a name,
        or materialized with ``list(...)`` so the backward sweep can walk them again."""
        stmt = self.dict_view_loop(stmt)
        kind = builtin_call(stmt.iter)
        if kind == "range":
            iterable = self.expr_Call(stmt.iter)
            prefix = []
        elif (
            kind in ("enumerate", "zip", "reversed")
            and not stmt.iter.keywords
            or _changed_in_place(stmt.iter, stmt.body)
        ):
            # also ``for x in xs`` whose body changes ``xs`` in place: Python reads each item
            # when its trip starts, so the item is read there (and saved), not again later
            iterable, prefix = self.index_loop(kind or "one", stmt)
            stmt = gast.For(
                target=store(self.index_name),
                iter=None,
                body=stmt.body,
                orelse=stmt.orelse,
                type_comment=None,
            )
        else:
            iterable = self.expression(stmt.iter)
            if not isinstance(iterable, gast.Name):
                iterable = load(self.bind(builtin("list", iterable), "items"))
            iterable = self.stable(iterable, stmt.body)
            prefix = []
        saved, self.out = self.out, []
        for s in prefix:
            self.emit(s)
        body = self.out + self.block(stmt.body)
        self.out = saved
        self.emit(
            gast.For(
                target=stmt.target,
                iter=iterable,
                body=body,
                orelse=self.block(stmt.orelse),
                type_comment=None,
            )
        )

    def dict_view_loop(self, stmt):
        """``for k, v in d.items()`` -> ``for k in d: v = d[k]`` (``.values()``, ``.keys()``
        alike): items are then read by key, which has an adjoint."""
        it = stmt.iter
        if not (
            isinstance(it, gast.Call)
            and isinstance(it.func, gast.Attribute)
            and it.func.attr in ("items", "values", "keys")
            and not it.args
            and not it.keywords
            and isinstance(it.func.value, gast.Name)
        ):
            return stmt
        d, view, body = it.func.value, it.func.attr, list(stmt.body)
        if view == "keys":
            key = stmt.target
        elif view == "values":
            key = store(self.namer.fresh("key"))
            body.insert(
                0,
                _lined(
                    gast.Assign(targets=[stmt.target], value=_item(d, key), type_comment=None),
                    stmt,
                ),
            )
        elif isinstance(stmt.target, gast.Tuple) and len(stmt.target.elts) == 2:
            key, value = stmt.target.elts
            body.insert(
                0,
                _lined(gast.Assign(targets=[value], value=_item(d, key), type_comment=None), stmt),
            )
        else:
            return stmt
        return _lined(
            gast.For(
                target=key, iter=load(d.id), body=body, orelse=stmt.orelse, type_comment=None
            ),
            stmt,
        )

    def index_loop(self, kind, stmt):
        """``for i, x in enumerate(xs)`` -> ``for i in range(len(xs)): x = xs[i]``; likewise
        ``zip`` (``range(min(len(a), len(b)))``), ``enumerate(zip(...))`` and ``reversed``."""
        target, iterable, counter, start = stmt.target, stmt.iter, None, None
        if kind == "enumerate":
            if not (isinstance(target, gast.Tuple) and len(target.elts) == 2):
                raise UnsupportedError(
                    at(self.origin, self.line[1], "unpack enumerate() as 'i, x'")
                )
            counter, target = target.elts
            if len(iterable.args) > 1:
                start = self.expression(iterable.args[1])
            iterable = iterable.args[0]
            kind = "zip" if builtin_call(iterable) == "zip" and not iterable.keywords else "one"
        if kind == "zip":
            if not (isinstance(target, gast.Tuple) and len(target.elts) == len(iterable.args)):
                raise UnsupportedError(
                    at(self.origin, self.line[1], "unpack zip() into one name " "per sequence")
                )
            targets, sequences = target.elts, [self.expression(a) for a in iterable.args]
        elif kind == "reversed":
            targets, sequences = [target], [self.expression(iterable.args[0])]
        else:
            targets, sequences = [target], [self.expression(iterable)]
        sequences = [self.stable(seq, stmt.body) for seq in sequences]
        plain_counter = isinstance(counter, gast.Name) and start is None
        self.index_name = counter.id if plain_counter else self.namer.fresh("k")
        lengths = [load(self.bind(builtin("len", seq), "n")) for seq in sequences]
        n = lengths[0] if len(lengths) == 1 else load(self.bind(builtin("min", *lengths), "n"))
        prefix = []
        if counter is not None and not plain_counter:
            saved, self.out = self.out, []
            index = load(self.index_name)
            self.assign_to(
                counter,
                (
                    index
                    if start is None
                    else load(self.bind(binop(index, gast.Add(), start), "count"))
                ),
            )
            prefix, self.out = self.out, saved
        for elt, seq in zip(targets, sequences):
            prefix += self.item_assign(elt, seq)
        if kind == "reversed":
            last = load(self.bind(binop(n, gast.Sub(), const(1)), "last"))
            return builtin("range", last, const(-1), const(-1)), prefix
        return builtin("range", n), prefix

    def stable(self, sequence, body):
        """The sequence a loop walks, under a name the loop body does not rebind: Python
        iterates the object the loop started with (``for row in S: S = S + row`` walks the
        first ``S``), and so must the items read by index and the backward sweep."""
        if isinstance(sequence, gast.Name) and sequence.id in names_in(body, gast.Store):
            return load(self.bind(sequence, f"{sequence.id}_items"))
        return sequence

    def item_assign(self, target, sequence):
        """Statements binding ``target`` to ``sequence[index]``."""
        item = gast.Subscript(value=sequence, slice=load(self.index_name), ctx=gast.Load())
        if isinstance(target, gast.Name):
            return [assign(target.id, item, self.line)]
        saved, self.out = self.out, []
        self.assign_to(target, load(self.bind(item, "item")))
        stmts, self.out = self.out, saved
        return stmts


def _changed_in_place(iterable, body) -> bool:
    """Does ``body`` write into the array ``iterable`` names (``xs[i] = v``, ``xs += v``)?"""
    if not isinstance(iterable, gast.Name):
        return False
    for node in gast.walk(gast.Module(body=body, type_ignores=[])):
        targets = (
            node.targets
            if isinstance(node, gast.Assign)
            else ([node.target] if isinstance(node, gast.AugAssign) else [])
        )
        for target in targets:
            while isinstance(target, gast.Subscript):
                target = target.value
                if isinstance(target, gast.Name) and target.id == iterable.id:
                    return True
            if (
                isinstance(node, gast.AugAssign)
                and isinstance(target, gast.Name)
                and target.id == iterable.id
            ):
                return True
    return False


def builtin(name: str, *args) -> gast.Call:
    """A call of the builtin ``name``, annotated as resolved (as resolve_callees would)."""
    node = call(name, *args)
    set_anno(node, Anno.CALLEE, Callee(name, value=getattr(builtins, name), resolved=True))
    return node


def builtin_call(node):
    """The builtin (``range``, ``zip``...) a call resolves to, by name, or None."""
    if not isinstance(node, gast.Call):
        return None
    callee = get_anno(node, Anno.CALLEE, None)
    if callee is None or not callee.resolved:
        return None
    value = callee.value
    for name in ("range", "enumerate", "zip", "reversed", "max", "min"):
        if value is getattr(builtins, name):
            return name
    return None


def _item(container, key):
    return gast.Subscript(value=load(container.id), slice=load(key.id), ctx=gast.Load())


def _lined(node, like):
    node.lineno = getattr(like, "lineno", None)
    return node
