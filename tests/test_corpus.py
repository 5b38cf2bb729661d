"""Reverse mode over the corpus of realistic functions (tests/corpus/): every gradient s2s computes
is checked against central finite differences in float64, and is shaped like its argument
(helpers/structure.py: its shape and dtype, a Python float for a Python float). The derivative
must not modify the caller's arguments, and with has_aux the auxiliary output must be the
function's own. tests/test_corpus_oracle.py checks the same cases through value_and_grad and vjp
against the function and against s2s.grad, and container arguments."""

from __future__ import annotations

import importlib

import corpus
import numpy as np
import pytest
from helpers.numeric import check_grad

import s2s

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
    """What finite differences differentiate: the output, or its first item with has_aux."""
    if case.has_aux:
        return lambda r: float(np.asarray(r[0], dtype=np.float64))
    return lambda r: float(np.asarray(r, dtype=np.float64))


def _assert_same(got, expected, where="aux"):
    """Structural equality for aux outputs and arguments: containers item by item, arrays by value."""
    assert type(got) is type(
        expected
    ), f"{where}: {type(got).__name__} != {type(expected).__name__}"
    if isinstance(expected, dict):
        assert got.keys() == expected.keys(), f"{where}: keys {got.keys()} != {expected.keys()}"
        for key in expected:
            _assert_same(got[key], expected[key], f"{where}[{key!r}]")
    elif isinstance(expected, (tuple, list)):
        assert len(got) == len(expected), f"{where}: length {len(got)} != {len(expected)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            _assert_same(g, e, f"{where}[{i}]")
    elif isinstance(expected, (np.ndarray, np.generic, float, int)):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0, err_msg=where)
    else:
        assert got == expected, where


def test_corpus_is_large_and_distinct():
    fns = [p.values[0].fn for p in CASES]
    ids = [p.id for p in CASES]
    assert len(CASES) >= 120
    assert len(set(fns)) >= 120
    assert len(set(ids)) == len(ids), "two corpus cases share an id (module.function)"


#: Cases s2s does not differentiate yet. Each must be refused with an S2SError located at the
#: right file and line (never a wrong number); when support lands, the case fails here until it
#: is removed from this table. Keep it short: every entry is a known gap.
NOT_YET = {
    "outside.cumulative_returns": "no derivative rule for builtins.ufunc.accumulate",
    "outside.fill_matrix_chained": "shares memory with 'B'",
    "outside.smooth_in_place_alias": "shares memory with 'v'",
    "outside.scale_first_column_by_rows": "writes into an array that shares memory with",
    "outside.first_row_energy_after_update": "shares memory with 'r'",
}


def _case_id(case) -> str:
    return f"{case.fn.__module__.rsplit('.', 1)[-1]}.{case.fn.__name__}"


@pytest.mark.parametrize("case", CASES)
def test_grad_matches_finite_differences(case):
    rtol, atol = case.tol or (RTOL, ATOL)
    if _case_id(case) in NOT_YET:
        with pytest.raises(s2s.S2SError, match=NOT_YET[_case_id(case)]) as info:
            s2s.grad(case.fn, wrt=case.wrt, has_aux=case.has_aux)
        assert str(info.value).split(":")[0].endswith(".py"), str(info.value)
        return
    g = s2s.grad(case.fn, wrt=case.wrt, has_aux=case.has_aux)
    args = case.make_args()
    result = g(*args)
    _assert_same(args, case.make_args(), "arguments after the derivative ran")
    if case.has_aux:
        grads, aux = result
        _assert_same(aux, case.fn(*case.make_args())[1])
    else:
        grads = result
    check_grad(
        case.fn, case.make_args(), case.wrt, grads, rtol=rtol, atol=atol, output=_loss(case)
    )
