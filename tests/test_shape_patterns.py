"""The shape patterns s2s infers (s2s/analysis/shapes.py) hold when the code runs.

Specialized derivatives are only right if every pattern the analysis claims is true, so this
test checks the claims themselves, not just the gradients: for every corpus case that takes
arrays, it re-infers the patterns of the specialized derivative's own variables from its emitted
source, runs that derivative under a tracer, and compares each claimed pattern with the shape of
the value the variable holds at every line.
"""

from __future__ import annotations

import sys
import types

import gast
import numpy as np
import pytest
from test_corpus import CASES, NOT_YET, _case_id

import s2s
from s2s.analysis.shapes import ANY, N, shape_facts
from s2s.dispatch import patterns_of
from s2s.normalize.bindings import HELPER_MODULES, helper_function

ARRAY_CASES = [
    p
    for p in CASES
    if _case_id(p.values[0]) not in NOT_YET
    and any(isinstance(a, np.ndarray) for a in p.values[0].make_args())
]


class _Bindings:
    """What the analysis needs of the emitter's bindings, rebuilt from a loaded module: the
    object each global name stands for, and which are s2s's helpers (copied into the module)."""

    def __init__(self, module):
        self.table = {}
        self.reserved: set = set()  # the generated code's locals shadow no builtin it calls
        for name, value in vars(module).items():
            helper = (
                isinstance(value, types.FunctionType)
                and value.__module__ == module.__name__
                and _is_helper_name(name)
            )
            self.table[name] = types.SimpleNamespace(
                value=helper_function(name) if helper else value, helper=helper
            )


def _is_helper_name(name) -> bool:
    try:
        return helper_function(name).__module__ in HELPER_MODULES
    except AttributeError:
        return False


def _holds(pattern, value) -> bool:
    if pattern == ():
        return np.ndim(value) == 0
    if type(value) is not np.ndarray or value.ndim != len(pattern):
        return False
    return all(
        p == ANY or (n == 1) == (p == 1) for p, n in zip(pattern, value.shape) if p in (1, N, ANY)
    )


@pytest.mark.parametrize("case", ARRAY_CASES)
def test_inferred_patterns_hold_at_run_time(case):
    args = case.make_args()
    g = s2s.grad(case.fn, wrt=case.wrt, has_aux=case.has_aux)
    loaded = g.__s2s_variants__.module_for(args, {})
    tree = gast.parse(loaded.source)
    fn = next(n for n in tree.body if isinstance(n, gast.FunctionDef) and n.name == loaded.entry)
    variants = g.__s2s_variants__
    arguments = {
        name: p
        for name, p in patterns_of(variants.params, variants.shapes_of(args, {}))
        if not isinstance(p, str)
    }  # a container argument's kind is not a shape
    seed = fn.args.args[-1].id
    arguments[seed] = ()
    facts = shape_facts(fn, _Bindings(loaded.module), arguments).env
    claims = {name: p for name, p in facts.items() if p is not None}
    code = loaded.function.__code__
    wrong = []

    def check(frame):
        for name, pattern in claims.items():
            if name in frame.f_locals and not _holds(pattern, frame.f_locals[name]):
                wrong.append((frame.f_lineno, name, pattern, np.shape(frame.f_locals[name])))

    def tracer(frame, event, arg):
        if frame.f_code is not code:
            return None

        def local(frame, event, arg):
            if event in ("line", "return"):
                check(frame)
            return local

        return local

    sys.settrace(tracer)
    try:
        loaded.function(*args)
    finally:
        sys.settrace(None)
    assert not wrong, f"claimed patterns that do not hold (line, name, claim, shape): {wrong[:5]}"
    assert claims, "nothing inferred: the test checks nothing"
