"""Structured values: pytrees, and what a differentiable argument is made of.

The pytree API (exported as ``s2s.tree_flatten`` and friends) follows ``jax.tree_util`` without
depending on JAX: a tree is a leaf or a node (see ``tree_registry.py`` for which values are
nodes) whose children are trees; ``tree_flatten`` lists the leaves left to right and keeps the
rest in a ``TreeDef``, ``tree_unflatten`` puts leaves back into it. It is exported for users
and meant for s2s's API layer, to take structured arguments apart and rebuild gradients.

Leaves and static values, exactly:

* tuple, list and dict items are children whatever they are: an int in a list is a leaf, as in
  JAX. Dicts give their values in sorted key order and come back with their keys sorted.
* named tuples: every field is a child; the class is kept.
* dataclasses: a field (``init=True``) holding None, a bool, an int or a str is *static*: it is
  kept in the ``TreeDef`` (shown ``n=3``) and is no leaf; any other value (an array, a float, a
  container, another dataclass) is a child. Rebuilding calls the constructor.
* None is a node with no children (no leaf); everything else not registered is a leaf.

The second part, the helpers at the end, answers the questions the wrapper ``s2s.grad``
returns asks of the arguments it is called with, to pick the derivative specialized to them and
to tell which arguments ``s2s.vjp`` differentiates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from .tree_registry import NodeType, node_type, register_pytree

__all__ = [
    "TreeDef",
    "tree_flatten",
    "tree_unflatten",
    "tree_map",
    "tree_leaves",
    "tree_structure",
    "register_pytree",
]


class TreeDef:
    """The structure of a pytree: its nodes with their types and aux data, the leaves left out
    (``*`` in the repr: ``TreeDef(Params(W=*, b=*, n=3))``).

    Compared and hashed by value, so it can key a cache. It pickles, with classes by reference:
    a class registered with ``register_pytree`` must be registered again in the process that
    unpickles it before ``tree_unflatten`` can rebuild it.
    """

    __slots__ = ("kind", "aux", "children", "num_leaves", "_hash")

    def __init__(self, kind: type | None, aux: Any = None, children: tuple[TreeDef, ...] = ()):
        self.kind = kind  # the node's exact type; None for a leaf
        self.aux = aux
        self.children = children
        self.num_leaves: int = 1 if kind is None else sum(c.num_leaves for c in children)
        self._hash: int | None = None

    def __reduce__(self):
        # not the cached hash: str hashes differ from one process to the next
        return (TreeDef, (self.kind, self.aux, self.children))

    def __eq__(self, other):
        if self is other:
            return True
        if not isinstance(other, TreeDef):
            return NotImplemented
        return (
            self.kind is other.kind
            and self.num_leaves == other.num_leaves
            and self.aux == other.aux
            and self.children == other.children
        )

    def __hash__(self):
        if self._hash is None:
            self._hash = hash((self.kind, self.aux, self.children))
        return self._hash

    def __repr__(self):
        return f"TreeDef({self._show()})"

    def _show(self) -> str:
        if self.kind is None:
            return "*"
        return _node(self.kind).show(self.kind, self.aux, [c._show() for c in self.children])


_LEAF = TreeDef(None)


def _node(kind: type) -> NodeType:
    found = node_type(kind)
    if found is None:
        raise ValueError(
            f"{kind.__qualname__} is not a pytree node here: a class registered with "
            "register_pytree must be registered in this process too"
        )
    return found


def tree_flatten(tree) -> tuple[list, TreeDef]:
    """``(leaves, treedef)``: the leaves of ``tree`` left to right, and its structure."""
    out: list = []
    treedef = _flatten(tree, out)
    return out, treedef


def _flatten(tree, out: list) -> TreeDef:
    node = node_type(type(tree))
    if node is None:
        out.append(tree)
        return _LEAF
    children, aux = node.flatten(tree)
    return TreeDef(type(tree), aux, tuple(_flatten(child, out) for child in children))


def tree_leaves(tree) -> list:
    """The leaves of ``tree`` in ``tree_flatten``'s order, without building a ``TreeDef``."""
    out: list = []
    _collect(tree, out)
    return out


def _collect(tree, out: list) -> None:
    node = node_type(type(tree))
    if node is None:
        out.append(tree)
    else:
        for child in node.flatten(tree)[0]:
            _collect(child, out)


def tree_structure(tree) -> TreeDef:
    """The ``TreeDef`` of ``tree``."""
    return tree_flatten(tree)[1]


def tree_unflatten(treedef: TreeDef, leaves: Iterable) -> Any:
    """The tree of structure ``treedef`` with ``leaves`` in its leaves' places (JAX's argument
    order), rebuilt with the same types: named tuple and dataclass classes, registered classes
    through their ``unflatten`` with their aux data."""
    if not isinstance(treedef, TreeDef):
        raise TypeError(f"tree_unflatten expects a TreeDef first, got {type(treedef).__name__}")
    items = list(leaves)
    if len(items) != treedef.num_leaves:
        raise ValueError(
            f"tree_unflatten: {treedef!r} has {treedef.num_leaves} "
            f"leaves, {len(items)} were given"
        )
    return _build(treedef, iter(items))


def _build(treedef: TreeDef, items) -> Any:
    if treedef.kind is None:
        return next(items)
    children = [_build(child, items) for child in treedef.children]
    return _node(treedef.kind).build(treedef.kind, treedef.aux, children)


def tree_map(fn: Callable, tree, *rest) -> Any:
    """``tree`` with ``fn(leaf, *others)`` at each leaf, ``others`` taken from the trees in
    ``rest`` at the same place.

    As in JAX, the result has the structure of ``tree``, and each tree in ``rest`` must have that
    structure or have it as a prefix: where ``tree`` has a leaf, the whole subtree found there in
    ``rest`` is passed to ``fn``. Anything else raises ``ValueError`` naming the place.
    """
    leaves, treedef = tree_flatten(tree)
    others = []
    for i, other in enumerate(rest):
        found: list = []
        _flatten_up_to(treedef, other, "", found, f"tree_map: rest[{i}]")
        others.append(found)
    return _build(treedef, iter([fn(*xs) for xs in zip(leaves, *others)]))


def _flatten_up_to(treedef: TreeDef, tree, path: str, out: list, who: str) -> None:
    """The subtrees of ``tree`` at the places of ``treedef``'s leaves, into ``out``."""
    if treedef.kind is None:
        out.append(tree)
        return
    node = node_type(type(tree))
    children, aux = node.flatten(tree) if node is not None else ((), None)
    children = list(children)  # a registered flatten may give any iterable
    if (
        node is None
        or type(tree) is not treedef.kind
        or aux != treedef.aux
        or len(children) != len(treedef.children)
    ):
        expected = TreeDef(treedef.kind, treedef.aux, (_LEAF,) * len(treedef.children))
        got = (
            f"a leaf of type {type(tree).__name__}"
            if node is None
            else TreeDef(type(tree), aux, (_LEAF,) * len(children))._show()
        )
        raise ValueError(
            f"{who} does not have the structure of the first tree at "
            f"{path or 'the top'}: expected {expected._show()}, got {got}"
        )
    for i, (sub, child) in enumerate(zip(treedef.children, children)):
        _flatten_up_to(sub, child, path + node.key(treedef.aux, i), out, who)


# -- what a differentiable argument is made of (the wrapper's questions) ---------------------

#: Containers a differentiated argument may be: its derivative treats it as one (an adjoint per
#: item) and returns its gradient in the same structure.
CONTAINER_KINDS = {tuple: "tuple", list: "list", dict: "dict"}


def container_kind(value) -> str | None:
    """``"tuple"``, ``"list"`` or ``"dict"`` for a container (subclasses included), else None."""
    for kind, name in CONTAINER_KINDS.items():
        if isinstance(value, kind):
            return name
    return None


def leaves(value):
    """The leaves of ``value``, the containers a derivative supports walked through: tuple, list
    and dict, subclasses included, dicts in their own order. Not ``tree_leaves``: what it walks
    is what the generated derivative can take apart."""
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def is_float_leaf(value) -> bool:
    """A value with a derivative: a float or complex number or array (not bool, int, str)."""
    if isinstance(value, (float, complex)):
        return True
    dtype = getattr(value, "dtype", None)
    return isinstance(value, (np.ndarray, np.generic)) and dtype is not None and dtype.kind in "fc"


def has_float_leaf(value) -> bool:
    """Does ``value`` (a leaf or a container) hold anything to differentiate?"""
    return any(is_float_leaf(leaf) for leaf in leaves(value))
