"""Comprehensions become the loops they stand for, before flattening.

``ys = [f(x) for x in xs if c(x)]`` becomes ``items = []; for x2 in xs: if c(x2):
items.append(f(x2))`` placed before the statement that used it (a generator expression, as in
``sum(v * v for v in x)``, is built the same way: a list). The comprehension's own variables get
fresh names, since they do not leak out of a comprehension in Python. Dict and set
comprehensions are refused.
"""

from __future__ import annotations

import gast

from ..annotations import Anno, set_anno
from ..errors import UnsupportedError
from ..nodes import assign, load
from ..substitute import clone, names_in, substitute
from .resolve_callees import Callee

_COMPREHENSIONS = (gast.ListComp, gast.GeneratorExp)


class _Hoister(gast.NodeTransformer):
    """Replaces comprehensions in one statement by names; collects the loops that build them."""

    def __init__(self, lowerer, line):
        self.lowerer, self.line = lowerer, line
        self.before: list = []

    def visit_Lambda(self, node):  # a lambda's body runs later: leave it alone
        return node

    def visit_ListComp(self, node):
        return self.lowerer.build(node, self.before, self.line)

    visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node):
        raise UnsupportedError(
            self.lowerer.at(
                self.line,
                "dict comprehensions are not supported; " "fill a dict in a loop instead",
            )
        )

    def visit_SetComp(self, node):
        raise UnsupportedError(self.lowerer.at(self.line, "set comprehensions are not supported"))


class _Lowerer:
    def __init__(self, origin, namer):
        self.origin, self.namer = origin, namer

    def at(self, line, message):
        return f"{self.origin.location(line)}: {message}"

    def block(self, stmts) -> list:
        out = []
        for stmt in stmts:
            for field in ("body", "orelse"):
                if getattr(stmt, field, None):
                    setattr(stmt, field, self.block(getattr(stmt, field)))
            line = getattr(stmt, "lineno", None)
            hoister = _Hoister(self, line)
            if isinstance(stmt, (gast.For, gast.While, gast.If)):
                head = "iter" if isinstance(stmt, gast.For) else "test"
                setattr(stmt, head, hoister.visit(getattr(stmt, head)))
                if hoister.before and isinstance(stmt, gast.While):
                    raise UnsupportedError(
                        self.at(
                            line,
                            "a comprehension in a while condition "
                            "is not supported; compute it in the loop",
                        )
                    )
            elif not isinstance(stmt, gast.FunctionDef):
                stmt = hoister.visit(stmt)
            out += hoister.before + [stmt]
        return out

    def build(self, node, before, line):
        """Statements building ``node``'s list, appended to ``before``; returns its name."""
        items = self.namer.fresh("items")
        renames = {}
        for generator in node.generators:
            if generator.is_async:
                raise UnsupportedError(self.at(line, "async comprehensions are not supported"))
            for name in sorted(names_in(generator.target, gast.Store)):
                renames[name] = self.namer.fresh(name, temp=False)
        element = substitute(node.elt, renames)
        append = gast.Call(
            func=gast.Attribute(value=load(items), attr="append", ctx=gast.Load()),
            args=[element],
            keywords=[],
        )
        set_anno(append, Anno.CALLEE, Callee(f"{items}.append", method="append"))
        body = [gast.Expr(value=append)]
        for generator in reversed(node.generators):
            for condition in reversed(generator.ifs):
                body = [gast.If(test=substitute(condition, renames), body=body, orelse=[])]
            body = [
                gast.For(
                    target=substitute(generator.target, renames),
                    iter=(
                        substitute(generator.iter, renames)
                        if generator is not node.generators[0]
                        else clone(generator.iter)
                    ),
                    body=body,
                    orelse=[],
                    type_comment=None,
                )
            ]
        for stmt in body + [s for b in body for s in gast.walk(b) if isinstance(s, gast.stmt)]:
            stmt.lineno = line
        before.append(_located(assign(items, gast.List(elts=[], ctx=gast.Load())), line))
        before += self.block(body)  # comprehensions nested in this one
        return load(items)


def _located(stmt, line):
    stmt.lineno = line
    return stmt


def lower_comprehensions(fn: gast.FunctionDef, origin, namer) -> gast.FunctionDef:
    """A copy of ``fn`` with list comprehensions and generator expressions as loops."""
    if not any(isinstance(n, _COMPREHENSIONS) for n in gast.walk(fn)):
        return fn
    fn = clone(fn)
    fn.body = _Lowerer(origin, namer).block(fn.body)
    return fn
