"""Frozen options of one derivative: what is differentiated and how. Part of the cache key."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Options:
    """``wrt`` holds parameter names; ``mode`` is what the emitted function returns.

    - ``grad``: gradients only; ``value_and_grad``: ``(value, gradients)``;
    - ``vjp``: a forward function returning ``(value, residuals)`` and a backward function taking
      ``(residuals, cotangent)`` so the pullback can be called many times.
    ``has_aux``: the function returns ``(loss, aux)`` and only ``loss`` is differentiated.
    """

    wrt: tuple[str, ...]
    mode: str = "grad"
    has_aux: bool = False
    wrt_is_tuple: bool = False  # the user asked for a tuple of gradients
    #: ``((parameter, pattern), ...)``: specialized to arrays with these shape patterns
    #: (``analysis/shapes.py``); empty for the general derivative.
    shapes: tuple = ()
    #: ``((parameter, kind), ...)``: differentiated arguments that are containers (``"tuple"``,
    #: ``"list"``, ``"dict"``): their adjoints are containers, their gradients built like them.
    containers: tuple = ()

    def describe(self) -> str:
        text = f"{self.mode}, wrt {', '.join(self.wrt)}" + (", has_aux" if self.has_aux else "")
        if self.shapes:
            text += "; for shapes " + ", ".join(
                f"{name}: ({', '.join(map(str, p))}{',' if len(p) == 1 else ''})"
                for name, p in self.shapes
            )
        if self.containers:
            text += "; containers " + ", ".join(
                f"{name}: {kind}" for name, kind in self.containers
            )
        return text

    def key(self) -> str:
        return repr(dataclasses.astuple(self))
