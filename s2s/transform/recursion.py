"""Calls to recursive functions: each becomes a call of a forward/backward pair in the same module.

A function on a call cycle cannot be inlined, so it is emitted once more, in ``vjp`` shape, as
``name_forward(<its parameters>) -> (value, residuals)`` and ``name_backward(residuals, dvalue)
-> cotangents of its differentiable parameters``. Its own recursive call is such a call too, so
the forward keeps the inner call's residuals inside its own (nested plain tuples: a data tape that
can be pickled) and the backward hands them back to ``name_backward``. A caller reads

    y, y_residuals = power_forward(x, n1)          # forward sweep
    dx2 = power_backward(y_residuals, dy)          # backward sweep

Which parameters are differentiable is decided per function, for the whole module: every one to
which some call site passes an active value (so a depth argument never is). A pair generated
under too small a set is regenerated: ``until_stable`` reruns the module's generation until no call
site asks for more, and until every caller knows which pairs return a tuple, list or dict (their
results' adjoints are containers). A call to which no active value flows stays the user's plain
call.
"""

from __future__ import annotations

import dataclasses
import inspect

import gast

from ..annotations import Anno, get_anno
from ..errors import UnsupportedError
from ..nodes import assign, load, store, walk_statements
from ..source import unwrap
from .markers import SavePoint, save_point
from .steps import AssignStep


@dataclasses.dataclass(frozen=True)
class Pair:
    forward: str  # module-level function names
    backward: str
    wrt: tuple  # the differentiable parameters, in signature order: what backward returns


class Pairs:
    """The module's recursive functions: their pair names and, for one round of generation, the
    differentiable parameters each was generated with and those its call sites asked for."""

    def __init__(self, recursive, taken, previous=None):
        self.recursive = list(recursive)
        self.base: dict = {}
        used = set(taken)
        for fn in self.recursive:
            base, n = fn.__name__, 1
            while {f"{base}_forward", f"{base}_backward"} & used:
                n += 1
                base = f"{fn.__name__}{n}"
            used |= {f"{base}_forward", f"{base}_backward"}
            self.base[fn] = base
        # what the previous round learned: parameters asked for, functions returning containers
        self.assumed = previous.learned() if previous else {}
        self.assumed_containers = previous.containers if previous else set()
        self.used: dict = {}  # fn -> Pair, fixed at its first request in this round
        self.requested: dict = {}  # fn -> parameter names some call site passes active values to
        self.containers = set(self.assumed_containers)  # functions returning a tuple, list, dict

    def module_names(self) -> set:
        """The functions the pairs add to the module: no local or global may take these names."""
        return {f"{b}_{part}" for b in self.base.values() for part in ("forward", "backward")}

    def request(self, fn, params) -> Pair:
        """The pair to call for ``fn`` when ``params`` receive active values."""
        self.requested.setdefault(fn, set()).update(params)
        if fn not in self.used:
            wanted = self.assumed.get(fn, set()) | set(params)
            order = list(inspect.signature(fn).parameters)
            base = self.base[fn]
            self.used[fn] = Pair(
                f"{base}_forward", f"{base}_backward", tuple(p for p in order if p in wanted)
            )
        return self.used[fn]

    def pending(self):
        """(function, base name, pair) for every pair requested, including those requested while
        the earlier ones are being generated."""
        done = 0
        while done < len(self.used):
            fn = list(self.used)[done]
            done += 1
            yield fn, self.base[fn], self.used[fn]

    def container_targets(self, body) -> set:
        """Names bound to the result of a recursive function that returns a tuple, list or dict
        (as the previous round found): their adjoints are containers too."""
        return {
            stmt.targets[0].id
            for stmt in walk_statements(body)
            if isinstance(stmt, gast.Assign)
            and isinstance(stmt.targets[0], gast.Name)
            and isinstance(stmt.value, gast.Call)
            and get_anno(stmt.value, Anno.CALLEE).resolved
            and unwrap(get_anno(stmt.value, Anno.CALLEE).value) in self.assumed_containers
        }

    def record_output(self, fn, body, output: str, containers) -> None:
        """Note whether ``fn`` (its core-form ``body``) returns a container: ``output`` is one, or
        is a copy of one (several returns were lowered to ``output = out`` per branch)."""
        fn = unwrap(fn)
        copies = {
            stmt.value.id
            for stmt in walk_statements(body)
            if isinstance(stmt, gast.Assign)
            and isinstance(stmt.targets[0], gast.Name)
            and stmt.targets[0].id == output
            and isinstance(stmt.value, gast.Name)
        }
        if fn in self.base and ({output} | copies) & set(containers):
            self.containers.add(fn)

    def learned(self) -> dict:
        return {fn: set(self.used[fn].wrt) | params for fn, params in self.requested.items()}

    def settled(self) -> bool:
        """Did every call site get what this round assumed? Otherwise generate again."""
        return self.containers <= self.assumed_containers and all(
            set(params) <= set(self.used[fn].wrt) for fn, params in self.requested.items()
        )


def until_stable(recursive, taken, generate_module):
    """``generate_module(pairs)`` rerun until each pair differentiates every parameter its call
    sites pass active values to, and each caller knows which pairs return containers; what a round
    learns only grows, so this ends."""
    previous = None
    while True:
        pairs = Pairs(recursive, taken, previous)
        result = generate_module(pairs)
        if pairs.settled():
            return result
        previous = pairs


def _bound_operands(fn, call, where) -> dict:
    """Parameter name -> the operand the call passes to it (defaults are constants: omitted)."""
    if any(isinstance(a, gast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        raise UnsupportedError(
            f"{where}: f(*args) and f(**kwargs) calls of the recursive "
            f"function {fn.__qualname__} cannot be differentiated; pass the "
            "arguments by name"
        )
    try:
        bound = inspect.signature(fn).bind(*call.args, **{k.arg: k.value for k in call.keywords})
    except TypeError as exc:
        raise UnsupportedError(
            f"{where}: {fn.__qualname__} cannot be called like this: {exc}"
        ) from None
    for name, kind in ((p.name, p.kind) for p in bound.signature.parameters.values()):
        if kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            raise UnsupportedError(
                f"{where}: the recursive function {fn.__qualname__} takes *{name}, which s2s "
                "cannot differentiate through; give it named parameters (pass a tuple or an "
                "array in one of them)"
            )
    return dict(bound.arguments)


def recursive_call(transformer, stmt, target: str, point: SavePoint):
    """The step for ``target = fn(...)``, ``fn`` recursive, in the reverse ``transformer``."""
    call = stmt.value
    fn = unwrap(get_anno(call, Anno.CALLEE).value)
    where, line = transformer.where(stmt), get_anno(stmt, Anno.LINE)
    operands = _bound_operands(fn, call, where)
    active = [
        p
        for p, node in operands.items()
        if isinstance(node, gast.Name) and node.id in transformer.active
    ]
    if not active:  # nothing differentiated flows in: the user's own call
        return AssignStep([save_point(point), stmt], point, target, line)
    pair = transformer.pairs.request(fn, active)
    residuals = transformer.namer.fresh(f"{target}_residuals", temp=False)
    point = SavePoint(tuple(sorted((target, residuals))), point.in_loop)
    forward = gast.Call(func=load(pair.forward), args=call.args, keywords=call.keywords)
    pack = gast.Tuple(elts=[store(target), store(residuals)], ctx=gast.Store())
    cotangents = [
        (
            _cotangent_name(transformer.namer, p, operands[p])
            if p in active
            else transformer.namer.unused()
        )
        for p in pair.wrt
    ]
    unpack = (
        store(cotangents[0])
        if len(cotangents) == 1
        else gast.Tuple(elts=[store(c) for c in cotangents], ctx=gast.Store())
    )
    backward = gast.Call(
        func=load(pair.backward),
        keywords=[],
        args=[load(residuals), load(transformer.namer.adjoint(target))],
    )
    contributions = [
        (operands[p].id, load(c)) for p, c in zip(pair.wrt, cotangents) if p in active
    ]
    return AssignStep(
        [save_point(point), assign(pack, forward, line)],
        point,
        target,
        line,
        adjoint=[assign(unpack, backward, line)],
        contributions=contributions,
    )


def _cotangent_name(namer, param: str, operand: gast.Name) -> str:
    """``dx2`` for a cotangent of the caller's ``x``; after the parameter for a temporary."""
    return namer.fresh("d" + (param if operand.id in namer.temps else operand.id))
