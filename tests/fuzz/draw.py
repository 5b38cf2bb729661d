"""One source of choices for the generator, backed either by Hypothesis or by ``random``.

Why: the same generator code must serve the Hypothesis test (reproducible, shrinkable draws) and
the campaign (thousands of programs without Hypothesis' per-example overhead). The generator only
ever asks this interface for integers, choices and booleans, so both backends yield identical
programs for identical answers.
"""

from __future__ import annotations

import random


class Draw:
    """The choices the generator makes. Subclasses implement ``integer``."""

    def integer(self, lo: int, hi: int) -> int:  # inclusive bounds
        raise NotImplementedError

    def choice(self, seq):
        seq = list(seq)
        return seq[self.integer(0, len(seq) - 1)]

    def boolean(self, p: float = 0.5) -> bool:
        """True with probability about ``p`` (in steps of 1/100)."""
        return self.integer(0, 99) < round(100 * p)

    def weighted(self, options):
        """``options``: (weight, value) pairs; zero weights are never chosen. The first options
        are the ones Hypothesis shrinks towards, so callers put the simplest first."""
        options = [(w, v) for w, v in options if w > 0]
        total = sum(w for w, _ in options)
        k = self.integer(0, total - 1)
        for w, v in options:
            if k < w:
                return v
            k -= w
        raise AssertionError("unreachable")

    def sample(self, seq, k: int):
        """``k`` distinct items of ``seq``, in ``seq``'s order."""
        pool = list(seq)
        picked = []
        for _ in range(min(k, len(pool))):
            picked.append(pool.pop(self.integer(0, len(pool) - 1)))
        return [x for x in seq if x in picked]


class RandomDraw(Draw):
    """Seeded ``random.Random`` choices (the campaign: fast, reproducible from the seed)."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def integer(self, lo, hi):
        return self.rng.randint(lo, hi)


class HypothesisDraw(Draw):
    """Choices drawn from Hypothesis' ``data``/``draw`` (the pytest tier)."""

    def __init__(self, draw):
        from hypothesis import strategies as st

        self._draw = draw
        self._st = st

    def integer(self, lo, hi):
        return self._draw(self._st.integers(lo, hi))
