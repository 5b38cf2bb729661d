"""Reverse mode: core form -> a forward sweep and a backward sweep of plain statements.

Each active statement is differentiated by inlining its primitivized rule: the rule's forward
statements go to the forward sweep, its pullback body and cotangents (accumulated into the
operands' adjoints) to the backward sweep, which is generated in reverse order while tracking
which adjoints are known to be zero (``adjoints.AdjointState``).
"""

from __future__ import annotations

import dataclasses
import difflib

import gast

from ..annotations import Anno, get_anno, set_anno
from ..errors import MissingRuleError, UnsupportedError, at
from ..nodes import comment, load
from ..rules import registry
from ..rules.inline import CallSite, inline
from ..rules.lookup import Kind, primal_of
from ..rules.primitivize import reverse_template
from .adjoints import AdjointState


@dataclasses.dataclass
class Sweeps:
    forward: list
    backward: list


@dataclasses.dataclass
class _Step:
    """One primal statement with its forward code and what its adjoint needs."""

    stmt: gast.AST
    forward: list
    adjoint: list = dataclasses.field(default_factory=list)
    contributions: list = dataclasses.field(default_factory=list)  # (name, expr)
    target: str | None = None  # the variable whose adjoint drives this step


class ReverseTransformer:
    def __init__(self, fn, active, namer, bind_global, origin):
        self.fn = fn
        self.active = active
        self.namer = namer
        self.bind_global = bind_global
        self.origin = origin

    # -- per statement ------------------------------------------------------------------------

    def where(self, stmt) -> str:
        origin, lineno = get_anno(stmt, Anno.LINE)
        return origin.location(lineno)

    def step(self, stmt) -> _Step:
        if isinstance(stmt, gast.Assign):
            target = stmt.targets[0]
            if isinstance(target, gast.Name):
                if target.id not in self.active:
                    return _Step(stmt, [stmt])
                return self.assignment(stmt, target.id)
            if isinstance(target, gast.Tuple):
                names = {e.id for e in target.elts}
                if names & self.active:
                    raise UnsupportedError(
                        f"{self.where(stmt)}: unpacking a differentiated value into several names "
                        "is not supported yet; index it instead (a = t[0])"
                    )
                return _Step(stmt, [stmt])
            raise UnsupportedError(
                f"{self.where(stmt)}: assigning into '{gast.unparse(target)}' is not supported yet"
            )
        if isinstance(stmt, (gast.Expr, gast.Assert, gast.Pass)):
            return _Step(stmt, [stmt])
        raise UnsupportedError(
            f"{self.where(stmt)}: '{type(stmt).__name__.lower()}' statements are not supported in "
            "differentiated code yet; move it out of the function"
        )

    def assignment(self, stmt, target) -> _Step:
        value = stmt.value
        d = self.namer.adjoint(target)
        step = _Step(stmt, [stmt], target=target)
        if isinstance(value, gast.Name):
            step.contributions = self.operand_contributions([(value, load(d))])
            return step
        if isinstance(value, gast.Constant):
            return step
        if isinstance(value, (gast.Tuple, gast.List)):
            pairs = [(elt, gast.Subscript(value=load(d), slice=gast.Constant(value=i, kind=None),
                                          ctx=gast.Load()))
                     for i, elt in enumerate(value.elts)]
            step.contributions = self.operand_contributions(pairs)
            return step
        if isinstance(value, (gast.Compare, gast.BoolOp, gast.JoinedStr)):
            return step
        (kind, rule), operands = primal_of(value)
        if kind == Kind.NONDIFF:
            return step
        if kind != Kind.RULE:
            raise self.missing_rule(stmt, value)
        keywords = {k.arg: k.value for k in getattr(value, "keywords", [])}
        site = CallSite(target=target, adjoint=d, expr=value, operands=operands,
                        keywords=keywords, where=self.where(stmt))
        inlined = inline(reverse_template(rule), site, self.namer, self.bind_global)
        line = get_anno(stmt, Anno.LINE)
        for s in inlined.forward + inlined.adjoint:
            set_anno(s, Anno.LINE, line)
        step.forward = inlined.forward
        step.adjoint = inlined.adjoint
        step.contributions = self.operand_contributions([c for c in inlined.cotangents if c])
        return step

    def operand_contributions(self, pairs):
        """Keep the (operand, cotangent) pairs whose operand is an active variable."""
        return [(op.id, expr) for op, expr in pairs
                if isinstance(op, gast.Name) and op.id in self.active]

    def missing_rule(self, stmt, value) -> MissingRuleError:
        what = gast.unparse(value.func) if isinstance(value, gast.Call) else gast.unparse(value)
        if isinstance(value, gast.Call):
            callee = get_anno(value, Anno.CALLEE)
            if callee.resolved:
                what = registry.primal_name(callee.value)
        known = sorted({r.name for r in registry.all_rules()})
        short = what.rsplit(".", 1)[-1]
        close = difflib.get_close_matches(what, known, n=3, cutoff=0.6) or [
            k for k in known if k.rsplit(".", 1)[-1] == short][:3]
        hint = f" Close registered names: {', '.join(close)}." if close else ""
        return MissingRuleError(
            f"{self.where(stmt)}: no derivative rule for {what}, and it has no Python source to "
            f"differentiate. Register one with @s2s.rrule({short}) (see README, 'Rules'), or "
            f"declare it with s2s.nondifferentiable({short}) if it has no derivative.{hint}"
        )

    # -- blocks -------------------------------------------------------------------------------

    def block(self, stmts, state: AdjointState) -> Sweeps:
        steps = [self.step(s) for s in stmts]
        forward = [s for step in steps for s in step.forward]
        backward = []
        for step in reversed(steps):
            backward += self.adjoint_of(step, state)
        return Sweeps(forward, backward)

    def adjoint_of(self, step: _Step, state: AdjointState) -> list:
        if step.target is None or state.is_zero(step.target):
            if step.target is not None:
                state.reset(step.target)
            return []
        line = get_anno(step.stmt, Anno.LINE)
        out = list(step.adjoint)
        state.reset(step.target)
        for name, expr in step.contributions:
            out.append(state.contribute(name, expr, line))
        return [comment(line)] + out if out else out
