"""A corpus of realistic functions that s2s is checked against in every mode.

Each module groups functions by theme and ends with a ``CASES`` list. A case names the function,
how to make its arguments (a zero-argument callable: seeded NumPy RNG, float64), what to
differentiate with respect to, and optionally a tolerance, tags and whether the function returns
``(loss, aux)``. The modules hold plain user code only; the tests live in tests/test_corpus.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

#: The corpus modules, in the order the tests walk them.
MODULES = (
    "straight_line",
    "branches",
    "loops",
    "while_loops",
    "returns",
    "kernels",
    "subroutines",
    "containers",
    "mutation",
    "nondiff",
    "comprehensions",
    "recursion",
    "ml",
    "science",
    "idioms",
    "outside",
    "regressions",
)


class Case(NamedTuple):
    fn: Callable
    make_args: Callable[[], tuple]  # () -> the positional arguments
    wrt: Any = 0  # a position, a parameter name, or a tuple of them
    tol: tuple[float, float] | None = None  # (rtol, atol) when the default is not right
    tags: tuple[str, ...] = ()
    has_aux: bool = False  # fn returns (loss, aux); only loss is differentiated


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)
