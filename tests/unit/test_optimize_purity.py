"""optimize/purity.py: which expressions can be dropped or moved (no side effects, no
randomness): NumPy, ``math``, functions with rules, s2s's helpers (but ``restore_item``), the
builtins listed pure and reading methods; not mutating methods, unknown functions, randomness."""

from __future__ import annotations

import gast
import pytest
from helpers.passes import bindings_for

from s2s.optimize.purity import pure

BINDINGS = bindings_for("unbroadcast", "restore_item", "zeros_like")


def expression(text):
    return gast.parse(text).body[0].value


@pytest.mark.parametrize(
    "text",
    [
        "x + y * 2.0",
        "np.sin(x) @ W",
        "math.exp(x)",
        "np.linalg.solve(a, b)",
        "x.sum(axis=0)",
        "x.reshape(-1).copy()",
        "unbroadcast(g, x)",
        "zeros_like(x)",
        "len(x)",
        "float(x)",
        "abs(x)",
        "min(x, y)",
        "tuple(x)",
        "list(x)",
        "d.get('k')",
        "[x, y]",
        "x[1:]",
    ],
)
def test_pure(text):
    assert pure(expression(text), BINDINGS), text


@pytest.mark.parametrize(
    "text",
    [
        "lst.append(x)",
        "lst.pop()",
        "x.sort()",
        "restore_item(x, 1, y)",
        "np.random.normal(x)",
        "np.random.default_rng(0)",
        "np.add.at(x, i, y)",
        "print(x)",
        "user_function(x)",
        "x + f(y)",
        "fs[0](x)",
    ],
)
def test_impure(text):
    assert not pure(expression(text), BINDINGS), text


@pytest.mark.parametrize(
    "text", ["range(3)", "reversed(range(n))", "zip(a, b)", "enumerate(a)", "slice(1, 2)"]
)
def test_pure_builtins_that_are_classes(text):
    assert pure(expression(text), BINDINGS), text
