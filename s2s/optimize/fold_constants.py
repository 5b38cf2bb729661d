"""Fold what rule options make constant: ``if axis is None`` (statement or expression) with
``axis=None`` inlined, ``2 - 1``, ``(a, b)[1]``, ``x ** 1``, ``x * 1``. Only folds that keep
types exactly (no ``x * 1.0 -> x``)."""

from __future__ import annotations

import inspect
import math
import operator

import gast

_BINARY = {
    gast.Add: operator.add,
    gast.Sub: operator.sub,
    gast.Mult: operator.mul,
    gast.Pow: operator.pow,
}
_COMPARE = {
    gast.Is: operator.is_,
    gast.IsNot: operator.is_not,
    gast.Eq: operator.eq,
    gast.NotEq: operator.ne,
}
_UNKNOWN = object()


def constant_value(node):
    """The Python value of a constant expression, or _UNKNOWN."""
    if isinstance(node, gast.Constant):
        return node.value
    if isinstance(node, gast.Tuple):
        values = [constant_value(e) for e in node.elts]
        return _UNKNOWN if _UNKNOWN in values else tuple(values)
    if isinstance(node, gast.UnaryOp) and isinstance(node.op, gast.Not):
        value = constant_value(node.operand)
        return _UNKNOWN if value is _UNKNOWN else not value
    if isinstance(node, gast.UnaryOp) and isinstance(node.op, gast.USub):
        value = constant_value(node.operand)
        return (
            -value if isinstance(value, (int, float)) and not isinstance(value, bool) else _UNKNOWN
        )
    if isinstance(node, gast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
        left, right = constant_value(node.left), constant_value(node.comparators[0])
        if _UNKNOWN in (left, right):
            return _UNKNOWN
        return _COMPARE[type(node.ops[0])](left, right)
    if isinstance(node, gast.BoolOp):
        values = [constant_value(v) for v in node.values]
        if _UNKNOWN in values:
            return _UNKNOWN
        return all(values) if isinstance(node.op, gast.And) else any(values)
    return _UNKNOWN


class _Folder(gast.NodeTransformer):
    def __init__(self, bindings):
        self.bindings = bindings  # to know that ``math`` is the math module

    def visit_BinOp(self, node):
        self.generic_visit(node)
        left, right = constant_value(node.left), constant_value(node.right)
        op = _BINARY.get(type(node.op))
        numbers = (int, float)
        if (
            op
            and isinstance(left, numbers)
            and isinstance(right, numbers)
            and not isinstance(left, bool)
            and not isinstance(right, bool)
        ):
            return gast.Constant(value=op(left, right), kind=None)
        if isinstance(node.op, gast.Pow) and _is_int(right, 1):
            return node.left
        if isinstance(node.op, gast.Mult) and _is_int(right, 1):
            return node.left
        if isinstance(node.op, gast.Mult) and _is_int(left, 1):
            return node.right
        return node

    def visit_Call(self, node):
        """``math.log(2.718281828459045)`` (a rule's default base): computed once, here. And
        ``np.roll(d, np.negative(1))`` (roll's pullback, shift inlined) -> ``np.roll(d, -1)``:
        a shift is a count, so a Python int does what NumPy's integer scalar did."""
        self.generic_visit(node)
        if self._numpy(node.func, "roll") and len(node.args) >= 2:
            shift = node.args[1]
            if (
                isinstance(shift, gast.Call)
                and self._numpy(shift.func, "negative")
                and len(shift.args) == 1
                and not shift.keywords
                and type(constant_value(shift.args[0])) is int
            ):
                node.args[1] = gast.Constant(value=-constant_value(shift.args[0]), kind=None)
        node.keywords = [k for k in node.keywords if not self._default_keyword(node.func, k)]
        func = node.func
        binding = (
            self.bindings.table.get(func.value.id)
            if isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name)
            else None
        )
        if binding is not None and binding.value is math and not node.keywords and node.args:
            values = [constant_value(a) for a in node.args]
            fn = getattr(math, func.attr, None)
            if fn is not None and all(type(v) in (int, float) for v in values):
                try:
                    result = fn(*values)
                except (ValueError, OverflowError):
                    return node
                if type(result) is float and math.isfinite(result):
                    return gast.Constant(value=result, kind=None)
        return node

    def _default_keyword(self, func, keyword) -> bool:
        """Does ``keyword`` pass a NumPy function its own default (``np.roll(d, 1, axis=None)``,
        a rule's option inlined with its default)? Then the call reads better without it."""
        if not (
            isinstance(func, gast.Attribute)
            and isinstance(func.value, gast.Name)
            and isinstance(keyword.value, gast.Constant)
            and keyword.arg is not None
        ):
            return False
        binding = self.bindings.table.get(func.value.id)
        fn = (
            getattr(binding.value, func.attr, None)
            if binding is not None and getattr(binding.value, "__name__", None) == "numpy"
            else None
        )
        try:
            parameter = inspect.signature(fn).parameters.get(keyword.arg) if fn else None
        except (TypeError, ValueError):  # ufuncs and builtins have no signature to read
            return False
        value = keyword.value.value
        return (
            parameter is not None
            and type(parameter.default) is type(value)
            and parameter.default == value
        )

    def _numpy(self, func, name) -> bool:
        """Is ``func`` NumPy's function ``name`` (``np.roll``, through the bindings)?"""
        if not (
            isinstance(func, gast.Attribute)
            and func.attr == name
            and isinstance(func.value, gast.Name)
        ):
            return False
        binding = self.bindings.table.get(func.value.id)
        return binding is not None and getattr(binding.value, "__name__", None) == "numpy"

    def visit_Subscript(self, node):
        """``(a, b, c)[1]`` (a variadic rule's ``operands[k]`` inlined): ``b``."""
        self.generic_visit(node)
        items, index = node.value, constant_value(node.slice)
        if (
            isinstance(items, gast.Tuple)
            and isinstance(node.ctx, gast.Load)
            and type(index) is int
            and -len(items.elts) <= index < len(items.elts)
            and all(isinstance(e, (gast.Name, gast.Constant)) for e in items.elts)
        ):
            return items.elts[index]
        return node

    def visit_IfExp(self, node):
        """``y if compute_uv else ...`` with the option inlined: the chosen branch."""
        self.generic_visit(node)
        value = constant_value(node.test)
        if value is _UNKNOWN:
            return node
        return node.body if value else node.orelse

    def visit_If(self, node):
        self.generic_visit(node)
        value = constant_value(node.test)
        if value is _UNKNOWN:
            return node
        return (node.body if value else node.orelse) or []


def _is_int(value, n) -> bool:
    return type(value) is int and value == n


def fold_constants(fn: gast.FunctionDef, bindings) -> gast.FunctionDef:
    return _Folder(bindings).visit(fn)
