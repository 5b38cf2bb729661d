"""Replace the general shape helpers by the plain NumPy they reduce to, where the shape patterns
of the arguments (``analysis/shapes.py``) decide it.

Rules are written for any shapes, so they call ``unbroadcast``, ``matmul_dx``, ``matmul_dy`` and
``zeros_like``, which look at shapes at run time. Once ``s2s.grad`` knows the patterns of the
arrays it is called with, most of those decisions are known in advance, and the derivative reads
like a hand-written one: ``db = dz.sum(axis=0)``, ``dW = x.T @ dz``. Each replacement computes
exactly what the helper would have computed for those patterns.
"""

from __future__ import annotations

import gast
import numpy as np

from ..analysis.scalars import callee
from ..analysis.shapes import ANY, shape_facts
from ..annotations import Anno, get_anno
from ..nodes import call, const, load
from ..substitute import clone, names_in, substitute
from .propagate import assigned, blocks, load_counts


def _axes(axes: tuple):
    """An ``axis=`` value: a bare int for one axis, a tuple for several."""
    return (
        const(axes[0])
        if len(axes) == 1
        else gast.Tuple(elts=[const(a) for a in axes], ctx=gast.Load())
    )


def _sum(g, axes, keepdims=False):
    options = {"axis": _axes(axes), **({"keepdims": const(True)} if keepdims else {})}
    return call(_attribute(clone(g), "sum"), **options)


def _column(v):
    """``v[:, None]``: a vector as a column, for an outer product by broadcasting."""
    index = gast.Tuple(
        elts=[gast.Slice(lower=None, upper=None, step=None), const(None)], ctx=gast.Load()
    )
    return gast.Subscript(value=clone(v), slice=index, ctx=gast.Load())


def _product_ranks(patterns):
    """The ranks of ``x`` and ``y`` in ``matmul_dx/dy(dz, x, y)`` if both are vectors or
    matrices (the helpers' direct case); None for unknown or batched operands."""
    _, px, py = patterns
    if px is None or py is None or not 1 <= len(px) <= 2 or not 1 <= len(py) <= 2:
        return None
    return len(px), len(py)


def _self_dot(dz, x, y):
    """``dz * x`` for the dot product of a vector with itself (``r @ r``); for two vectors the
    helper stays, as it keeps the output's dtype when theirs differ."""
    same = isinstance(x, gast.Name) and isinstance(y, gast.Name) and x.id == y.id
    return gast.BinOp(left=clone(dz), op=gast.Mult(), right=clone(x)) if same else None


def _attribute(value, attr):
    return gast.Attribute(value=value, attr=attr, ctx=gast.Load())


def _transposed(x):
    return _attribute(clone(x), "T")


_ELEMENTWISE = (gast.Add, gast.Sub, gast.Mult, gast.Div)
#: NumPy reductions whose array method does the same with less overhead (for an ndarray).
_METHODS = {
    np.sum: "sum",
    np.max: "max",
    np.amax: "max",
    np.min: "min",
    np.amin: "min",
    np.mean: "mean",
    np.prod: "prod",
}


class _Specializer(gast.NodeTransformer):
    def __init__(self, facts, bindings):
        self.facts = facts
        self.bindings = bindings
        self.changed = False

    def _array(self, node) -> bool:
        """Certainly an ``ndarray`` (a pattern of rank one or more)?"""
        pattern = self.facts.pattern(node)
        return pattern is not None and len(pattern) > 0

    def _helper(self, node) -> str | None:
        binding = self.bindings.table.get(getattr(node.func, "id", None))
        return binding.value.__name__ if binding is not None and binding.helper else None

    def visit_Call(self, node):
        self.generic_visit(node)
        method = _METHODS.get(callee(node.func, self.bindings))
        if (
            method is not None
            and 1 <= len(node.args) <= 2
            and self._array(node.args[0])
            and all(k.arg in ("axis", "keepdims") for k in node.keywords)
        ):
            self.changed = True  # np.max(a, axis=1) -> a.max(axis=1): a third of the cost
            return gast.Call(
                func=_attribute(node.args[0], method), args=node.args[1:], keywords=node.keywords
            )
        if (
            callee(node.func, self.bindings) is np.transpose
            and len(node.args) == 1
            and not node.keywords
            and self._array(node.args[0])
        ):
            self.changed = True  # np.transpose(a) -> a.T
            return _transposed(node.args[0])
        helper = self._helper(node)
        method = getattr(self, f"_{helper}", None) if helper else None
        if method is None or node.keywords or any(isinstance(a, gast.Starred) for a in node.args):
            return node
        patterns = [self.facts.pattern(a) for a in node.args]
        replacement = method(node.args, patterns)
        if replacement is None:
            return node
        self.changed = True
        return replacement

    def _unbroadcast(self, args, patterns):
        """Sum ``g`` over the axes broadcasting added to ``x``: leading ones, and the axes where
        ``x`` has length one and ``g`` does not."""
        (g, _), (pg, px) = args, patterns
        if pg is None or px is None or len(pg) < len(px):
            return None
        lead = len(pg) - len(px)
        aligned = list(zip(px, pg[lead:]))
        if any(a == ANY and b != 1 for a, b in aligned):
            return None  # x's length there may be one (summed over) or not: only run time knows
        # where x has length one, summing is right whatever g's length (one: a no-op)
        stretched = tuple(lead + i for i, (a, b) in enumerate(aligned) if a == 1 and b != 1)
        if not lead and not stretched:
            return clone(g)
        if isinstance(g, gast.UnaryOp) and isinstance(g.op, gast.USub):  # negate the sum
            summed = self._unbroadcast([g.operand, args[1]], patterns)
            return summed and gast.UnaryOp(op=gast.USub(), operand=summed)
        if not stretched:
            return _sum(g, tuple(range(lead)))
        if not lead:
            return _sum(g, stretched, keepdims=True)
        return None  # both kinds at once: rare, left to the helper

    def _matmul_dx(self, args, patterns):
        """``dz @ y.T``, or an outer product when ``y`` is a vector (as the helper does)."""
        (dz, _, y), ranks = args, _product_ranks(patterns)
        if ranks is None:
            return None
        if ranks[1] == 2:
            return gast.BinOp(left=clone(dz), op=gast.MatMult(), right=_transposed(y))
        if ranks[0] == 2:
            return gast.BinOp(left=_column(dz), op=gast.Mult(), right=clone(y))
        return _self_dot(dz, args[1], y)

    def _matmul_dy(self, args, patterns):
        """``x.T @ dz``, or an outer product when ``x`` is a vector."""
        (dz, x, _), ranks = args, _product_ranks(patterns)
        if ranks is None:
            return None
        if ranks[0] == 2:
            return gast.BinOp(left=_transposed(x), op=gast.MatMult(), right=clone(dz))
        if ranks[1] == 2:
            return gast.BinOp(left=_column(x), op=gast.Mult(), right=clone(dz))
        return _self_dot(dz, x, args[2])

    def _zeros_like(self, args, patterns):
        """An array's zeros (the helper's other case is a Python float)."""
        if patterns[0] is None or not patterns[0]:
            return None
        numpy = self.bindings.bind_object("np", np)
        return call(_attribute(load(numpy), "zeros_like"), clone(args[0]))

    def _expansion(self, node):
        """``(g, x)`` if ``node`` is ``expand_reduced(g, x, axis, keepdims)`` and plain
        broadcasting of ``g`` against ``x``'s shape expands it as well: ``g`` kept the reduced
        axes or is a scalar. When the reduced axes were dropped and ``x``'s rank is known, ``g``
        gets them back as new axes (``g[:, None]``). Else None."""
        if not (
            isinstance(node, gast.Call)
            and self._helper(node) == "expand_reduced"
            and len(node.args) == 4
            and not node.keywords
            and isinstance(node.args[1], gast.Name)
        ):
            return None
        g, x, axis, keepdims = node.args
        kept = isinstance(keepdims, gast.Constant) and keepdims.value is True
        if kept or self.facts.pattern(g) == ():
            return g, x
        rank = len(self.facts.pattern(x) or ())
        axes = _literal_axes(axis, rank) if rank and self._array(g) else None
        if axes is None:
            return None
        index = [
            (
                gast.Constant(value=None, kind=None)
                if i in axes
                else gast.Slice(lower=None, upper=None, step=None)
            )
            for i in range(max(axes) + 1)
        ]
        return (
            gast.Subscript(
                value=clone(g),
                slice=gast.Tuple(elts=index, ctx=gast.Load()) if len(index) > 1 else index[0],
                ctx=gast.Load(),
            ),
            x,
        )

    def _like(self, node, x) -> bool:
        """Does ``node`` have ``x``'s shape (or a broadcast of it), with a dtype that promotion
        with ``x``'s dtype does not change: ``x`` itself, or ``even_shares(mask, x, axis)``?"""
        same = (
            isinstance(node, gast.Name)
            and node.id == x.id
            or (
                isinstance(node, gast.Call)
                and self._helper(node) == "even_shares"
                and len(node.args) == 3
                and isinstance(node.args[1], gast.Name)
                and node.args[1].id == x.id
            )
        )
        return same  # the product's shape is the other operand's either way

    def visit_BinOp(self, node):
        """``expand_reduced(g, x, ...) * x`` -> ``g * x``: the product broadcasts ``g`` anyway,
        without materializing the expansion first."""
        self.generic_visit(node)
        if isinstance(node.op, _ELEMENTWISE):
            for side, other in (("left", node.right), ("right", node.left)):
                found = self._expansion(getattr(node, side))
                if found is not None and self._like(other, found[1]):
                    setattr(node, side, found[0])
                    self.changed = True
        return node

    def visit_Compare(self, node):
        """``x == expand_reduced(m, x, axis, True)`` -> ``x == m`` (where ``np.max`` was taken)."""
        self.generic_visit(node)
        if len(node.comparators) == 1:
            found = self._expansion(node.comparators[0])
            if (
                found is not None
                and isinstance(node.left, gast.Name)
                and node.left.id == found[1].id
            ):
                node.comparators[0] = found[0]
                self.changed = True
        return node

    def visit_If(self, node):
        self.generic_visit(node)
        checked = get_anno(node, Anno.OUTPUT_CHECK, None)
        if checked is not None and self.facts.pattern(load(checked)) == ():
            self.changed = True  # grad's output is a scalar for these arguments
            return []
        return node

    def move_expansions(self, fn) -> bool:
        """Move ``dexp = expand_reduced(...)``, read once, into its reader when the reader then
        drops the expansion (``dexp * exp``): the one place an adjoint is substituted away."""
        counts = load_counts(fn)
        changed = False
        for block in blocks(fn.body):
            for i, stmt in reversed(list(enumerate(block))):
                if not (
                    isinstance(stmt, gast.Assign)
                    and isinstance(stmt.targets[0], gast.Name)
                    and counts[stmt.targets[0].id] == 1
                ):
                    continue
                found = self._expansion(stmt.value)
                reader = _next_reader(block, i, stmt.targets[0].id) if found else None
                if reader is not None and self._consumes(
                    block[reader], stmt.targets[0].id, found[1]
                ):
                    block[reader] = substitute(block[reader], {stmt.targets[0].id: stmt.value})
                    del block[i]
                    changed = True
        return changed

    def _consumes(self, stmt, name, x) -> bool:
        for node in gast.walk(stmt):
            if isinstance(node, gast.BinOp) and isinstance(node.op, _ELEMENTWISE):
                for mine, other in ((node.left, node.right), (node.right, node.left)):
                    if isinstance(mine, gast.Name) and mine.id == name and self._like(other, x):
                        return True
        return False


def _literal_axes(axis, rank):
    """The reduced axes of a literal ``axis`` (an int or tuple of ints), made non-negative."""
    items = axis.elts if isinstance(axis, gast.Tuple) else [axis]
    if not all(
        isinstance(a, gast.Constant) and type(a.value) is int and -rank <= a.value < rank
        for a in items
    ):
        return None
    return {a.value % rank for a in items}


def _next_reader(block, i, name):
    """The index of the statement after ``block[i]`` that reads ``name``, if nothing between
    changes what ``block[i]`` reads and no compound statement intervenes; else None."""
    reads = names_in(block[i].value, gast.Load) | {name}
    for j in range(i + 1, len(block)):
        later = block[j]
        if isinstance(later, (gast.If, gast.For, gast.While)):
            return None
        if name in names_in(later, gast.Load):
            return j
        if assigned(later) & reads:
            return None
    return None


def specialize_shapes(fn, bindings, arguments: dict | None) -> bool:
    """Rewrite ``fn`` for ``arguments`` (parameter name -> shape pattern; may be empty: some
    rewrites hold for any shapes); True if it changed."""
    specializer = _Specializer(shape_facts(fn, bindings, arguments or {}), bindings)
    changed = specializer.move_expansions(fn)
    specializer.visit(fn)
    return changed or specializer.changed
