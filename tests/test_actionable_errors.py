"""Errors a user can act on (issue: never silently wrong): each refusal is an s2s exception
located at the user's line that says what to do; the API forms that must simply work do."""

from __future__ import annotations

import fixtures_actionable as fx
import numpy as np
import pytest
from corpus import regressions
from helpers.numeric import check_grad
from test_errors import assert_located

import s2s


def test_a_function_taking_star_args_is_refused_at_its_def():
    with pytest.raises(s2s.UnsupportedError, match=r"\*xs") as info:
        s2s.grad(fx.starred)
    assert_located(info.value, fx.starred)


def test_a_helper_taking_star_args_and_kwargs_is_inlined():
    g = s2s.grad(fx.calls_starred_helper, wrt=(0, 1))
    check_grad(fx.calls_starred_helper, (1.3, -0.7), (0, 1), g(1.3, -0.7))


def test_a_bound_method_is_differentiated_with_its_receiver():
    model = fx.Model(2.5)
    g = s2s.grad(model.loss)
    check_grad(model.loss, (0.8,), 0, g(0.8))
    assert "def loss_grad(self, x" in s2s.source(g)
    value, grad = s2s.value_and_grad(model.loss)(0.8)
    assert value == model.loss(0.8)
    y, pullback = s2s.vjp(model.loss, 0.8)
    assert y == model.loss(0.8) and pullback(1.0) == (grad,)


def test_static_and_class_methods_are_differentiated():
    check_grad(fx.Model.static_loss, (1.5,), 0, s2s.grad(fx.Model.static_loss)(1.5))
    check_grad(fx.Model.class_loss, (1.5,), 0, s2s.grad(fx.Model.class_loss)(1.5))


def test_a_callable_object_is_differentiated_through_its_call_method():
    model = fx.Model(0.5)
    g = s2s.grad(model, wrt=(0, 1))
    check_grad(model, (2.0, 3.0), (0, 1), g(2.0, 3.0))


def test_a_method_called_on_an_object_is_refused_with_what_to_do():
    with pytest.raises(s2s.MissingRuleError, match="module-level function") as info:
        s2s.grad(fx.Model(1.0).calls_other_method)
    assert_located(info.value, fx.Model.calls_other_method)
    assert "s2s.rrule" not in str(info.value)


@pytest.mark.parametrize("x", [2.0, -2.0])
def test_has_aux_with_several_returns_and_constant_aux(x):
    for fn in (fx.aux_in_branches, fx.aux_constant):
        (value, aux), grad = s2s.value_and_grad(fn, has_aux=True)(x)
        assert (value, aux) == fn(x)
        grad_only, aux_only = s2s.grad(fn, has_aux=True)(x)
        assert grad_only == grad and aux_only == aux
        check_grad(fn, (x,), 0, grad, output=lambda r: float(r[0]))


def test_unzipping_pairs_differentiates():
    pairs = [(1.0, 2.0), (3.0, 4.0)]
    got = s2s.grad(fx.unzipped)(pairs)
    assert got == [(4.0, 3.0), (2.0, 1.0)]


@pytest.mark.parametrize(
    "fn, words",
    [
        (fx.with_try, "try/except around the call"),
        (fx.with_context, "around the call of the derivative"),
        (fx.defines_class, "module level"),
    ],
)
def test_refused_statements_say_what_to_do_instead(fn, words):
    with pytest.raises(s2s.UnsupportedError, match=words) as info:
        s2s.grad(fn)
    assert_located(info.value, fn)


@pytest.mark.parametrize(
    "fn, arg, words",
    [
        (fx.attribute_of_array, np.ones(3), r"np\.real\(x\)"),
        (fx.attribute_of_object, None, "as an argument of its own"),
    ],
)
def test_attribute_reads_of_differentiated_values_advise_no_rule(fn, arg, words):
    with pytest.raises(s2s.MissingRuleError, match=words) as info:
        s2s.grad(fn)
    assert_located(info.value, fn)
    assert "s2s.rrule" not in str(info.value)


def test_errors_inside_a_derivative_point_at_the_users_function():
    first = s2s.grad(fx.second_order_source)
    with pytest.raises(s2s.S2SError) as info:
        s2s.grad(first)
    assert_located(info.value, fx.second_order_source)
    assert "higher-order" in str(info.value)


@pytest.mark.parametrize(
    "fn, make_args, words", regressions.REFUSED, ids=[f.__name__ for f, *_ in regressions.REFUSED]
)
def test_found_in_place_aliasing_is_refused_at_its_line(fn, make_args, words):
    """Minimized programs the fuzzer found s2s wrong on: now refused, at the line, by every
    entry point (generated code refuses an array at run time: the guard)."""
    for api in (s2s.grad, s2s.value_and_grad):
        with pytest.raises(s2s.UnsupportedError, match=words) as info:
            api(fn)(*make_args())
        assert_located(info.value, fn)
    with pytest.raises(s2s.UnsupportedError, match=words):
        s2s.vjp(fn, *make_args())
