"""Clash-free names for temporaries and adjoints, derived from the user's own names.

Deterministic by construction (a counter per base name, no ids or randomness), so the same
function always yields byte-identical output and stable cache files.
"""

from __future__ import annotations

import builtins
import keyword

import gast

_RESERVED = set(dir(builtins)) | set(keyword.kwlist)


class Namer:
    """Hands out names not yet used in one generated function."""

    def __init__(self, taken=()):
        self.taken = set(taken) | _RESERVED
        self.locals: set[str] = set()  # names this function binds; globals must not clash
        self.temps: set[str] = set()  # names s2s made up: the optimizer may inline them away
        self.adjoints: dict[str, str] = {}

    @classmethod
    def for_function(cls, node, namespace_names=()):
        """A namer that avoids every name ``node`` uses and every global it can see."""
        namer = cls(set(namespace_names) | {node.name})
        for n in gast.walk(node):
            if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load):
                namer.taken.add(n.id)
            elif isinstance(n, gast.Name):
                namer.reserve(n.id)
        return namer

    def fresh(self, base: str, temp: bool = True) -> str:
        """``base`` if free, else ``base2``, ``base3``...; ``temp``: a made-up name, not the user's."""
        base = base.strip("_") or "t"
        if base[0].isdigit():
            base = "t" + base
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}{n}"
        self.taken.add(candidate)
        self.locals.add(candidate)
        if temp:
            self.temps.add(candidate)
        return candidate

    def unused(self) -> str:
        """A name for an unpacked value nothing reads: ``_``, unless the function uses that name."""
        return "_" if "_" not in self.taken else self.fresh("unused")

    def reserve(self, name: str) -> None:
        self.taken.add(name)
        self.locals.add(name)

    def adjoint(self, name: str) -> str:
        """The adjoint of ``name``: ``dname``, or ``d_name`` / ``dname2`` when that is taken."""
        if name not in self.adjoints:
            for candidate in (f"d{name}", f"d_{name}"):
                if candidate not in self.taken:
                    self.reserve(candidate)
                    break
            else:
                candidate = self.fresh(f"d{name}", temp=False)
            self.adjoints[name] = candidate
        return self.adjoints[name]
