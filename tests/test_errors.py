"""Errors read like a compiler's: an s2s.S2SError subclass, ``file.py:LINE:`` first, what to do.

The user functions live in this file, so each message must start with ``test_errors.py:LINE:``
where LINE is the line marked ``# <- here`` in the function's source.
"""

from __future__ import annotations

import cmath
import contextlib
import functools
import importlib
import inspect
import math
import os
import re
import traceback

import fixtures_errors
import numpy as np
import pytest
from helpers.numeric import check_grad

import s2s

G = 1.0


def marked_line(fn, marker="# <- here") -> int:
    """The file line of ``fn``'s source that carries ``marker``."""
    lines, first = inspect.getsourcelines(fn)
    hits = [first + i for i, line in enumerate(lines) if marker in line]
    assert len(hits) == 1, f"{fn.__name__} needs exactly one {marker!r}"
    return hits[0]


def assert_located(exc, fn, marker="# <- here"):
    filename = os.path.basename(inspect.getsourcefile(fn))
    prefix = f"{filename}:{marked_line(fn, marker)}: "
    assert str(exc).startswith(prefix), f"expected the message to start with {prefix!r}:\n{exc}"


# -- user functions ----------------------------------------------------------------------------


def two_params(x, y):
    return x * y


def vector_out(x):
    return x * 2.0  # <- here


def tuple_out(x):
    return x, x * 2.0  # <- here


def uses_fft(x):
    y = x * 3.0
    z = np.fft.fft(y)  # <- here
    return np.sum(np.abs(z))


def uses_c_builtin(x):
    a = x + 1.0
    return cmath.phase(a) * 2.0  # <- here


def calls_helper_elsewhere(x):
    return fixtures_errors.spectral(x * x)


def f_try(x):
    try:  # <- here
        y = x * 2.0
    except ValueError:
        y = x
    return y


def f_with(x):
    with contextlib.nullcontext():  # <- here
        y = x * 2.0
    return y


def f_yield(x):
    y = x * 2.0
    yield y  # <- here


def f_global(x):
    global G  # <- here
    G = x
    return x * 2.0


def f_del(x):
    y = x * 2.0
    del y  # <- here
    return x


def f_lambda(x):
    square = lambda t: t * t
    return sum(map(square, [x]))  # <- here: a lambda used as a value, not called


def f_class(x):
    class Inner:  # <- here
        scale = 2.0

    return x * Inner.scale


def f_nested_def_as_value(x):
    def inner(t):
        return t * t

    return sum(map(inner, [x]))  # <- here: a nested function passed, not called


def f_nested_def_in_branch(x):
    if x > 0.0:

        def inner(t):  # <- here
            return t * t

        x = inner(x)
    return x


def f_nested_def_recursive(x):
    def inner(t, n):
        if n == 0:
            return t
        return inner(t * t, n - 1)  # <- here

    return inner(x, 2)


def f_if_with(x):
    if x > 0.0:
        with contextlib.nullcontext():  # <- here
            x = x * 2.0
    return x


def f_loop_try(x):
    for _ in range(3):
        try:  # <- here
            x = x * 2.0
        except ValueError:
            pass
    return x


def f_match(x):
    match x:  # <- here
        case _:
            return x * 2.0


def f_walrus(x):
    return (y := x * 2.0) * y  # <- here


def _product_of(*terms):
    if len(terms) == 1:
        return terms[0]
    return terms[0] * _product_of(*terms[1:])


def f_star_recursion(x):
    return _product_of(x, 2.0, x)  # <- here: a recursive function with *args


UNSUPPORTED = [
    f_try,
    f_with,
    f_yield,
    f_global,
    f_del,
    f_lambda,
    f_class,
    f_nested_def_as_value,
    f_nested_def_in_branch,
    f_nested_def_recursive,
    f_if_with,
    f_loop_try,
    f_match,
    f_walrus,
    f_star_recursion,
]


# -- wrt ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wrt, words",
    [
        ("z", ["'z'", "x, y"]),
        (2, ["out of range", "x, y"]),
        (-3, ["out of range"]),
        ((0, "x"), ["twice"]),
        ((1, 1), ["twice"]),
        ((), ["nothing"]),
        ([], ["nothing"]),
        (1.5, ["position or name"]),
        (True, ["position or name"]),
        (None, ["position or name"]),
    ],
)
@pytest.mark.parametrize("api", [s2s.grad, s2s.value_and_grad])
def test_bad_wrt_is_a_wrt_error(api, wrt, words):
    with pytest.raises(s2s.WrtError) as info:
        api(two_params, wrt=wrt)
    assert isinstance(info.value, s2s.S2SError)
    message = str(info.value)
    assert "two_params" in message
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    "value, kind",
    [
        (3, "integer"),
        (np.int64(3), "integer"),
        (np.arange(3), "integer"),
        (True, "bool"),
        ("3.0", "str"),
        (None, "NoneType"),
        (1j, "complex"),
        (np.ones(2, complex), "complex"),
        ((1, 2), "no float"),
        ({"a": "b"}, "no float"),
    ],
)
def test_argument_without_a_derivative_is_a_wrt_error_naming_the_parameter(value, kind):
    g = s2s.grad(two_params, wrt="y")
    with pytest.raises(s2s.WrtError, match="'y'") as info:
        g(1.0, value)
    assert kind in str(info.value)
    with pytest.raises(s2s.WrtError, match="'y'"):
        g(1.0, y=value)
    assert g(2.0, 3.0) == 2.0  # a float is fine


def test_vjp_with_no_float_argument_is_a_wrt_error():
    with pytest.raises(s2s.WrtError):
        s2s.vjp(two_params, 1, 2)
    with pytest.raises(s2s.WrtError):
        s2s.vjp(two_params, 1.0, 2.0, 3.0)


# -- outputs -----------------------------------------------------------------------------------


@pytest.mark.parametrize("api", [s2s.grad, s2s.value_and_grad])
def test_non_scalar_output_is_an_output_error_at_the_return(api):
    g = api(vector_out)
    with pytest.raises(s2s.OutputError, match="scalar") as info:
        g(np.ones(3))
    assert isinstance(info.value, TypeError)  # what the generated code raises on its own
    message = str(info.value)
    assert "(3,)" in message and "vector_out" in message and "np.sum" in message
    assert message.startswith(f"test_errors.py:{marked_line(vector_out)}:"), message
    cause = info.value.__cause__  # raised by the check in the generated code
    generated = traceback.extract_tb(cause.__traceback__)[-1].filename
    assert os.path.dirname(generated) == s2s.cache.directory(), "the check is in generated code"
    assert "vector_out" in generated and "s2s/" not in generated.replace(s2s.cache.directory(), "")
    assert g(2.0) == (2.0 if api is s2s.grad else (4.0, 2.0))


def test_a_tuple_output_is_refused_at_the_return_with_has_aux_advised():
    with pytest.raises(s2s.OutputError, match="has_aux") as info:
        s2s.grad(tuple_out)
    assert str(info.value).startswith(f"test_errors.py:{marked_line(tuple_out)}:")


# -- source ------------------------------------------------------------------------------------


def test_function_built_by_exec_is_a_source_error():
    namespace = {}
    exec("def made(x):\n    return x * x\n", namespace)
    with pytest.raises(s2s.SourceError, match="made") as info:
        s2s.grad(namespace["made"])
    assert "exec" in str(info.value)
    with pytest.raises(s2s.SourceError):
        s2s.vjp(namespace["made"], 1.0)


@pytest.mark.parametrize("fn", [math.sin, np.tanh, functools.partial(two_params, 1.0), len])
def test_callable_without_python_source_is_a_source_error(fn):
    with pytest.raises(s2s.SourceError):
        s2s.grad(fn)


# -- missing rules -----------------------------------------------------------------------------


@pytest.mark.parametrize("fn, callee", [(uses_fft, "fft"), (uses_c_builtin, "phase")])
def test_callee_without_rule_or_source_is_a_missing_rule_error(fn, callee):
    with pytest.raises(s2s.MissingRuleError) as info:
        s2s.grad(fn)
    assert_located(info.value, fn)
    message = str(info.value)
    assert callee in message
    assert "s2s.rrule" in message


def test_missing_rule_in_a_helper_points_at_the_helper_line():
    with pytest.raises(s2s.MissingRuleError) as info:
        s2s.grad(calls_helper_elsewhere)
    assert_located(info.value, fixtures_errors.spectral, "# MISSING-RULE")
    assert "fft" in str(info.value) and "s2s.rrule" in str(info.value)


# -- unsupported constructs --------------------------------------------------------------------


@pytest.mark.parametrize("fn", UNSUPPORTED, ids=lambda f: f.__name__)
def test_unsupported_construct_is_located(fn):
    with pytest.raises(s2s.S2SError) as info:
        s2s.grad(fn)
    assert_located(info.value, fn)


def test_errors_are_s2s_errors_and_no_traceback_noise():
    for cls in (
        s2s.SourceError,
        s2s.UnsupportedError,
        s2s.MissingRuleError,
        s2s.RuleError,
        s2s.WrtError,
        s2s.OutputError,
    ):
        assert issubclass(cls, s2s.S2SError)


# -- a fuzz of weird but valid functions: only S2SErrors may come out of the transformer -------


def _helper_kw(a, k=1.0):
    return a * k


class _Holder:
    def method(self, x):
        return x * x

    @staticmethod
    def static(x):
        return x * x


def _deco(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


def w_recursive(x):
    return w_recursive(x) * 2.0


def w_kw_call(x):
    return _helper_kw(x, k=3.0)


def w_star_call(x):
    args = (x,)
    return _helper_kw(*args)


def w_dstar_call(x):
    kw = {"k": 2.0}
    return _helper_kw(x, **kw)


def w_chain_cmp(x):
    c = 0.0 < x < 2.0
    return x * 2.0


def w_not(x):
    b = not x
    return x * 2.0


def w_deep(x):
    return ((((x + 1.0) * (x - 1.0)) / (x * x + 2.0)) ** 2.0 - (-x)) * x


def w_annotated(x: float) -> float:
    y: float = x * 2.0
    return y


def w_unused_param(x, y):
    return y * 2.0


def w_starred(x):
    a = [x, x]
    return [*a]


def w_dynamic_call(x):
    fs = [np.sin]
    return fs[0](x)  # <- here


def w_method_call(x):
    return x.sum()


def w_string_method(x):
    s = "abc".upper()
    return x * 2.0


def w_set(x):
    s = {1, 2}
    return x * 2.0


def w_dict(x):
    d = {"a": x}
    return d["a"] * 2.0


def w_slice_assign(x):
    y = np.zeros(3)
    y[0] = x
    return np.sum(y)


def w_attribute_assign(x):
    o = _Holder()
    o.v = x
    return x * 2.0


def w_nested_unpack(x):
    (a, b), c = (x, x), x
    return a * b * c


def w_two_returns(x):
    y = x * 2.0
    return y
    return x


def w_ellipsis(x):
    ...
    return x * 2.0


def w_ifexp(x):
    return x * 2.0 if x else x


def w_listcomp(x):
    return sum([x * i for i in range(3)])


def w_shadow_builtin(x):
    sum = x * 2.0
    return sum


def w_shadow_np(x):
    np = x
    return np * 2.0


def w_param_named_dout(x, dout=2.0):
    return x * dout


def w_param_named_np(x, np=2.0):
    return np * x


def w_expression_statement(x):
    x * 2.0
    return x


def w_complex(x):
    return x * 1j


def w_none(x):
    y = None
    return x * 2.0


def w_keyword_only(x, *, k=2.0):
    return x * k


def w_positional_only(x, /, y=2.0):
    return x * y


def w_varargs(x, *rest, **options):
    return x * 2.0


def w_fstring(x):
    s = f"{x:.3f}"
    return x * 2.0


def w_returns_nothing(x):
    y = x * 2.0


def w_returns_constant(x):
    return 3.0


def w_returns_tuple(x):
    return x, x


def w_print(x):
    print(end="")
    return x * 2.0


def w_import(x):
    import math

    return math.sin(x)


def w_assert(x):
    assert x > 0, "positive"
    return x * x


def w_subscript(x):
    return x[0] * x[1]


def w_attribute(x):
    return x.real * 2.0


def w_augassign_subscript(x):
    y = np.zeros(2)
    y[0] += x
    return np.sum(y)


def w_del_subscript(x):
    y = [x, x]
    del y[0]
    return y[0]


def w_nonlocal(x):
    y = x

    def bump():
        nonlocal y
        y = y * 2.0

    bump()
    return y


def w_generator_expression(x):
    return sum(x * i for i in range(3))


def w_bitwise(x):
    n = 3 & 1
    return x * n


def w_floordiv(x):
    return x // 2.0


def w_matmul_scalar(x):
    return np.array([x]) @ np.array([x])


def w_global_constant(x):
    return x * G * np.pi


def w_async_like(x):
    return [x][0]


def w_raise(x):
    raise ValueError("no")


def w_raise_in_branch(x):
    if x < 0.0:
        raise ValueError("negative")
    return x * x


def w_for_else(x):
    for _ in range(3):
        x = x * 2.0
        if x > 100.0:
            break
    else:
        x = x + 1.0
    return x


def w_while_continue(x):
    n = 0
    while n < 4:
        n += 1
        if n == 2:
            continue
        x = x * x
    return x


def w_early_return(x):
    if x > 1.0:
        return x * 2.0
    return x


def w_loop_over_array(x):
    total = 0.0
    for v in np.array([1.0, 2.0]):
        total = total + v * x
    return total


def w_nested_loops(x):
    for i in range(2):
        for j in range(i):
            x = x * 1.5
    return x


@_deco
def w_decorated(x):
    return x * x


async def w_async(x):
    return x * 2.0


WEIRD = [v for k, v in list(globals().items()) if k.startswith("w_")] + [
    _Holder().method,
    _Holder.static,
    functools.partial(w_kw_call),
    print,
    max,
    np.sum,
    lambda x: x * x,
]


@pytest.mark.parametrize("fn", WEIRD, ids=lambda f: getattr(f, "__name__", type(f).__name__))
def test_transformer_raises_only_s2s_errors(fn):
    """Any exception while making the derivative is an S2SError; the derivative, if made, runs
    (or fails at call time for reasons of the user's own code): test_weird_derivatives_are_right
    checks its numbers."""
    for api in (s2s.grad, s2s.value_and_grad):
        try:
            api(fn)
        except s2s.S2SError as exc:
            message = str(exc)
            assert message and "Traceback" not in message
            if re.match(r"[\w.-]+\.py:\d+: ", message) is None:
                assert isinstance(
                    exc, (s2s.SourceError, s2s.WrtError)
                ), f"{type(exc).__name__} without file.py:LINE: prefix: {message}"
    try:
        s2s.vjp(fn, *[1.5] * _required(fn))  # runs the forward pass: the user's code may fail
    except s2s.S2SError:
        pass
    except Exception as exc:
        assert _from_generated_code(exc), f"raw {type(exc).__name__} from s2s: {exc}"


@pytest.mark.parametrize(
    "fn",
    [fn for fn in WEIRD],
    ids=lambda f: getattr(f, "__name__", type(f).__name__),
)
def test_weird_derivatives_are_right(fn):
    """A derivative s2s makes for an odd function gives the function's value and gradient at
    1.5 (each required argument 1.5), where the function itself runs and returns a real number."""
    if inspect.iscoroutinefunction(fn):  # calling it computes nothing (and s2s refuses it)
        return
    args = (1.5,) * _required(fn)
    try:
        value = fn(*args)
    except Exception:  # noqa: BLE001 - the user's own code fails there: nothing to compare
        return
    if np.iscomplexobj(value):  # no real derivative to compare with
        return
    for api in (s2s.grad, s2s.value_and_grad):
        try:
            made = api(fn)
        except s2s.S2SError:  # test_transformer_raises_only_s2s_errors' business
            return
        result = made(*args)
        if api is s2s.value_and_grad:
            assert result[0] == value, f"value_and_grad's value {result[0]!r} != {value!r}"
            result = result[1]
        check_grad(fn, args, 0, result)


def _required(fn) -> int:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return 1
    return max(
        1,
        sum(
            p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            for p in params
        ),
    )


def _from_generated_code(exc) -> bool:
    """Did ``exc`` come out of running a generated module (the user's code, not s2s's)?"""
    cache = os.environ["S2S_CACHE_DIR"]
    return any(
        frame.filename.startswith((cache, "<s2s"))
        for frame in traceback.extract_tb(exc.__traceback__)
    )


# -- advice that can be followed ---------------------------------------------------------------


def _resolve(text, namespace):
    """What ``text`` (a name or dotted path a user would type) stands for, or None."""
    try:
        return eval(text, dict(namespace))
    except Exception:
        pass
    parts = text.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        try:
            for part in parts[i:]:
                obj = getattr(obj, part)
            return obj
        except AttributeError:
            return None
    return None


@pytest.mark.parametrize(
    "fn, callee",
    [(uses_fft, np.fft.fft), (uses_c_builtin, cmath.phase), (w_dynamic_call, None)],
    ids=["fft", "cmath.phase", "dynamic"],
)
def test_missing_rule_advice_can_be_followed(fn, callee):
    """The message's ``s2s.rrule(...)`` names the callee the way the user can write it; a call
    through a computed value is named as the user wrote it; no internal temporary (``fs_item``)."""
    with pytest.raises(s2s.S2SError) as info:
        s2s.grad(fn)
    message = str(info.value)
    assert_located(info.value, fn)
    match = re.search(r"s2s\.rrule\(([^)]*)\)", message)
    if callee is not None:
        assert isinstance(info.value, s2s.MissingRuleError) and match, message
        assert (
            _resolve(match.group(1), fn.__globals__) is callee
        ), f"{match.group(1)!r} does not name {callee!r} in {fn.__module__}: {message}"
    else:
        assert "fs[0]" in message, message
    assert "_item" not in message, message


def starred_einsum(A, B):
    ops = [A, B]
    return np.sum(np.einsum("ij,jk->ik", *ops))  # <- here


def test_starred_arguments_to_a_rule_are_refused_not_dropped():
    """A starred operand would reach the rule as one unknown argument: its gradient would be
    lost, so the call is refused at its line."""
    with pytest.raises(s2s.RuleError) as info:
        s2s.grad(starred_einsum, wrt=(0, 1))
    assert_located(info.value, starred_einsum)
    assert "starred" in str(info.value)
