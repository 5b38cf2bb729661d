"""Activity analysis: which variables carry derivatives.

A variable is *active* when it is *varied* (depends differentiably on a ``wrt`` input) and
*useful* (the output depends on it). Only active variables get adjoints. The analysis is
flow-insensitive per name (a fixed point over all assignments, whatever their order or nesting):
it may call a variable active that is not on some path, which costs a zero adjoint, never a wrong
one.
"""

from __future__ import annotations

import gast

from ..nodes import walk_statements
from ..rules.lookup import Kind, primal_of
from ..substitute import names_in
from ..transform.containers import is_append, is_list_method


def _assignments(body):
    """(targets, value-or-None, reads) for every binding statement, loops and branches included."""
    for node in walk_statements(body):
        if isinstance(node, gast.Assign):
            target = node.targets[0]
            if isinstance(target, gast.Subscript):  # x[i] = v: x's new value depends on v and x
                container = target.value.id
                yield {container}, node.value, names_in(node.value) | {container}
            else:
                yield names_in(target, gast.Store), node.value, names_in(node.value)
        elif isinstance(node, gast.For):
            yield names_in(node.target, gast.Store), node.iter, names_in(node.iter)
        elif is_append(node):  # lst.append(v): lst's new value depends on v and lst
            lst, value = node.value.func.value.id, node.value.args[0]
            yield {lst}, value, names_in(value) | {lst}
        elif is_list_method(node, "insert") and len(node.value.args) == 2:
            lst, value = node.value.func.value.id, node.value.args[1]
            yield {lst}, value, names_in(value) | {lst}


def differentiable_reads(value) -> set[str]:
    """The names whose derivative can flow into ``value`` (index operands and options excluded)."""
    if isinstance(value, gast.Name):
        return {value.id}
    if isinstance(value, gast.Constant):
        return set()
    if isinstance(value, (gast.Tuple, gast.List)):
        return names_in(value.elts, gast.Load)
    if isinstance(value, gast.Dict):
        return names_in(value.values, gast.Load)
    if isinstance(value, (gast.Compare, gast.BoolOp, gast.JoinedStr)):
        return set()
    (kind, _), operands = primal_of(value)
    if kind == Kind.NONDIFF:
        return set()
    if isinstance(value, gast.Subscript):
        return names_in(value.value, gast.Load)
    return names_in(value, gast.Load) - _callee_names(value)


def _callee_names(value):
    if isinstance(value, gast.Call) and isinstance(value.func, gast.Name):
        return {value.func.id}
    return set()


def active_names(fn: gast.FunctionDef, wrt, outputs) -> set[str]:
    """Names that are both varied (from ``wrt``) and useful (for ``outputs``)."""
    assignments = list(_assignments(fn.body))
    varied = set(wrt)
    changed = True
    while changed:
        changed = False
        for targets, value, _ in assignments:
            if targets - varied and differentiable_reads(value) & varied:
                varied |= targets
                changed = True
    useful = set(outputs)
    changed = True
    while changed:
        changed = False
        for targets, _value, reads in assignments:
            if targets & useful and reads - useful:
                useful |= reads
                changed = True
    return varied & useful
