"""``generated_examples/`` is the tool's committed output: it must be what s2s generates now,
every gradient in it must be right, and it must be plain code (no closures, no s2s imports)."""

import ast
import os

import pytest
from examples_table import EXAMPLES
from helpers.numeric import check_grad
from regenerate_examples import generated_files

import s2s

FOLDER = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "generated_examples"
)
IDS = [stem for stem, *_ in EXAMPLES]
COMMITTED = sorted(n for n in os.listdir(FOLDER) if n.endswith(".py"))


@pytest.fixture(scope="module")
def generated():
    """What s2s generates now for the examples, made once, by the first test that needs it:
    not while the module is collected, which runs before anything else of the session, and
    would spend seconds even when no test here is selected."""
    return generated_files()


@pytest.mark.parametrize("name", COMMITTED)
def test_committed_file_is_current(name, generated):
    path = os.path.join(FOLDER, name)
    with open(path, encoding="utf-8") as fh:
        committed = fh.read()
    assert name in generated, f"{path}: no example produces this file: delete it"
    assert (
        generated[name] == committed
    ), f"{path} is stale: run `python -m tests.regenerate_examples` and review the diff"


def test_no_file_is_left_over(generated):
    assert set(COMMITTED) == set(generated), (
        "generated_examples/ must hold exactly the files the examples produce: run "
        "`python -m tests.regenerate_examples`, and delete the files no example produces"
    )


@pytest.mark.parametrize("stem, fn, wrt, make_args", EXAMPLES, ids=IDS)
def test_gradient_is_right(stem, fn, wrt, make_args):
    args = make_args()
    check_grad(fn, args, wrt, s2s.grad(fn, wrt=wrt)(*args))


@pytest.mark.parametrize("stem", COMMITTED)
def test_plain_code(stem):
    with open(os.path.join(FOLDER, stem), encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    for fn in [n for n in tree.body if isinstance(n, ast.FunctionDef)]:
        nested = [
            n
            for n in ast.walk(fn)
            if n is not fn
            and isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef))
        ]
        assert not nested, f"{stem}: {fn.name} defines a nested function, lambda or class"
        assert not any(isinstance(n, (ast.Nonlocal, ast.Global)) for n in ast.walk(fn))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] == "s2s" for a in node.names)
        if isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] != "s2s" or node.module.startswith(
                "s2s.examples"
            )
