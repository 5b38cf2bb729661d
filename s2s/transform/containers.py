"""Reverse mode for Python containers: tuple unpacking, list ``append``, and items of lists,
tuples and dicts.

A container's adjoint is a container of the same kind: a list for a tuple or list (entries never
reached are ``0.0``), a dict for a dict. Helpers in ``templates/helpers/cotangents.py`` build and
add them (``pack_like``, ``add_at``, ``add_cotangents``, ``cotangent_item``), so the same code also
works when the "container" turns out to be an array at run time.
"""

from __future__ import annotations

import gast
import numpy as np

from ..annotations import Anno, get_anno
from ..nodes import assign, call, comment, const, load, walk_statements
from ..substitute import clone, names_in, slice_as_value
from .steps import Step

#: NumPy functions returning a list or tuple of arrays (whose shapes may differ): their
#: results are containers, with one cotangent per item.
SEQUENCE_RESULTS = frozenset(
    {
        np.split,
        np.array_split,
        np.hsplit,
        np.vsplit,
        np.dsplit,
        np.meshgrid,
        np.broadcast_arrays,
        np.linalg.eigh,
        np.linalg.svd,
        np.linalg.qr,
        np.linalg.slogdet,
        np.linalg.eig,
    }
)


def _returns_sequence(value) -> bool:
    callee = get_anno(value, Anno.CALLEE, None) if isinstance(value, gast.Call) else None
    return callee is not None and any(callee.value is f for f in SEQUENCE_RESULTS)


def container_names(body, given=frozenset()) -> set[str]:
    """Names bound to a tuple, list or dict literal, to ``list(...)``/``tuple(...)`` or a NumPy
    function returning a sequence (``np.split``), appended to, unpacked (``a, b = t``) or read by
    a string key (``d["W"]``): their adjoints add with ``add_cotangents``, not ``+``. A plain
    copy ``a = b`` (what inlining a helper makes of its parameter, ``params2 = params``) shares
    the container-ness of the name it copies, both ways: otherwise a dict passed to a helper
    would get an array's adjoint (``np.add.at(d, "W", ...)``). ``given``: names known to hold
    containers (differentiated arguments called with one).
    """
    found = set(given)
    copies = []
    for node in walk_statements(body):
        if isinstance(node, gast.Assign):
            target, value = node.targets[0], node.value
            if isinstance(target, gast.Name) and isinstance(value, gast.Name):
                copies.append((target.id, value.id))
            if (
                isinstance(value, gast.Subscript)
                and isinstance(value.value, gast.Name)
                and isinstance(value.slice, gast.Constant)
                and isinstance(value.slice.value, str)
            ):  # v = d["key"]: a dict
                found.add(value.value.id)
            if isinstance(target, gast.Name) and (
                isinstance(value, (gast.Tuple, gast.List, gast.Dict))
                or isinstance(value, gast.Call)
                and isinstance(value.func, gast.Name)
                and value.func.id in ("list", "tuple", "dict")
                or _returns_sequence(value)
            ):
                found.add(target.id)
            if isinstance(target, gast.Tuple) and isinstance(value, gast.Name):
                found.add(value.id)
            if (
                isinstance(target, gast.Subscript)
                and isinstance(target.slice, gast.Constant)
                and isinstance(target.slice.value, str)
            ):  # d["key"] = v: a dict
                found.add(target.value.id)
        elif (
            isinstance(node, gast.For)
            and isinstance(node.iter, gast.Name)
            and any(
                isinstance(n, gast.Subscript)
                and isinstance(n.value, gast.Name)
                and n.value.id == node.iter.id
                and isinstance(n.slice, gast.Name)
                and n.slice.id in names_in(node.target, gast.Store)
                for n in gast.walk(gast.Module(body=node.body, type_ignores=[]))
            )
        ):
            found.add(node.iter.id)  # for k in d: d[k] (a dict, or a list read by its items)
        elif is_append(node) or is_list_method(node, "insert"):
            found.add(node.value.func.value.id)
        if is_list_method(node, "pop"):
            found.add(node.value.func.value.id)
    changed = True
    while changed:  # copies of copies
        changed = False
        for a, b in copies:
            if (a in found) != (b in found):
                found |= {a, b}
                changed = True
    return found


def is_append(stmt) -> bool:
    """``lst.append(v)`` on a local name, as a statement."""
    return (
        isinstance(stmt, gast.Expr)
        and isinstance(stmt.value, gast.Call)
        and isinstance(stmt.value.func, gast.Attribute)
        and stmt.value.func.attr == "append"
        and isinstance(stmt.value.func.value, gast.Name)
        and len(stmt.value.args) == 1
        and not stmt.value.keywords
    )


class UnpackStep(Step):
    """``a, b = t``: ``dt`` gets ``pack_like(t, [da, db])`` (None for a part not reached)."""

    def __init__(self, transformer, stmt, point, forward):
        super().__init__(forward, point)
        self.transformer, self.stmt = transformer, stmt
        self.line = get_anno(stmt, Anno.LINE)

    def backward(self, state):
        target, source = self.stmt.targets[0], self.stmt.value.id
        names = [e.id for e in target.elts]
        if all(state.is_zero(n) for n in names):
            for n in names:
                state.reset(n)
            return self.restore()
        parts = [const(None) if state.is_zero(n) else load(state.adjoint(n)) for n in names]
        for n in names:
            state.reset(n)
        out = [comment(self.line)]
        if source in self.transformer.active:
            packed = call(
                self.transformer.helper("pack_like"),
                load(source),
                gast.List(elts=parts, ctx=gast.Load()),
            )
            out.append(state.contribute(source, packed, self.line))
        return out + self.restore()


class AppendStep(Step):
    """``lst.append(v)``: ``v`` gets the last entry of ``dlst``; the backward sweep then undoes
    the append (``lst.pop()``, ``dlst = dlst[:-1]``), restoring the list as it was before."""

    def __init__(self, transformer, stmt):
        super().__init__([stmt])
        self.transformer, self.stmt = transformer, stmt
        self.line = get_anno(stmt, Anno.LINE)
        self.lst = stmt.value.func.value.id
        self.value = stmt.value.args[0]

    def backward(self, state):
        lst = self.lst
        undo = gast.Expr(value=call(gast.Attribute(value=load(lst), attr="pop", ctx=gast.Load())))
        if state.is_zero(lst):
            return [undo]
        d = load(state.adjoint(lst))
        out = [comment(self.line)]
        if isinstance(self.value, gast.Name) and self.value.id in self.transformer.active:
            last = gast.BinOp(left=call("len", load(lst)), op=gast.Sub(), right=const(1))
            out.append(
                state.contribute(
                    self.value.id,
                    call(self.transformer.helper("cotangent_item"), d, last),
                    self.line,
                )
            )
        shorter = gast.Subscript(
            value=load(state.adjoint(lst)),
            slice=gast.Slice(None, const(-1), None),
            ctx=gast.Load(),
        )
        out.append(assign(state.adjoint(lst), shorter, self.line))
        return out + [undo]


def is_list_method(stmt, method) -> bool:
    """``lst.<method>(...)`` on a local name, as a statement or assigned to a name."""
    value = getattr(stmt, "value", None)
    return (
        isinstance(stmt, (gast.Expr, gast.Assign))
        and isinstance(value, gast.Call)
        and isinstance(value.func, gast.Attribute)
        and value.func.attr == method
        and isinstance(value.func.value, gast.Name)
        and not value.keywords
    )


class InsertStep(Step):
    """``lst.insert(i, v)``: ``v`` gets ``dlst[i]``; undone by ``lst.pop(i)``."""

    def __init__(self, transformer, stmt):
        super().__init__([stmt])
        self.transformer, self.stmt = transformer, stmt
        self.line = get_anno(stmt, Anno.LINE)
        self.lst = stmt.value.func.value.id
        self.index, self.value = stmt.value.args

    def backward(self, state):
        lst, index = self.lst, clone(self.index)
        undo = gast.Expr(
            value=call(
                gast.Attribute(value=load(lst), attr="pop", ctx=gast.Load()), clone(self.index)
            )
        )
        if state.is_zero(lst):
            return [undo]
        d = load(state.adjoint(lst))
        out = [comment(self.line)]
        if isinstance(self.value, gast.Name) and self.value.id in self.transformer.active:
            item = call(self.transformer.helper("cotangent_item"), d, index)
            out.append(state.contribute(self.value.id, item, self.line))
        out.append(
            assign(
                state.adjoint(lst),
                call(
                    self.transformer.helper("removed_at"),
                    load(state.adjoint(lst)),
                    clone(self.index),
                ),
                self.line,
            )
        )
        return out + [undo]


class PopStep(Step):
    """``v = lst.pop(i)``: undone by putting ``v`` back; ``dv`` goes back into ``dlst`` there."""

    def __init__(self, transformer, stmt, point, forward):
        super().__init__(forward, point)
        self.transformer, self.stmt = transformer, stmt
        self.line = get_anno(stmt, Anno.LINE)
        self.lst = stmt.value.func.value.id
        self.target = stmt.targets[0].id
        self.index = stmt.value.args[0] if stmt.value.args else const(-1)

    def backward(self, state):
        lst, v = self.lst, self.target
        position = self.transformer.namer.fresh("position")
        out = [
            comment(self.line),
            assign(
                position,
                call(self.transformer.helper("undo_pop"), load(lst), clone(self.index), load(v)),
                self.line,
            ),
        ]
        if not state.is_zero(v) or not state.is_zero(lst):
            base = (
                gast.BinOp(
                    left=gast.List(elts=[const(0.0)], ctx=gast.Load()),
                    op=gast.Mult(),
                    right=gast.BinOp(left=call("len", load(lst)), op=gast.Sub(), right=const(1)),
                )
                if state.is_zero(lst)
                else load(state.adjoint(lst))
            )
            popped = const(0.0) if state.is_zero(v) else load(state.adjoint(v))
            out.append(
                assign(
                    state.adjoint(lst),
                    call(self.transformer.helper("inserted_at"), base, load(position), popped),
                    self.line,
                )
            )
            state.received(lst)
        state.reset(v)
        return out + self.restore()


def container_item_scatter(transformer, name, index, target_adjoint, line):
    """``y = lst[i]`` on a container: ``dlst = add_at(dlst, lst, i, dy)`` (a new container)."""

    def scatter(state):
        current = const(None) if state.is_zero(name) else load(state.adjoint(name))
        value = call(
            transformer.helper("add_at"),
            current,
            load(name),
            slice_as_value(clone(index)),
            load(target_adjoint),
        )
        state.received(name)
        return [assign(state.adjoint(name), value, line)]

    return scatter


def dict_contributions(transformer, value, d):
    """``x = {'a': v, ...}``: each value gets ``cotangent_item(dx, 'a')``."""
    pairs = []
    for key, item in zip(value.keys, value.values):
        if key is None:
            continue
        pairs.append((item, call(transformer.helper("cotangent_item"), load(d), clone(key))))
    return pairs
