"""Rules users register: ``@s2s.rrule``, ``@s2s.frule``, ``s2s.nondifferentiable``.

A user rule is primitivized and inlined exactly like a library rule (no closure in the output),
overrides differentiating the function's source, enters the cache key, and a malformed rule gets a
``file.py:LINE:`` error.
"""

from __future__ import annotations

import ast
import math

import numpy as np
import pytest
from helpers.numeric import check_grad

import s2s
from s2s import fingerprint, primal
from s2s.options import Options
from s2s.rules import registry
from s2s.target import resolve


@pytest.fixture
def clean_registry():
    """Rules registered by a test are removed afterwards (the registry is process-wide)."""
    registry.load_library(everything=True)
    before = dict(registry.REGISTRY.by_primal)
    nondiff = set(registry.REGISTRY.nondifferentiable)
    yield
    registry.REGISTRY.by_primal.clear()
    registry.REGISTRY.by_primal.update(before)
    registry.REGISTRY.nondifferentiable.clear()
    registry.REGISTRY.nondifferentiable.update(nondiff)


def opaque_square(x):
    """Differentiating this source would fail (a try statement); the rule makes it usable."""
    try:
        return x * x
    except TypeError:
        return None


def uses_opaque(x):
    return np.sum(opaque_square(x) * 3.0)


def uses_dist(p, q):
    return math.dist(p, q) ** 2 + math.dist(p, [0.0, 0.0, 0.0])


def noisy(x):
    """A value that depends on x, declared to have no derivative (as a noise estimate would):
    its own derivative, 2 * x * x, must not show up in uses_noisy's gradient."""
    return x * x + 7.0


def uses_noisy(x):
    return np.sum(noisy(x) * x)


def _plain(source: str):
    tree = ast.parse(source)
    for fn in [n for n in tree.body if isinstance(n, ast.FunctionDef)]:
        assert not [
            n for n in ast.walk(fn) if n is not fn and isinstance(n, (ast.FunctionDef, ast.Lambda))
        ], "a closure survived in the generated code"


def test_user_rule_overrides_the_source_and_is_inlined(clean_registry):
    @s2s.rrule(opaque_square)
    def opaque_square_rule(x):
        y = opaque_square(x)

        def pullback(dy):
            return 2.0 * x * dy

        return y, pullback

    x = np.array([0.5, -1.5, 2.0])
    g = s2s.grad(uses_opaque)
    check_grad(uses_opaque, (x,), 0, g(x))
    source = s2s.source(g)
    _plain(source)
    assert "pullback" not in source and "2.0 * x" in source


def test_rule_for_a_third_party_callable(clean_registry):
    assert registry.lookup(math.dist) is None, "pick a callable the library has no rule for"

    @s2s.rrule(math.dist)
    def dist_rule(p, q):
        y = math.dist(p, q)

        def pullback(dy):
            direction = (np.asarray(p) - np.asarray(q)) / y
            return dy * direction, -dy * direction

        return y, pullback

    p, q = np.array([0.3, 1.7, -0.8]), np.array([1.0, -0.5, 0.25])
    check_grad(uses_dist, (p, q), (0, 1), s2s.grad(uses_dist, wrt=(0, 1))(p, q), rtol=1e-5)


def test_nondifferentiable_declaration_passes_through(clean_registry):
    s2s.nondifferentiable(noisy)
    x = np.array([1.0, 2.0])
    g = s2s.grad(uses_noisy)(x)
    np.testing.assert_allclose(g, noisy(x))  # noisy(x) is treated as a constant
    assert not np.allclose(g, 3.0 * x * x + 7.0), "differentiated through noisy after all"


def test_forward_rule_is_registered_in_the_closure_format(clean_registry):
    @s2s.frule(opaque_square)
    def opaque_square_forward(x, dx):
        y = opaque_square(x)
        return y, 2.0 * x * dx

    rule = registry.lookup(opaque_square, registry.FORWARD)
    assert rule is not None and rule.user
    from s2s.rules.primitivize import forward_template

    template = forward_template(rule)
    assert template.params == ("x",) and template.tangent_params == ("dx",)


def test_changing_a_user_rule_changes_the_cache_key(clean_registry):
    options = Options(wrt=("x",))

    @s2s.rrule(opaque_square)
    def first(x):
        y = opaque_square(x)

        def pullback(dy):
            return 2.0 * x * dy

        return y, pullback

    key_before = fingerprint.key(resolve(uses_opaque), options)

    @s2s.rrule(opaque_square)
    def second(x):
        y = x * x

        def pullback(dy):
            return dy * (x + x)

        return y, pullback

    key_after = fingerprint.key(resolve(uses_opaque), options)
    assert key_before != key_after
    x = np.array([0.5, 2.0])
    g = s2s.grad(uses_opaque)
    assert "x + x" in s2s.source(g)
    check_grad(uses_opaque, (x,), 0, g(x))


def opaque_double(x):
    try:
        return 2.0 * x
    except TypeError:
        return None


def opaque_triple(x):
    try:
        return 3.0 * x
    except TypeError:
        return None


def uses_both(x):
    return np.sum(opaque_double(x) * opaque_triple(x * x))


def test_one_rule_serves_several_primals(clean_registry):
    @s2s.rrule(opaque_double, opaque_triple)
    def scale_rule(x):
        y = primal(x)

        def pullback(dy):
            return dy * (2.0 if primal is opaque_double else 3.0)

        return y, pullback

    double, triple = registry.lookup(opaque_double), registry.lookup(opaque_triple)
    assert double.primal is opaque_double and triple.primal is opaque_triple
    assert double.func.__code__ is triple.func.__code__ is scale_rule.__code__
    y, pullback = triple.func(np.array([1.0, 2.0]))  # runs as Python, with its own primal
    np.testing.assert_allclose(y, [3.0, 6.0])
    np.testing.assert_allclose(pullback(1.0), 3.0)
    with pytest.raises(s2s.RuleError, match="bound only in a registered rule"):
        scale_rule(np.array([1.0]))

    x = np.array([0.5, -1.5, 2.0])
    g = s2s.grad(uses_both)
    check_grad(uses_both, (x,), 0, g(x))
    source = s2s.source(g)
    _plain(source)
    source = source[source.index("def uses_both_grad") :]
    assert "primal" not in source and " else " not in source
    assert "opaque_double(x)" in source and "opaque_triple(" in source  # the user's calls
    assert "2.0" in source and "3.0" in source  # each call site's own branch


def test_a_shared_rule_may_call_its_primal_again(clean_registry):
    @s2s.rrule(opaque_double, opaque_triple)
    def linear_rule(x):
        y = primal(x)

        def pullback(dy):
            return primal(dy)  # self-adjoint: spelled as the module names each primal

        return y, pullback

    x = np.array([0.5, -1.5, 2.0])
    g = s2s.grad(uses_both)
    check_grad(uses_both, (x,), 0, g(x))
    source = s2s.source(g)
    source = source[source.index("def uses_both_grad") :]
    assert "primal" not in source
    assert "opaque_double(d" in source and "opaque_triple(d" in source


def test_a_rule_for_several_primals_must_call_primal(clean_registry):
    with pytest.raises(s2s.RuleError, match=r"must call the one being differentiated as primal"):

        @s2s.rrule(opaque_double, opaque_triple)
        def spelled(x):
            y = opaque_double(x)

            def pullback(dy):
                return 2.0 * dy

            return y, pullback


def test_nondifferentiable_declares_several_at_once(clean_registry):
    assert s2s.nondifferentiable(noisy, opaque_double) is noisy
    assert registry.is_nondifferentiable(noisy) and registry.is_nondifferentiable(opaque_double)
    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(s2s.grad(uses_noisy)(x), noisy(x))


def weighted_total(weight, *xs):
    """A variadic function (its source is opaque: a try statement)."""
    try:
        return weight * sum(np.sum(x) for x in xs)
    except TypeError:
        return None


def uses_weighted_total(w, a, b, c):
    return weighted_total(w, a, b * b, c)


def test_variadic_user_rule_gets_one_cotangent_per_operand(clean_registry):
    @s2s.rrule(weighted_total)
    def weighted_total_rule(weight, *xs):
        y = weighted_total(weight, *xs)

        def pullback(dy):
            return sum_all(xs) * dy, *(np.ones_like(xs[k]) * weight * dy for k in range(len(xs)))

        return y, pullback

    args = (1.5, np.array([0.5, -1.0]), np.array([2.0, 0.3, 1.0]), 0.7)
    g = s2s.grad(uses_weighted_total, wrt=(0, 1, 2, 3))
    check_grad(uses_weighted_total, args, (0, 1, 2, 3), g(*args))
    source = s2s.source(g)
    _plain(source)
    assert "for k in" not in source and "np.ones_like(mul)" in source


def sum_all(xs):
    return sum(np.sum(x) for x in xs)


@pytest.mark.parametrize(
    "kind",
    [
        "no pullback",
        "two parameters",
        "too many cotangents",
        "no return",
        "variadic without a per-operand cotangent",
    ],
)
def test_malformed_rule_is_located(clean_registry, kind):
    if kind == "no pullback":

        @s2s.rrule(opaque_square)
        def bad(x):
            y = x * x
            return y, None

    elif kind == "two parameters":

        @s2s.rrule(opaque_square)
        def bad(x):
            y = x * x

            def pullback(dy, extra):
                return dy

            return y, pullback

    elif kind == "too many cotangents":

        @s2s.rrule(opaque_square)
        def bad(x):
            y = x * x

            def pullback(dy):
                return dy, dy

            return y, pullback

    elif kind == "no return":

        @s2s.rrule(opaque_square)
        def bad(x):
            y = x * x

            def pullback(dy):
                dy * 2.0

            return y, pullback

    else:

        @s2s.rrule(opaque_square)
        def bad(x, *more):
            y = x * x

            def pullback(dy):
                return 2.0 * x * dy, dy

            return y, pullback

    with pytest.raises(s2s.RuleError) as info:
        s2s.grad(uses_opaque)
    message = str(info.value)
    assert message.startswith("test_user_rules.py:"), message
    line = int(message.split(":")[1])
    assert line == bad.__code__.co_firstlineno, message
