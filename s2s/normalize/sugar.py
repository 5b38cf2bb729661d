"""Python conveniences lowered to what has an adjoint: ``max(seq)``/``min(seq)`` to a loop of
two-argument calls, a lambda bound to a local inlined where it is called, ``lst.extend(seq)`` to
appends and a bare ``lst.pop()`` kept in a name (the backward sweep puts the item back).
A mixin of ``flatten.Flattener``.
"""

from __future__ import annotations

from collections.abc import Callable

import gast

from ..annotations import Anno, copy_annos, set_anno
from ..errors import UnsupportedError, at
from ..naming import Namer
from ..nodes import assign, const, load, store
from ..substitute import substitute
from .loops import builtin, builtin_call
from .resolve_callees import Callee


class SugarLowering:
    # provided by normalize.flatten.Flattener, which these methods are part of
    namer: Namer
    line: tuple  # (origin, lineno) of the statement being lowered
    emit: Callable
    statement: Callable
    expression: Callable

    def unzip(self, stmt) -> bool:
        """``xs, ys = zip(*pairs)`` -> a loop appending each pair's items to one list per
        target, then ``xs = tuple(xs_items)``: appends and tuples have adjoints, zip does not.
        False if ``stmt`` is not that."""
        value, targets = stmt.value, stmt.targets
        if not (
            builtin_call(value) == "zip"
            and len(value.args) == 1
            and not value.keywords
            and isinstance(value.args[0], gast.Starred)
            and len(targets) == 1
            and isinstance(targets[0], (gast.Tuple, gast.List))
            and all(isinstance(e, gast.Name) for e in targets[0].elts)
        ):
            return False
        names = [e.id for e in targets[0].elts]
        lists = [self.namer.fresh(f"{n}_items") for n in names]
        items = [self.namer.fresh(n.rstrip("s") or "item") for n in names]
        row = self.namer.fresh("row")
        for name in lists:
            self.emit(assign(name, gast.List(elts=[], ctx=gast.Load()), self.line))
        body = [
            gast.Assign(
                targets=[gast.Tuple(elts=[store(i) for i in items], ctx=gast.Store())],
                value=load(row),
                type_comment=None,
            )
        ]
        for name, item in zip(lists, items):
            append = gast.Call(
                func=gast.Attribute(value=load(name), attr="append", ctx=gast.Load()),
                args=[load(item)],
                keywords=[],
            )
            set_anno(append, Anno.CALLEE, Callee(f"{name}.append", method="append"))
            body.append(gast.Expr(value=append))
        loop = gast.For(
            target=store(row), iter=value.args[0].value, body=body, orelse=[], type_comment=None
        )
        for node in [loop] + body:
            node.lineno = self.line[1]
        self.statement(loop)
        for name, items_list in zip(names, lists):
            self.emit(assign(name, builtin("tuple", load(items_list)), self.line))
        return True

    def list_method_statement(self, stmt) -> bool:
        """Lower ``lst.pop()``/``lst.extend(seq)`` statements; False if ``stmt`` is neither."""
        value = stmt.value
        if (
            isinstance(value, gast.Call)
            and isinstance(value.func, gast.Attribute)
            and value.func.attr == "pop"
            and isinstance(value.func.value, gast.Name)
        ):
            # lst.pop() as a statement: keep what it took, the backward sweep puts it back
            self.emit(
                assign(
                    self.namer.fresh("popped"), self.expression(value, want_atom=False), self.line
                )
            )
            return True
        if (
            isinstance(value, gast.Call)
            and isinstance(value.func, gast.Attribute)
            and value.func.attr == "extend"
            and isinstance(value.func.value, gast.Name)
            and len(value.args) == 1
            and not value.keywords
        ):
            # lst.extend(seq) -> for item in seq: lst.append(item)  (append has an adjoint)
            item = self.namer.fresh("item")
            append = gast.Call(
                func=gast.Attribute(value=value.func.value, attr="append", ctx=gast.Load()),
                args=[load(item)],
                keywords=[],
            )
            set_anno(append, Anno.CALLEE, Callee(f"{value.func.value.id}.append", method="append"))
            inner = gast.Expr(value=append)
            loop = gast.For(
                target=store(item), iter=value.args[0], body=[inner], orelse=[], type_comment=None
            )
            loop.lineno = inner.lineno = self.line[1]
            self.statement(loop)
            return True
        return False

    def extreme_of(self, expr):
        """``max(seq)`` -> ``best = seq[0]; for item in seq[1:]: best = max(best, item)``: the
        two-argument rule, applied along the sequence (ties share as that rule says)."""
        kind = builtin_call(expr)
        seq = self.expression(expr.args[0])
        best = self.namer.fresh("largest" if kind == "max" else "smallest")
        self.emit(
            assign(best, gast.Subscript(value=seq, slice=const(0), ctx=gast.Load()), self.line)
        )
        rest = self.bind(
            gast.Subscript(value=seq, slice=gast.Slice(const(1), None, None), ctx=gast.Load()),
            "rest",
        )
        item = self.namer.fresh("item")
        pair = copy_annos(
            expr, gast.Call(func=expr.func, args=[load(best), load(item)], keywords=[])
        )
        saved, self.out = self.out, []
        self.stmt_Assign(gast.Assign(targets=[store(best)], value=pair, type_comment=None))
        body, self.out = self.out, saved
        loop = gast.For(
            target=store(item), iter=load(rest), body=body, orelse=[], type_comment=None
        )
        set_anno(loop, Anno.LINE, self.line)
        self.emit(loop)
        return load(best)

    def call_lambda(self, lam, expr):
        """``g(a, b)`` with ``g = lambda x, y: body``: ``body`` with the arguments' values."""
        args = lam.args
        if (
            args.vararg
            or args.kwarg
            or args.kwonlyargs
            or any(isinstance(a, gast.Starred) for a in expr.args)
        ):
            raise UnsupportedError(
                at(
                    self.origin,
                    self.line[1],
                    "lambdas with *args, **kwargs or "
                    "keyword-only parameters are not supported; use def",
                )
            )
        names = [a.id for a in args.args]
        defaults = dict(zip(names[len(names) - len(args.defaults) :], args.defaults))
        values = dict(zip(names, expr.args))
        values.update({k.arg: k.value for k in expr.keywords})
        missing = [n for n in names if n not in values and n not in defaults]
        if missing or len(expr.args) > len(names):
            raise UnsupportedError(
                at(
                    self.origin,
                    self.line[1],
                    "this lambda call does not match " f"its parameters ({', '.join(names)})",
                )
            )
        mapping = {n: self.expression(values.get(n, defaults.get(n))) for n in names}
        return self.expression(substitute(lam.body, mapping), want_atom=False)
