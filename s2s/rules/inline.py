"""Instantiate a primitivized reverse rule at one call site.

The rule's parameters become the call's operands, its options the call's keywords (or their
defaults), its output the call's target, its cotangent parameter the target's adjoint, and every
other rule-local name a fresh, readable local of the generated function. Globals the rule uses
(``np``, helpers) are recorded in the generated module's bindings.
"""

from __future__ import annotations

import builtins
import dataclasses
import inspect
import types

import gast

from ..errors import RuleError
from ..substitute import names_in, substitute
from .primitivize import ReverseTemplate, static_value
from .registry import PRIMAL


@dataclasses.dataclass
class CallSite:
    """One primal operation ``target = primal(operands..., keywords...)`` in core form."""

    target: str
    adjoint: str  # the target's adjoint name
    expr: gast.AST  # the user's own (flattened) expression, kept as the forward computation
    operands: list  # positional operands: atoms, or a subscript's index expression
    keywords: dict  # keyword name -> atom
    where: str  # ``file.py:LINE`` for messages
    method: str | None = None  # ``x.sum()``: the method name (the receiver is operand 0)


@dataclasses.dataclass
class Inlined:
    forward: list
    adjoint: list
    cotangents: list  # per positional parameter: (operand, expression) or None
    options: dict  # option name -> the operand or literal it was bound to


def constant(value):
    """A literal node for an option default (None, bools, numbers, strings, tuples of those)."""
    if isinstance(value, tuple):
        return gast.Tuple(elts=[constant(v) for v in value], ctx=gast.Load())
    if value is None or isinstance(value, (bool, int, float, str)):
        return gast.Constant(value=value, kind=None)
    raise TypeError(value)


#: ndarray methods that take their shape or axes as separate integers: ``x.reshape(2, 3)``.
_VARARG_METHODS = frozenset({"reshape", "transpose"})


def _primal_parameters(template: ReverseTemplate, site: CallSite) -> dict:
    """The primal's own parameters by name ({} for ufuncs and builtins, which have no signature,
    and for methods, whose receiver is not the function's first parameter)."""
    if site.method is not None:
        return {}
    try:
        return dict(inspect.signature(template.rule.primal).parameters)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return {}


def _positional_names(template: ReverseTemplate, site: CallSite, count: int) -> list[str]:
    """The parameter names ``count`` positional operands bind to, by the *primal's* own order
    (NumPy's ``sum(a, axis, dtype, out, keepdims)`` is not the rule's option order, and
    ``average(a, axis, weights)`` puts an input after an option)."""
    params, options = list(template.params), list(template.options)
    parameters = _primal_parameters(template, site)
    names = [
        name
        for name, p in parameters.items()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    if parameters and set(params) <= set(names):
        return names
    if parameters and (names[: len(params)] == params or len(names) >= count):
        return params + names[len(params) :]
    return params + options


def _bind_arguments(template: ReverseTemplate, site: CallSite):
    """Map the rule's parameters and options to the call site's operands and keywords."""
    params, option_names = list(template.params), list(template.options)
    operands = list(site.operands)
    name = template.rule.name
    if site.method in _VARARG_METHODS and (
        len(operands) > 2
        or any(  # x.reshape(2, 3): a shape
            isinstance(operand, gast.Starred) for operand in operands[1:]
        )
    ):
        operands = operands[:1] + [gast.Tuple(elts=operands[1:], ctx=gast.Load())]
    if any(isinstance(operand, gast.Starred) for operand in operands):
        raise RuleError(
            f"{site.where}: {name} is called with a starred argument; s2s binds a "
            "rule's arguments one by one: pass them separately"
        )
    if template.vararg is not None:  # np.einsum(s, a, b, c): *operands gets (a, b, c)
        rest = gast.Tuple(elts=operands[len(params) :], ctx=gast.Load())
        operands = operands[: len(params)] + [rest]
        names = params + [template.vararg]
    else:
        names = _positional_names(template, site, len(operands))
    given = set(names[: len(operands)]) | set(site.keywords)
    defaults = {
        p: q.default
        for p, q in _primal_parameters(template, site).items()
        if q.default is None or isinstance(q.default, (bool, int, float, str))
    }
    missing = [p for p in params if p not in given and p not in defaults]
    if missing:
        raise RuleError(f"{site.where}: {name} needs argument(s) {', '.join(missing)}")
    if len(operands) > len(names):
        raise RuleError(
            f"{site.where}: {name} is called with {len(operands)} positional "
            f"arguments; its rule ({template.location}) takes at most {len(names)}"
        )
    values = {}
    for key, operand in list(zip(names, operands)) + list(site.keywords.items()):
        if key not in template.options and key not in params and key != template.vararg:
            raise RuleError(
                f"{site.where}: the rule for {name} ({template.location}) does not support the "
                f"argument '{key}'; supported: {', '.join(params + option_names)}. Register a "
                "fuller rule with @s2s.rrule, or call it without that argument"
            )
        values[key] = operand
    for param in params:  # an input the call leaves out: the primal's default, a constant
        if param not in values:
            values[param] = constant(defaults[param])
    for option, default in template.options.items():
        if option not in values:
            try:
                values[option] = constant(default)
            except TypeError:
                raise RuleError(
                    f"{template.location}: option '{option}' of the rule for {name} "
                    "must default to a literal"
                ) from None
    return values


def _is_primal_computation(template, value, site_expr) -> bool:
    """Is the rule's statement ``output = value`` the primal call itself (keep the user's spelling)?
    In a shared rule that is the call of ``primal``."""
    if isinstance(value, gast.Call):
        try:
            return static_value(value.func, template.namespace) is template.rule.primal
        except (KeyError, AttributeError):
            return False
    return type(value) is type(site_expr) and not isinstance(value, (gast.Name, gast.Constant))


def _is_output_computation(template, stmt, site_expr) -> bool:
    return (
        isinstance(stmt, gast.Assign)
        and isinstance(stmt.targets[0], gast.Name)
        and stmt.targets[0].id == template.output
        and _is_primal_computation(template, stmt.value, site_expr)
    )


def _spelled_primal(template, bind_global):
    """``primal`` where a shared rule calls it besides computing its output (``primal(dy)`` in
    the pullback of ``fliplr``/``flipud``): spelled through the rule module's globals, as a
    single-primal rule would spell it (``np.fliplr``)."""
    target = template.rule.primal
    attr = getattr(target, "__name__", None)
    module_globals = getattr(template.namespace, "module_globals", template.namespace)
    for name in sorted(module_globals):
        value = module_globals[name]
        if value is target and name != PRIMAL:
            return gast.Name(
                id=bind_global(name, value), ctx=gast.Load(), annotation=None, type_comment=None
            )
        if isinstance(value, types.ModuleType) and attr and getattr(value, attr, None) is target:
            module = gast.Name(
                id=bind_global(name, value), ctx=gast.Load(), annotation=None, type_comment=None
            )
            return gast.Attribute(value=module, attr=attr, ctx=gast.Load())
    raise RuleError(
        f"{template.location}: the rule for {template.rule.name} calls primal(...) "
        "besides computing its output, and its module has no global naming "
        f"{template.rule.name} (import its module)"
    )


def inline(template: ReverseTemplate, site: CallSite, namer, bind_global) -> Inlined:
    """Fill ``template`` in at ``site``.

    ``bind_global(name, value) -> str`` records a global the rule uses and returns the name to
    use for it in the generated module.
    """
    values = _bind_arguments(template, site)
    mapping = dict(values)
    mapping[template.output] = site.target
    mapping[template.cotangent_param] = site.adjoint
    body = list(template.forward) + list(template.adjoint)
    locals_ = names_in(body, gast.Store) - {template.output} - set(mapping)
    for name in sorted(locals_):
        mapping[name] = namer.fresh(name)
    cotangent_exprs = [c for c in template.cotangents if c is not None]
    index, per_operand = template.vararg_cotangent or (None, None)
    if per_operand is not None:
        cotangent_exprs.append(per_operand)
    free = names_in(body + cotangent_exprs, gast.Load) - set(mapping) - locals_ - {index}
    if PRIMAL in free:  # a shared rule's placeholder: the output's computation is the user's own
        free.discard(PRIMAL)
        rest = [s for s in body if not _is_output_computation(template, s, site.expr)]
        if PRIMAL in names_in(rest + cotangent_exprs, gast.Load):
            mapping[PRIMAL] = _spelled_primal(template, bind_global)
    for name in sorted(free):
        if name in template.namespace:
            value = template.namespace[name]
        elif hasattr(builtins, name):
            continue
        else:
            raise RuleError(
                f"{template.location}: the rule for {template.rule.name} uses the "
                f"undefined name '{name}'"
            )
        mapping[name] = bind_global(name, value)

    forward = []
    for stmt in template.forward:
        copied = substitute(stmt, mapping)
        if _is_output_computation(template, stmt, site.expr):
            copied.value = site.expr
        forward.append(copied)
    adjoint = substitute(list(template.adjoint), mapping)
    cotangents = []
    for operand, expr in zip(values_in_order(template, values), template.cotangents):
        cotangents.append(None if expr is None else (operand, substitute(expr, mapping)))
    if per_operand is not None:
        for k, operand in enumerate(values[template.vararg].elts):
            expr = substitute(per_operand, {**mapping, index: gast.Constant(value=k, kind=None)})
            cotangents.append((operand, expr))
    options = {k: v for k, v in values.items() if k in template.options}
    return Inlined(forward, adjoint, cotangents, options)


def values_in_order(template, values):
    return [values[p] for p in template.params]
