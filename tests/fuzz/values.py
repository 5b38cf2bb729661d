"""Arguments of generated programs: their specs, seeded float64 factories, and exact comparison.

Why specs rather than values: a program is stored as text (its source plus the source of its
arguments, ``render``) so that a failure written to disk, or minimized, is a self-contained
repro that needs neither the generator nor its random state.
"""

from __future__ import annotations

import copy
import dataclasses
import math

import numpy as np


@dataclasses.dataclass(frozen=True)
class ArgSpec:
    """What one argument is. ``kind``: float (a Python float), f64 (an ``np.float64``), int (a
    Python int, never differentiated), array (float64 of ``shape``), tuple/list (of ``items``),
    dict (``keys`` -> ``items``). ``scale`` multiplies standard normal draws."""

    kind: str
    shape: tuple = ()
    items: tuple = ()
    keys: tuple = ()
    scale: float = 0.7
    value: int = 0

    @property
    def differentiable(self) -> bool:
        if self.kind == "int":
            return False
        if self.kind in ("tuple", "list", "dict"):
            return any(item.differentiable for item in self.items)
        return True

    def make(self, rng: np.random.Generator):
        """A fresh value of this spec, from ``rng`` (float64 throughout)."""
        if self.kind == "int":
            return int(self.value)
        if self.kind == "float":
            return float(self.scale * rng.standard_normal())
        if self.kind == "f64":
            return np.float64(self.scale * rng.standard_normal())
        if self.kind == "array":
            return (self.scale * rng.standard_normal(self.shape)).astype(np.float64)
        if self.kind == "tuple":
            return tuple(item.make(rng) for item in self.items)
        if self.kind == "list":
            return [item.make(rng) for item in self.items]
        if self.kind == "dict":
            return {k: item.make(rng) for k, item in zip(self.keys, self.items)}
        raise ValueError(self.kind)


def make_args(specs, seed: int) -> tuple:
    rng = np.random.default_rng(seed)
    return tuple(spec.make(rng) for spec in specs)


def render(value) -> str:
    """Python source that evaluates (with ``np`` bound) to an exact copy of ``value``."""
    if isinstance(value, bool) or isinstance(value, int):
        return repr(value)
    if isinstance(value, np.floating):
        return f"np.{type(value).__name__}({float(value)!r})"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, np.ndarray):
        dtype = "" if value.dtype == np.float64 else f", dtype=np.{value.dtype}"
        return f"np.array({value.tolist()!r}{dtype})"
    if isinstance(value, tuple):
        inner = ", ".join(render(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(render(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {render(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot render {type(value).__name__}")


def evaluate(text: str):
    """The value ``render`` wrote."""
    return eval(text, {"np": np, "__builtins__": {}})  # noqa: S307 - our own rendered text


def deep_copy(value):
    return copy.deepcopy(value)


def identical(a, b) -> bool:
    """Same types, same structure, bit-for-bit same numbers (NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(identical(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)
    if isinstance(a, (float, np.floating)):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def describe(value) -> str:
    """A short type-and-shape description: ``tuple[ndarray(3,), float]``."""
    if isinstance(value, dict):
        return "dict{" + ", ".join(f"{k!r}: {describe(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__}[" + ", ".join(describe(v) for v in value) + "]"
    if isinstance(value, np.ndarray):
        return f"ndarray{value.shape}" + ("" if value.dtype == np.float64 else f"[{value.dtype}]")
    return type(value).__name__
