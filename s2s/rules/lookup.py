"""What a call, operator, subscript or attribute is, as far as differentiation is concerned."""

from __future__ import annotations

import inspect
import operator

import gast

from ..annotations import Anno, get_anno
from ..source import unwrap
from . import registry

BINARY_OPERATORS = {
    gast.Add: operator.add,
    gast.Sub: operator.sub,
    gast.Mult: operator.mul,
    gast.Div: operator.truediv,
    gast.Pow: operator.pow,
    gast.MatMult: operator.matmul,
    gast.FloorDiv: operator.floordiv,
    gast.Mod: operator.mod,
    gast.BitAnd: operator.and_,
    gast.BitOr: operator.or_,
    gast.BitXor: operator.xor,
    gast.LShift: operator.lshift,
    gast.RShift: operator.rshift,
}
UNARY_OPERATORS = {
    gast.USub: operator.neg,
    gast.UAdd: operator.pos,
    gast.Not: operator.not_,
    gast.Invert: operator.invert,
}

#: ndarray attributes that are data about the array, never differentiated.
NONDIFF_PROPERTIES = frozenset({"shape", "ndim", "size", "dtype", "itemsize", "nbytes", "strides"})


class Kind:
    RULE = "rule"  # has a reverse rule
    NONDIFF = "nondifferentiable"
    USER = "user"  # a Python function with source: differentiated through
    UNKNOWN = "unknown"


def primal_of(expr):
    """The primal callable an operation stands for, or a method / property name, or None.

    Returns ``(kind, rule_or_None, args)``, where ``args`` are the primal's positional operands
    (receiver first for methods and properties).
    """
    if isinstance(expr, gast.BinOp):
        fn = BINARY_OPERATORS[type(expr.op)]
        return classify(fn), [expr.left, expr.right]
    if isinstance(expr, gast.UnaryOp):
        fn = UNARY_OPERATORS[type(expr.op)]
        return classify(fn), [expr.operand]
    if isinstance(expr, gast.Subscript):
        return classify(operator.getitem), [expr.value, expr.slice]
    if isinstance(expr, gast.Attribute):
        if expr.attr in NONDIFF_PROPERTIES or expr.attr in registry.REGISTRY.nondiff_properties:
            return (Kind.NONDIFF, None), [expr.value]
        rule = registry.lookup_property(expr.attr)
        return ((Kind.RULE, rule) if rule else (Kind.UNKNOWN, None)), [expr.value]
    if isinstance(expr, gast.Call):
        callee = get_anno(expr, Anno.CALLEE)
        if callee.resolved:
            return classify(callee.value), list(expr.args)
        if callee.method:
            receiver = expr.func.value
            if callee.method in registry.REGISTRY.nondiff_methods:
                return (Kind.NONDIFF, None), [receiver] + list(expr.args)
            rule = registry.lookup_method(callee.method)
            return ((Kind.RULE, rule) if rule else (Kind.UNKNOWN, None)), [receiver] + list(
                expr.args
            )
        return (Kind.UNKNOWN, None), list(expr.args)
    if isinstance(expr, gast.Compare):
        return (Kind.NONDIFF, None), []
    return (Kind.UNKNOWN, None), []


def classify(fn):
    """(Kind, rule or None) for a callee object."""
    rule = registry.lookup(fn)
    if rule is not None:
        return Kind.RULE, rule
    if registry.is_nondifferentiable(fn):
        return Kind.NONDIFF, None
    if has_source(fn):
        return Kind.USER, None
    return Kind.UNKNOWN, None


def has_source(fn) -> bool:
    """A Python function s2s can read and differentiate (not numpy's or scipy's own)."""

    fn = unwrap(fn)
    return inspect.isfunction(fn) and not (fn.__module__ or "").startswith(("numpy", "scipy"))
