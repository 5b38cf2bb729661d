"""Every callable of NumPy, ``np.linalg``, ``math`` and every ndarray method, called on a
differentiated value as a user would: s2s either differentiates it right (central finite
differences in float64) or refuses it with an ``s2s.S2SError``; never a wrong number, never a
crash. Programs the plain interpreter cannot run with these arguments are skipped.

Slow (about a minute: one transform per callable); run with ``pytest -m slow``.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import s2s

pytestmark = pytest.mark.slow

X = np.random.default_rng(0).uniform(0.2, 0.9, (3, 4))
A = np.random.default_rng(2).uniform(0.2, 0.9, (3, 3)) + 3 * np.eye(3)
PRELUDE = (
    "import math\nimport numpy as np\nY = np.random.default_rng(1).uniform(0.2, 0.9, (3, 4))\n"
)


#: Callables that are not computations (test runners, printing, files, configuration).
NOT_COMPUTATIONS = {
    "test",
    "show_config",
    "show_runtime",
    "info",
    "source",
    "lookfor",
    "save",
    "savez",
    "savez_compressed",
    "savetxt",
    "load",
    "loadtxt",
    "genfromtxt",
    "fromfile",
    "tofile",
    "dump",
    "dumps",
    "set_printoptions",
    "printoptions",
    "seterr",
    "seterrcall",
    "setbufsize",
    "getbufsize",
    "get_include",
    "get_printoptions",
    "geterr",
    "geterrcall",
    "setflags",
    "memmap",
}


def _public(namespace):
    return sorted(
        n
        for n in dir(namespace)
        if not n.startswith("_")
        and n not in NOT_COMPUTATIONS
        and callable(getattr(namespace, n))
        and not isinstance(getattr(namespace, n), type)
    )


def _cases():
    cases = [(f"np.{n}", f"y = np.{n}(x)", X) for n in _public(np)]
    cases += [(f"np.{n}(x, Y)", f"y = np.{n}(x, Y)", X) for n in _public(np)]
    cases += [(f"np.{n}(Y, x)", f"y = np.{n}(Y, x)", X) for n in _public(np)]
    cases += [(f"np.linalg.{n}", f"y = np.linalg.{n}(x)", A) for n in _public(np.linalg)]
    cases += [
        (f"x.{n}()", f"y = x.{n}()", X)
        for n in sorted(
            m for m in dir(np.ndarray) if not m.startswith("_") and m not in NOT_COMPUTATIONS
        )
    ]
    cases += [(f"math.{n}", f"y = math.{n}(x)", 0.6) for n in _public(math)]
    cases += [(f"math.{n}(x, 0.35)", f"y = math.{n}(x, 0.35)", 0.6) for n in _public(math)]
    return cases


def _fd(f, x, eps=1e-6):
    if isinstance(x, float):
        return (f(x + eps) - f(x - eps)) / (2 * eps)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        g[i] = (f(up) - f(down)) / (2 * eps)
    return g


def _copy(x):
    return x.copy() if isinstance(x, np.ndarray) else x


@pytest.mark.parametrize(
    "name, line, arg", _cases(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_callable_is_differentiated_or_refused(name, line, arg, make_module):
    module = make_module(
        f"sweep_{abs(hash(name))}",
        PRELUDE + f"def f(x):\n    {line}\n"
        "    return np.sum(np.sin(np.asarray(y, dtype=float)))\n",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = module.f(_copy(arg))
            expected = _fd(module.f, _copy(arg))
        except Exception:
            pytest.skip("not a program the interpreter runs with these arguments")
        if not (np.isfinite(value) and np.all(np.isfinite(expected))):
            pytest.skip("not finite here")
        if np.max(np.abs(expected)) > 1e4:
            pytest.skip("a discontinuity within the finite-difference step")
        try:
            got = s2s.grad(module.f)(_copy(arg))
        except s2s.S2SError:
            return  # refused: never a wrong number
    assert np.shape(got) == np.shape(arg)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-6, err_msg=name)
