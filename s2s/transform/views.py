"""Writes through views: refused, because s2s gives each name its own adjoint.

``w = v`` (or ``w = v[1:]``, ``v.T``, ``v.reshape(...)``, a row ``v[i]``...) makes ``w`` share
memory with ``v``; then ``w[0] = ...`` changes ``v`` too. The reverse sweep follows stores into the
name written (``dw``) but not into the other name, so a later read of ``v`` would get a gradient
for values it never had: a plausible wrong number. Such a store is refused when the other name of
the pair is read after it (in the same pass of a loop or a later one) while the pair still
shares memory (neither name rebound in between). ``B[i][j] = x`` is the common case (``B[i]`` is
a view of ``B``): written ``B[i, j] = x``, it is an ordinary store.

Statements are numbered in the order they appear (nested ones included); a loop's body runs
again after its last statement, so positions inside a loop also reach its earlier ones.
"""

from __future__ import annotations

import gast

from ..analysis.activity import active_names
from ..annotations import Anno, get_anno
from ..errors import UnsupportedError
from ..substitute import names_in

_VIEW_METHODS = frozenset({"reshape", "ravel", "transpose", "swapaxes", "squeeze", "view",
                           "diagonal"})
_VIEW_FUNCTIONS = frozenset({"reshape", "ravel", "transpose", "swapaxes", "squeeze",
                             "expand_dims", "moveaxis", "asarray", "asanyarray", "atleast_1d",
                             "atleast_2d", "atleast_3d", "flip", "fliplr", "flipud", "rot90"})


def _viewed(value) -> tuple[str, bool] | None:
    """The name whose memory ``value`` may share (a copy of the reference, a basic index, a
    transpose, a reshaping call), and whether it certainly does; else None. ``x[i]`` is a view
    of a matrix's row but a copy of a vector's element: only writing into it is suspect."""
    if isinstance(value, gast.Name):
        return value.id, True
    if isinstance(value, gast.Subscript) and isinstance(value.value, gast.Name):
        parts = value.slice.elts if isinstance(value.slice, gast.Tuple) else [value.slice]
        if all(isinstance(p, (gast.Slice, gast.Name, gast.Constant)) for p in parts):
            return value.value.id, any(isinstance(p, gast.Slice) for p in parts)
    if isinstance(value, gast.Attribute) and value.attr in ("T", "real", "mT") \
            and isinstance(value.value, gast.Name):
        return value.value.id, True
    if isinstance(value, gast.Call) and value.args:
        callee = get_anno(value, Anno.CALLEE, None)
        if isinstance(value.func, gast.Attribute) and isinstance(value.func.value, gast.Name) \
                and callee is not None and callee.method in _VIEW_METHODS:
            return value.func.value.id, True
        fn = getattr(callee, "value", None)
        if getattr(fn, "__name__", None) in _VIEW_FUNCTIONS \
                and getattr(fn, "__module__", "").startswith("numpy") \
                and isinstance(value.args[0], gast.Name):
            return value.args[0].id, True
    return None


class _Program:
    """Simple statements and loop headers numbered in order, with what each reads and binds."""

    def __init__(self, body):
        self.reads, self.binds, self.loops, self.stmts = [], [], [], []
        self._number(body)

    def _add(self, stmt, reads, binds):
        self.stmts.append(stmt)
        self.reads.append(reads)
        self.binds.append(binds)
        return len(self.stmts) - 1

    def _number(self, body):
        for stmt in body:
            if isinstance(stmt, (gast.For, gast.While)):
                header = stmt.iter if isinstance(stmt, gast.For) else stmt.test
                target = names_in(stmt.target, gast.Store) if isinstance(stmt, gast.For) else set()
                start = self._add(stmt, names_in(header, gast.Load), target)
                self._number(stmt.body)
                self.loops.append((start, len(self.stmts) - 1))
                self._number(stmt.orelse)
            elif isinstance(stmt, gast.If):
                self._add(stmt, names_in(stmt.test, gast.Load), set())
                self._number(stmt.body)
                self._number(stmt.orelse)
            else:
                stored = stmt.targets[0] if isinstance(stmt, gast.Assign) else None
                binds = names_in(stored, gast.Store) if isinstance(stored, (gast.Name, gast.Tuple)) \
                    else set()
                self._add(stmt, names_in(stmt, gast.Load), binds)

    def _between(self, a, b, names):
        """Is one of ``names`` rebound on the way from position ``a`` to ``b`` (exclusive)? When
        ``b <= a`` the way goes round the innermost loop holding both."""
        if a < b:
            span = range(a + 1, b)
        else:
            loop = self._loop(a, b)
            if loop is None:
                return True  # no way round: b is never reached from a
            span = list(range(a + 1, loop[1] + 1)) + list(range(loop[0], b))
        return any(self.binds[i] & names for i in span)

    def _loop(self, a, b):
        holding = [(s, e) for s, e in self.loops if s <= a <= e and s <= b <= e]
        return min(holding, key=lambda l: l[1] - l[0]) if holding else None

    def arity(self) -> dict:
        """name -> the most indices it is subscripted with (``M[i, j]``: 2, so ``M`` has at
        least two axes and ``M[i]`` is a view of a row, not a copied element)."""
        most = {}
        for stmt in self.stmts:
            for node in gast.walk(stmt):
                if isinstance(node, gast.Subscript) and isinstance(node.value, gast.Name):
                    parts = node.slice.elts if isinstance(node.slice, gast.Tuple) else [node.slice]
                    if all(isinstance(p, (gast.Slice, gast.Name)) or isinstance(p, gast.Constant)
                           and type(p.value) is int for p in parts):
                        most[node.value.id] = max(most.get(node.value.id, 0), len(parts))
        return most

    def check(self, where, active):
        arity = self.arity()
        pairs = []  # (position, view, base, certainly a view)
        for i, stmt in enumerate(self.stmts):
            if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name):
                found = _viewed(stmt.value)
                if found is not None and found[0] != stmt.targets[0].id:
                    certain = found[1] or isinstance(stmt.value, gast.Subscript) and arity.get(
                        found[0], 0) > _count(stmt.value.slice)  # fewer indices than axes
                    pairs.append((i, stmt.targets[0].id, found[0], certain))
            if isinstance(stmt, gast.For) and isinstance(stmt.target, gast.Name) \
                    and isinstance(stmt.iter, gast.Name):  # for row in M: a row is a view
                pairs.append((i, stmt.target.id, stmt.iter.id, False))
        for p, stmt in enumerate(self.stmts):
            if not (isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Subscript)
                    and isinstance(stmt.targets[0].value, gast.Name)):
                continue
            written = stmt.targets[0].value.id
            differentiated = (names_in(stmt.value, gast.Load) | {written}) & active
            for d, a, b, certain in pairs:
                if written != a and not (written == b and certain):
                    continue
                if not (differentiated or active & {a, b}):
                    continue
                other = b if written == a else a
                if d == p or self._between(d, p, {a, b}):
                    continue  # the pair no longer shares memory when the store runs
                for q, reads in enumerate(self.reads):
                    if other in reads and q != p and not self._between(p, q, {a, b}):
                        raise UnsupportedError(
                            f"{where(stmt)}: this store writes into an array that shares memory "
                            f"with '{other}' (a view of it, or another name for it), and "
                            f"'{other}' is read afterwards: s2s cannot follow a write through a "
                            f"view; index the array itself ('{other}[i, j] = ...' rather than "
                            f"'{other}[i][j] = ...'), or make a copy first (.copy())")


def _count(index) -> int:
    return len(index.elts) if isinstance(index, gast.Tuple) else 1


def refuse_writes_through_views(body, wrt) -> None:
    """Raise a located UnsupportedError for a store whose effect on another name s2s would miss,
    where what is stored, or one of the two names, depends on ``wrt``. (Varied, not active: a
    write through a view is exactly what activity analysis cannot see reach the output.)"""
    module = gast.Module(body=body, type_ignores=[])
    varied = active_names(module, wrt, names_in(module, gast.Store) | set(wrt))
    _Program(body).check(_where, varied)


def _where(stmt) -> str:
    origin, lineno = get_anno(stmt, Anno.LINE)
    return origin.location(lineno)
