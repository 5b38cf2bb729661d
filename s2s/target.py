"""The function to differentiate, resolved once: what every later step needs to know of it.

``s2s.grad(f)`` hands ``f`` to the API, the dispatch wrapper, the key, the cache and the
pipeline. Each of them once looked through ``f``'s decorators and re-read its source; a
``Target`` does both once: the function behind forwarding decorators, its source and namespace,
the user functions it calls (read once each), what its closure binds, and the fingerprint of all
of that for the cache key.
"""

from __future__ import annotations

import dataclasses
import types

from .normalize.callees import call_graph
from .source import FunctionSource, namespace_of, read, unwrap


@dataclasses.dataclass(eq=False)
class Target:
    function: types.FunctionType  # behind the decorators that only forward to it
    source: FunctionSource  # its parsed source, namespace and origin
    graph: dict  # every user function reachable from it -> the user functions it calls
    sources: dict  # each of those functions -> its FunctionSource, read once
    injected: dict  # closure variables the generated module must bind to the same values

    @property
    def qualname(self) -> str:
        return self.function.__qualname__

    def read(self, g) -> FunctionSource:
        """The source of ``g``, a function this one reaches (read on first use otherwise)."""
        g = unwrap(g)
        if g not in self.sources:
            self.sources[g] = read(g)
        return self.sources[g]


def resolve(f) -> Target:
    """Resolve ``f`` (a SourceError if it has no readable source)."""
    function = unwrap(f)
    sources: dict = {}

    def read_once(g):
        if g not in sources:
            sources[g] = read(g)
        return sources[g]

    graph = call_graph(function, read_once)
    names = namespace_of(function)
    injected = {n: names[n] for n in function.__code__.co_freevars if n in names}
    return Target(function, sources[function], graph, sources, injected)
