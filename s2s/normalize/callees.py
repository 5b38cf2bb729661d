"""The user's own functions a function calls: inlined by the transform, hashed by the cache.

A callee is *the user's* when it is a Python function with readable source and no registered
rule. Both the inliner and the cache key use this one definition, so whatever the transform reads
is also what invalidates the cache.
"""

from __future__ import annotations

import gast

from ..annotations import Anno, get_anno
from ..rules.lookup import has_source
from . import resolve_callees


def user_callees(fn: gast.FunctionDef) -> list:
    """Python functions with source called in ``fn`` (annotated by resolve_callees).

    Deliberately without consulting the rule registry, so computing a cache key never imports
    the rule library: a function that also has a user rule is simply hashed as well.
    """
    found = []
    for node in gast.walk(fn):
        if isinstance(node, gast.Call):
            callee = get_anno(node, Anno.CALLEE)
            if callee.resolved and has_source(callee.value):
                if not any(f is callee.value for f in found):
                    found.append(callee.value)
    return found


def closure(f, read) -> list:
    """``f`` and every user function reachable from it, each once (recursion-safe)."""
    seen, order, stack = set(), [], [f]
    while stack:
        g = stack.pop()
        if id(g) in seen:
            continue
        seen.add(id(g))
        order.append(g)
        fs = read(g)
        resolve_callees.resolve_callees(fs.node, fs.namespace)
        stack.extend(reversed(user_callees(fs.node)))
    return order
