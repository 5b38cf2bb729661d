"""The README's tour shows real output: each generated function it quotes is what s2s generates
now (regenerate the README snippets when the output changes)."""

from __future__ import annotations

import os
import sys

import pytest
from examples_table import _mlp_args

import s2s
from s2s.examples import mlp, physics

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _function(source: str, name: str) -> str:
    start = source.index(f"def {name}(")
    return source[start:].rstrip("\n")


def _euler():
    sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
    try:
        import workloads
    finally:
        sys.path.pop(0)
    return s2s.source(s2s.grad(workloads.euler_decay, wrt=(0, 1, 2))), "euler_decay_grad"


QUOTED = {
    "physics": lambda: (
        s2s.source(s2s.grad(physics.energy, wrt=("theta", "omega"))),
        "energy_grad",
    ),
    "euler loop": _euler,
    "specialized MLP": lambda: (
        s2s.source(s2s.grad(mlp.loss, wrt=("W1", "b1", "W2", "b2")), *_mlp_args()),
        "loss_grad",
    ),
}


@pytest.mark.parametrize("name", sorted(QUOTED))
def test_readme_quotes_current_output(name):
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    source, function = QUOTED[name]()
    assert _function(source, function) in readme, f"README's {name} snippet is stale"
