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
from ..annotations import Anno, get_anno, has_anno, set_anno
from ..errors import IN_PLACE_ALIAS, UnsupportedError
from ..nodes import blocks, dotted, load, walk_statements
from ..normalize.resolve_callees import Callee
from ..substitute import names_in
from .containers import is_append

_VIEW_METHODS = frozenset(
    {"reshape", "ravel", "transpose", "swapaxes", "squeeze", "view", "diagonal"}
)
_VIEW_FUNCTIONS = frozenset(
    {
        "reshape",
        "ravel",
        "transpose",
        "swapaxes",
        "squeeze",
        "expand_dims",
        "moveaxis",
        "asarray",
        "asanyarray",
        "atleast_1d",
        "atleast_2d",
        "atleast_3d",
        "flip",
        "fliplr",
        "flipud",
        "rot90",
    }
)


def viewed(value) -> tuple[str, bool] | None:
    """The name whose memory ``value`` may share (a copy of the reference, a basic index, a
    transpose, a reshaping call), and whether it certainly does; else None. ``x[i]`` is a view
    of a matrix's row but a copy of a vector's element: only writing into it is suspect."""
    if isinstance(value, gast.Name):
        return value.id, True
    if isinstance(value, gast.Subscript) and isinstance(value.value, gast.Name):
        parts = value.slice.elts if isinstance(value.slice, gast.Tuple) else [value.slice]
        if all(isinstance(p, (gast.Slice, gast.Name, gast.Constant)) for p in parts):
            return value.value.id, any(isinstance(p, gast.Slice) for p in parts)
    if (
        isinstance(value, gast.Attribute)
        and value.attr in ("T", "real", "mT")
        and isinstance(value.value, gast.Name)
    ):
        return value.value.id, True
    if isinstance(value, gast.Call) and value.args:
        callee = get_anno(value, Anno.CALLEE, None)
        if (
            isinstance(value.func, gast.Attribute)
            and isinstance(value.func.value, gast.Name)
            and callee is not None
            and callee.method in _VIEW_METHODS
        ):
            return value.func.value.id, True
        fn = getattr(callee, "value", None)
        if (
            getattr(fn, "__name__", None) in _VIEW_FUNCTIONS
            and getattr(fn, "__module__", "").startswith("numpy")
            and isinstance(value.args[0], gast.Name)
        ):
            return value.args[0].id, True
    return None


class _Program:
    """Simple statements and loop headers numbered in order, with what each reads and binds.

    ``y op= v`` on a name that may hold an array does not rebind it: NumPy changes the array in
    place, so it is a write into ``y``'s memory, like ``y[...] = ...``. Only on a name that is
    certainly a scalar (``scalars``) is it the rebinding it is for Python numbers.
    """

    def __init__(self, body, scalars=frozenset()):
        self.reads, self.binds, self.loops, self.stmts = [], [], [], []
        self.blocks = []  # per statement: the (compound statement, arm) blocks it sits in
        self.scalars = scalars
        self._number(body, ())

    def in_place(self, stmt) -> str | None:
        """The name ``stmt`` writes into in place (``y[i] = v``, or ``y op= v`` on an array)."""
        if not isinstance(stmt, gast.Assign):
            return None
        target = stmt.targets[0]
        if isinstance(target, gast.Subscript) and isinstance(target.value, gast.Name):
            return target.value.id
        if (
            isinstance(target, gast.Name)
            and has_anno(stmt, Anno.AUGMENTED)
            and target.id not in self.scalars
        ):
            return target.id
        return None

    def _add(self, stmt, reads, binds, blocks):
        self.stmts.append(stmt)
        self.reads.append(reads)
        self.binds.append(binds)
        self.blocks.append(blocks)
        return len(self.stmts) - 1

    def _number(self, body, blocks):
        for stmt in body:
            if isinstance(stmt, (gast.For, gast.While)):
                header = stmt.iter if isinstance(stmt, gast.For) else stmt.test
                target = names_in(stmt.target, gast.Store) if isinstance(stmt, gast.For) else set()
                start = self._add(stmt, names_in(header, gast.Load), target, blocks)
                self._number(stmt.body, blocks + ((id(stmt), "body"),))
                self.loops.append((start, len(self.stmts) - 1))
                self._number(stmt.orelse, blocks + ((id(stmt), "orelse"),))
            elif isinstance(stmt, gast.If):
                self._add(stmt, names_in(stmt.test, gast.Load), set(), blocks)
                self._number(stmt.body, blocks + ((id(stmt), "body"),))
                self._number(stmt.orelse, blocks + ((id(stmt), "orelse"),))
            else:
                stored = stmt.targets[0] if isinstance(stmt, gast.Assign) else None
                binds = (
                    names_in(stored, gast.Store)
                    if isinstance(stored, (gast.Name, gast.Tuple)) and self.in_place(stmt) is None
                    else set()
                )
                self._add(stmt, names_in(stmt, gast.Load), binds, blocks)

    def _between(self, a, b, names):
        """Is one of ``names`` certainly rebound on the way from position ``a`` to ``b``
        (exclusive)? When ``b <= a`` the way goes round the innermost loop holding both. A
        rebinding counts only where every block holding it also holds ``b``: one in a branch
        ``b`` is not in (or in a loop body that may not run) does not happen on every path."""
        if a < b:
            span = range(a + 1, b)
        else:
            loop = self._loop(a, b)
            if loop is None:
                return True  # no way round: b is never reached from a
            span = list(range(a + 1, loop[1] + 1)) + list(range(loop[0], b))
        return any(
            self.binds[i] & names and self.blocks[b][: len(self.blocks[i])] == self.blocks[i]
            for i in span
        )

    def _loop(self, a, b):
        holding = [(s, e) for s, e in self.loops if s <= a <= e and s <= b <= e]
        return min(holding, key=lambda span: span[1] - span[0]) if holding else None

    def arity(self) -> dict:
        """name -> the most indices it is subscripted with (``M[i, j]``: 2, so ``M`` has at
        least two axes and ``M[i]`` is a view of a row, not a copied element)."""
        most: dict = {}
        for stmt in self.stmts:
            for node in gast.walk(stmt):
                if isinstance(node, gast.Subscript) and isinstance(node.value, gast.Name):
                    parts = node.slice.elts if isinstance(node.slice, gast.Tuple) else [node.slice]
                    if all(
                        isinstance(p, (gast.Slice, gast.Name))
                        or isinstance(p, gast.Constant)
                        and type(p.value) is int
                        for p in parts
                    ):
                        most[node.value.id] = max(most.get(node.value.id, 0), len(parts))
        return most

    def relations(self):
        """``(position, a, b, test, both ways)``: from ``position`` on, ``a`` may share memory
        with ``b``; ``test`` is the name whose value being an array decides it at run time (a
        row ``M[i]`` is a view only if ``M`` has two axes or more), None when it is certain. A
        list holding an array sees changes to the array, not the other way round."""
        arity = self.arity()
        out = []
        for i, stmt in enumerate(self.stmts):
            if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name):
                found = viewed(stmt.value)
                target = stmt.targets[0].id
                if found is not None and found[0] != target:
                    certain = (
                        found[1]
                        or isinstance(stmt.value, gast.Subscript)
                        and arity.get(found[0], 0) > _count(stmt.value.slice)
                    )  # fewer indices than axes
                    out.append((i, target, found[0], None if certain else target, True))
            if (
                isinstance(stmt, gast.For)
                and isinstance(stmt.target, gast.Name)
                and isinstance(stmt.iter, gast.Name)
            ):  # for row in M: a row is a view
                out.append((i, stmt.target.id, stmt.iter.id, stmt.target.id, True))
            if is_append(stmt) and isinstance(stmt.value.args[0], gast.Name):
                item = stmt.value.args[0].id  # the list holds the item's object
                out.append((i, stmt.value.func.value.id, item, item, False))
        return self._transitive(out)

    def _transitive(self, relations):
        """Add what sharing implies when it starts: ``s = a`` then ``t = s`` makes ``t`` share
        ``a``'s memory for as long as ``t`` and ``a`` keep their objects, whatever ``s`` is
        rebound to later (``for row in S: S = -S`` walks the first ``S``); a list given a view
        (``lst.append(x[:3])``) holds its base's memory too."""
        out = []
        for d, a, b, test, both in relations:
            out.append((d, a, b, test, both))
            for other, via in self._sharing(b, d, list(out), store=False).items():
                if other != a:  # a list holding a view holds its base's memory too
                    out.append((d, a, other, test or via, both))
        return out

    def conflicts(self, active):
        """``(statement, name written, other name, test)`` for each write into memory another
        name may share and reads afterwards (``test`` as in ``relations``). A store
        (``y[i] = v``) follows one view; ``y op= v`` follows chains of them, and lists holding
        an array (``lst.append(row)``): it is refused at run time, where ``test`` is known."""
        relations = self.relations()
        for p, stmt in enumerate(self.stmts):
            written = self.in_place(stmt)
            if written is None:
                continue
            differentiated = (names_in(stmt.value, gast.Load) | {written}) & active
            store = not isinstance(stmt.targets[0], gast.Name)
            for other, test in self._sharing(written, p, relations, store).items():
                if store and not (differentiated or active & {written, other}):
                    continue  # a store is emitted as the store it is: only its derivative is lost
                # the write changed the memory ``other`` names: it shows in any read of
                # ``other`` before ``other`` is rebound (rebinding the written name undoes nothing)
                if any(
                    other in reads and q != p and not self._between(p, q, {other})
                    for q, reads in enumerate(self.reads)
                ):
                    yield stmt, written, other, test

    def _sharing(self, written, p, relations, store) -> dict:
        """Names that may share memory with ``written`` at position ``p`` -> the test of the
        first uncertain link on the way. A store follows one link, from a view to its base
        only if certain (an element of a vector is a copy)."""
        found, todo = {written: None}, [written]
        while todo:
            node = todo.pop()
            for d, a, b, test, both in relations:
                if node not in (a, b) or d == p or self._between(d, p, {a, b}):
                    continue
                other = b if node == a else a
                if other in found or not both and node == a:
                    continue  # a list holding an array sees the array change, not conversely
                if store and (node != written or both and node == b and test):
                    continue
                found[other] = found[node] or test
                todo.append(other)
        del found[written]
        return found


def _store_message(where, other) -> str:
    return (
        f"{where}: this store writes into an array that shares memory with '{other}' (a "
        f"view of it, another name for it, or a list holding it), and '{other}' is read "
        f"afterwards: s2s cannot follow a write through a view; index the array itself "
        f"('{other}[i, j] = ...' rather than '{other}[i][j] = ...'), or make a copy first "
        f"(.copy(), lst.append(x.copy()))"
    )


def _guard(where, stmt, written, shared, origin_line, np_name):
    """``if isinstance(y, np.ndarray): raise TypeError(...)`` before ``y op= v``: on a number
    it rebinds ``y`` (what s2s assumes), on an array it would change the other names that share
    it (``shared``: ``(name, test)`` pairs) too, which s2s cannot follow: refused there, at run
    time, at the user's line (``dispatch`` raises ``s2s.UnsupportedError`` for it; the generated
    code does not import s2s). Where sharing is only possible (``r = M[i]`` is a row if ``M``
    has two axes), the test is whether that name holds an array (a view), not a number."""
    op = get_anno(stmt, Anno.AUGMENTED)
    certain = [other for other, test in shared if test is None]
    other = (certain or [shared[0][0]])[0]
    tests = [written] if certain else list(dict.fromkeys(test for _, test in shared))
    message = f"{where}: '{written} {op} ...' {IN_PLACE_ALIAS} '{written}', which '{other}' shares"
    checks = []
    for name in tests:
        check = gast.Call(
            func=load("isinstance"), args=[load(name), dotted(f"{np_name}.ndarray")], keywords=[]
        )
        set_anno(check, Anno.CALLEE, Callee("isinstance", value=isinstance, resolved=True))
        checks.append(check)
    test = checks[0] if len(checks) == 1 else gast.BoolOp(op=gast.Or(), values=checks)
    error = gast.Call(
        func=load("TypeError"), args=[gast.Constant(value=message, kind=None)], keywords=[]
    )
    set_anno(error, Anno.CALLEE, Callee("TypeError", value=TypeError, resolved=True))
    guard = gast.If(test=test, body=[gast.Raise(exc=error, cause=None)], orelse=[])
    for node in (guard, guard.body[0]):
        set_anno(node, Anno.LINE, origin_line)
    set_anno(guard, Anno.GUARD, True)
    return guard


def _insert_guards(body, guards) -> None:
    """Put each guard right before its statement (found by identity, in nested blocks too)."""
    for block in blocks(body):
        for i in reversed(range(len(block))):
            guard = guards.get(id(block[i]))
            if guard is not None:
                block.insert(i, guard)


def _count(index) -> int:
    return len(index.elts) if isinstance(index, gast.Tuple) else 1


def refuse_writes_through_views(body, end, varied, args, np_name: str) -> None:
    """Raise a located UnsupportedError for a store whose effect on another name s2s would miss
    (``y op= v`` that may be one: a guard refusing it at run time if ``y`` is an array),
    where what is stored, or one of the two names, is ``varied`` (depends on the differentiated
    inputs; varied, not active: a write through a view is exactly what activity analysis cannot
    see reach the output). ``args``: the function's parameters (``float``/``int`` annotations
    say scalar); ``np_name``: the generated module's name for NumPy. Only ``body[:end]`` runs before the value is returned; guards go into ``body``.
    """
    found: dict = {}
    guarded: set = set()  # found: statement -> (written, [(other, test), ...])
    program = _Program(body[:end], certain_scalars(body[:end], args))
    for stmt, written, other, test in program.conflicts(varied):
        if not isinstance(stmt.targets[0], gast.Name):
            raise UnsupportedError(_store_message(where(stmt), other))
        if (written, other) in guarded:  # y op= v: past the first, y is a number: rebound
            continue
        guarded.add((written, other))
        found.setdefault(id(stmt), (stmt, written, []))[2].append((other, test))
    guards = {
        key: _guard(where(stmt), stmt, written, shared, get_anno(stmt, Anno.LINE), np_name)
        for key, (stmt, written, shared) in found.items()
    }
    _insert_guards(body, guards)


def varied_names(body, wrt) -> set[str]:
    """Names whose value depends on the differentiated inputs ``wrt``, useful or not."""
    module = gast.Module(body=body, type_ignores=[])
    return active_names(module, wrt, names_in(module, gast.Store) | set(wrt))


def certain_scalars(body, args) -> set[str]:
    """Names that hold Python or NumPy scalars on every path: annotated ``float``/``int``
    parameters, numeric literals, ``len``/``float``/``int``/``math`` calls and arithmetic of
    scalars (the greatest set whose every definition is one of these)."""
    scalars = {
        a.id
        for a in args
        if isinstance(getattr(a, "annotation", None), gast.Name)
        and a.annotation.id in ("float", "int")
    }
    defs: dict[str, list] = {a.id: [None] for a in args if a.id not in scalars}
    for stmt in walk_statements(body):
        if isinstance(stmt, gast.Assign):
            target = stmt.targets[0]
            value = stmt.value if isinstance(target, gast.Name) else None
            for name in names_in(target, gast.Store):
                defs.setdefault(name, []).append(value)
        elif isinstance(stmt, gast.For):
            for name in names_in(stmt.target, gast.Store):
                defs.setdefault(name, []).append(None)
    candidates = set(defs) - {a.id for a in args}
    changed = True
    while changed:
        changed = False
        for name in sorted(candidates):
            if not all(_scalar(v, candidates | scalars) for v in defs[name]):
                candidates.discard(name)
                changed = True
    return candidates | scalars


def _scalar(value, scalars) -> bool:
    if isinstance(value, gast.Constant):
        return type(value.value) in (int, float)
    if isinstance(value, gast.Name):
        return value.id in scalars
    if isinstance(value, gast.BinOp):
        return (
            not isinstance(value.op, gast.MatMult)
            and _scalar(value.left, scalars)
            and _scalar(value.right, scalars)
        )
    if isinstance(value, gast.UnaryOp):
        return _scalar(value.operand, scalars)
    if isinstance(value, gast.Call):
        fn = getattr(get_anno(value, Anno.CALLEE, None), "value", None)
        return fn in (len, float, int) or getattr(fn, "__module__", None) == "math"
    return False


def where(stmt) -> str:
    """``file.py:LINE`` of a statement's primal line."""
    origin, lineno = get_anno(stmt, Anno.LINE)
    return origin.location(lineno)
