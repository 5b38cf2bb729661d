"""Copy template statements with names replaced: by other names or by whole expressions.

Templates are parsed once; every use copies them, so no node is ever shared between two places
in a tree (a later pass rewriting one copy cannot corrupt another).
"""

from __future__ import annotations

import copy

import gast


def slice_as_value(node):
    """``a:b`` is only valid inside ``x[...]``; elsewhere it must be spelled ``slice(a, b, None)``."""
    if isinstance(node, gast.Slice):
        none = gast.Constant(value=None, kind=None)
        parts = [
            copy.deepcopy(p) if p is not None else none
            for p in (node.lower, node.upper, node.step)
        ]
        return gast.Call(
            func=gast.Name(id="slice", ctx=gast.Load(), annotation=None, type_comment=None),
            args=parts,
            keywords=[],
        )
    if isinstance(node, gast.Tuple):
        return gast.Tuple(elts=[slice_as_value(e) for e in node.elts], ctx=gast.Load())
    return node


class _Replacer(gast.NodeTransformer):
    def __init__(self, mapping):
        self.mapping = mapping
        self.in_index = False

    def visit_Subscript(self, node):
        node.value = self.visit(node.value)
        saved, self.in_index = self.in_index, True
        node.slice = self.visit(node.slice)
        self.in_index = saved
        return node

    def visit_Call(self, node):
        saved, self.in_index = self.in_index, False
        self.generic_visit(node)
        self.in_index = saved
        return node

    def visit_Name(self, node):
        if node.id not in self.mapping:
            return node
        new = self.mapping[node.id]
        if isinstance(new, str):
            return gast.Name(id=new, ctx=node.ctx, annotation=None, type_comment=None)
        if not isinstance(node.ctx, gast.Load):
            raise ValueError(f"cannot store into the expression bound to {node.id}")
        new = copy.deepcopy(new)
        return new if self.in_index else slice_as_value(new)


def substitute(nodes, mapping: dict):
    """Deep-copy ``nodes`` (a node or a list) replacing names per ``mapping`` (name -> str | expr)."""
    if isinstance(nodes, (list, tuple)):
        return [substitute(n, mapping) for n in nodes]
    return _Replacer(mapping).visit(copy.deepcopy(nodes))


def clone(node):
    """A deep copy of a node (annotations that are shared facts, like callees, stay shared)."""
    return copy.deepcopy(node)


def names_in(node, ctx=None) -> set[str]:
    """Every name used in ``node`` (only loads / stores when ``ctx`` is gast.Load / gast.Store)."""
    nodes = node if isinstance(node, (list, tuple)) else [node]
    found = set()
    for n in nodes:
        for child in gast.walk(n):
            if isinstance(child, gast.Name) and (ctx is None or isinstance(child.ctx, ctx)):
                found.add(child.id)
    return found
