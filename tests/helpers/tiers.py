"""Which parametrized cases run in the default tier (``pytest``) and which only in the slow one
(``pytest -m slow``, run by CI after the default tier).

Why: each case of the corpus and of the rule table costs a transform (about a quarter of a
second), and the default tier must stay near two minutes. A fixed share of the cases, spread
over the whole table (every ``every``-th), runs by default, so each family keeps coverage there;
every case runs in CI.
"""

from __future__ import annotations

import pytest


def sampled(params, every: int) -> list:
    """``params`` (``pytest.param`` objects) with all but every ``every``-th marked slow."""
    out = []
    for i, param in enumerate(params):
        if i % every == 0:
            out.append(param)
        else:
            out.append(
                pytest.param(*param.values, marks=[*param.marks, pytest.mark.slow], id=param.id)
            )
    return out
