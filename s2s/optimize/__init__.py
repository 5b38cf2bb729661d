"""Clean-ups on generated functions, run to a fixed point: each pass may enable another."""

from __future__ import annotations

from .dead_code import eliminate_dead_code
from .fold_constants import fold_constants
from .peephole import simplify_adjoints
from .propagate import forward_substitute, propagate_copies
from .scalar_shapes import drop_scalar_shapes
from .specialize import specialize_shapes

MAX_ROUNDS = 10


def optimize(fn, bindings, temps=frozenset(), keep=frozenset(), scalars=frozenset(), output=None,
             adjoints=None, shapes=None):
    """``temps``: made-up names that may disappear; ``keep``: names whose reads must stay;
    ``scalars``: names known to be scalars (the seed of a scalar output); ``output``: the value
    a scalar check guards; ``adjoints``: primal name -> adjoint name (same shapes); ``shapes``:
    parameter name -> shape pattern, for a derivative specialized to its arguments."""
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
