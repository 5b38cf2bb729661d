"""Inline calls to the user's own functions, so one backward sweep covers caller and callees.

Why inline rather than emit a separate adjoint per callee: the emitted gradient then has no call
overhead in scalar code, and every optimization sees across the call. Each inlined statement keeps
its own ``file.py:LINE``, so the emitted comments point into the callee's source. A call to a
function on a call cycle (``recursive``, from ``normalize/callees.recursive``) cannot be inlined: it
stays a call, which ``transform/recursion`` turns into a call of the function's forward/backward
pair (or leaves alone when nothing differentiated reaches it).
"""

from __future__ import annotations

import dataclasses

import gast

from ..annotations import Anno, get_anno
from ..errors import UnsupportedError
from ..nodes import assign
from ..rules.lookup import Kind, classify
from ..source import read, unwrap
from ..substitute import names_in, substitute
from . import resolve_callees
from .comprehensions import lower_comprehensions
from .flatten import flatten
from .lower_jumps import lower_jumps

MAX_DEPTH = 20


class Inliner:
    def __init__(self, namer, globals_, recursive):
        self.namer = namer
        self.globals = globals_
        self.recursive = recursive  # functions on a call cycle: kept as calls

    def function_body(self, fs, stack=(), rename=None, enclosing=None) -> list:
        """``fs``'s body in core form with its user calls inlined; ``rename`` maps a callee's
        locals (and clashing globals) to the caller's fresh names before flattening, so the
        temporaries flattening makes cannot clash with them. ``enclosing``: the local functions
        of the function ``fs`` is nested in, which it may call."""
        if enclosing is None:  # a nested function's calls were resolved with its caller's
            defined = {n.name for n in gast.walk(fs.node) if isinstance(n, gast.FunctionDef)}
            resolve_callees.resolve_callees(fs.node, fs.namespace, defined - {fs.node.name})
        node = substitute(fs.node, rename) if rename else fs.node
        node, nested = local_functions(fs, node)  # renamed with the caller: free names agree
        nested = {**(enclosing or {}), **nested}
        node = lower_comprehensions(node, fs.origin, self.namer)
        flat = flatten(node, fs.origin, self.namer)
        return self.block(flat.body, stack + (fs,), nested)

    def block(self, stmts, stack, nested) -> list:
        out = []
        for stmt in stmts:
            for field in ("body", "orelse"):
                if getattr(stmt, field, None):
                    setattr(stmt, field, self.block(getattr(stmt, field), stack, nested))
            value = getattr(stmt, "value", None)
            local = (
                isinstance(stmt, (gast.Assign, gast.Expr))
                and isinstance(value, gast.Call)
                and isinstance(value.func, gast.Name)
                and value.func.id in nested
            )
            if local:
                assert isinstance(value, gast.Call)  # checked just above
                target = stmt.targets[0] if isinstance(stmt, gast.Assign) else None
                out += self.inline_call(stmt, value, target, stack, nested[value.func.id], nested)
            elif (
                isinstance(stmt, (gast.Assign, gast.Expr))
                and isinstance(value, gast.Call)
                and get_anno(value, Anno.CALLEE).resolved
                and classify(get_anno(value, Anno.CALLEE).value)[0] == Kind.USER
                and unwrap(get_anno(value, Anno.CALLEE).value) not in self.recursive
            ):
                target = stmt.targets[0] if isinstance(stmt, gast.Assign) else None
                out += self.inline_call(stmt, value, target, stack)
            else:
                out.append(stmt)
        return out

    def inline_call(self, stmt, call, target, stack, fs=None, nested=None) -> list:
        """Inline ``call`` (of the user function it resolves to, or of the function ``fs``
        nested in the caller, whose free names are then the caller's own)."""
        line = get_anno(stmt, Anno.LINE)
        where = line[0].location(line[1])
        if fs is None:
            fs = read(get_anno(call, Anno.CALLEE).value)
        elif any(s.node is fs.node for s in stack):
            raise UnsupportedError(
                f"{where}: the nested function {fs.node.name} calls itself; "
                "define it at module level so its recursion can be handled"
            )
        if len(stack) > MAX_DEPTH:  # a cycle through functions made anew at each call
            raise UnsupportedError(
                f"{where}: calls nest more than {MAX_DEPTH} functions deep at "
                f"{fs.origin.qualname}; s2s inlines them all: flatten the chain, or call a "
                "function defined once at module level so its recursion can be recognized"
            )
        mapping = self.rename_locals(fs, nested is not None)
        body = self.function_body(fs, stack, mapping, nested)
        body = lower_jumps(body, self.namer, line)  # several returns -> one, at the end
        if not body or not isinstance(body[-1], gast.Return):
            raise UnsupportedError(
                f"{where}: {fs.origin.qualname} returns nothing here; s2s "
                "differentiates calls to functions that return their result"
            )
        returns = [body[-1]]
        prologue = self.bind_parameters(fs, call, mapping, line, where)
        inlined = body[:-1]
        result = returns[0].value
        if target is None:
            return prologue + inlined
        if (
            isinstance(target, gast.Name)
            and isinstance(result, gast.Name)
            and result.id in self.namer.temps
            and target.id not in names_in(inlined)
        ):
            # the callee's result temporary takes the caller's name: ``pred``, not ``out2``
            return prologue + substitute(inlined, {result.id: target.id})
        return prologue + inlined + [assign(target, result, line)]

    def rename_locals(self, fs, nested=False) -> dict:
        """Callee locals get fresh names; callee globals are bound in the generated module. A
        nested function's other free names are its caller's variables: they stay as they are
        (read when it is called, as a closure reads them)."""
        locals_ = resolve_callees.local_names(fs.node)
        mapping = {name: self.namer.fresh(name, temp=False) for name in sorted(locals_)}
        if nested:
            return mapping
        for name in sorted(names_in(fs.node, gast.Load) - locals_):
            bound = self.globals.bind_from(name, fs.namespace, fs.origin.module, fs.closure_names)
            if bound is not None and bound != name:
                mapping[name] = bound
        return mapping

    def bind_parameters(self, fs, call, mapping, line, where) -> list:
        """One assignment per parameter, from the call's arguments or literal defaults; the
        extra positional arguments of a ``*args`` function become a tuple, the extra keywords of
        a ``**kwargs`` function a dict (both containers, differentiated item by item)."""
        args = fs.node.args
        names = [a.id for a in args.args]
        defaults = dict(zip(names[len(names) - len(args.defaults) :], args.defaults))
        defaults.update(
            {a.id: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None}
        )
        values = {}
        if any(isinstance(arg, gast.Starred) for arg in call.args) or any(
            kw.arg is None for kw in call.keywords
        ):
            raise UnsupportedError(
                f"{where}: a call spreading *args or **kwargs into "
                f"{fs.origin.qualname} cannot be inlined; pass each argument"
            )
        for name, arg in zip(names, call.args):
            values[name] = arg
        extra = list(call.args[len(names) :])
        if extra and not args.vararg:
            raise UnsupportedError(f"{where}: too many arguments for {fs.origin.qualname}")
        if args.vararg:
            values[args.vararg.id] = gast.Tuple(elts=extra, ctx=gast.Load())
        keywords = {}
        for kw in call.keywords:
            if kw.arg in names + [a.id for a in args.kwonlyargs]:
                values[kw.arg] = kw.value
            elif args.kwarg:
                keywords[kw.arg] = kw.value
            else:
                raise UnsupportedError(
                    f"{where}: unexpected keyword '{kw.arg}' for {fs.origin.qualname}"
                )
        if args.kwarg:
            values[args.kwarg.id] = gast.Dict(
                keys=[gast.Constant(value=k, kind=None) for k in keywords],
                values=list(keywords.values()),
            )
        out = [
            assign(mapping[star.id], values[star.id], line)
            for star in (args.vararg, args.kwarg)
            if star is not None
        ]
        for name in names + [a.id for a in args.kwonlyargs]:
            if name in values:
                value = values[name]
            elif name in defaults and _is_literal(defaults[name]):
                value = defaults[name]
            else:
                raise UnsupportedError(
                    f"{where}: {fs.origin.qualname} is missing argument '{name}' "
                    "(non-literal defaults cannot be inlined; pass it explicitly)"
                )
            out.append(assign(mapping[name], value, line))
        return out


def local_functions(fs, node):
    """``node`` (``fs``'s, renamed) without the functions defined at the top of its body, and
    those functions (name -> a FunctionSource for each, in ``fs``'s file and namespace) to
    inline where called.

    Refused at their line: a nested function defined inside a branch or loop, decorated, or used
    other than by calling it (passed, returned, reassigned): inlining needs every use to be a call.
    """
    nested, body = {}, []
    for stmt in node.body:
        if isinstance(stmt, gast.FunctionDef):
            if stmt.decorator_list:
                raise UnsupportedError(
                    f"{fs.origin.location(stmt.lineno)}: the nested function "
                    f"{stmt.name} is decorated; define it at module level"
                )
            nested[stmt.name] = dataclasses.replace(fs, node=stmt)
        else:
            body.append(stmt)
    if not nested:
        return node, {}
    node = gast.copy_location(
        gast.FunctionDef(
            name=node.name,
            args=node.args,
            body=body,
            decorator_list=[],
            returns=None,
            type_comment=None,
            type_params=[],
        ),
        node,
    )
    for inner in gast.walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(inner, gast.FunctionDef):
            raise UnsupportedError(
                f"{fs.origin.location(inner.lineno)}: the function "
                f"{inner.name} is defined inside a branch or loop; define "
                "it at the top of the function (or at module level)"
            )
    calls = {id(n.func) for n in gast.walk(node) if isinstance(n, gast.Call)}
    for name_node in gast.walk(node):
        if (
            isinstance(name_node, gast.Name)
            and name_node.id in nested
            and id(name_node) not in calls
        ):
            raise UnsupportedError(
                f"{fs.origin.location(getattr(name_node, 'lineno', fs.node.lineno))}: the nested "
                f"function {name_node.id} is used other than by calling it; s2s inlines nested "
                "functions at their calls: call it directly, or define it at module level"
            )
    return node, nested


def _is_literal(node) -> bool:
    return all(
        isinstance(n, (gast.Constant, gast.Tuple, gast.Load, gast.UnaryOp, gast.USub))
        for n in gast.walk(node)
    )
