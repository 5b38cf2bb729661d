"""Running one pass of s2s on a tiny function, for the unit tests in ``tests/unit/``.

The pipeline (``s2s/pipeline.py``) reads a function into a gast tree (``s2s.source.read``),
resolves its callees, then runs pass after pass. A unit test does the same for one pass only:

    fs = read(f)                      # gast FunctionDef with callees resolved, f's namespace
    node = flat(f)                    # the core form (comprehensions lowered, flattened)
    assert_code(node, '''
        def f(x):
            mul = x * x
            return mul
    ''')
    run = compiled(node, fs.namespace)   # the transformed function, runnable
    assert run(2.0) == f(2.0)             # ...computing what the original did

Expected code is compared after ``ast.parse`` / ``ast.unparse`` on both sides, so indentation,
blank lines and redundant parentheses do not matter; names and statement order do.

For the optimizations, which work on *generated* code, ``generated(text)`` parses a function from
text and ``bindings_for(...)`` makes the module-level bindings (``np``, ``math``, helpers) the
passes look names up in; ``namespace_for(bindings)`` is what the emitted module would see.
"""

from __future__ import annotations

import ast
import math
import textwrap

import gast
import numpy as np

from s2s.naming import Namer
from s2s.normalize.bindings import Globals, helper_function
from s2s.normalize.comprehensions import lower_comprehensions
from s2s.normalize.flatten import flatten
from s2s.normalize.resolve_callees import resolve_callees
from s2s.source import read as read_source


def read(f):
    """``f``'s FunctionSource with every call annotated (``Anno.CALLEE``), as the pipeline does
    before flattening."""
    fs = read_source(f)
    resolve_callees(fs.node, fs.namespace)
    return fs


def namer_for(fs) -> Namer:
    """The pipeline's namer: avoids every name ``fs`` uses and every global it can see."""
    return Namer.for_function(fs.node, set(fs.namespace))


def flat(f, namer=None):
    """``f`` in core form: comprehensions lowered, then flattened (what the inliner does before
    inlining). Returns the FunctionDef; pass ``namer`` to keep using the same one afterwards."""
    fs = read(f)
    namer = namer or namer_for(fs)
    node = lower_comprehensions(fs.node, fs.origin, namer)
    return flatten(node, fs.origin, namer)


def function(node, body=None):
    """A FunctionDef with ``node``'s signature and ``body`` (default: its own)."""
    return gast.FunctionDef(
        name=node.name,
        args=node.args,
        body=list(node.body if body is None else body),
        decorator_list=[],
        returns=None,
        type_comment=None,
        type_params=[],
    )


def to_text(node) -> str:
    """Source text of a gast node, a list of statements, or a FunctionDef."""
    if isinstance(node, list):
        node = gast.Module(body=node, type_ignores=[])
    tree = gast.gast_to_ast(node)
    return ast.unparse(ast.fix_missing_locations(tree))


def canonical(text: str) -> str:
    """``text`` as ``ast.unparse`` spells it: whitespace and parentheses normalized."""
    return ast.unparse(ast.parse(textwrap.dedent(text)))


def code(node) -> str:
    """The canonical text of a node or statement list (for assertion messages and comparisons)."""
    return canonical(to_text(node))


def assert_code(node, expected: str):
    """``node`` unparses to ``expected`` (canonical forms compared; the message shows both and
    their diff)."""
    import difflib

    got, want = code(node), canonical(expected)
    if got != want:
        diff = "\n".join(
            difflib.unified_diff(
                want.splitlines(), got.splitlines(), "expected", "got", lineterm=""
            )
        )
        raise AssertionError(f"the pass made\n{got}\n\ninstead of\n{want}\n\n{diff}")


def compiled(node, namespace: dict):
    """The function a gast FunctionDef defines, executed in a copy of ``namespace`` (for a tree
    read from a function: ``read(f).namespace``; for generated code: ``namespace_for``)."""
    if not isinstance(node, gast.FunctionDef):
        raise TypeError("compiled() takes a FunctionDef")
    module = gast.Module(body=[node], type_ignores=[])
    tree = ast.fix_missing_locations(gast.gast_to_ast(module))
    scope = dict(namespace)
    exec(compile(tree, f"<unit test: {node.name}>", "exec"), scope)
    return scope[node.name]


# -- generated code, for the optimizations ------------------------------------------------------


def generated(text: str) -> gast.FunctionDef:
    """A FunctionDef parsed from ``text`` (the first function in it), as generated code is."""
    return gast.parse(textwrap.dedent(text)).body[0]


def bindings_for(*helpers: str, np_name="np", with_math=True) -> Globals:
    """Module bindings as the pipeline makes them: ``np`` (and ``math``), and the named helpers
    of ``templates/helpers.py`` (``unbroadcast``, ``zeros_like``...), each marked a helper."""
    bindings = Globals()
    bindings.bind_object(np_name, np)
    if with_math:
        bindings.bind_object("math", math)
    for name in helpers:
        bindings.bind_object(name, helper_function(name))
    return bindings


def namespace_for(bindings: Globals) -> dict:
    """What the emitted module's globals would hold: each binding's value under its name."""
    return {name: binding.value for name, binding in bindings.table.items()}


def assert_same_results(original, transformed, *calls, rtol=0.0):
    """``transformed(*args)`` gives what ``original(*args)`` gives, for each ``args`` in
    ``calls`` (each function gets its own deep copy of the arguments). Exact by default: a
    pass that only restructures code keeps every floating-point operation as it was."""
    import copy

    assert calls, "no sample input: nothing is compared"
    for args in calls:
        expected = original(*copy.deepcopy(args))
        got = transformed(*copy.deepcopy(args))
        _assert_equal(got, expected, rtol, f"with arguments {args!r}")


def _assert_equal(got, expected, rtol, where):
    if isinstance(expected, (tuple, list)):
        assert type(got) is type(expected) and len(got) == len(expected), (where, got, expected)
        for g, e in zip(got, expected):
            _assert_equal(g, e, rtol, where)
        return
    assert type(got) is type(expected), (where, type(got), type(expected))
    if isinstance(expected, np.ndarray):
        assert got.shape == expected.shape and got.dtype == expected.dtype, (where, got, expected)
    if rtol:
        np.testing.assert_allclose(got, expected, rtol=rtol, err_msg=where)
    else:
        np.testing.assert_array_equal(got, expected, err_msg=where)
