"""Drop shape bookkeeping that scalars never need: ``unbroadcast(g, x)`` with ``g`` and ``x``
scalars is ``g``, and a scalar output needs no ``np.ndim`` check."""

from __future__ import annotations

import gast

from ..analysis.scalars import scalar_expr, scalar_names
from ..annotations import Anno, get_anno


class _Dropper(gast.NodeTransformer):
    def __init__(self, scalars, unchecked, bindings):
        self.scalars = scalars
        self.unchecked = unchecked
        self.bindings = bindings
        self.changed = False

    def _all_scalar(self, expr) -> bool:
        return scalar_expr(expr, self.scalars, self.bindings)

    def visit_Call(self, node):
        self.generic_visit(node)
        binding = self.bindings.table.get(getattr(node.func, "id", None))
        helper = binding.value.__name__ if binding is not None and binding.helper else None
        if (helper == "unbroadcast" and self._all_scalar(node.args[1])
                and self._all_scalar(node.args[0])):
            self.changed = True
            return node.args[0]
        if helper == "zeros_like" and self._all_scalar(node.args[0]):
            self.changed = True
            return gast.Constant(value=0.0, kind=None)
        return node

    def visit_If(self, node):
        self.generic_visit(node)
        checked = get_anno(node, Anno.OUTPUT_CHECK, None)
        if checked is not None and scalar_expr(gast.Name(id=checked, ctx=gast.Load(),
                                                         annotation=None, type_comment=None),
                                               self.unchecked, self.bindings):
            self.changed = True  # a scalar for certain: grad's output check has nothing to do
            return []
        return node


def drop_scalar_shapes(fn, bindings, seeds=(), output=None) -> bool:
    """``seeds``: names known to be scalars; ``output``: the value grad checks is a scalar (the
    check itself stays unless the output is a scalar without that assumption)."""
    scalars = scalar_names(fn, bindings, set(seeds) | ({output} if output else set()))
    unchecked = scalar_names(fn, bindings, seeds) if output else scalars
    dropper = _Dropper(scalars, unchecked, bindings)
    dropper.visit(fn)
    return dropper.changed
