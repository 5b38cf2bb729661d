"""Recursive functions are emitted as forward/backward pairs (transform/recursion.py): which
parameters they differentiate, what stays a plain call, the other modes, and Python's limit."""

from __future__ import annotations

import ast
import sys

import numpy as np
import pytest
from corpus import recursion
from helpers.numeric import check_grad, check_vjp

import s2s

power_forward = 2.0  # a user global with the name a pair would take


def clashing(x):
    power_backward = x * power_forward  # ... and a local with the other one
    return recursion.power(power_backward, 3)


DAMPING = 0.1  # corpus.recursion has a DAMPING of its own, used by damped_tower


def two_dampings(x):
    return DAMPING * recursion.damped_tower(x, 3)


def functions(source: str) -> dict:
    return {n.name: n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)}


def returned(fn: ast.FunctionDef) -> str:
    return ast.unparse(fn.body[-1].value)


def test_an_integer_recursion_is_called_not_differentiated():
    source = s2s.source(s2s.grad(recursion.fib_scaled))
    assert "fib(7)" in source and "fib(3)" in source
    assert list(functions(source)) == ["fib_scaled_grad"]


def test_a_pair_differentiates_the_parameters_active_values_reach():
    """``exp_series(x, n - 1, acc=acc + term, term=term * x / k, k=k + 1)``: x reaches term, term
    reaches acc (found in a second round); the integers n and k never are."""
    pairs = functions(s2s.source(s2s.grad(recursion.exp_series)))
    assert returned(pairs["exp_series_backward"]) == "(dx, dacc, dterm)"
    assert [a.arg for a in pairs["exp_series_forward"].args.args] == ["x", "n", "acc", "term", "k"]


def test_pair_names_avoid_the_users_names():
    g = s2s.grad(clashing)
    assert "def power2_forward(" in s2s.source(g)
    check_grad(clashing, (1.1,), 0, g(1.1))


def test_a_pairs_globals_keep_their_own_values():
    """The derivative binds this module's DAMPING first; the pair's is another value, renamed."""
    g = s2s.grad(two_dampings)
    assert "DAMPING2" in s2s.source(g)
    check_grad(two_dampings, (0.4,), 0, g(0.4))


def test_vjp_and_value_and_grad_of_a_recursive_function():
    v = np.random.default_rng(0).normal(size=5)
    value, grad = s2s.value_and_grad(recursion.recursive_smooth)(v, 3)
    assert value == pytest.approx(recursion.recursive_smooth(v, 3), rel=1e-14)
    check_grad(recursion.recursive_smooth, (v, 3), 0, grad)

    def smooth_vector(v, weight):
        return recursion.smooth_array(v, 4, weight=weight)

    y, pullback = s2s.vjp(smooth_vector, v, 0.3)
    np.testing.assert_allclose(y, smooth_vector(v, 0.3), rtol=1e-14)
    for cotangent in (np.ones(5), np.arange(5.0)):  # the residual tape survives repeated pulls
        check_vjp(smooth_vector, (v, 0.3), cotangent, pullback(cotangent))


def test_deep_recursion_meets_pythons_limit_as_the_function_does():
    """One frame per level, like the user's function: a depth beyond sys.getrecursionlimit()
    fails in both the same way."""
    depth = sys.getrecursionlimit() + 10
    g = s2s.grad(recursion.power)
    with pytest.raises(RecursionError):
        recursion.power(1.0, depth)
    with pytest.raises(RecursionError):
        g(1.0, depth)
    assert g(1.0, 200) == pytest.approx(200.0)
