"""Reverse mode: core form -> a forward sweep and a backward sweep of plain statements.

Each statement becomes a *step*: its forward code (the primal statement, or an inlined rule's
forward part) and a ``backward(state)`` that produces its adjoint code for the current
``AdjointState``. A block's backward sweep is its steps' adjoints in reverse order. Every
overwrite gets a save point (forward) and a restore point (backward), which ``transform.tape``
later turns into tape pushes and pops where the backward sweep needs the old value.
"""

from __future__ import annotations

import operator

import gast
import numpy

from ..analysis.assigned import certainly_assigned
from ..annotations import Anno, get_anno, has_anno
from ..errors import UnsupportedError
from ..nodes import call, const, load
from ..normalize.bindings import helper_function
from ..rules.inline import CallSite, inline
from ..rules.lookup import Kind, primal_of
from ..rules.primitivize import reverse_template
from ..substitute import clone, names_in, slice_as_value
from .adjoints import AdjointState
from .containers import (
    AppendStep,
    InsertStep,
    PopStep,
    UnpackStep,
    container_item_scatter,
    dict_contributions,
    is_append,
    is_list_method,
)
from .control_flow import control_step
from .markers import SavePoint, save_point
from .missing_rule import missing_rule
from .recursion import recursive_call
from .steps import AssignStep, Step, StoreStep, Sweeps


class ReverseTransformer:
    def __init__(self, active, namer, bind_global, containers, pairs):
        self.active = active
        self.pairs = pairs  # recursive functions' forward/backward pairs (transform.recursion)
        self.containers = containers  # names holding tuples, lists or dicts (containers.py)
        self.namer = namer
        self.bind_global = bind_global
        self.int_names: set[str] = set()  # loop indices over range(): basic array indices

    def helper(self, name: str) -> str:
        """The generated module's name for the helper ``name`` (bound on first use)."""
        return self.bind_global(name, helper_function(name))

    def where(self, stmt) -> str:
        origin, lineno = get_anno(stmt, Anno.LINE)
        return origin.location(lineno)

    # -- blocks -------------------------------------------------------------------------------

    def steps(self, stmts, in_loop: bool, defined: frozenset) -> list:
        """Steps of a block; ``defined``: names certainly assigned when the block starts."""
        out = []
        for stmt in stmts:
            if has_anno(stmt, Anno.GUARD):  # a check that only raises: forward code alone
                out.append(Step([stmt]))
            elif isinstance(stmt, (gast.If, gast.For, gast.While)):
                out += control_step(self, stmt, in_loop, defined)
            else:
                out.append(self.step(stmt, in_loop))
            defined = defined | certainly_assigned(stmt)
        return out

    @staticmethod
    def forward_of(steps) -> list:
        return [s for step in steps for s in step.forward]

    @staticmethod
    def backward_of(steps, state) -> list:
        out = []
        for step in reversed(steps):
            out += step.backward(state)
        return out

    def block(self, stmts, state: AdjointState, params) -> Sweeps:
        steps = self.steps(stmts, in_loop=False, defined=frozenset(params))
        return Sweeps(self.forward_of(steps), self.backward_of(steps, state))

    # -- simple statements --------------------------------------------------------------------

    def step(self, stmt, in_loop) -> Step:
        if isinstance(stmt, gast.Assign):
            target = stmt.targets[0]
            if isinstance(target, gast.Subscript):
                return self.store(stmt, target, in_loop)
            names = tuple(sorted(names_in(target, gast.Store)))
            point = SavePoint(names, in_loop)
            forward = [save_point(point), stmt]
            if (
                isinstance(target, gast.Name)
                and is_list_method(stmt, "pop")
                and stmt.value.func.value.id in self.active
            ):
                return PopStep(self, stmt, point, forward)
            if isinstance(target, gast.Name) and target.id in self.active:
                return self.assignment(stmt, target.id, point)
            if names_in(target, gast.Store) & self.active:
                return UnpackStep(self, stmt, point, forward)
            return Step(forward, point)
        if is_append(stmt) and stmt.value.func.value.id in self.active:
            return AppendStep(self, stmt)
        if is_list_method(stmt, "insert") and stmt.value.func.value.id in self.active:
            return InsertStep(self, stmt)
        if isinstance(
            stmt, (gast.Expr, gast.Assert, gast.Pass, gast.Break, gast.Continue, gast.Raise)
        ):
            return Step([stmt])
        raise UnsupportedError(
            f"{self.where(stmt)}: '{type(stmt).__name__.lower()}' statements are not supported in "
            "differentiated code; move it out of the function"
        )

    def store(self, stmt, target, in_loop) -> Step:
        container = target.value.id
        slot = gast.Subscript(value=load(container), slice=clone(target.slice), ctx=gast.Load())
        point = SavePoint((container,), in_loop, slot=slot, container=container in self.containers)
        forward = [save_point(point), stmt]
        if container not in self.active:
            return Step(forward, point)
        return StoreStep(
            forward, point, container, target.slice, stmt.value, get_anno(stmt, Anno.LINE), self
        )

    def assignment(self, stmt, target, point) -> Step:
        value = stmt.value
        if not isinstance(value, gast.Name) and target in names_in(value, gast.Load):
            raise AssertionError(
                f"internal error: {self.where(stmt)}: '{target}' is assigned from "
                "itself; normalize.flatten should have split the statement"
            )
        line = get_anno(stmt, Anno.LINE)
        d = self.namer.adjoint(target)
        forward = [save_point(point), stmt]
        if isinstance(value, gast.Name):
            return AssignStep(
                forward, point, target, line, contributions=self.active_pairs([(value, load(d))])
            )
        if isinstance(value, gast.Constant) or isinstance(
            value, (gast.Compare, gast.BoolOp, gast.JoinedStr)
        ):
            return AssignStep(forward, point, target, line)
        if isinstance(value, (gast.Tuple, gast.List)):
            pairs = [
                (elt, gast.Subscript(value=load(d), slice=const(i), ctx=gast.Load()))
                for i, elt in enumerate(value.elts)
            ]
            return AssignStep(forward, point, target, line, contributions=self.active_pairs(pairs))
        if isinstance(value, gast.Dict):
            return AssignStep(
                forward,
                point,
                target,
                line,
                contributions=self.active_pairs(dict_contributions(self, value, d)),
            )
        (kind, rule), operands = primal_of(value)
        if kind == Kind.NONDIFF:
            return AssignStep(forward, point, target, line)
        if kind == Kind.USER:  # not inlined: it is recursive
            return recursive_call(self, stmt, target, point)
        if kind != Kind.RULE:
            raise missing_rule(self.where(stmt), value)
        if rule.primal is operator.getitem:
            return self.getitem(stmt, target, point, operands, line)
        keywords = {k.arg: k.value for k in getattr(value, "keywords", [])}
        callee = get_anno(value, Anno.CALLEE, None) if isinstance(value, gast.Call) else None
        site = CallSite(
            target=target,
            adjoint=d,
            expr=value,
            operands=operands,
            keywords=keywords,
            where=self.where(stmt),
            method=callee.method if callee is not None else None,
        )
        inlined = inline(reverse_template(rule), site, self.namer, self.bind_global)
        for option, operand in inlined.options.items():
            if isinstance(operand, gast.Name) and operand.id in self.active:
                raise UnsupportedError(
                    f"{self.where(stmt)}: the rule for {rule.name} does not differentiate its "
                    f"'{option}' argument, but '{operand.id}' depends on the differentiated "
                    "inputs here; register a rule that does with @s2s.rrule, or compute this "
                    "value from constants"
                )
        return AssignStep(
            [save_point(point)] + inlined.forward,
            point,
            target,
            line,
            adjoint=inlined.adjoint,
            contributions=self.active_pairs([c for c in inlined.cotangents if c]),
        )

    def getitem(self, stmt, target, point, operands, line) -> Step:
        """``y = x[index]``: ``dy`` is added into ``dx[index]`` in place (owned ``dx``): reading
        elements in a loop stays linear, not quadratic, in the array's size."""
        container, index = operands
        forward = [save_point(point), stmt]
        if not (isinstance(container, gast.Name) and container.id in self.active):
            return AssignStep(forward, point, target, line)
        name, d = container.id, self.namer.adjoint(target)
        if name in self.containers:
            return AssignStep(
                forward,
                point,
                target,
                line,
                scatter=container_item_scatter(self, name, index, d, line),
            )

        def scatter(state):
            out = state.make_owned(name, line)
            dx = load(state.adjoint(name))
            if self.basic_index(index):
                slot = gast.Subscript(value=dx, slice=clone(index), ctx=gast.Store())
                out.append(gast.AugAssign(target=slot, op=gast.Add(), value=load(d)))
            else:  # may repeat an element (integer arrays): np.add.at adds each occurrence
                out.append(
                    gast.Expr(
                        value=call(
                            f"{self.bind_global('np', numpy)}.add.at",
                            dx,
                            slice_as_value(clone(index)),
                            load(d),
                        )
                    )
                )
            return out

        return AssignStep(forward, point, target, line, scatter=scatter)

    def basic_index(self, index) -> bool:
        """Integer constants, loop indices and slices: no repeated element, ``+=`` is exact."""
        parts = index.elts if isinstance(index, gast.Tuple) else [index]
        for part in parts:
            if isinstance(part, gast.Slice):
                continue
            if isinstance(part, gast.Constant) and type(part.value) is int:
                continue
            if isinstance(part, gast.Name) and part.id in self.int_names:
                continue
            return False
        return True

    def active_pairs(self, pairs):
        """Keep the (operand, cotangent) pairs whose operand is an active variable."""
        return [
            (op.id, expr)
            for op, expr in pairs
            if isinstance(op, gast.Name) and op.id in self.active
        ]
