"""Instantiate a primitivized reverse rule at one call site.

The rule's parameters become the call's operands, its options the call's keywords (or their
defaults), its output the call's target, its cotangent parameter the target's adjoint, and every
other rule-local name a fresh, readable local of the generated function. Globals the rule uses
(``np``, helpers) are recorded in the generated module's bindings.
"""

from __future__ import annotations

import builtins
import dataclasses

import gast

from ..errors import RuleError
from ..substitute import names_in, substitute
from .primitivize import ReverseTemplate


@dataclasses.dataclass
class CallSite:
    """One primal operation ``target = primal(operands..., keywords...)`` in core form."""

    target: str
    adjoint: str  # the target's adjoint name
    expr: gast.AST  # the user's own (flattened) expression, kept as the forward computation
    operands: list  # positional operands: atoms, or a subscript's index expression
    keywords: dict  # keyword name -> atom
    where: str  # ``file.py:LINE`` for messages


@dataclasses.dataclass
class Inlined:
    forward: list
    adjoint: list
    cotangents: list  # per positional parameter: (operand, expression) or None


def constant(value):
    """A literal node for an option default (None, bools, numbers, strings, tuples of those)."""
    if isinstance(value, tuple):
        return gast.Tuple(elts=[constant(v) for v in value], ctx=gast.Load())
    if value is None or isinstance(value, (bool, int, float, str)):
        return gast.Constant(value=value, kind=None)
    raise TypeError(value)


def _bind_arguments(template: ReverseTemplate, site: CallSite):
    """Map the rule's parameters and options to the call site's operands and keywords."""
    params, option_names = list(template.params), list(template.options)
    operands = list(site.operands)
    if len(operands) < len(params) and not all(p in site.keywords for p in params[len(operands):]):
        missing = [p for p in params[len(operands):] if p not in site.keywords]
        raise RuleError(f"{site.where}: {template.rule.name} needs argument(s) {', '.join(missing)}")
    values = {}
    for name, operand in zip(params + option_names, operands):
        values[name] = operand
    if len(operands) > len(params) + len(option_names):
        raise RuleError(f"{site.where}: {template.rule.name} is called with {len(operands)} "
                        f"positional arguments; its rule ({template.location}) takes at most "
                        f"{len(params) + len(option_names)}")
    for key, operand in site.keywords.items():
        if key not in template.options and key not in template.params:
            raise RuleError(
                f"{site.where}: the rule for {template.rule.name} ({template.location}) does not "
                f"support the keyword '{key}'; supported: {', '.join(option_names) or 'none'}"
            )
        values[key] = operand
    for name, default in template.options.items():
        if name not in values:
            try:
                values[name] = constant(default)
            except TypeError:
                raise RuleError(f"{template.location}: option '{name}' of the rule for "
                                f"{template.rule.name} must default to a literal") from None
    return values


def _is_primal_computation(template, value, site_expr) -> bool:
    """Is the rule's statement ``output = value`` the primal call itself (keep the user's spelling)?"""
    if isinstance(value, gast.Call):
        try:
            return _static(value.func, template.namespace) is template.rule.primal
        except (KeyError, AttributeError):
            return False
    return type(value) is type(site_expr) and not isinstance(value, (gast.Name, gast.Constant))


def _static(expr, namespace):
    if isinstance(expr, gast.Name):
        return namespace[expr.id] if expr.id in namespace else getattr(builtins, expr.id)
    return getattr(_static(expr.value, namespace), expr.attr)


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
    free = names_in(body + cotangent_exprs, gast.Load) - set(mapping) - locals_
    for name in sorted(free):
        if name in template.namespace:
            value = template.namespace[name]
        elif hasattr(builtins, name):
            continue
        else:
            raise RuleError(f"{template.location}: the rule for {template.rule.name} uses the "
                            f"undefined name '{name}'")
        mapping[name] = bind_global(name, value)

    forward = []
    for stmt in template.forward:
        copied = substitute(stmt, mapping)
        if (isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name)
                and stmt.targets[0].id == template.output
                and _is_primal_computation(template, stmt.value, site.expr)):
            copied.value = site.expr
        forward.append(copied)
    adjoint = substitute(list(template.adjoint), mapping)
    cotangents = []
    for operand, expr in zip(values_in_order(template, values), template.cotangents):
        cotangents.append(None if expr is None else (operand, substitute(expr, mapping)))
    return Inlined(forward, adjoint, cotangents)


def values_in_order(template, values):
    return [values[p] for p in template.params]
