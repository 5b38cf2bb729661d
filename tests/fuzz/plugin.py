"""Command-line options of the fuzz tier (``tests/test_fuzz.py``).

Why here and registered from ``tests/conftest.py``: pytest parses the command line before it
imports test modules, so an option must come from a conftest or a plugin loaded at start-up;
``pytest_plugins`` is not allowed in a non-root conftest, so the conftest calls ``add_options``.
"""

from __future__ import annotations

import os

DEFAULT_EXAMPLES = 16  # about 25 s on a 2-core machine (5 s2s transforms per program)
LONG_EXAMPLES = 3000


def add_options(parser):
    group = parser.getgroup("s2s-fuzz", "s2s random-program fuzzing")
    group.addoption(
        "--fuzz-long",
        action="store_true",
        default=False,
        help=f"run {LONG_EXAMPLES} generated programs instead of {DEFAULT_EXAMPLES} "
        "(S2S_FUZZ_EXAMPLES=N overrides both)",
    )


def examples(config) -> int:
    """How many programs the Hypothesis test runs: S2S_FUZZ_EXAMPLES, else the tier's."""
    env = os.environ.get("S2S_FUZZ_EXAMPLES", "").strip()
    if env:
        return int(env)
    try:
        long = config.getoption("--fuzz-long")
    except ValueError:
        long = False
    return LONG_EXAMPLES if long else DEFAULT_EXAMPLES
