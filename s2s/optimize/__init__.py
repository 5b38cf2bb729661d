"""Clean-ups on generated functions, run to a fixed point: each pass may enable another."""

from __future__ import annotations

import dataclasses

from .dead_code import eliminate_dead_code
from .fold_constants import fold_constants
from .peephole import simplify_adjoints
from .propagate import forward_substitute, propagate_copies
from .scalar_shapes import drop_scalar_shapes
from .specialize import specialize_shapes

MAX_ROUNDS = 10


@dataclasses.dataclass(frozen=True)
class Facts:
    """What the transform knows about the function it hands to ``optimize``."""

    bindings: object  # the generated module's globals (normalize.bindings.Globals)
    temps: set = dataclasses.field(default_factory=set)  # made-up names that may disappear
    keep: set = dataclasses.field(default_factory=set)  # names whose reads must stay (gradients)
    scalars: set = dataclasses.field(default_factory=set)  # known scalars (a scalar output's seed)
    output: str | None = None  # the value a scalar check guards
    adjoints: dict | None = None  # primal name -> adjoint name (same shapes)
    shapes: dict | None = None  # name -> shape pattern, for a specialized derivative


def optimize(fn, facts: Facts):
    """Run the clean-ups on ``fn`` until none changes anything (at most ``MAX_ROUNDS``)."""
    bindings, temps, keep = facts.bindings, facts.temps, facts.keep
    scalars, output, adjoints, shapes = facts.scalars, facts.output, facts.adjoints, facts.shapes
    for _ in range(MAX_ROUNDS):
        fn = fold_constants(fn, bindings)
        changed = drop_scalar_shapes(fn, bindings, scalars, output, adjoints)
        changed |= specialize_shapes(fn, bindings, shapes)
        changed |= simplify_adjoints(fn, adjoints)
        changed |= propagate_copies(fn, set(keep))
        changed |= eliminate_dead_code(fn, bindings)
        changed |= forward_substitute(fn, set(temps), bindings)
        if not changed:
            break
    return fn
