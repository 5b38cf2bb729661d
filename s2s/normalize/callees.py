"""The user's own functions a function calls: inlined by the transform, hashed by the cache.

A callee is *the user's* when it is a Python function with readable source and no registered
rule. Both the inliner and the cache key use this one definition, so whatever the transform reads
is also what invalidates the cache. Functions on a call cycle (recursion, direct or mutual) cannot
be inlined; ``recursive`` finds them so they are emitted as forward/backward pairs instead.
"""

from __future__ import annotations

import gast

from ..annotations import Anno, get_anno
from ..rules.lookup import has_source
from ..source import unwrap
from . import resolve_callees


def user_callees(fn: gast.FunctionDef) -> list:
    """Python functions with source called in ``fn`` (annotated by resolve_callees).

    Deliberately without consulting the rule registry, so computing a cache key never imports
    the rule library: a function that also has a user rule is simply hashed as well.
    """
    found: list = []
    for node in gast.walk(fn):
        if isinstance(node, gast.Call):
            callee = get_anno(node, Anno.CALLEE)
            if callee.resolved and has_source(callee.value):
                if not any(f is callee.value for f in found):
                    found.append(callee.value)
    return found


def call_graph(f, read) -> dict:
    """Every user function reachable from ``f`` -> the user functions it calls, in reach order."""
    graph, stack = {}, [unwrap(f)]
    while stack:
        g = stack.pop()
        if g in graph:
            continue
        fs = read(g)
        resolve_callees.resolve_callees(fs.node, fs.namespace)
        graph[g] = [unwrap(c) for c in user_callees(fs.node)]
        stack.extend(reversed(graph[g]))
    return graph


def recursive(graph: dict) -> list:
    """The functions of ``call_graph`` (its root included) that can reach themselves again."""
    out = []
    for g in graph:
        seen, stack = set(), list(graph[g])
        while stack and g not in seen:
            h = stack.pop()
            if h not in seen:
                seen.add(h)
                stack.extend(graph[h])
        if g in seen:
            out.append(g)
    return out


def names_seen(graph: dict, read) -> set:
    """Every name a function of ``call_graph`` uses or can see: what a module-level function
    added to the generated module must not be called."""
    names = set()
    for g in graph:
        fs = read(g)
        names |= set(fs.namespace) | {n.id for n in gast.walk(fs.node) if isinstance(n, gast.Name)}
    return names
