"""Reverse mode over the corpus of realistic functions (tests/corpus/): every gradient s2s computes
is checked against central finite differences in float64, with the argument's shape and dtype."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

import corpus
import s2s
from helpers.numeric import check_grad

RTOL, ATOL = 1e-6, 1e-8


def _cases():
    out = []
    for module_name in corpus.MODULES:
        module = importlib.import_module(f"corpus.{module_name}")
        for case in module.CASES:
            out.append(pytest.param(case, id=f"{module_name}.{case.fn.__name__}"))
    return out


CASES = _cases()


def _loss(case):
    return (lambda r: float(np.asarray(r[0], dtype=np.float64))) if case.has_aux else (
        lambda r: float(np.asarray(r, dtype=np.float64)))


def test_corpus_is_large_and_distinct():
    fns = [p.values[0].fn for p in CASES]
    ids = [p.id for p in CASES]
    assert len(CASES) >= 120
    assert len(set(fns)) >= 120
    assert len(set(ids)) == len(ids), "two corpus cases share an id (module.function)"


@pytest.mark.parametrize("case", CASES)
def test_grad_matches_finite_differences(case):
    args = case.make_args()
    rtol, atol = case.tol or (RTOL, ATOL)
    g = s2s.grad(case.fn, wrt=case.wrt, has_aux=case.has_aux)
    if case.has_aux:
        grads, aux = g(*args)
        expected_aux = case.fn(*case.make_args())[1]
        assert type(aux) is type(expected_aux)
    else:
        grads = g(*args)
    check_grad(case.fn, case.make_args(), case.wrt, grads, rtol=rtol, atol=atol, output=_loss(case))
