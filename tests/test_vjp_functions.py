"""``s2s.vjp_functions``: a forward function returning a tape you can keep (pickle, ship, run the
backward function on many times, from several threads, in a process without s2s), and a
backward function that refuses every tape its forward function did not make."""

from __future__ import annotations

import os
import pickle
import threading

import numpy as np
import pytest
from helpers import run
from helpers.numeric import numeric_grad, numeric_vjp
from helpers.structure import assert_same_structure

import s2s

RNG = np.random.default_rng(5)


def vector_map(x, A):
    """R^3 -> R^4, nonlinear in x."""
    return np.tanh(A @ x) * np.sum(x * x)


def other_map(x, A):
    return np.sin(A @ x)


def repeated(x, n):
    """The backward sweep pops a tape of overwritten values: each run copies it first."""
    s = x
    for _ in range(n):
        s = np.sin(s) * s
    return np.sum(s)


def layer(params, x):
    W, b = params
    return np.tanh(x @ W + b)


def cube(x):
    return x * x * x


def _args():
    return RNG.uniform(-1.0, 1.0, size=3), RNG.uniform(-1.0, 1.0, size=(4, 3))


def _identical(a, b):
    if isinstance(a, tuple):
        assert isinstance(b, tuple) and len(a) == len(b)
        for x, y in zip(a, b):
            _identical(x, y)
    else:
        assert type(a) is type(b)
        np.testing.assert_array_equal(a, b)


def test_full_jacobian_from_one_forward_pass():
    x, A = _args()
    fwd, bwd = s2s.vjp_functions(vector_map)
    y, tape = fwd(x, A)
    np.testing.assert_allclose(y, vector_map(x, A), rtol=1e-15)
    jacobian = np.array([bwd(tape, e) for e in np.eye(4)])  # row i: e_i^T J, one pass for all
    assert jacobian.shape == (4, 3)
    by_columns = np.stack(
        [numeric_grad(lambda x, A, j=j: vector_map(x, A)[j], [x, A], 0) for j in range(4)]
    )
    np.testing.assert_allclose(jacobian, by_columns, rtol=1e-6, atol=1e-9)
    for ct in (np.ones(4), np.array([0.5, -1.0, 2.0, 0.0])):  # and any other row combination
        np.testing.assert_allclose(
            bwd(tape, ct), numeric_vjp(vector_map, [x, A], ct, 0), rtol=1e-6, atol=1e-9
        )


def test_tuple_wrt_gives_a_tuple_and_keywords_are_passed():
    x, A = _args()
    fwd, bwd = s2s.vjp_functions(vector_map, wrt=(0, "A"))
    y, tape = fwd(x, A=A)
    ct = np.array([1.0, -2.0, 0.5, 3.0])
    dx, dA = bwd(tape, ct)
    np.testing.assert_allclose(dx, numeric_vjp(vector_map, [x, A], ct, 0), rtol=1e-6)
    np.testing.assert_allclose(dA, numeric_vjp(vector_map, [x, A], ct, 1), rtol=1e-6)


def test_the_tape_is_a_branded_plain_tuple_that_pickles():
    x, A = _args()
    fwd, bwd = s2s.vjp_functions(vector_map, wrt=(0, 1))
    _, tape = fwd(x, A)
    assert type(tape) is tuple
    assert tape[0].startswith("s2s:test_vjp_functions.vector_map:")
    again = pickle.loads(pickle.dumps(tape))
    ct = np.array([0.3, -1.0, 2.0, 0.5])
    _identical(bwd(again, ct), bwd(tape, ct))
    _identical(bwd(tape, ct), bwd(tape, ct))  # running the backward leaves the tape as it was


def test_python_float_in_python_float_out():
    fwd, bwd = s2s.vjp_functions(cube)
    y, tape = fwd(2.0)
    assert y == 8.0
    dx = bwd(tape, 1.0)
    assert type(dx) is float and dx == 12.0
    assert bwd(pickle.loads(pickle.dumps(tape)), 0.5) == 6.0


def test_a_tuple_of_arrays_argument():
    params = (RNG.uniform(-1, 1, size=(3, 2)), RNG.uniform(-1, 1, size=2))
    x = RNG.uniform(-1, 1, size=(5, 3))
    fwd, bwd = s2s.vjp_functions(layer)
    y, tape = fwd(params, x)
    ct = RNG.uniform(-1, 1, size=(5, 2))
    dparams = bwd(pickle.loads(pickle.dumps(tape)), ct)
    assert_same_structure(dparams, params, "cotangent of params")
    expected = numeric_vjp(layer, [params, x], ct, 0)
    for got, want in zip(dparams, expected):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-9)


def test_threads_share_one_tape():
    fwd, bwd = s2s.vjp_functions(repeated)
    x = RNG.uniform(0.5, 1.5, size=50)
    _, tape = fwd(x, 4)
    expected = bwd(tape, 1.0)
    np.testing.assert_allclose(expected, numeric_grad(repeated, [x, 4], 0), rtol=1e-6, atol=1e-8)
    results, errors = [None] * 8, []

    def work(i):
        try:
            results[i] = [bwd(tape, 1.0) for _ in range(20)]
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for runs in results:
        for got in runs:
            _identical(got, expected)


def test_source_shows_the_module():
    x, A = _args()
    fwd, bwd = s2s.vjp_functions(vector_map)
    general = s2s.source(fwd)
    assert general == s2s.source(bwd)
    assert "def vector_map_vjp_forward(x, A):" in general
    assert "TAPE_BRAND = " in general and "check_tape(residuals, TAPE_BRAND)" in general
    special = s2s.source(fwd, x, A)
    assert "for shapes" in special.splitlines()[0]
    _, tape = fwd(x, A)
    assert f'TAPE_BRAND = "{tape[0]}"' in special  # the module that made the tape


# -- refused tapes ---------------------------------------------------------------------------


def test_another_functions_tape_is_refused():
    x, A = _args()
    fwd, bwd = s2s.vjp_functions(vector_map)
    fwd(x, A)
    other_fwd, _ = s2s.vjp_functions(other_map)
    _, other = other_fwd(x, A)
    with pytest.raises(s2s.TapeError) as info:
        bwd(other, np.ones(4))
    message = str(info.value)
    assert message.startswith(f"this tape was made by {other[0]!r}, not by ")
    assert "(the derivatives of vector_map this bwd knows)" in message
    assert message.endswith("run fwd and pass the tape it returns")
    assert isinstance(info.value, ValueError)


def test_a_tape_of_other_options_is_refused():
    x, A = _args()
    fwd, bwd = s2s.vjp_functions(vector_map, wrt=0)
    fwd(x, A)
    _, other = s2s.vjp_functions(vector_map, wrt=1)[0](x, A)
    with pytest.raises(s2s.TapeError, match="another version of vector_map"):
        bwd(other, np.ones(4))


def test_a_tampered_brand_is_refused_by_bwd_and_by_the_module():
    x, A = _args()
    fwd, bwd = s2s.vjp_functions(vector_map)
    _, tape = fwd(x, A)
    brand = tape[0]
    forged = (brand[:-1] + ("0" if brand[-1] != "0" else "1"),) + tape[1:]
    with pytest.raises(s2s.TapeError, match="this tape was made by"):
        bwd(forged, np.ones(4))
    namespace: dict = {}
    exec(compile(s2s.source(fwd, x, A), "<vjp module>", "exec"), namespace)  # noqa: S102
    backward = namespace["vector_map_vjp_backward"]
    with pytest.raises(ValueError) as info:
        backward(forged, np.ones(4))
    assert str(info.value) == (
        f"this tape was made by {forged[0]!r}, not by {brand!r} (a tape of another version of "
        "this derivative); run the forward function of this derivative and pass the tape it "
        "returns"
    )
    np.testing.assert_allclose(backward(tape, np.ones(4)), bwd(tape, np.ones(4)), rtol=0)


@pytest.mark.parametrize(
    "not_a_tape", [None, [], (), [1.0, 2.0], (np.ones(3), np.ones(3)), "s2s:x.f:0"]
)
def test_what_is_not_a_tape_is_refused(not_a_tape):
    x, A = _args()
    fwd, bwd = s2s.vjp_functions(vector_map)
    _, tape = fwd(x, A)
    with pytest.raises(s2s.TapeError, match="is not a tape"):
        bwd(not_a_tape, np.ones(4))
    namespace: dict = {}
    exec(compile(s2s.source(fwd, x, A), "<vjp module>", "exec"), namespace)  # noqa: S102
    with pytest.raises(ValueError, match=f"is not a tape made by {tape[0]!r}"):
        namespace["vector_map_vjp_backward"](not_a_tape, np.ones(4))


VERSION_1 = """
import numpy as np


def f(x):
    return np.sum(np.sin(x) * x)
"""


def test_a_tape_of_another_version_of_the_function_is_refused(fresh_cache, make_module):
    x = RNG.uniform(-1, 1, size=5)
    old = make_module("tape_versions", VERSION_1)
    old_fwd, old_bwd = s2s.vjp_functions(old.f)
    _, old_tape = old_fwd(x)
    new = make_module("tape_versions", VERSION_1.replace("np.sin(x) * x", "np.cos(x) * x"))
    new_fwd, new_bwd = s2s.vjp_functions(new.f)
    _, new_tape = new_fwd(x)
    assert old_tape[0] != new_tape[0]
    assert (
        old_tape[0].rpartition(":")[0] == new_tape[0].rpartition(":")[0] == "s2s:tape_versions.f"
    )
    with pytest.raises(s2s.TapeError) as info:
        new_bwd(old_tape, 1.0)
    assert f"this tape was made by {old_tape[0]!r}, not by " in str(info.value)
    assert "another version of f (its source, wrt or s2s changed since)" in str(info.value)
    with pytest.raises(s2s.TapeError):
        old_bwd(new_tape, 1.0)
    np.testing.assert_allclose(new_bwd(new_tape, 1.0), np.cos(x) - x * np.sin(x), rtol=1e-12)
    np.testing.assert_allclose(old_bwd(old_tape, 1.0), np.sin(x) + x * np.cos(x), rtol=1e-12)


# -- a process with the generated module only -------------------------------------------------

CHILD = r"""
import sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]  # the generated module's folder, numpy's home
try:
    import s2s
except ImportError:
    pass
else:
    print("S2S-IMPORTABLE", s2s.__file__)
    raise SystemExit(3)
import pickle
import tape_module

with open("tape.pickle", "rb") as fh:
    tape, cotangents = pickle.load(fh)
out = [tape_module.vector_map_vjp_backward(tape, ct) for ct in cotangents]
try:
    tape_module.vector_map_vjp_backward(("s2s:elsewhere.g:0123",) + tape[1:], cotangents[0])
except ValueError as exc:
    refused = str(exc)
assert "s2s" not in sys.modules and not any(m.startswith("s2s.") for m in sys.modules)
with open("cotangents.pickle", "wb") as fh:
    pickle.dump((out, refused), fh)
"""


def test_an_unpickled_tape_runs_where_only_the_module_is(tmp_path):
    x, A = _args()
    fwd, bwd = s2s.vjp_functions(vector_map, wrt=(0, 1))
    _, tape = fwd(x, A)
    (tmp_path / "tape_module.py").write_text(s2s.source(fwd, x, A))
    cotangents = [np.eye(4)[i] for i in range(4)] + [np.array([0.5, -1.0, 2.0, 0.25])]
    (tmp_path / "tape.pickle").write_bytes(pickle.dumps((tape, cotangents)))
    numpy_home = os.path.dirname(os.path.dirname(np.__file__))
    proc = run.python(
        CHILD,
        flags=["-I", "-S"],  # no PYTHONPATH, no site-packages: s2s cannot be imported
        cwd=tmp_path,
        check=False,
        args=[tmp_path, numpy_home],
        env=run.env(),
    )
    assert "S2S-IMPORTABLE" not in proc.stdout, "the child must not be able to import s2s"
    assert proc.returncode == 0, proc.stderr
    out, refused = pickle.loads((tmp_path / "cotangents.pickle").read_bytes())
    for ct, got in zip(cotangents, out):
        _identical(got, bwd(tape, ct))
    assert refused.startswith("this tape was made by 's2s:elsewhere.g:0123', not by ")


def _make_sine(k):
    def sine(x):
        return np.sum(np.sin(k * x))

    return sine


def test_a_closure_refuses_another_closures_tape():
    """Two closures of one def share their modules and brands, but not their closure values:
    a tape of one run through the other's backward would give the other's cotangents."""
    x = np.array([0.1, 0.2, -0.4])
    fwd2, bwd2 = s2s.vjp_functions(_make_sine(2.0))
    fwd3, bwd3 = s2s.vjp_functions(_make_sine(3.0))
    (_, tape2), (_, tape3) = fwd2(x), fwd3(x)
    np.testing.assert_allclose(bwd2(tape2, 1.0), 2.0 * np.cos(2.0 * x), rtol=1e-12)
    np.testing.assert_allclose(bwd3(tape3, 1.0), 3.0 * np.cos(3.0 * x), rtol=1e-12)
    np.testing.assert_allclose(bwd2(pickle.loads(pickle.dumps(tape2)), 1.0), bwd2(tape2, 1.0))
    with pytest.raises(s2s.TapeError, match="another closure of the same def"):
        bwd2(tape3, 1.0)
    with pytest.raises(s2s.TapeError, match="another closure of the same def"):
        bwd3(tape2, 1.0)
