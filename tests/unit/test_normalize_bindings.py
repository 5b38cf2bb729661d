"""normalize/bindings.py (the generated module's global names), with normalize/resolve_callees.py
and normalize/callees.py, which find what the names a function calls stand for."""

from __future__ import annotations

import math

import gast
import numpy
import numpy as np
from helpers.passes import read

from s2s.annotations import Anno, get_anno
from s2s.normalize import callees
from s2s.normalize.bindings import Globals, helper_function
from s2s.source import read as read_source

SCALE = 2.0


def test_one_value_one_name_and_clashes_get_a_number():
    g = Globals()
    assert g.bind("np", np, "numpy") == "np"
    assert g.bind("np", numpy, "numpy") == "np", "the same object again: the same name"
    assert g.bind("np", math, "math") == "np2", "another object wanting the name: renamed"
    assert g.bind("np", math, "math") == "np2"
    assert sorted(g.table) == ["np", "np2"] and g.table["np2"].value is math


def test_reserved_names_are_never_taken():
    g = Globals(reserved={"x", "x2"})
    assert g.bind("x", 1.5, "user") == "x3"
    assert g.bind_object("math", math) == "math"


def test_helpers_are_marked_to_be_copied():
    g = Globals()
    name = g.bind_object("unbroadcast", helper_function("unbroadcast"))
    assert name == "unbroadcast" and g.table[name].helper
    assert g.table[name].module == "s2s.templates.helpers.broadcasting"
    g.bind_object("np", np)
    assert not g.table["np"].helper


def uses_globals(x):
    y = np.sin(x) * SCALE
    return abs(y) + len([y]) + math.pi


def test_free_names_are_bound_builtins_are_not():
    fs = read_source(uses_globals)
    g = Globals()
    g.bind("SCALE", 3.0, "elsewhere")  # another function of the module took the name first
    renamed = g.bind_free_names(fs)
    assert renamed == {"SCALE": "SCALE2"}
    assert g.table["SCALE2"].value == SCALE and g.table["SCALE2"].module == __name__
    assert g.table["np"].value is np and g.table["math"].value is math
    assert "abs" not in g.table and "len" not in g.table


def make_closure(k):
    def scaled(x):
        return k * x

    return scaled


def test_a_closure_variable_is_bound_without_a_module():
    fs = read_source(make_closure(4.0))
    g = Globals()
    g.bind_free_names(fs)
    assert g.table["k"].value == 4.0 and g.table["k"].module is None


def helper(t):
    return t * 2.0


def recurse(x, n):
    return x if n == 0 else helper(recurse(x, n - 1))


def caller(x):
    y = helper(x) + recurse(x, 2)
    return np.sum(x.sum() + y)


def test_callees_are_resolved_by_object():
    fs = read(caller)
    found = {
        get_anno(n, Anno.CALLEE).text: get_anno(n, Anno.CALLEE)
        for n in gast.walk(fs.node)
        if isinstance(n, gast.Call)
    }
    assert found["helper"].value is helper and found["helper"].resolved
    assert found["np.sum"].value is np.sum
    assert found["x.sum"].method == "sum" and not found["x.sum"].resolved, "x is a local"
    assert callees.user_callees(fs.node) == [helper, recurse]
    graph = callees.call_graph(caller, read_source)
    assert list(graph) == [caller, helper, recurse]
    assert callees.recursive(graph) == [recurse]
