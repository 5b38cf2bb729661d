"""Closure-style rule -> plain statement templates (the heart of "primitivizing" rules).

A reverse rule ``def r(x, y, axis=None): <forward>; def pullback(dz): <adjoint>; return z, pullback``
becomes a ``ReverseTemplate``: the forward statements, the output name, the pullback's parameter,
the adjoint statements and one cotangent expression per positional parameter. The inliner fills
these in at each call site by name; nothing of the closure survives.

A rule for a variadic primal (``np.einsum(subscripts, *operands)``) takes ``*operands`` after its
positional parameters (options then follow as keyword-only parameters) and its pullback ends
with one starred generator, ``*(<cotangent of operands[k]> for k in range(len(operands)))``:
the rule stays plain, runnable Python, and the inliner instantiates that expression once per
operand of the call, with ``k`` a literal.

A rule shared by several primals (``@rrule(np.max, np.amax, np.nanmax)``) gets one template per
primal: tests of which primal it is (``primal is np.vstack``) become constants here, so each call
site inlines only its own branch.
"""

from __future__ import annotations

import builtins
import copy
import dataclasses
import functools
import inspect
import os
import textwrap

import gast

from ..errors import RuleError
from .registry import PRIMAL, Rule


@dataclasses.dataclass(frozen=True)
class ReverseTemplate:
    rule: Rule
    params: tuple[str, ...]  # positional parameters (cotangents are returned for these)
    options: dict  # option parameter -> default value (never differentiated)
    vararg: str | None  # ``operands`` of ``*operands``: the call's remaining positional operands
    vararg_cotangent: tuple | None  # (index name, expression) for ``operands[k]``
    forward: tuple  # gast statements computing the output (and residuals)
    output: str
    cotangent_param: str
    adjoint: tuple  # gast statements of the pullback body before its return
    cotangents: tuple  # one gast expression (or None) per positional parameter
    namespace: dict  # the rule module's globals (``np``, helpers)
    location: str  # ``file.py:LINE`` of the rule, for messages


@dataclasses.dataclass(frozen=True)
class ForwardTemplate:
    rule: Rule
    params: tuple[str, ...]
    tangent_params: tuple[str, ...]
    options: dict
    body: tuple
    output: gast.AST
    tangent: gast.AST
    namespace: dict
    location: str


def _parse(rule: Rule):
    func = rule.func
    try:
        text = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        raise RuleError(
            f"{rule.name}: the rule's source cannot be read; define it in a .py file"
        ) from None
    fn = gast.parse(text).body[0]
    filename = os.path.basename(inspect.getsourcefile(func) or "?")
    location = f"{filename}:{func.__code__.co_firstlineno}"
    if not isinstance(fn, gast.FunctionDef):
        raise RuleError(f"{location}: the rule for {rule.name} must be a def")
    signature = inspect.signature(func)
    params: list = []
    options: dict = {}
    vararg = None
    for p in signature.parameters.values():
        if p.kind == p.VAR_KEYWORD:
            raise RuleError(f"{location}: rule {fn.name} for {rule.name} may not take **kwargs")
        if p.kind == p.VAR_POSITIONAL:
            if options:
                raise RuleError(f"{location}: rule {fn.name}: *{p.name} follows an option")
            vararg = p.name
        elif p.kind == p.KEYWORD_ONLY and p.default is p.empty:
            raise RuleError(
                f"{location}: rule {fn.name}: keyword-only parameter '{p.name}' "
                "needs a default (it is an option)"
            )
        elif p.default is p.empty:
            if options:
                raise RuleError(
                    f"{location}: rule {fn.name}: positional parameter '{p.name}' "
                    "follows an option with a default"
                )
            params.append(p.name)
        else:
            options[p.name] = p.default
    return fn, params, options, vararg, location


@functools.cache
def reverse_template(rule: Rule) -> ReverseTemplate:
    """Split a closure-style reverse rule into forward and adjoint statement templates."""
    fn, params, options, vararg, location = _parse(rule)
    body = list(fn.body)
    if body and isinstance(body[0], gast.Expr) and isinstance(body[0].value, gast.Constant):
        body = body[1:]  # docstring
    pullbacks = [i for i, s in enumerate(body) if isinstance(s, gast.FunctionDef)]
    where = f"{location}: rule {fn.name} for {rule.name}"
    if len(pullbacks) != 1:
        raise RuleError(
            f"{where} must define exactly one 'def pullback(d<out>):' "
            "and return (output, pullback)"
        )
    index = pullbacks[0]
    pullback, forward, tail = body[index], body[:index], body[index + 1 :]
    if (
        len(tail) != 1
        or not isinstance(tail[0], gast.Return)
        or not isinstance(tail[0].value, gast.Tuple)
        or len(tail[0].value.elts) != 2
        or not all(isinstance(e, gast.Name) for e in tail[0].value.elts)
        or tail[0].value.elts[1].id != pullback.name
    ):
        raise RuleError(f"{where} must end with 'return <output>, {pullback.name}'")
    output = tail[0].value.elts[0].id
    pb_params = pullback.args.args
    if len(pb_params) != 1 or pullback.args.vararg or pullback.args.kwonlyargs:
        raise RuleError(f"{where}: {pullback.name} must take exactly one cotangent parameter")
    pb_body = list(pullback.body)
    if not pb_body or not isinstance(pb_body[-1], gast.Return) or pb_body[-1].value is None:
        raise RuleError(f"{where}: {pullback.name} must end with 'return <cotangents>'")
    returned = pb_body[-1].value
    cotangents = list(returned.elts) if isinstance(returned, gast.Tuple) else [returned]
    vararg_cotangent = None
    if vararg is not None:
        vararg_cotangent = _per_operand(cotangents.pop() if cotangents else None, vararg)
        if vararg_cotangent is None or len(cotangents) != len(params):
            raise RuleError(
                f"{where}: {pullback.name} must return one cotangent per positional "
                f"parameter, then *(<cotangent of {vararg}[k]> for k in "
                f"range(len({vararg})))"
            )
    if len(cotangents) > len(params):
        raise RuleError(
            f"{where}: {pullback.name} returns {len(cotangents)} cotangents but the "
            f"rule has {len(params)} positional parameter(s) ({', '.join(params)})"
        )
    cotangents = [None if _is_none(c) else c for c in cotangents]
    cotangents += [None] * (len(params) - len(cotangents))
    for stmt in list(forward) + pb_body[:-1]:
        for node in gast.walk(stmt):
            if isinstance(node, (gast.FunctionDef, gast.Lambda, gast.ListComp, gast.GeneratorExp)):
                raise RuleError(
                    f"{where}: nested functions, lambdas and comprehensions are not "
                    "allowed in a rule body; use a helper function"
                )
    tests = _PrimalTests(rule, where)
    forward, pb_body = tests.fold(forward), tests.fold(pb_body)
    cotangents = tests.fold(cotangents)
    if vararg_cotangent is not None:
        vararg_cotangent = (vararg_cotangent[0], tests.fold([vararg_cotangent[1]])[0])
    return ReverseTemplate(
        rule=rule,
        params=tuple(params),
        options=options,
        vararg=vararg,
        vararg_cotangent=vararg_cotangent,
        forward=tuple(forward),
        output=output,
        cotangent_param=pb_params[0].id,
        adjoint=tuple(pb_body[:-1]),
        cotangents=tuple(cotangents),
        namespace=rule.func.__globals__,
        location=location,
    )


@functools.cache
def forward_template(rule: Rule) -> ForwardTemplate:
    """Split a forward rule ``(x..., dx..., opts) -> (y, dy)`` into statements and two outputs."""
    fn, params, options, vararg, location = _parse(rule)
    where = f"{location}: forward rule {fn.name} for {rule.name}"
    if vararg is not None:
        raise RuleError(f"{where}: forward rules taking *{vararg} cannot be primitivized yet")
    if len(params) % 2:
        raise RuleError(f"{where} must take the primal inputs then one tangent per input")
    n = len(params) // 2
    primals, tangents = params[:n], params[n:]
    body = list(fn.body)
    if body and isinstance(body[0], gast.Expr) and isinstance(body[0].value, gast.Constant):
        body = body[1:]
    if (
        not body
        or not isinstance(body[-1], gast.Return)
        or not isinstance(body[-1].value, gast.Tuple)
        or len(body[-1].value.elts) != 2
    ):
        raise RuleError(f"{where} must end with 'return <output>, <tangent>'")
    tests = _PrimalTests(rule, where)
    body = tests.fold(body)
    output, tangent = body[-1].value.elts
    return ForwardTemplate(
        rule=rule,
        params=tuple(primals),
        tangent_params=tuple(tangents),
        options=options,
        body=tuple(body[:-1]),
        output=output,
        tangent=tangent,
        namespace=rule.func.__globals__,
        location=location,
    )


def static_value(expr, namespace):
    """The object a name or dotted name (``np.linalg.norm``) of a rule stands for."""
    if isinstance(expr, gast.Name):
        return namespace[expr.id] if expr.id in namespace else getattr(builtins, expr.id)
    if isinstance(expr, gast.Attribute):
        return getattr(static_value(expr.value, namespace), expr.attr)
    raise KeyError(gast.dump(expr))


class _PrimalTests(gast.NodeTransformer):
    """``primal is np.vstack`` -> ``True`` in the template of ``np.vstack``'s rule, ``False`` in
    the others' (``is not``, ``not``, ``and``, ``or`` of such tests too): the inliner then folds
    ``0 if primal is np.vstack else 1`` to the literal the call site needs."""

    def __init__(self, rule: Rule, where: str):
        self.rule, self.where = rule, where
        self.namespace = rule.func.__globals__

    def fold(self, nodes):
        return [None if n is None else self.visit(copy.deepcopy(n)) for n in nodes]

    def visit_Compare(self, node):
        self.generic_visit(node)
        if not (
            isinstance(node.left, gast.Name)
            and node.left.id == PRIMAL
            and len(node.ops) == 1
            and isinstance(node.ops[0], (gast.Is, gast.IsNot))
        ):
            return node
        try:
            other = static_value(node.comparators[0], self.namespace)
        except (KeyError, AttributeError):
            raise RuleError(
                f"{self.where}: 'primal is ...' must name a function (a global of "
                "the rule's module, or an attribute of one)"
            ) from None
        same = other is self.rule.primal
        return gast.Constant(
            value=same if isinstance(node.ops[0], gast.Is) else not same, kind=None
        )

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, gast.Not) and _is_bool(node.operand):
            return gast.Constant(value=not node.operand.value, kind=None)
        return node

    def visit_BoolOp(self, node):
        """``True and x`` -> ``x``, ``False and x`` -> ``False`` (``or`` likewise): rule tests
        have no side effects."""
        self.generic_visit(node)
        deciding = not isinstance(node.op, gast.And)  # False decides an and, True an or
        if any(_is_bool(v) and v.value is deciding for v in node.values):
            return gast.Constant(value=deciding, kind=None)
        node.values = [v for v in node.values if not _is_bool(v)]
        if not node.values:
            return gast.Constant(value=not deciding, kind=None)
        return node.values[0] if len(node.values) == 1 else node


def _is_bool(node) -> bool:
    return isinstance(node, gast.Constant) and isinstance(node.value, bool)


def _per_operand(node, vararg):
    """``(k, expr)`` of ``*(expr for k in range(len(<vararg>)))``, else None."""
    if not (isinstance(node, gast.Starred) and isinstance(node.value, gast.GeneratorExp)):
        return None
    generator = node.value
    comprehension = generator.generators[0]
    loop = comprehension.iter
    if (
        len(generator.generators) == 1
        and isinstance(comprehension.target, gast.Name)
        and not comprehension.ifs
        and isinstance(loop, gast.Call)
        and isinstance(loop.func, gast.Name)
        and loop.func.id == "range"
        and len(loop.args) == 1
        and isinstance(loop.args[0], gast.Call)
        and isinstance(loop.args[0].func, gast.Name)
        and loop.args[0].func.id == "len"
        and isinstance(loop.args[0].args[0], gast.Name)
        and loop.args[0].args[0].id == vararg
    ):
        return comprehension.target.id, generator.elt
    return None


def _is_none(node) -> bool:
    return isinstance(node, gast.Constant) and node.value is None
