"""One operation per statement: nested expressions become named temporaries.

After this pass an assignment's value is an *atom* (a name or constant), or one operation on
atoms: a binary/unary operator, a comparison, a call, an attribute, a subscript, a tuple or list.
``x += y`` becomes ``x = x + y``. Conditions of ``if``/``while`` stay whole: they are never
differentiated, and keeping them whole keeps the emitted code readable. Every statement keeps the
primal line it came from (``Anno.LINE``).
"""

from __future__ import annotations

import builtins

import gast

from ..annotations import Anno, copy_annos, get_anno, set_anno
from ..errors import UnsupportedError, at
from ..naming import Namer
from .resolve_callees import Callee
from ..substitute import names_in, substitute
from ..nodes import assign, binop, call, const, load, store

_OP_NAMES = {
    gast.Add: "add", gast.Sub: "sub", gast.Mult: "mul", gast.Div: "div", gast.Pow: "pow",
    gast.MatMult: "matmul", gast.FloorDiv: "floordiv", gast.Mod: "mod", gast.USub: "neg",
    gast.UAdd: "pos", gast.Not: "not_", gast.Invert: "invert", gast.BitAnd: "and_",
    gast.BitOr: "or_", gast.BitXor: "xor", gast.LShift: "lshift", gast.RShift: "rshift",
}


def is_atom(node) -> bool:
    return isinstance(node, (gast.Name, gast.Constant))


def temp_base(expr) -> str:
    """A readable base name for the temporary holding ``expr``."""
    if isinstance(expr, gast.Call):
        func = expr.func
        return func.attr if isinstance(func, gast.Attribute) else getattr(func, "id", "call")
    if isinstance(expr, (gast.BinOp, gast.UnaryOp)):
        return _OP_NAMES.get(type(expr.op), "t")
    if isinstance(expr, gast.Subscript):
        value = expr.value
        return f"{value.id}_item" if isinstance(value, gast.Name) else "item"
    if isinstance(expr, gast.Attribute):
        return expr.attr
    if isinstance(expr, gast.Compare):
        return "cond"
    if isinstance(expr, (gast.Tuple, gast.List)):
        return "items"
    return "t"


class Flattener:
    """Rewrites one function body; ``origin`` locates lines for messages."""

    def __init__(self, origin, namer: Namer):
        self.origin = origin
        self.namer = namer
        self.out: list = []
        self.line = None
        self.lambdas: dict = {}  # local name -> the lambda bound to it, inlined at each call

    # -- statements ---------------------------------------------------------------------------

    def block(self, stmts) -> list:
        saved, self.out = self.out, []
        for stmt in stmts:
            self.line = (self.origin, getattr(stmt, "lineno", None))
            self.statement(stmt)
        result, self.out = self.out, saved
        return result

    def emit(self, stmt):
        if not hasattr(stmt, "_s2s_anno") or not getattr(stmt, "_s2s_anno").get(Anno.LINE):
            set_anno(stmt, Anno.LINE, self.line)
        self.out.append(stmt)
        return stmt

    def statement(self, stmt):
        method = getattr(self, "stmt_" + type(stmt).__name__, None)
        if method is None:
            raise UnsupportedError(
                at(self.origin, self.line[1], f"'{type(stmt).__name__}' statements are not supported")
            )
        method(stmt)

    def stmt_Assign(self, stmt):
        if (len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)
                and isinstance(stmt.value, gast.Lambda)):
            self.lambdas[stmt.targets[0].id] = stmt.value  # inlined where it is called
            return
        if len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name):
            name = stmt.targets[0].id
            self.lambdas.pop(name, None)
            value = self.expression(stmt.value, want_atom=False)
            if not is_atom(value) and name in names_in(value, gast.Load):
                # acc = acc * x: the adjoint needs the old acc and the new one, so they get
                # two names (mul = acc * x; acc = mul)
                value = load(self.bind(value))
            self.emit(assign(name, value, self.line))
            return
        value = self.expression(stmt.value)
        for target in stmt.targets:
            self.assign_to(target, value)

    def stmt_AnnAssign(self, stmt):
        if stmt.value is not None:
            self.stmt_Assign(gast.Assign(targets=[stmt.target], value=stmt.value, type_comment=None))

    def stmt_AugAssign(self, stmt):
        target = stmt.target
        read = copy_annos(target, _as_load(target))
        self.stmt_Assign(
            gast.Assign(targets=[target], value=gast.BinOp(read, stmt.op, stmt.value), type_comment=None)
        )

    def assign_to(self, target, value):
        if isinstance(target, gast.Name):
            self.emit(assign(target.id, value, self.line))
        elif isinstance(target, (gast.Tuple, gast.List)):
            if any(isinstance(e, gast.Starred) for e in target.elts):
                raise UnsupportedError(
                    at(self.origin, self.line[1], "starred unpacking ('a, *b = ...') is not "
                       "supported; index the sequence instead")
                )
            if not isinstance(value, gast.Name):
                value = load(self.bind(value, "items"))
            names = []
            for elt in target.elts:
                names.append(elt.id if isinstance(elt, gast.Name) else self.namer.fresh("item"))
            self.emit(assign(gast.Tuple(elts=[store(n) for n in names], ctx=gast.Store()), value,
                             self.line))
            for elt, name in zip(target.elts, names):
                if not isinstance(elt, gast.Name):
                    self.assign_to(elt, load(name))
        elif isinstance(target, gast.Subscript):
            container = self.expression(target.value)
            index = self.index(target.slice)
            stmt = gast.Assign(
                targets=[gast.Subscript(value=container, slice=index, ctx=gast.Store())],
                value=value if is_atom(value) else load(self.bind(value)),
                type_comment=None,
            )
            self.emit(stmt)
        elif isinstance(target, gast.Attribute):
            raise UnsupportedError(
                at(self.origin, self.line[1], f"assigning to an attribute ('{gast.unparse(target)} = "
                   "...') is not supported in differentiated code; use a local variable")
            )
        else:
            raise UnsupportedError(
                at(self.origin, self.line[1], f"cannot assign to '{gast.unparse(target)}'")
            )

    def stmt_Return(self, stmt):
        value = stmt.value if stmt.value is not None else gast.Constant(value=None, kind=None)
        if not is_atom(value) and not isinstance(value, gast.Tuple):
            value = load(self.bind(self.expression(value, want_atom=False), "out"))
        self.emit(gast.Return(value=self.expression(value)))

    def stmt_Expr(self, stmt):
        if isinstance(stmt.value, gast.Constant):  # docstrings and stray literals
            return
        value = stmt.value
        if (isinstance(value, gast.Call) and isinstance(value.func, gast.Attribute)
                and value.func.attr == "pop" and isinstance(value.func.value, gast.Name)):
            # lst.pop() as a statement: keep what it took, the backward sweep puts it back
            self.emit(assign(self.namer.fresh("popped"), self.expression(value, want_atom=False),
                             self.line))
            return
        if (isinstance(value, gast.Call) and isinstance(value.func, gast.Attribute)
                and value.func.attr == "extend" and isinstance(value.func.value, gast.Name)
                and len(value.args) == 1 and not value.keywords):
            # lst.extend(seq) -> for item in seq: lst.append(item)  (append has an adjoint)
            item = self.namer.fresh("item")
            append = gast.Call(func=gast.Attribute(value=value.func.value, attr="append",
                                                   ctx=gast.Load()), args=[load(item)], keywords=[])
            set_anno(append, Anno.CALLEE, Callee(f"{value.func.value.id}.append", method="append"))
            inner = gast.Expr(value=append)
            loop = gast.For(target=store(item), iter=value.args[0], body=[inner], orelse=[],
                            type_comment=None)
            loop.lineno = inner.lineno = self.line[1]
            self.statement(loop)
            return
        self.emit(gast.Expr(value=self.expression(stmt.value, want_atom=False)))

    def stmt_Pass(self, stmt):
        pass

    def stmt_Assert(self, stmt):
        self.emit(stmt)

    def stmt_Raise(self, stmt):  # raising is not differentiated: it ends the computation
        self.emit(stmt)

    def stmt_If(self, stmt):
        test = stmt.test
        body, orelse = self.block(stmt.body), self.block(stmt.orelse)
        self.emit(gast.If(test=test, body=body or [gast.Pass()], orelse=orelse))

    def stmt_While(self, stmt):
        self.emit(gast.While(test=stmt.test, body=self.block(stmt.body), orelse=self.block(stmt.orelse)))

    def stmt_For(self, stmt):
        """``range`` loops stay as written; ``enumerate``/``zip``/``reversed`` become index loops
        (so items of differentiated arrays are read as ``xs[i]``); other iterables are a name,
        or materialized with ``list(...)`` so the backward sweep can walk them again."""
        stmt = self.dict_view_loop(stmt)
        kind = _builtin_call(stmt.iter)
        if kind == "range":
            iterable = self.expr_Call(stmt.iter)
            prefix = []
        elif kind in ("enumerate", "zip", "reversed") and not stmt.iter.keywords:
            iterable, prefix = self.index_loop(kind, stmt)
            stmt = gast.For(target=store(self.index_name), iter=None, body=stmt.body,
                            orelse=stmt.orelse, type_comment=None)
        else:
            iterable = self.expression(stmt.iter)
            if not isinstance(iterable, gast.Name):
                iterable = load(self.bind(builtin("list", iterable), "items"))
            prefix = []
        saved, self.out = self.out, []
        for s in prefix:
            self.emit(s)
        body = self.out + self.block(stmt.body)
        self.out = saved
        self.emit(gast.For(target=stmt.target, iter=iterable, body=body,
                           orelse=self.block(stmt.orelse), type_comment=None))

    def dict_view_loop(self, stmt):
        """``for k, v in d.items()`` -> ``for k in d: v = d[k]`` (``.values()``, ``.keys()``
        alike): items are then read by key, which has an adjoint."""
        it = stmt.iter
        if not (isinstance(it, gast.Call) and isinstance(it.func, gast.Attribute)
                and it.func.attr in ("items", "values", "keys") and not it.args
                and not it.keywords and isinstance(it.func.value, gast.Name)):
            return stmt
        d, view, body = it.func.value, it.func.attr, list(stmt.body)
        if view == "keys":
            key = stmt.target
        elif view == "values":
            key = store(self.namer.fresh("key"))
            body.insert(0, _lined(gast.Assign(targets=[stmt.target], value=_item(d, key),
                                              type_comment=None), stmt))
        elif isinstance(stmt.target, gast.Tuple) and len(stmt.target.elts) == 2:
            key, value = stmt.target.elts
            body.insert(0, _lined(gast.Assign(targets=[value], value=_item(d, key),
                                              type_comment=None), stmt))
        else:
            return stmt
        return _lined(gast.For(target=key, iter=load(d.id), body=body, orelse=stmt.orelse,
                               type_comment=None), stmt)

    def index_loop(self, kind, stmt):
        """``for i, x in enumerate(xs)`` -> ``for i in range(len(xs)): x = xs[i]``; likewise
        ``zip`` (``range(min(len(a), len(b)))``), ``enumerate(zip(...))`` and ``reversed``."""
        target, iterable, counter, start = stmt.target, stmt.iter, None, None
        if kind == "enumerate":
            if not (isinstance(target, gast.Tuple) and len(target.elts) == 2):
                raise UnsupportedError(at(self.origin, self.line[1], "unpack enumerate() as 'i, x'"))
            counter, target = target.elts
            if len(iterable.args) > 1:
                start = self.expression(iterable.args[1])
            iterable = iterable.args[0]
            kind = "zip" if _builtin_call(iterable) == "zip" and not iterable.keywords else "one"
        if kind == "zip":
            if not (isinstance(target, gast.Tuple) and len(target.elts) == len(iterable.args)):
                raise UnsupportedError(at(self.origin, self.line[1], "unpack zip() into one name "
                                          "per sequence"))
            targets, sequences = target.elts, [self.expression(a) for a in iterable.args]
        elif kind == "reversed":
            targets, sequences = [target], [self.expression(iterable.args[0])]
        else:
            targets, sequences = [target], [self.expression(iterable)]
        plain_counter = isinstance(counter, gast.Name) and start is None
        self.index_name = counter.id if plain_counter else self.namer.fresh("k")
        lengths = [load(self.bind(builtin("len", seq), "n")) for seq in sequences]
        n = lengths[0] if len(lengths) == 1 else load(self.bind(builtin("min", *lengths), "n"))
        prefix = []
        if counter is not None and not plain_counter:
            saved, self.out = self.out, []
            index = load(self.index_name)
            self.assign_to(counter, index if start is None else
                           load(self.bind(binop(index, gast.Add(), start), "count")))
            prefix, self.out = self.out, saved
        for elt, seq in zip(targets, sequences):
            prefix += self.item_assign(elt, seq)
        if kind == "reversed":
            last = load(self.bind(binop(n, gast.Sub(), const(1)), "last"))
            return builtin("range", last, const(-1), const(-1)), prefix
        return builtin("range", n), prefix

    def item_assign(self, target, sequence):
        """Statements binding ``target`` to ``sequence[index]``."""
        item = gast.Subscript(value=sequence, slice=load(self.index_name), ctx=gast.Load())
        if isinstance(target, gast.Name):
            return [assign(target.id, item, self.line)]
        saved, self.out = self.out, []
        self.assign_to(target, load(self.bind(item, "item")))
        stmts, self.out = self.out, saved
        return stmts

    def stmt_Break(self, stmt):
        self.emit(stmt)

    def stmt_Continue(self, stmt):
        self.emit(stmt)

    # -- expressions --------------------------------------------------------------------------

    def bind(self, expr, base=None) -> str:
        """Emit ``name = expr`` for a fresh name and return the name."""
        name = self.namer.fresh(base or temp_base(expr))
        self.emit(assign(name, expr, self.line))
        return name

    def expression(self, expr, want_atom=True):
        """Flatten ``expr``; return an atom, or a one-operation expression if not ``want_atom``."""
        if isinstance(expr, gast.Name) and expr.id in self.lambdas:
            raise UnsupportedError(at(self.origin, self.line[1], f"the lambda '{expr.id}' is used "
                                      "other than by calling it; s2s inlines lambdas where they "
                                      "are called: define a function with def instead"))
        if is_atom(expr):
            return expr
        method = getattr(self, "expr_" + type(expr).__name__, None)
        if method is None:
            raise UnsupportedError(
                at(self.origin, self.line[1], f"'{type(expr).__name__}' expressions are not "
                   "supported in differentiated code")
            )
        flat = method(expr)
        if is_atom(flat) or not want_atom:
            return flat
        return load(self.bind(flat))

    def expr_BinOp(self, expr):
        return gast.BinOp(left=self.expression(expr.left), op=expr.op, right=self.expression(expr.right))

    def expr_UnaryOp(self, expr):
        operand = self.expression(expr.operand)
        if isinstance(expr.op, gast.USub) and isinstance(operand, gast.Constant):
            return gast.Constant(value=-operand.value, kind=None)
        return gast.UnaryOp(op=expr.op, operand=operand)

    def expr_Compare(self, expr):
        return gast.Compare(left=self.expression(expr.left), ops=expr.ops,
                            comparators=[self.expression(c) for c in expr.comparators])

    def expr_Call(self, expr):
        func = expr.func
        if isinstance(func, gast.Name) and func.id in self.lambdas:
            return self.call_lambda(self.lambdas[func.id], expr)
        if _builtin_call(expr) in ("max", "min") and len(expr.args) == 1 and not expr.keywords:
            return self.extreme_of(expr)
        if isinstance(func, gast.Attribute) and get_anno(expr, Anno.CALLEE).method:
            func = gast.Attribute(value=self.expression(func.value), attr=func.attr, ctx=gast.Load())
        elif not isinstance(func, (gast.Name, gast.Attribute)):
            func = self.expression(func)
        args = []
        for arg in expr.args:
            if isinstance(arg, gast.Starred):
                args.append(gast.Starred(value=self.expression(arg.value), ctx=gast.Load()))
            else:
                args.append(self.expression(arg))
        keywords = [gast.keyword(arg=k.arg, value=self.expression(k.value)) for k in expr.keywords]
        return copy_annos(expr, gast.Call(func=func, args=args, keywords=keywords))

    def extreme_of(self, expr):
        """``max(seq)`` -> ``best = seq[0]; for item in seq[1:]: best = max(best, item)``: the
        two-argument rule, applied along the sequence (ties share as that rule says)."""
        kind = _builtin_call(expr)
        seq = self.expression(expr.args[0])
        best = self.namer.fresh("largest" if kind == "max" else "smallest")
        self.emit(assign(best, gast.Subscript(value=seq, slice=const(0), ctx=gast.Load()), self.line))
        rest = self.bind(gast.Subscript(value=seq, slice=gast.Slice(const(1), None, None),
                                        ctx=gast.Load()), "rest")
        item = self.namer.fresh("item")
        pair = copy_annos(expr, gast.Call(func=expr.func, args=[load(best), load(item)], keywords=[]))
        saved, self.out = self.out, []
        self.stmt_Assign(gast.Assign(targets=[store(best)], value=pair, type_comment=None))
        body, self.out = self.out, saved
        loop = gast.For(target=store(item), iter=load(rest), body=body, orelse=[], type_comment=None)
        set_anno(loop, Anno.LINE, self.line)
        self.emit(loop)
        return load(best)

    def call_lambda(self, lam, expr):
        """``g(a, b)`` with ``g = lambda x, y: body``: ``body`` with the arguments' values."""
        args = lam.args
        if args.vararg or args.kwarg or args.kwonlyargs or any(isinstance(a, gast.Starred)
                                                              for a in expr.args):
            raise UnsupportedError(at(self.origin, self.line[1], "lambdas with *args, **kwargs or "
                                      "keyword-only parameters are not supported; use def"))
        names = [a.id for a in args.args]
        defaults = dict(zip(names[len(names) - len(args.defaults):], args.defaults))
        values = dict(zip(names, expr.args))
        values.update({k.arg: k.value for k in expr.keywords})
        missing = [n for n in names if n not in values and n not in defaults]
        if missing or len(expr.args) > len(names):
            raise UnsupportedError(at(self.origin, self.line[1], "this lambda call does not match "
                                      f"its parameters ({', '.join(names)})"))
        mapping = {n: self.expression(values.get(n, defaults.get(n))) for n in names}
        return self.expression(substitute(lam.body, mapping), want_atom=False)

    def expr_Attribute(self, expr):
        return gast.Attribute(value=self.expression(expr.value), attr=expr.attr, ctx=gast.Load())

    def expr_Subscript(self, expr):
        return gast.Subscript(value=self.expression(expr.value), slice=self.index(expr.slice),
                              ctx=gast.Load())

    def index(self, index):
        if isinstance(index, gast.Slice):
            return gast.Slice(*(None if part is None else self.expression(part)
                                for part in (index.lower, index.upper, index.step)))
        if isinstance(index, gast.Tuple):
            return gast.Tuple(elts=[self.index(e) for e in index.elts], ctx=gast.Load())
        return self.expression(index)

    def expr_Tuple(self, expr):
        return gast.Tuple(elts=[self.element(e) for e in expr.elts], ctx=gast.Load())

    def expr_List(self, expr):
        return gast.List(elts=[self.element(e) for e in expr.elts], ctx=gast.Load())

    def element(self, elt):
        if isinstance(elt, gast.Starred):
            raise UnsupportedError(
                at(self.origin, self.line[1], "starred elements ('[*a, b]') are not supported; "
                   "use np.concatenate or list addition")
            )
        return self.expression(elt)

    def expr_Dict(self, expr):
        return gast.Dict(keys=[self.expression(k) for k in expr.keys],
                         values=[self.expression(v) for v in expr.values])

    def expr_JoinedStr(self, expr):  # f-strings only format values; never differentiated
        return expr

    def expr_BoolOp(self, expr):  # short-circuit conditions: kept whole, never differentiated
        return expr

    def expr_IfExp(self, expr):
        name = self.namer.fresh("choice")
        body = self.block_expr(expr.body, name)
        orelse = self.block_expr(expr.orelse, name)
        self.emit(gast.If(test=expr.test, body=body, orelse=orelse))
        return load(name)

    def block_expr(self, expr, name):
        saved, self.out = self.out, []
        value = self.expression(expr, want_atom=False)
        self.emit(assign(name, value, self.line))
        result, self.out = self.out, saved
        return result


def builtin(name: str, *args) -> gast.Call:
    """A call of the builtin ``name``, annotated as resolved (as resolve_callees would)."""
    node = call(name, *args)
    set_anno(node, Anno.CALLEE, Callee(name, value=getattr(builtins, name), resolved=True))
    return node


def _builtin_call(node):
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


def _as_load(target):
    if isinstance(target, gast.Name):
        return load(target.id)
    if isinstance(target, gast.Subscript):
        return gast.Subscript(value=_as_load(target.value), slice=target.slice, ctx=gast.Load())
    if isinstance(target, gast.Attribute):
        return gast.Attribute(value=_as_load(target.value), attr=target.attr, ctx=gast.Load())
    return target


def flatten(fn: gast.FunctionDef, origin, namer: Namer) -> gast.FunctionDef:
    """Return a copy of ``fn`` whose body is in one-operation-per-statement form."""
    body = Flattener(origin, namer).block(fn.body)
    return gast.FunctionDef(name=fn.name, args=fn.args, body=body, decorator_list=[],
                            returns=None, type_comment=None, type_params=[])
