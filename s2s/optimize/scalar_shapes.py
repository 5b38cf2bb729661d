"""Drop shape bookkeeping that is certainly a no-op: ``unbroadcast(g, x)`` when ``g`` already has
``x``'s shape (both scalars, or an elementwise expression of variables shaped like ``x``), and
a scalar output needs no ``np.ndim`` check."""

from __future__ import annotations

import gast

from ..analysis.same_shape import shape_classes
from ..analysis.scalars import scalar_expr, scalar_names
from ..annotations import Anno, get_anno


class _Dropper(gast.NodeTransformer):
    def __init__(self, scalars, unchecked, bindings, classes, defined):
        self.scalars = scalars
        self.defined = defined  # scalars by their definitions alone: true on every path
        self.classes = classes
        self.unchecked = unchecked
        self.bindings = bindings
        self.changed = False

    def _all_scalar(self, expr) -> bool:
        return scalar_expr(expr, self.scalars, self.bindings)

    def _shaped_like(self, expr, name) -> bool:
        """Is the elementwise ``expr`` certainly shaped like the variable ``name``?"""
        target = self.classes.get(name)
        if target is None:
            return False
        for node in gast.walk(expr):
            if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load):
                if self.classes.get(node.id) != target and node.id not in self.scalars:
                    return False
            elif isinstance(node, gast.BinOp) and isinstance(node.op, gast.MatMult):
                return False
            elif isinstance(node, (gast.Call, gast.Subscript, gast.Attribute)):
                return False
        return any(
            isinstance(n, gast.Name) and self.classes.get(n.id) == target for n in gast.walk(expr)
        )

    def visit_Call(self, node):
        self.generic_visit(node)
        binding = self.bindings.table.get(getattr(node.func, "id", None))
        helper = binding.value.__name__ if binding is not None and binding.helper else None
        if helper == "unbroadcast" and (
            self._all_scalar(node.args[1])
            and self._all_scalar(node.args[0])
            or isinstance(node.args[1], gast.Name)
            and self._shaped_like(node.args[0], node.args[1].id)
        ):
            self.changed = True
            return node.args[0]
        if helper == "zeros_like" and scalar_expr(node.args[0], self.defined, self.bindings):
            self.changed = True
            return gast.Constant(value=0.0, kind=None)
        return node

    def visit_If(self, node):
        self.generic_visit(node)
        checked = get_anno(node, Anno.OUTPUT_CHECK, None)
        if checked is not None and scalar_expr(
            gast.Name(id=checked, ctx=gast.Load(), annotation=None, type_comment=None),
            self.unchecked,
            self.bindings,
        ):
            self.changed = True  # a scalar for certain: grad's output check has nothing to do
            return []
        return node


def drop_scalar_shapes(fn, bindings, seeds=(), output=None, adjoints=None) -> bool:
    """``seeds``: names known to be scalars; ``output``: the value grad checks is a scalar (the
    check itself stays unless the output is a scalar without that assumption)."""
    known = set(seeds) | ({output} if output else set())
    scalars = scalar_names(fn, bindings, known)
    unchecked = scalar_names(fn, bindings, seeds) if output else scalars
    classes = shape_classes(fn, bindings, adjoints or {})
    defined = scalar_names(fn, bindings, known, everywhere=True)
    dropper = _Dropper(scalars, unchecked, bindings, classes, defined)
    dropper.visit(fn)
    return dropper.changed
