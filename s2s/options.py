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

    def describe(self) -> str:
        return f"{self.mode}, wrt {', '.join(self.wrt)}" + (", has_aux" if self.has_aux else "")

    def key(self) -> str:
        return repr(dataclasses.astuple(self))
