"""Generated modules stand alone: they run where s2s is not installed, and contain nothing a
reader would not write by hand (no closures, no lambdas, no nested defs, no s2s imports)."""

from __future__ import annotations

import ast
import json
import os
import shutil

import fixtures_api as u
import numpy as np
import pytest
from helpers import run
from helpers.numeric import check_grad, check_vjp

import s2s

RNG = np.random.default_rng(1)


def rand(*shape, dtype=np.float64):
    return RNG.uniform(0.5, 1.5, size=shape).astype(dtype)


def entry_names(source: str) -> list[str]:
    return [n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]


# name -> (user function, mode, wrt, has_aux, arguments)
CASES = {
    "poly": (u.poly, "grad", (0, 1), False, (1.3, 0.7)),
    "poly_vg": (u.poly, "value_and_grad", "y", False, (1.3, 0.7)),
    "scalar_math": (u.scalar_math, "grad", (0, 1), False, (0.4, 1.3)),
    "np_elementwise": (u.np_elementwise, "grad", 0, False, (rand(5),)),
    "np_reductions": (u.np_reductions, "grad", (0, 1), False, (rand(4), rand(4))),
    "mlp": (u.mlp, "grad", ("W1", "W2"), False, (rand(3, 4), rand(4, 2), rand(5, 3))),
    "broadcast": (u.broadcast, "grad", (0, 1), False, (rand(3, 1), rand(3, 4))),
    "with_aux": (u.with_aux, "grad", 0, True, (rand(3), rand(3))),
    "uses_helper": (u.uses_helper, "grad", 0, False, (0.8,)),
    "pointwise_vjp": (u.pointwise, "vjp", None, False, (rand(4), rand(4))),
    "rnn": (u.rnn, "grad", (0, 1), False, (rand(3, 3) - 1.0, rand(3), rand(4, 3))),
    "branchy": (u.branchy, "grad", (0, 1), False, (1.5, 0.7)),
    "power_loop": (u.power_loop, "grad", 0, False, (1.3, 3)),
    "nested_power": (u.nested_power, "grad", 0, False, (1.3, 4)),
    "mapped_product_vjp": (u.mapped_product, "vjp", None, False, (rand(4), rand(4))),
}
COTANGENTS = [np.ones(4), np.array([0.5, -1.0, 2.0, 0.0])]


def generated_source(name) -> str:
    fn, mode, wrt, has_aux, args = CASES[name]
    if mode == "vjp":
        return s2s.source(s2s.vjp(fn, *args)[1])
    api = s2s.grad if mode == "grad" else s2s.value_and_grad
    return s2s.source(api(fn, wrt=wrt, has_aux=has_aux))


def encode(value):
    if isinstance(value, np.ndarray):
        return {"array": value.tolist(), "dtype": str(value.dtype)}
    return value


# The child: no site-packages processing (-S), isolated (-I); sys.path is set by hand to the
# directory of generated files and numpy's parent directory only.
CHILD = r"""
import sys
sys.path[:] = [sys.argv[1], sys.argv[2]] + [p for p in sys.path if "lib-dynload" in p
                                            or p.endswith(("python3.11", ".zip"))]
try:
    import s2s
    print("S2S-IMPORTABLE", s2s.__file__)
    raise SystemExit(3)
except ImportError:
    pass
import importlib, json
import numpy as np

def decode(v):
    if isinstance(v, dict) and "array" in v:
        return np.array(v["array"], dtype=v["dtype"])
    return v

def encode(v):
    if isinstance(v, tuple):
        return {"tuple": [encode(x) for x in v]}
    if isinstance(v, dict):
        return {"dict": {k: encode(x) for k, x in v.items()}}
    if isinstance(v, np.ndarray):
        return {"array": v.tolist(), "dtype": str(v.dtype)}
    if isinstance(v, np.generic):
        return {"array": v.tolist(), "dtype": str(v.dtype)}
    return v

cases = json.load(open(sys.argv[3]))
out = {}
for name, case in cases.items():
    module = importlib.import_module("gen_" + name)
    args = [decode(a) for a in case["args"]]
    if case["mode"] == "vjp":
        forward = getattr(module, case["forward"])
        backward = getattr(module, case["backward"])
        y, residuals = forward(*args)
        out[name] = [encode(backward(residuals, decode(c))) for c in case["cotangents"]]
    else:
        out[name] = encode(getattr(module, case["entry"])(*args))
assert "s2s" not in sys.modules and not any(m.startswith("s2s.") for m in sys.modules)
print(json.dumps(out))
"""


def decode(value):
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if "tuple" in value:
            return tuple(decode(v) for v in value["tuple"])
        if "dict" in value:
            return {k: decode(v) for k, v in value["dict"].items()}
        if "array" in value:
            arr = np.array(value["array"], dtype=value["dtype"])
            return arr[()] if arr.ndim == 0 else arr
    return value


@pytest.fixture(scope="module")
def standalone(tmp_path_factory):
    """Write every case's generated module next to a copy of the user's module, run them all in
    one child that cannot import s2s; return (child process, decoded results by case)."""
    root = tmp_path_factory.mktemp("standalone")
    folder = root / "generated"
    folder.mkdir()
    shutil.copy(u.__file__, folder / "fixtures_api.py")  # the user's module goes along
    cases = {}
    for name, (fn, mode, wrt, has_aux, args) in CASES.items():
        source = generated_source(name)
        (folder / f"gen_{name}.py").write_text(source)
        names = entry_names(source)
        case = {"mode": mode, "args": [encode(a) for a in args]}
        if mode == "vjp":
            case["forward"] = f"{fn.__name__}_vjp_forward"
            case["backward"] = f"{fn.__name__}_vjp_backward"
            assert {case["forward"], case["backward"]} <= set(names)
            case["cotangents"] = [encode(c) for c in COTANGENTS]
        else:
            case["entry"] = f"{fn.__name__}_{mode}"
            assert case["entry"] in names
        cases[name] = case
    (root / "cases.json").write_text(json.dumps(cases))
    numpy_home = os.path.dirname(os.path.dirname(np.__file__))
    proc = run.python(
        CHILD,
        flags=["-I", "-S"],
        cwd=folder,
        check=False,
        args=[folder, numpy_home, root / "cases.json"],
        env=run.env(),
    )
    results = json.loads(proc.stdout) if proc.returncode == 0 else {}
    return proc, {name: decode(value) for name, value in results.items()}


def test_child_cannot_import_s2s_and_runs_everything(standalone):
    proc, results = standalone
    assert "S2S-IMPORTABLE" not in proc.stdout, "the child must not be able to import s2s"
    assert proc.returncode == 0, proc.stderr
    assert sorted(results) == sorted(CASES)


@pytest.mark.parametrize("name", list(CASES))
def test_standalone_numbers_match_finite_differences(standalone, name):
    proc, results = standalone
    assert name in results, proc.stderr
    fn, mode, wrt, has_aux, args = CASES[name]
    got = results[name]
    if mode == "vjp":
        for ct, cotangents in zip(COTANGENTS, got):
            check_vjp(fn, args, ct, cotangents)
    elif mode == "value_and_grad":
        value, grads = got
        assert value == pytest.approx(fn(*args), rel=1e-14)
        check_grad(fn, args, wrt, grads)
    elif has_aux:
        grads, aux = got
        assert aux["tag"] == "aux"
        check_grad(fn, args, wrt, grads, output=lambda r: r[0])
    else:
        check_grad(fn, args, wrt, got)


# -- what the generated code is made of --------------------------------------------------------


def all_generated_sources():
    sources = {name: generated_source(name) for name in CASES}
    for mode in ("grad", "value_and_grad"):
        for fn in (
            u.poly,
            u.three,
            u.with_int,
            u.scalar_math,
            u.np_elementwise,
            u.mlp,
            u.broadcast,
            u.scaled_sum,
            u.pointwise,
            u.uses_helper,
            u.rnn,
            u.branchy,
            u.power_loop,
            u.nested_power,
        ):
            api = s2s.grad if mode == "grad" else s2s.value_and_grad
            sources[f"{fn.__name__}_{mode}"] = s2s.source(api(fn))
    sources["three_vjp"] = s2s.source(s2s.vjp(u.three, 1.0, 2.0, 3.0)[1])
    sources["mlp_vjp"] = s2s.source(s2s.vjp(u.mlp, rand(3, 4), rand(4, 2), rand(5, 3))[1])
    return sources


SOURCE_NAMES = (
    list(CASES)
    + [
        f"{f}_{m}"
        for m in ("grad", "value_and_grad")
        for f in (
            "poly",
            "three",
            "with_int",
            "scalar_math",
            "np_elementwise",
            "mlp",
            "broadcast",
            "scaled_sum",
            "pointwise",
            "uses_helper",
            "rnn",
            "branchy",
            "power_loop",
            "nested_power",
        )
    ]
    + ["three_vjp", "mlp_vjp"]
)


@pytest.fixture(scope="module")
def sources():
    return all_generated_sources()


@pytest.mark.parametrize("name", SOURCE_NAMES)
def test_generated_code_has_no_closures_lambdas_or_s2s_imports(sources, name):
    source = sources[name]
    tree = ast.parse(source)
    for top in tree.body:  # imports and functions only: no module-level tape or state
        if name.endswith("_vjp") and isinstance(top, ast.Assign):  # but the brand: a str
            assert [t.id for t in top.targets] == ["TAPE_BRAND"], name
            assert isinstance(top.value, ast.Constant) and isinstance(top.value.value, str)
            continue
        assert isinstance(
            top, (ast.Import, ast.ImportFrom, ast.FunctionDef)
        ), f"{name}: unexpected top-level {type(top).__name__}"
        if isinstance(top, ast.FunctionDef):
            inner = [
                n
                for n in ast.walk(top)
                if n is not top
                and isinstance(
                    n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
                )
            ]
            assert not inner, f"{name}: {top.name} defines a {type(inner[0]).__name__}"
            assert not [n for n in ast.walk(top) if isinstance(n, (ast.Nonlocal, ast.Global))]
            assert not top.decorator_list, f"{name}: {top.name} is decorated"
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Lambda)], name
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module or ""]
        else:
            continue
        assert not any(m == "s2s" or m.startswith("s2s.") for m in modules), name
        assert all(
            m.split(".")[0] in ("numpy", "math", "scipy", "fixtures_api") for m in modules
        ), f"{name}: imports {modules}"
    assert "__s2s" not in source, f"{name}: an internal marker leaked into the output"
    code = "\n".join(
        line
        for line in source.splitlines()
        if not line.lstrip().startswith("#") and not line.startswith("TAPE_BRAND = ")
    )
    assert "s2s" not in code.replace("Generated by s2s", ""), f"{name} mentions s2s in code"
