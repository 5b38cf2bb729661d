"""One operation per statement: nested expressions become named temporaries.

After this pass an assignment's value is an *atom* (a name or constant), or one operation on
atoms: a binary/unary operator, a comparison, a call, an attribute, a subscript, a tuple or list.
``x += y`` becomes ``x = x + y``. Conditions of ``if``/``while`` stay whole: they are never
differentiated, and keeping them whole keeps the emitted code readable. Every statement keeps the
primal line it came from (``Anno.LINE``).
"""

from __future__ import annotations

import gast

from ..annotations import Anno, copy_annos, get_anno, set_anno
from ..errors import UnsupportedError, at
from ..naming import Namer
from ..nodes import assign, load, store
from ..substitute import names_in
from .loops import LoopLowering, builtin_call
from .sugar import SugarLowering

_OP_NAMES = {
    gast.Add: "add",
    gast.Sub: "sub",
    gast.Mult: "mul",
    gast.Div: "div",
    gast.Pow: "pow",
    gast.MatMult: "matmul",
    gast.FloorDiv: "floordiv",
    gast.Mod: "mod",
    gast.USub: "neg",
    gast.UAdd: "pos",
    gast.Not: "not_",
    gast.Invert: "invert",
    gast.BitAnd: "and_",
    gast.BitOr: "or_",
    gast.BitXor: "xor",
    gast.LShift: "lshift",
    gast.RShift: "rshift",
}


_AUGMENTED_SPELLING = {
    gast.Add: "+=",
    gast.Sub: "-=",
    gast.Mult: "*=",
    gast.Div: "/=",
    gast.Pow: "**=",
    gast.MatMult: "@=",
    gast.FloorDiv: "//=",
    gast.Mod: "%=",
    gast.BitAnd: "&=",
    gast.BitOr: "|=",
    gast.BitXor: "^=",
    gast.LShift: "<<=",
    gast.RShift: ">>=",
}


#: How each refused statement is written, and what to do instead (every other statement type
#: has a ``stmt_`` method: the allow-list of statements is the ``Flattener``'s methods).
_SPELLING = {
    "Try": "try",
    "TryStar": "try",
    "With": "with",
    "AsyncWith": "async with",
    "AsyncFor": "async for",
    "ClassDef": "class",
    "Global": "global",
    "Nonlocal": "nonlocal",
    "Delete": "del",
    "Import": "import",
    "ImportFrom": "from ... import",
    "Match": "match",
    "TypeAlias": "type",
}
_STATEMENT_ADVICE = {
    "Try": "s2s follows one path through the code: test the condition with if, or put the "
    "try/except around the call of the derivative",
    "TryStar": "put the try/except* around the call of the derivative",
    "With": "enter the context manager around the call of the derivative instead "
    "(with np.errstate(...): g(x))",
    "AsyncWith": "enter it around the call of the derivative instead",
    "AsyncFor": "collect the items into a list first, then loop over the list",
    "ClassDef": "define the class at module level",
    "Global": "return the value instead of assigning a global",
    "Nonlocal": "return the value instead of assigning the enclosing function's variable",
    "Delete": "leave the name bound (or rebind it)",
    "Import": "import at module level",
    "ImportFrom": "import at module level",
    "Match": "write it with if/elif",
    "TypeAlias": "define the alias at module level",
}


_EXPRESSION_ADVICE = {
    "Yield": "a generator cannot be differentiated: build and return a list",
    "YieldFrom": "a generator cannot be differentiated: build and return a list",
    "Await": "call the coroutine outside the function and pass its result in",
    "NamedExpr": "assign the value on a line of its own (y = ...), then use y",
    "Set": "use a tuple or a list",
    "SetComp": "use a list comprehension",
    "Lambda": "bind the lambda to a name and call it there, or define a function with def",
    "Starred": "pass the items one by one, or the sequence itself",
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


class Flattener(LoopLowering, SugarLowering):
    """Rewrites one function body; ``origin`` locates lines for messages. Loops and Python's
    conveniences (``max(seq)``, lambdas, list methods) are lowered by the two mixins."""

    def __init__(self, origin, namer: Namer):
        self.origin = origin
        self.namer = namer
        self.out: list = []
        self.line: tuple = (origin, None)  # (origin, lineno) of the statement being lowered
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
        if not hasattr(stmt, "_s2s_anno") or not stmt._s2s_anno.get(Anno.LINE):
            set_anno(stmt, Anno.LINE, self.line)
        self.out.append(stmt)
        return stmt

    def statement(self, stmt):
        method = getattr(self, "stmt_" + type(stmt).__name__, None)
        if method is None:
            kind = type(stmt).__name__
            advice = _STATEMENT_ADVICE.get(kind, "move it out of the differentiated function")
            raise UnsupportedError(
                at(
                    self.origin,
                    self.line[1],
                    f"'{_SPELLING.get(kind, kind)}' "
                    f"statements are not supported in differentiated code; "
                    f"{advice}",
                )
            )
        method(stmt)

    def stmt_Assign(self, stmt):
        if self.unzip(stmt):
            return
        if (
            len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name)
            and isinstance(stmt.value, gast.Lambda)
        ):
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
            self.stmt_Assign(
                gast.Assign(targets=[stmt.target], value=stmt.value, type_comment=None)
            )

    def stmt_AugAssign(self, stmt):
        target = stmt.target
        read = copy_annos(target, _as_load(target))
        self.stmt_Assign(
            gast.Assign(
                targets=[target], value=gast.BinOp(read, stmt.op, stmt.value), type_comment=None
            )
        )
        if isinstance(target, gast.Name):  # in place on an array: transform/views checks aliases
            set_anno(self.out[-1], Anno.AUGMENTED, _AUGMENTED_SPELLING[type(stmt.op)])

    def assign_to(self, target, value):
        if isinstance(target, gast.Name):
            self.emit(assign(target.id, value, self.line))
        elif isinstance(target, (gast.Tuple, gast.List)):
            if any(isinstance(e, gast.Starred) for e in target.elts):
                raise UnsupportedError(
                    at(
                        self.origin,
                        self.line[1],
                        "starred unpacking ('a, *b = ...') is not "
                        "supported; index the sequence instead",
                    )
                )
            if not isinstance(value, gast.Name):
                value = load(self.bind(value, "items"))
            names = []
            for elt in target.elts:
                names.append(elt.id if isinstance(elt, gast.Name) else self.namer.fresh("item"))
            self.emit(
                assign(
                    gast.Tuple(elts=[store(n) for n in names], ctx=gast.Store()), value, self.line
                )
            )
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
                at(
                    self.origin,
                    self.line[1],
                    f"assigning to an attribute ('{gast.unparse(target)} = "
                    "...') is not supported in differentiated code; use a local variable",
                )
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
        if self.list_method_statement(stmt):
            return
        self.emit(gast.Expr(value=self.expression(stmt.value, want_atom=False)))

    def stmt_Pass(self, stmt):
        pass

    def stmt_Assert(self, stmt):
        self.condition(stmt.test)
        self.emit(stmt)

    def stmt_Raise(self, stmt):  # raising is not differentiated: it ends the computation
        self.emit(stmt)

    def stmt_If(self, stmt):
        test = self.condition(stmt.test)
        body, orelse = self.block(stmt.body), self.block(stmt.orelse)
        self.emit(gast.If(test=test, body=body or [gast.Pass()], orelse=orelse))

    def stmt_While(self, stmt):
        test = self.condition(stmt.test)
        self.emit(
            gast.While(test=test, body=self.block(stmt.body), orelse=self.block(stmt.orelse))
        )

    def condition(self, test):
        """A condition stays whole (it is never differentiated), so nothing in it may bind a
        value (``if (y := f(x)) > 0``) or suspend the function: refused at its line. One that
        calls a function of the function's own (a lambda, a nested ``def``) is flattened, so the
        call is inlined like any other (the generated module has no such function)."""
        for node in gast.walk(test):
            kind = type(node).__name__
            if kind in ("NamedExpr", "Yield", "YieldFrom", "Await", "Lambda"):
                raise UnsupportedError(
                    at(
                        self.origin,
                        self.line[1],
                        f"'{kind}' expressions "
                        "are not supported in differentiated code; "
                        f"{_EXPRESSION_ADVICE[kind]}",
                    )
                )
            if (
                isinstance(node, gast.Call)
                and isinstance(node.func, gast.Name)
                and not get_anno(node, Anno.CALLEE).resolved
            ):
                return load(self.bind(self.expression(test, want_atom=False), "cond"))
        return test

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
            raise UnsupportedError(
                at(
                    self.origin,
                    self.line[1],
                    f"the lambda '{expr.id}' is used "
                    "other than by calling it; s2s inlines lambdas where they "
                    "are called: define a function with def instead",
                )
            )
        if is_atom(expr):
            return expr
        method = getattr(self, "expr_" + type(expr).__name__, None)
        if method is None:
            kind = type(expr).__name__
            advice = _EXPRESSION_ADVICE.get(kind, "compute it outside the function and pass it in")
            raise UnsupportedError(
                at(
                    self.origin,
                    self.line[1],
                    f"'{kind}' expressions are not " f"supported in differentiated code; {advice}",
                )
            )
        flat = method(expr)
        if is_atom(flat) or not want_atom:
            return flat
        return load(self.bind(flat))

    def expr_BinOp(self, expr):
        return gast.BinOp(
            left=self.expression(expr.left), op=expr.op, right=self.expression(expr.right)
        )

    def expr_UnaryOp(self, expr):
        operand = self.expression(expr.operand)
        if isinstance(expr.op, gast.USub) and isinstance(operand, gast.Constant):
            return gast.Constant(value=-operand.value, kind=None)
        return gast.UnaryOp(op=expr.op, operand=operand)

    def expr_Compare(self, expr):
        return gast.Compare(
            left=self.expression(expr.left),
            ops=expr.ops,
            comparators=[self.expression(c) for c in expr.comparators],
        )

    def expr_Call(self, expr):
        func = expr.func
        if isinstance(func, gast.Name) and func.id in self.lambdas:
            return self.call_lambda(self.lambdas[func.id], expr)
        if builtin_call(expr) in ("max", "min") and len(expr.args) == 1 and not expr.keywords:
            return self.extreme_of(expr)
        if isinstance(func, gast.Attribute) and get_anno(expr, Anno.CALLEE).method:
            func = gast.Attribute(
                value=self.expression(func.value), attr=func.attr, ctx=gast.Load()
            )
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

    def expr_Attribute(self, expr):
        return gast.Attribute(value=self.expression(expr.value), attr=expr.attr, ctx=gast.Load())

    def expr_Subscript(self, expr):
        return gast.Subscript(
            value=self.expression(expr.value), slice=self.index(expr.slice), ctx=gast.Load()
        )

    def index(self, index):
        if isinstance(index, gast.Slice):
            return gast.Slice(
                *(
                    None if part is None else self.expression(part)
                    for part in (index.lower, index.upper, index.step)
                )
            )
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
                at(
                    self.origin,
                    self.line[1],
                    "starred elements ('[*a, b]') are not supported; "
                    "use np.concatenate or list addition",
                )
            )
        return self.expression(elt)

    def expr_Dict(self, expr):
        return gast.Dict(
            keys=[self.expression(k) for k in expr.keys],
            values=[self.expression(v) for v in expr.values],
        )

    def expr_JoinedStr(self, expr):  # f-strings only format values; never differentiated
        return expr

    def expr_BoolOp(self, expr):
        """``a or b`` as a value is one of its operands (``a`` if it is true, else ``b``, which
        only then runs): lowered to ``choice = a; if not choice: choice = b``, so the operand
        chosen carries its derivative. (In a condition it stays whole: ``stmt_If``.)"""
        name = self.namer.fresh("choice")
        first, *rest = expr.values
        for stmt in self.block_expr(first, name):
            self.emit(stmt)
        if rest:
            more = gast.BoolOp(op=expr.op, values=rest) if len(rest) > 1 else rest[0]
            test = (
                load(name)
                if isinstance(expr.op, gast.And)
                else gast.UnaryOp(op=gast.Not(), operand=load(name))
            )
            self.emit(gast.If(test=test, body=self.block_expr(more, name), orelse=[]))
        return load(name)

    def expr_IfExp(self, expr):
        name = self.namer.fresh("choice")
        body = self.block_expr(expr.body, name)
        orelse = self.block_expr(expr.orelse, name)
        self.emit(gast.If(test=self.condition(expr.test), body=body, orelse=orelse))
        return load(name)

    def block_expr(self, expr, name):
        saved, self.out = self.out, []
        value = self.expression(expr, want_atom=False)
        self.emit(assign(name, value, self.line))
        result, self.out = self.out, saved
        return result


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
    return gast.FunctionDef(
        name=fn.name,
        args=fn.args,
        body=body,
        decorator_list=[],
        returns=None,
        type_comment=None,
        type_params=[],
    )
