"""Shape patterns of a generated function's variables, from the patterns of its arguments.

A pattern is a tuple with one entry per axis: ``1`` for an axis of length one, ``N`` for any
other length, ``ANY`` where the length is not known (arrays the function makes, ``np.eye(n)``). That is all NumPy broadcasting looks at, so it is enough to decide, without the
sizes, what ``unbroadcast`` has to sum and whether ``matmul_dx`` multiplies matrices or vectors.
``()`` is a scalar (a Python number or a 0-d array); a pattern of rank one or more is certainly
an ``ndarray``. ``None`` means unknown.

The argument patterns come from a call (``s2s.grad`` specializes a derivative to the patterns of
the arrays it is called with). Inference is flow-insensitive: a variable assigned several times
gets one pattern only if every assignment agrees, so a pattern holds at every point of the
function, in the forward and the backward sweep alike. Anything not understood is unknown, and
unknown is always safe: the optimizer then keeps the general helper.
"""

from __future__ import annotations

import math

import gast
import numpy as np

from ..nodes import walk_statements
from .scalars import callee

N = "N"  # an axis whose length is not one
ANY = "?"  # an axis of unknown length (np.eye(n)): its rank is known, not whether it is one
_BOTTOM = object()  # not assigned yet (the fixed point starts here)

Pattern = tuple | None


def pattern_of_shape(shape: tuple) -> tuple:
    """The pattern of a concrete shape: ``(16, 1, 3)`` -> ``(N, 1, N)``."""
    return tuple(1 if n == 1 else N for n in shape)


def broadcast(*patterns):
    """The pattern of the broadcast of operands with these patterns."""
    if any(p is _BOTTOM for p in patterns):
        return _BOTTOM
    if any(p is None for p in patterns):
        return None
    rank = max(len(p) for p in patterns)
    out = []
    for axis in range(rank):
        dims = [p[axis - rank + len(p)] for p in patterns if axis - rank + len(p) >= 0]
        out.append(N if N in dims else ANY if ANY in dims else 1)
    return tuple(out)


def _join(a, b):
    if a is _BOTTOM:
        return b
    if b is _BOTTOM or a == b:
        return a
    return None


def _matmul(x, y):
    if x is _BOTTOM or y is _BOTTOM:
        return _BOTTOM
    if x is None or y is None or not x or not y or len(x) > 2 or len(y) > 2:
        return None  # batched products: left to the general helper
    return x[:-1] + y[1:]  # (m, k) @ (k, n) -> (m, n); a vector loses its axis


def _literal(node):
    """The value of a literal axis (an int, a tuple of ints, None) or keepdims flag; else raise."""
    if isinstance(node, gast.Constant):
        return node.value
    if isinstance(node, gast.Tuple) and all(isinstance(e, gast.Constant) for e in node.elts):
        return tuple(e.value for e in node.elts)
    raise ValueError("not a literal")


def _reduced(x, axis, keepdims):
    if x is _BOTTOM or x is None:
        return x
    if axis is None:
        return tuple(1 for _ in x) if keepdims else ()
    axes = {a % len(x) for a in (axis if isinstance(axis, tuple) else (axis,))}
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(x))
    return tuple(d for i, d in enumerate(x) if i not in axes)


_PARTS_LIKE = {"solve_vjp": (1, 2)}  # helpers returning a tuple shaped like these arguments
_MADE = {
    np.eye,
    np.identity,
    np.zeros,
    np.ones,
    np.empty,
    np.full,
    np.zeros_like,
    np.ones_like,
    np.empty_like,
    np.full_like,
    np.arange,
    np.linspace,
}  # arrays a function makes
_REDUCTIONS = {np.sum, np.mean, np.max, np.min, np.amax, np.amin, np.prod}
_REDUCTION_METHODS = {"sum", "mean", "max", "min", "prod"}
_SAME_AS_ARG = {
    "unbroadcast": 1,
    "expand_reduced": 1,
    "zeros_like": 0,
    "even_shares": 1,
    "matmul_dx": 1,
    "matmul_dy": 2,
}  # helpers whose result is shaped like an argument


class ShapeFacts:
    """The patterns of a function's variables (``run``) and of expressions over them (``of``)."""

    def __init__(self, bindings, arguments: dict):
        self.bindings = bindings
        self.env: dict = dict(arguments)
        self.defined: set = set(arguments)

    def pattern(self, node) -> Pattern:
        """The pattern of the expression ``node`` (after ``run``), or None if unknown."""
        found = self.of(node)
        return None if found is _BOTTOM else found

    def of(self, node):
        if isinstance(node, gast.Name):
            return self.env.get(node.id, _BOTTOM) if node.id in self.defined else None
        if isinstance(node, gast.Constant):
            number = isinstance(node.value, (int, float)) and not isinstance(node.value, complex)
            return () if number else None
        if isinstance(node, gast.BinOp):
            left, right = self.of(node.left), self.of(node.right)
            return (
                _matmul(left, right)
                if isinstance(node.op, gast.MatMult)
                else broadcast(left, right)
            )
        if isinstance(node, gast.UnaryOp) and not isinstance(node.op, gast.Not):
            return self.of(node.operand)
        if isinstance(node, gast.Compare) and len(node.comparators) == 1:
            return broadcast(self.of(node.left), self.of(node.comparators[0]))
        if isinstance(node, gast.Attribute) and node.attr == "T":
            inner = self.of(node.value)
            return inner[::-1] if isinstance(inner, tuple) else inner
        if (
            isinstance(node, gast.Subscript)
            and isinstance(node.value, gast.Attribute)
            and node.value.attr == "shape"
            and isinstance(node.slice, (gast.Constant, gast.Name))
        ):
            return ()  # x.shape[0]: an int (x.shape[1:] would be a tuple)
        if isinstance(node, gast.Call):
            return self._call(node)
        return None

    def _call(self, node):
        args = node.args
        if isinstance(node.func, gast.Attribute) and node.func.attr in _REDUCTION_METHODS:
            owner = callee(node.func.value, self.bindings)
            if owner is None:  # a method of an array variable: x.sum(axis=0)
                return self._reduction(self.of(node.func.value), args, node.keywords)
        fn = callee(node.func, self.bindings)
        if fn is None:
            return None
        binding = self.bindings.table.get(getattr(node.func, "id", None))
        if binding is not None and binding.helper and fn.__name__ in _SAME_AS_ARG:
            return self.of(args[_SAME_AS_ARG[fn.__name__]])
        if isinstance(fn, np.ufunc) and len(args) == fn.nin and not node.keywords and fn.nout == 1:
            return broadcast(*map(self.of, args))
        if fn is np.where and len(args) == 3 and not node.keywords:
            return broadcast(*map(self.of, args))
        if fn in (np.matmul, np.dot) and len(args) == 2 and not node.keywords:
            return _matmul(*map(self.of, args))
        if fn is np.transpose and len(args) == 1 and not node.keywords:
            inner = self.of(args[0])
            return inner[::-1] if isinstance(inner, tuple) else inner
        if fn is np.linalg.solve and len(args) == 2 and not node.keywords:
            a, b = map(self.of, args)
            if _BOTTOM in (a, b):
                return _BOTTOM
            return (
                b if a is not None and len(a) == 2 and b is not None and len(b) in (1, 2) else None
            )
        if fn is np.linalg.inv and len(args) == 1 and not node.keywords:
            return self.of(args[0])
        if fn in _MADE and args and not node.keywords:
            return self._made(fn, args)
        if fn in _REDUCTIONS and args:
            return self._reduction(self.of(args[0]), args[1:], node.keywords)
        name = getattr(fn, "__name__", None)
        if name is not None and getattr(math, name, None) is fn or fn in (np.size, np.ndim):
            return ()  # math functions take and give scalars; sizes are ints
        return None

    def _made(self, fn, args):
        """The pattern of a new array: like its template (``np.zeros_like(x)``), like the array
        whose shape it takes (``np.zeros(x.shape)``), or of a known rank."""
        if fn in (np.zeros_like, np.ones_like, np.empty_like, np.full_like):
            return self.of(args[0])
        if fn in (np.arange, np.linspace):  # a vector when its ends are numbers
            ends = [self.of(a) for a in args[:2]]
            return _BOTTOM if _BOTTOM in ends else (ANY,) if all(e == () for e in ends) else None
        if fn in (np.eye, np.identity):
            return (ANY, ANY) if len(args) == 1 else None
        shape = args[0]
        if isinstance(shape, gast.Attribute) and shape.attr == "shape":
            return self.of(shape.value)
        if isinstance(shape, gast.Tuple):
            return (ANY,) * len(shape.elts)
        size = self.of(shape)
        return size if size is _BOTTOM else (ANY,) if size == () else None  # an int: a vector

    def _reduction(self, x, args, keywords):
        options = {"axis": args[0]} if args else {}
        options.update({k.arg: k.value for k in keywords})
        if len(args) > 1 or set(options) - {"axis", "keepdims"}:
            return None
        try:
            axis = _literal(options["axis"]) if "axis" in options else None
            keepdims = _literal(options["keepdims"]) if "keepdims" in options else False
        except ValueError:
            return None
        if x is not _BOTTOM and x is not None and axis is not None:
            axes = axis if isinstance(axis, tuple) else (axis,)
            if not all(isinstance(a, int) and -len(x) <= a < len(x) for a in axes):
                return None
        return _reduced(x, axis, bool(keepdims))

    def _helper_parts(self, stmt) -> list:
        """``da, db = solve_vjp(dx, a, b, x)``: a helper returning cotangents shaped like its
        arguments gives each name that argument (as an expression for ``of``)."""
        if not (
            isinstance(stmt, gast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Tuple)
            and isinstance(stmt.value, gast.Call)
            and all(isinstance(e, gast.Name) for e in stmt.targets[0].elts)
        ):
            return []
        binding = self.bindings.table.get(getattr(stmt.value.func, "id", None))
        positions = _PARTS_LIKE.get(binding.value.__name__) if binding and binding.helper else None
        if positions is None or len(positions) != len(stmt.targets[0].elts):
            return []
        return [(e.id, stmt.value.args[k], False) for e, k in zip(stmt.targets[0].elts, positions)]

    def element(self, iterable):
        """The pattern of the items a ``for`` loop takes from ``iterable``."""
        if isinstance(iterable, gast.Call) and isinstance(iterable.func, gast.Name):
            builtin = iterable.func.id  # builtins are not bound: they need no import
            if builtin not in self.defined and builtin not in self.bindings.table:
                if builtin == "range":
                    return ()
                if builtin == "reversed" and len(iterable.args) == 1:
                    iterable = iterable.args[0]
        seq = self.of(iterable)
        return seq[1:] if isinstance(seq, tuple) and seq else None if seq is not _BOTTOM else seq

    def run(self, fn) -> ShapeFacts:
        definitions = []  # (name, value node or a loop's iterable, is_loop); None value: unknown
        for stmt in walk_statements(fn.body):
            if (
                isinstance(stmt, gast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], gast.Name)
            ):
                value = stmt.value
                if not (isinstance(value, gast.Constant) and value.value is None):
                    definitions.append((stmt.targets[0].id, value, False))  # None: tape slot
            elif isinstance(stmt, gast.For) and isinstance(stmt.target, gast.Name):
                definitions.append((stmt.target.id, stmt.iter, True))
            elif self._helper_parts(stmt):
                definitions += self._helper_parts(stmt)
            else:
                definitions += [(name, None, False) for name in _reshaped(stmt)]
        params = [a.id for a in fn.args.args + fn.args.kwonlyargs]
        arguments = {name: self.env.get(name) for name in params}  # unknown unless given
        self.env = dict(arguments)
        self.defined = set(params) | {name for name, _, _ in definitions}
        for _ in range(2 * len(definitions) + 2):  # each name moves at most twice up the lattice
            env = dict(arguments)
            for name, value, is_loop in definitions:
                found = (
                    None if value is None else self.element(value) if is_loop else self.of(value)
                )
                env[name] = _join(env.get(name, _BOTTOM), found)
            if env == self.env:  # every definition agrees with the patterns: they hold
                self.env = {name: (None if p is _BOTTOM else p) for name, p in env.items()}
                return self
            self.env = env
        self.env = dict(arguments)  # no fixed point: claim nothing beyond the arguments
        self.defined = set(params)
        return self


def _reshaped(stmt) -> set[str]:
    """Names a statement (other than ``name = value``) may give any shape: unpacked or
    augmented targets, loop targets, and arrays whose shape is set in place (``x.shape = s``,
    ``x.resize(s)``)."""
    names = set()
    targets = (
        stmt.targets
        if isinstance(stmt, gast.Assign)
        else [stmt.target] if isinstance(stmt, (gast.AugAssign, gast.AnnAssign, gast.For)) else []
    )
    for target in targets:
        if isinstance(target, gast.Attribute) and isinstance(target.value, gast.Name):
            names.add(target.value.id)
        names |= {
            n.id
            for n in gast.walk(target)
            if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)
        }
    for node in gast.walk(stmt) if not isinstance(stmt, (gast.If, gast.For, gast.While)) else ():
        if (
            isinstance(node, gast.Call)
            and isinstance(node.func, gast.Attribute)
            and node.func.attr == "resize"
            and isinstance(node.func.value, gast.Name)
        ):
            names.add(node.func.value.id)
    return names


def shape_facts(fn: gast.FunctionDef, bindings, arguments: dict) -> ShapeFacts:
    """The patterns in ``fn``, given ``arguments``: parameter name -> pattern (others unknown)."""
    return ShapeFacts(bindings, arguments).run(fn)
