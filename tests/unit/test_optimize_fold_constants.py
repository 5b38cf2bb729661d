"""optimize/fold_constants.py on generated functions: what inlined rule options make constant
(``if None is None``, ``a if True else b``, ``(a, b)[1]``, ``2 - 1``, ``x ** 1``, ``x * 1``,
``math.log(2.718281828459045)``, NumPy's own defaults as keywords), only where types are kept
exactly (``x * 1.0`` stays)."""

from __future__ import annotations

import math

import numpy as np
from helpers.numeric import check_grad
from helpers.passes import (
    assert_code,
    assert_same_results,
    bindings_for,
    compiled,
    generated,
    namespace_for,
)

import s2s
from s2s.optimize.fold_constants import fold_constants

BINDINGS = bindings_for()


def check(text, expected, *calls):
    fn = fold_constants(generated(text), BINDINGS)
    assert_code(fn, expected)
    original = compiled(generated(text), namespace_for(BINDINGS))
    assert_same_results(original, compiled(fn, namespace_for(BINDINGS)), *calls)


def test_option_tests_choose_their_branch():
    check(
        """
        def f(x):
            if None is None:
                a = x
            else:
                a = -x
            if 1 == 2:
                b = x
            else:
                b = a * 3.0
            c = a if not False else b
            if 'sum' != 'sum':
                d = a
            return a + b + c
    """,
        """
        def f(x):
            a = x
            b = a * 3.0
            c = a
            return a + b + c
    """,
        (1.5,),
        (np.array([1.0, -2.0]),),
    )


def test_arithmetic_on_literals_and_neutral_elements():
    check(
        """
        def f(x, y):
            a = (x, y, 2.0)[1]
            b = x ** 1
            c = 1 * x * 1
            d = 2 - 1 + 3 * 2
            e = x * 1.0
            g = x ** 1.0
            return a + b + c + d + e + g
    """,
        """
        def f(x, y):
            a = y
            b = x
            c = x
            d = 7
            e = x * 1.0
            g = x ** 1.0
            return a + b + c + d + e + g
    """,
        (1.5, 2.5),
        (np.arange(3), 1),
    )


def test_math_of_literals_is_computed_once_but_not_an_error():
    """A float result is folded; an error (sqrt(-1.0)) or an int (floor) stays a call."""
    check(
        """
        def f(x):
            a = x * math.log(2.718281828459045)
            b = math.sqrt(-1.0) if x > 100.0 else x
            c = math.floor(2.5)
            return a + b + c
    """,
        f"""
        def f(x):
            a = x * {math.log(2.718281828459045)!r}
            b = math.sqrt(-1.0) if x > 100.0 else x
            c = math.floor(2.5)
            return a + b + c
    """,
        (1.5,),
    )


def test_numpy_defaults_passed_as_keywords_are_dropped():
    """Only a default NumPy's signature spells as that very value (keepdims's is a sentinel)."""
    check(
        """
        def f(d):
            r = np.roll(d, np.negative(1), axis=None)
            s = np.sum(d, axis=None, keepdims=False)
            return r, s
    """,
        """
        def f(d):
            r = np.roll(d, -1)
            s = np.sum(d, keepdims=False)
            return (r, s)
    """,
        (np.arange(6.0).reshape(2, 3),),
    )


def test_times_one_keeps_a_booleans_type():
    text = """
        def f(x):
            up = x > 0.0
            down = x < 0.0
            sign = up * 1 - down * 1
            return sign * x
    """
    folded = compiled(fold_constants(generated(text), BINDINGS), namespace_for(BINDINGS))
    original = compiled(generated(text), namespace_for(BINDINGS))
    assert_same_results(original, folded, (np.array([1.0, -2.0, 0.0]),), (1.5,))


def signed_square(x):
    sign = (x > 0) * 1 - (x < 0) * 1
    return np.sum(sign * x * x)


def test_times_one_keeps_a_booleans_type_in_a_derivative():
    x = np.array([1.0, -2.0, 3.0])
    check_grad(signed_square, (x,), 0, s2s.grad(signed_square)(x))
