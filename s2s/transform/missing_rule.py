"""The error for an operation with no derivative rule: named as the user spelled it, with what
to do (register a rule, declare it non-differentiable) and the closest registered names."""

from __future__ import annotations

import difflib

import gast
import numpy as np

from ..annotations import Anno, get_anno
from ..errors import MissingRuleError
from ..rules import registry


def missing_rule(where: str, value) -> MissingRuleError:
    """No rule: name the callee as the user spelled it, say how to register one, and
    suggest the closest registered names."""
    callee = get_anno(value, Anno.CALLEE, None) if isinstance(value, gast.Call) else None
    if callee is not None and not callee.resolved and not callee.method:
        return MissingRuleError(
            f"{where}: the function called here is a value computed at run time "
            f"({callee.text}); s2s differentiates calls it can resolve from the source: call "
            "the function by its name, or register a rule for it with @s2s.rrule"
        )
    if callee is not None and callee.method and not hasattr(np.ndarray, callee.method):
        owner = gast.unparse(value.func.value)
        return MissingRuleError(
            f"{where}: '{owner}.{callee.method}(...)' calls a method of '{owner}', which s2s "
            "cannot look up from the source (it differentiates NumPy's array methods and the "
            "functions it can resolve by name): make it a module-level function and call "
            f"{callee.method}({owner}, ...), or call it through its class"
        )
    if callee is not None and callee.method:
        what = f"the method .{callee.method}()"
        function = getattr(np, callee.method, None)  # advised only if it differentiates
        function_form = (
            f"call the function form instead (np.{callee.method}(x)), or "
            if function is not None and registry.lookup(function) is not None
            else ""
        )
        advice = f"{function_form}register a rule for it with @s2s.rrule"
    elif isinstance(value, gast.Attribute):
        return MissingRuleError(_attribute(where, value))
    elif callee is None:
        return MissingRuleError(
            f"{where}: s2s has no derivative rule for '{gast.unparse(value)}' "
            f"({type(value).__name__}) on a differentiated value; rewrite it with NumPy "
            "functions"
        )
    else:
        spelling = callee.text
        what = registry.primal_name(callee.value)
        advice = (
            f"register one with @s2s.rrule({spelling}) (see README, 'Rules'), or declare "
            f"it with s2s.nondifferentiable({spelling}) if it has no derivative"
        )
    known = sorted({r.name for r in registry.all_rules()})
    short = what.rsplit(".", 1)[-1].strip("()")
    close = (
        difflib.get_close_matches(what, known, n=3, cutoff=0.6)
        or [k for k in known if k.rsplit(".", 1)[-1] == short][:3]
    )
    hint = f" Close registered names: {', '.join(close)}." if close else ""
    return MissingRuleError(
        f"{where}: no derivative rule for {what}, and it has no Python source to "
        f"differentiate: {advice}.{hint}"
    )


#: Array attributes whose value has a derivative through a function s2s differentiates.
_ATTRIBUTE_FORMS = {"real": "np.real(x)", "flat": "x.ravel()", "mT": "np.swapaxes(x, -1, -2)"}


def _attribute(where: str, value) -> str:
    """No rule for reading an attribute of a differentiated value: name a function form for
    an array attribute; for anything else, say what s2s differentiates."""
    owner, attr = gast.unparse(value.value), value.attr
    form = _ATTRIBUTE_FORMS.get(attr)
    if form is not None:
        return (
            f"{where}: reading '{owner}.{attr}' of a differentiated array is not "
            f"differentiated; write {form.replace('x', owner, 1)} instead"
        )
    return (
        f"{where}: reading the attribute '{attr}' of the differentiated value '{owner}' is "
        "not supported: s2s differentiates numbers, arrays, and tuples, lists and dicts of "
        f"them; pass '{owner}.{attr}' as an argument of its own"
    )
