"""Small constructors for the gast nodes every pass builds (names, assignments, calls)."""

from __future__ import annotations

import gast

from .annotations import Anno, has_anno, set_anno


def load(name: str) -> gast.Name:
    return gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None)


def store(name: str) -> gast.Name:
    return gast.Name(id=name, ctx=gast.Store(), annotation=None, type_comment=None)


def const(value) -> gast.Constant:
    return gast.Constant(value=value, kind=None)


def binop(left, op, right) -> gast.BinOp:
    return gast.BinOp(left=left, op=op, right=right)


def call(func, *args, **keywords) -> gast.Call:
    if isinstance(func, str):
        func = dotted(func)
    return gast.Call(
        func=func,
        args=list(args),
        keywords=[gast.keyword(arg=k, value=v) for k, v in keywords.items()],
    )


def dotted(path: str):
    """``np.zeros_like`` -> Attribute(Name(np), zeros_like)."""
    head, *rest = path.split(".")
    node = load(head)
    for attr in rest:
        node = gast.Attribute(value=node, attr=attr, ctx=gast.Load())
    return node


def assign(target, value, line=None) -> gast.Assign:
    """``target = value``; ``target`` a name, or a Name/Tuple/Subscript node in Store context."""
    if isinstance(target, str):
        target = store(target)
    stmt = gast.Assign(targets=[target], value=value, type_comment=None)
    if line is not None:
        set_anno(stmt, Anno.LINE, line)
    return stmt


def tuple_(elts) -> gast.Tuple:
    return gast.Tuple(elts=list(elts), ctx=gast.Load())


def comment(line, kind: str = "adjoint of") -> gast.Expr:
    """A statement that emits as ``# <kind>: <source line>  (file.py:LINE)``; no run-time effect."""
    stmt = gast.Expr(value=gast.Constant(value="", kind=None))
    set_anno(stmt, Anno.COMMENT, (kind, line))
    return stmt


def is_comment(stmt) -> bool:
    return isinstance(stmt, gast.Expr) and has_anno(stmt, Anno.COMMENT)


def walk_statements(body):
    """Every statement of ``body``, nested ones (in if/for/while bodies) included, in order."""
    for stmt in body:
        yield stmt
        for field in ("body", "orelse"):
            yield from walk_statements(getattr(stmt, field, None) or [])


def blocks(stmts):
    """``stmts`` and every statement list nested in it (bodies and ``else`` arms), outermost
    first: the places a pass may insert into or rewrite in order."""
    yield stmts
    for stmt in stmts:
        for field in ("body", "orelse"):
            inner = getattr(stmt, field, None)
            if inner:
                yield from blocks(inner)
