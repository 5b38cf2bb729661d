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
            "the function by its name, or register a rule for it with @s2s.rrule")
    if callee is not None and callee.method:
        what = f"the method .{callee.method}()"
        function = getattr(np, callee.method, None)  # advised only if it differentiates
        function_form = (f"call the function form instead (np.{callee.method}(x)), or "
                         if function is not None and registry.lookup(function) is not None
                         else "")
        advice = f"{function_form}register a rule for it with @s2s.rrule"
    elif callee is None:
        return MissingRuleError(
            f"{where}: s2s has no derivative rule for '{gast.unparse(value)}' "
            f"({type(value).__name__}) on a differentiated value; rewrite it with NumPy "
            "functions, or register a rule for the operation with @s2s.rrule")
    else:
        spelling = callee.text
        what = registry.primal_name(callee.value)
        advice = (f"register one with @s2s.rrule({spelling}) (see README, 'Rules'), or declare "
                  f"it with s2s.nondifferentiable({spelling}) if it has no derivative")
    known = sorted({r.name for r in registry.all_rules()})
    short = what.rsplit(".", 1)[-1].strip("()")
    close = difflib.get_close_matches(what, known, n=3, cutoff=0.6) or [
        k for k in known if k.rsplit(".", 1)[-1] == short][:3]
    hint = f" Close registered names: {', '.join(close)}." if close else ""
    return MissingRuleError(
        f"{where}: no derivative rule for {what}, and it has no Python source to "
        f"differentiate: {advice}.{hint}"
    )
