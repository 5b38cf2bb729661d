"""Which adjoints hold a value at a point of the backward sweep, and how contributions are added.

The backward sweep is generated in reverse statement order. An adjoint not yet *set* is known to
be zero, so its first contribution is a plain assignment (``dx = c``) and an operation whose
output adjoint is zero needs no adjoint code at all. Where paths meet (the two arms of an ``if``,
the trips of a loop) the states are made equal by materializing zeros (``dx = np.zeros_like(x)``)
on the path that lacks a value. *Owned* adjoints are arrays this sweep created itself, so they
may be updated in place (``dx[i] += g``) without touching anything else.
"""

from __future__ import annotations

import gast
import numpy

from ..nodes import assign, binop, call, const, load
from ..normalize.bindings import helper_function


class AdjointState:
    def __init__(self, namer, zeros_like, containers=frozenset(), add=None, np_name="np"):
        self.namer = namer
        self.np_name = np_name  # the generated module's name for NumPy
        self.zeros_like = zeros_like  # the generated module's name for helpers.zeros_like
        self.containers = containers  # names whose adjoints add with ``add`` (add_cotangents)
        self.add = add
        self.nonzero: set[str] = set()  # primal names whose adjoint holds a value
        self.owned: set[str] = set()  # ... and whose adjoint array is ours to mutate
        self.touched: set[str] = set()  # every name that received a contribution
        self.inplace: set[str] = set()  # names whose adjoint is updated in place

    def copy(self):
        other = AdjointState(self.namer, self.zeros_like, self.containers, self.add, self.np_name)
        other.nonzero, other.owned = set(self.nonzero), set(self.owned)
        other.touched, other.inplace = set(self.touched), set(self.inplace)
        return other

    def adjoint(self, name: str) -> str:
        return self.namer.adjoint(name)

    def is_zero(self, name: str) -> bool:
        return name not in self.nonzero

    def contribute(self, name: str, expr, line) -> gast.Assign:
        """``dname = expr`` if dname is zero, else ``dname = dname + expr``."""
        d = self.adjoint(name)
        self.touched.add(name)
        if name in self.nonzero:
            self.owned.add(name)  # a sum is a fresh array
            if name in self.containers:
                return assign(d, call(self.add, load(d), expr), line)
            return assign(d, binop(load(d), gast.Add(), expr), line)
        self.nonzero.add(name)
        self.owned.discard(name)  # may alias the expression's value
        return assign(d, expr, line)

    def mark_set(self, name: str) -> None:
        self.nonzero.add(name)

    def received(self, name: str) -> None:
        """``name``'s adjoint was just assigned a value this sweep must not mutate in place."""
        self.nonzero.add(name)
        self.touched.add(name)
        self.owned.discard(name)

    def adopt(self, other: AdjointState) -> None:
        """Take ``other``'s set and owned adjoints; whatever was touched anywhere stays so."""
        self.nonzero, self.owned = set(other.nonzero), set(other.owned)
        self.record_uses(other)

    def record_uses(self, other: AdjointState) -> None:
        """Remember which adjoints ``other`` (a copy taken from this one) touched and updated in
        place: a loop's trip state reports them to the state around the loop."""
        self.touched |= other.touched
        self.inplace |= other.inplace

    def disown_all(self) -> None:
        """No adjoint is ours to mutate (a loop's entry: its first trip may alias anything)."""
        self.owned = set()

    def widen(self, nonzero: set, owned: set) -> bool:
        """Add ``nonzero`` and ``owned`` adjoints (a loop's fixed point); False if nothing new."""
        if nonzero <= self.nonzero and owned <= self.owned:
            return False
        self.nonzero |= nonzero
        self.owned |= owned
        return True

    def reset(self, name: str) -> None:
        """Before its definition a variable held another value, whose adjoint starts at zero."""
        self.nonzero.discard(name)
        self.owned.discard(name)

    def zeros(self, name: str, line, defined=None) -> gast.Assign:
        """Materialize a zero adjoint: ``zeros_like(x)`` (owned) when ``x`` certainly holds a
        value here (``defined`` None: certain), else ``0.0``: then no path that reaches here has
        run ``x``'s definition, so the value is never read as an array."""
        self.nonzero.add(name)
        self.touched.add(name)
        if defined is not None and name not in defined:
            return assign(self.adjoint(name), const(0.0), line)
        if name not in self.containers:  # a new list per call: ours to change in place
            self.owned.add(name)
        return assign(self.adjoint(name), call(self.zeros_like, load(name)), line)

    def make_owned(self, name: str, line) -> list:
        """Statements making ``name``'s adjoint an array this sweep may mutate in place."""
        self.inplace.add(name)
        if name not in self.nonzero:
            return [self.zeros(name, line)]
        if name in self.owned:
            return []
        self.owned.add(name)
        d = self.adjoint(name)
        return [assign(d, call(f"{self.np_name}.array", load(d)), line)]

    def match(self, target: AdjointState, line, defined) -> list:
        """Statements that bring this state up to ``target`` (zeros, ownership); ``defined``:
        the names certainly assigned at this point of the primal program."""
        out = []
        for name in sorted(target.nonzero - self.nonzero):
            out.append(self.zeros(name, line, defined))
        for name in sorted(target.owned - self.owned):
            out += self.make_owned(name, line)
        return out


def merge(states: list) -> AdjointState:
    """The state where paths meet: an adjoint set on any path is set (zeros materialized on the
    others), owned only if owned on all of them."""
    merged = states[0].copy()
    merged.nonzero = set.union(*(s.nonzero for s in states))
    merged.owned = set.intersection(*(s.owned for s in states)) & merged.nonzero
    merged.touched = set.union(*(s.touched for s in states))
    merged.inplace = set.union(*(s.inplace for s in states))
    return merged


def initial_state(namer, bind, containers, seed: str) -> AdjointState:
    """The state at the start of the backward sweep: only the seed's adjoint is set. ``bind``
    names the helpers materialized zeros and container sums call in the generated module."""
    state = AdjointState(
        namer,
        bind("zeros_like", helper_function("zeros_like")),
        containers,
        bind("add_cotangents", helper_function("add_cotangents")),
        bind("np", numpy),
    )
    state.mark_set(seed)
    return state
