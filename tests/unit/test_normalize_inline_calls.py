"""normalize/inline_calls.py: calls to the user's own functions are inlined (parameters bound from
the call's arguments or literal defaults, the callee's locals renamed, its globals bound in the
module's table, several returns lowered), nested ``def``s too (reading the caller's variables);
calls of functions on a call cycle stay calls."""

from __future__ import annotations

import numpy as np
import pytest
from helpers.passes import assert_code, assert_same_results, compiled, function, namer_for, read

import s2s
from s2s.normalize.bindings import Globals
from s2s.normalize.inline_calls import Inliner

OFFSET = 0.5


def inlined(fn, recursive=()):
    fs = read(fn)
    bindings = Globals()
    body = Inliner(namer_for(fs), bindings, list(recursive)).function_body(fs)
    return function(fs.node, body), fs, bindings


def check(fn, expected, *calls, recursive=()):
    node, fs, bindings = inlined(fn, recursive)
    assert_code(node, expected)
    assert_same_results(fn, compiled(node, fs.namespace), *calls)
    return bindings


def shifted(t):
    return t + OFFSET


def calls_shifted(x):
    return shifted(x) * 2.0


def test_a_user_call_is_inlined_and_its_globals_bound():
    bindings = check(
        calls_shifted,
        """
        def calls_shifted(x):
            t = x
            shifted2 = t + OFFSET
            out = shifted2 * 2.0
            return out
    """,
        (1.25,),
    )
    binding = bindings.table["OFFSET"]
    assert (binding.value, binding.module, binding.attr) == (0.5, __name__, "OFFSET")


def scaled(t, k=2.0):
    if t > 0.0:
        return k * t
    return t


def calls_scaled(x):
    return scaled(x) + scaled(x, k=3.0)


def test_keywords_defaults_and_several_returns():
    """Each call gets its own copies of the callee's locals (t, t2); its returns become one."""
    check(
        calls_scaled,
        """
        def calls_scaled(x):
            t = x
            k = 2.0
            if t > 0.0:
                out2 = k * t
                scaled2 = out2
            else:
                scaled2 = t
            t2 = x
            k2 = 3.0
            if t2 > 0.0:
                out3 = k2 * t2
                scaled3 = out3
            else:
                scaled3 = t2
            out = scaled2 + scaled3
            return out
    """,
        (1.5,),
        (-1.5,),
    )


def with_nested(x, w):
    def layer(h):
        return np.tanh(w * h)

    return layer(layer(x))


def test_a_nested_function_reads_the_callers_variables():
    check(
        with_nested,
        """
        def with_nested(x, w):
            h2 = x
            mul = w * h2
            layer2 = np.tanh(mul)
            h3 = layer2
            mul2 = w * h3
            out = np.tanh(mul2)
            return out
    """,
        (0.3, 1.7),
        (np.array([0.5, -1.0]), 0.25),
    )


def power(x, n):
    if n == 0:
        return 1.0
    return power(x, n - 1) * x


def calls_power(x):
    return power(x, 3) + x


def test_a_recursive_function_stays_a_call():
    check(
        calls_power,
        """
        def calls_power(x):
            power2 = power(x, 3)
            out = power2 + x
            return out
    """,
        (1.5,),
        recursive=[power],
    )


def variadic(*xs, **options):
    return xs[0] * options["a"]


def calls_variadic(x):
    return variadic(x, 2.0, a=x)


def test_star_args_and_kwargs_become_a_tuple_and_a_dict():
    check(
        calls_variadic,
        """
        def calls_variadic(x):
            xs = (x, 2.0)
            options = {'a': x}
            xs_item = xs[0]
            options_item = options['a']
            out = xs_item * options_item
            return out
    """,
        (1.5,),
    )


def scaled_by_pi(t, k=np.pi):
    return k * t


def calls_scaled_by_pi(x):
    return scaled_by_pi(x)


def calls_with_too_many(x):
    return shifted(x, 2.0)


@pytest.mark.parametrize(
    "fn, words",
    [
        (calls_scaled_by_pi, "missing argument 'k' \\(non-literal defaults cannot be inlined"),
        (calls_with_too_many, "too many arguments for shifted"),
    ],
)
def test_calls_that_cannot_be_inlined_are_refused_at_the_call(fn, words):
    with pytest.raises(s2s.UnsupportedError, match=words) as info:
        inlined(fn)
    assert str(info.value).startswith(
        f"test_normalize_inline_calls.py:{read(fn).node.lineno + 1}:"
    )
