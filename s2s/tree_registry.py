"""Which values are pytree *nodes*, and how each kind of node is taken apart and rebuilt.

A node type says how to split a value into its children and *aux* (what else rebuilding it
needs: dict keys, a dataclass's static fields, a registered class's own data), how to rebuild it,
and how to show it. ``trees.py`` walks values with these and never asks about types itself.

Lookup is by exact type, as in JAX: the registry first (built-in containers and
``register_pytree``), then two families recognized by their class: named tuples and dataclasses.
A subclass of a registered class, or of ``tuple``/``list``/``dict`` that is not a named tuple,
is a leaf unless it is registered itself.
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Callable, Hashable, Sequence
from typing import Any


@dataclasses.dataclass(frozen=True)
class NodeType:
    """How one kind of node is flattened, rebuilt and shown.

    ``flatten(obj) -> (children, aux)`` as in JAX; ``build(cls, aux, children) -> obj`` is JAX's
    ``unflatten(aux, children)`` told the class too (one node type serves every named tuple and
    every dataclass). ``show(cls, aux, parts)`` writes the node with its children already written
    (``parts``) for ``TreeDef``'s repr; ``key(aux, i)`` is the path step to child ``i`` for error
    messages (``[0]``, ``['W']``, ``.b``).
    """

    flatten: Callable[[Any], tuple[Sequence, Any]]
    build: Callable[[type, Any, list], Any]
    show: Callable[[type, Any, list], str]
    key: Callable[[Any, int], str]


def _index(aux, i: int) -> str:
    return f"[{i}]"


def _dict_keys(d: dict) -> tuple:
    """Keys in sorted order (JAX's order: equal dicts flatten alike whatever their insertion
    order); keys that do not sort with each other keep their insertion order."""
    try:
        return tuple(sorted(d))
    except TypeError:
        return tuple(d)


def _show_items(keys, parts) -> str:
    return "{" + ", ".join(f"{k!r}: {p}" for k, p in zip(keys, parts)) + "}"


def _show_tuple(cls, aux, parts) -> str:
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


_REGISTRY: dict[type, NodeType] = {
    tuple: NodeType(lambda t: (t, None), lambda cls, aux, c: tuple(c), _show_tuple, _index),
    list: NodeType(
        lambda t: (t, None),
        lambda cls, aux, c: list(c),
        lambda cls, aux, p: f"[{', '.join(p)}]",
        _index,
    ),
    dict: NodeType(
        lambda d: ([d[k] for k in _dict_keys(d)], _dict_keys(d)),
        lambda cls, keys, c: dict(zip(keys, c)),
        lambda cls, keys, p: _show_items(keys, p),
        lambda keys, i: f"[{keys[i]!r}]",
    ),
    # None is a node with no children (as in JAX): it holds no leaf and comes back as None
    type(None): NodeType(
        lambda n: ((), None), lambda cls, aux, c: None, lambda cls, aux, p: "None", _index
    ),
    # an OrderedDict's order is part of its value: its keys stay in insertion order
    collections.OrderedDict: NodeType(
        lambda d: (list(d.values()), tuple(d)),
        lambda cls, keys, c: collections.OrderedDict(zip(keys, c)),
        lambda cls, keys, p: f"OrderedDict({_show_items(keys, p)})",
        lambda keys, i: f"[{keys[i]!r}]",
    ),
    collections.defaultdict: NodeType(
        lambda d: ([d[k] for k in _dict_keys(d)], (d.default_factory, _dict_keys(d))),
        lambda cls, aux, c: collections.defaultdict(aux[0], zip(aux[1], c)),
        lambda cls, aux, p: f"defaultdict({getattr(aux[0], '__name__', aux[0])}, "
        f"{_show_items(aux[1], p)})",
        lambda aux, i: f"[{aux[1][i]!r}]",
    ),
}


def register_pytree(
    cls: type,
    flatten: Callable[[Any], tuple[Sequence, Hashable]],
    unflatten: Callable[[Hashable, Sequence], Any],
) -> None:
    """Make instances of ``cls`` (exactly ``cls``, not its subclasses: JAX's rule) pytree nodes.

    ``flatten(obj) -> (children, aux)``: the children are walked further; ``aux`` is everything
    else needed to rebuild the object and is kept in the ``TreeDef``, so it should be hashable and
    compare with ``==`` (no arrays). ``unflatten(aux, children) -> obj`` rebuilds it. Registering
    a class twice raises ``ValueError``; a registration takes precedence over the dataclass and
    named tuple conventions, so it is also how to treat such a class differently.
    """
    if not isinstance(cls, type):
        raise TypeError(f"register_pytree expects a class, got {cls!r}")
    if cls in _REGISTRY:
        raise ValueError(f"{cls.__module__}.{cls.__qualname__} is already registered as a pytree")

    def show(c, aux, parts):
        return f"{c.__name__}[{aux!r}](" + ", ".join(parts) + ")"

    _REGISTRY[cls] = NodeType(
        flatten, lambda c, aux, children: unflatten(aux, children), show, _index
    )


# -- named tuples: every field is a child, the class is kept (the aux is the field names) -------


def _is_namedtuple(cls: type) -> bool:
    return issubclass(cls, tuple) and isinstance(getattr(cls, "_fields", None), tuple)


_NAMEDTUPLE = NodeType(
    lambda t: (t, t._fields),
    lambda cls, names, c: cls(*c),
    lambda cls, names, parts: f"{cls.__name__}("
    + ", ".join(f"{n}={p}" for n, p in zip(names, parts))
    + ")",
    lambda names, i: f".{names[i]}",
)


# -- dataclasses: array-like fields are children, plain Python values are static ---------------


@dataclasses.dataclass(frozen=True)
class Static:
    """A dataclass field's static value, kept in the ``TreeDef``. Compared with its type, so that
    ``n=1`` and ``n=True`` are different structures."""

    value: Any

    def __eq__(self, other):
        return (
            isinstance(other, Static)
            and type(self.value) is type(other.value)
            and self.value == other.value
        )

    def __hash__(self):
        return hash((type(self.value), self.value))


def is_static(value) -> bool:
    """A dataclass field holding this stays as it is (no leaf): None, a bool, int or str.

    Only the Python types: a NumPy integer or an int array is a leaf. The rule reads the field's
    own value; an int inside a tuple field is a leaf of that tuple, as anywhere else."""
    return value is None or isinstance(value, (bool, int, str))


def _flatten_dataclass(obj) -> tuple[list, tuple]:
    """Children: the ``init=True`` fields that are not static, in declaration order. The aux lists
    every such field as ``(name, Static(value))`` or ``(name, None)`` for a child. Fields with
    ``init=False`` are left out: the constructor (``__post_init__`` or their default) makes them
    again when the object is rebuilt."""
    layout: list[tuple[str, Static | None]] = []
    children = []
    for f in dataclasses.fields(obj):
        if not f.init:
            continue
        value = getattr(obj, f.name)
        if is_static(value):
            layout.append((f.name, Static(value)))
        else:
            layout.append((f.name, None))
            children.append(value)
    return children, tuple(layout)


def _build_dataclass(cls: type, layout: tuple, children: list):
    # the constructor, not object.__new__: frozen classes and __post_init__ work as usual
    items = iter(children)
    return cls(**{n: next(items) if s is None else s.value for n, s in layout})


def _show_dataclass(cls, layout, parts) -> str:
    items = iter(parts)
    fields = ", ".join(f"{n}={next(items) if s is None else repr(s.value)}" for n, s in layout)
    return f"{cls.__name__}({fields})"


def _dataclass_key(layout, i: int) -> str:
    return "." + [n for n, s in layout if s is None][i]


_DATACLASS = NodeType(_flatten_dataclass, _build_dataclass, _show_dataclass, _dataclass_key)


def node_type(cls: type) -> NodeType | None:
    """How values of exactly type ``cls`` are taken apart, or None: they are leaves."""
    found = _REGISTRY.get(cls)
    if found is not None:
        return found
    if _is_namedtuple(cls):
        return _NAMEDTUPLE
    if dataclasses.is_dataclass(cls):
        return _DATACLASS
    return None
