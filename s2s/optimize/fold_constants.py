"""Fold what rule options make constant: ``if axis is None`` (statement or expression) with
``axis=None`` inlined, ``2 - 1``, ``(a, b)[1]``, ``x ** 1``, ``x * 1``. Only folds that keep
types exactly (no ``x * 1.0 -> x``; no ``up * 1 -> up`` where ``up`` may be a boolean: ``* 1`` is
how NumPy code turns a mask into numbers, ``(x > 0) * 1 - (x < 0) * 1``)."""

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


#: NumPy functions whose result is a boolean array: ``* 1`` on it is a conversion, not a no-op.
_BOOLEAN_RESULTS = {
    "logical_and", "logical_or", "logical_not", "logical_xor", "isnan", "isinf", "isfinite",
    "isclose", "signbit", "greater", "greater_equal", "less", "less_equal", "equal", "not_equal",
    "isin", "isreal", "iscomplex",
}  # fmt: skip


def _may_be_boolean(node) -> bool:
    """Could ``node``'s value be a boolean (array)? Comparisons, ``not``/``~``, ``and``/``or``
    and NumPy's predicates are; so is any name assigned one of those (``_boolean_names``)."""
    if isinstance(node, (gast.Compare, gast.BoolOp)):
        return True
    if isinstance(node, gast.UnaryOp) and isinstance(node.op, (gast.Not, gast.Invert)):
        return True
    if isinstance(node, gast.Call):
        func = node.func
        name = func.attr if isinstance(func, gast.Attribute) else getattr(func, "id", None)
        return name in _BOOLEAN_RESULTS or name == "bool"
    return isinstance(node, gast.Constant) and isinstance(node.value, bool)


def _boolean_names(fn) -> set[str]:
    """Names some assignment in ``fn`` gives a possibly boolean value."""
    out = set()
    for node in gast.walk(fn):
        if isinstance(node, gast.Assign) and _may_be_boolean(node.value):
            for target in node.targets:
                out |= {n.id for n in gast.walk(target) if isinstance(n, gast.Name)}
    return out


class _Folder(gast.NodeTransformer):
    def __init__(self, bindings, booleans=frozenset()):
        self.bindings = bindings  # to know that ``math`` is the math module
        self.booleans = booleans  # names that may hold booleans: ``* 1`` converts them

    def _same_without_one(self, kept) -> bool:
        """``kept * 1`` (or ``** 1``) is ``kept`` itself: not so for a boolean."""
        if isinstance(kept, gast.Name):
            return kept.id not in self.booleans
        return not _may_be_boolean(kept)

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
        if isinstance(node.op, (gast.Pow, gast.Mult)) and _is_int(right, 1):
            return node.left if self._same_without_one(node.left) else node
        if isinstance(node.op, gast.Mult) and _is_int(left, 1):
            return node.right if self._same_without_one(node.right) else node
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
    return _Folder(bindings, _boolean_names(fn)).visit(fn)
