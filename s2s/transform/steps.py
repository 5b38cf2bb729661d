"""Steps: what the reverse transform makes of each statement of the primal program.

A step holds its forward code (the primal statement, or an inlined rule's forward part) and
writes its adjoint code in ``backward(state)`` for the ``AdjointState`` at that point of the
backward sweep, which it updates through the state's methods. Every step class (here, in
``containers`` and in ``control_flow``) subclasses ``Step``, so the transformer treats them alike.
"""

from __future__ import annotations

import dataclasses

import gast

from ..nodes import assign, call, comment, const, load
from ..substitute import clone, slice_as_value
from .adjoints import AdjointState
from .markers import restore_point


@dataclasses.dataclass
class Sweeps:
    forward: list
    backward: list


class Step:
    """A primal statement with nothing to differentiate: forward only, plus its restore point."""

    def __init__(self, forward, point=None):
        self.forward = forward
        self.point = point

    def restore(self):
        return [restore_point(self.point)] if self.point else []

    def backward(self, state: AdjointState) -> list:
        return self.restore()


class AssignStep(Step):
    """``target = <operation>``: the rule's adjoint, then cotangents added to operand adjoints."""

    def __init__(self, forward, point, target, line, adjoint=(), contributions=(), scatter=None):
        super().__init__(forward, point)
        self.target, self.line = target, line
        self.adjoint, self.contributions, self.scatter = (
            list(adjoint),
            list(contributions),
            scatter,
        )

    def backward(self, state):
        if state.is_zero(self.target):
            state.reset(self.target)
            return self.restore()
        out = list(self.adjoint)
        state.reset(self.target)
        for name, expr in self.contributions:
            out.append(state.contribute(name, expr, self.line))
        if self.scatter:
            out += self.scatter(state)
        return [comment(self.line)] + out + self.restore()


class StoreStep(Step):
    """``x[index] = v``: ``v`` receives ``dx[index]``, which is then zero (it was overwritten).
    Where ``index`` may repeat an element, only the last write of it reaches ``v``
    (``last_writes``): NumPy keeps that one, so ``y[[0, 0]] += v`` is not ``np.add.at``."""

    def __init__(self, forward, point, container, index, value, line, transformer):
        super().__init__(forward, point)
        self.container, self.index, self.value, self.line = container, index, value, line
        self.transformer = transformer

    def backward(self, state):
        if state.is_zero(self.container):
            return self.restore()
        d = load(state.adjoint(self.container))
        out = [comment(self.line)]
        if self.container in self.transformer.containers:  # a list or dict item: a new container
            index = slice_as_value(clone(self.index))
            if isinstance(self.value, gast.Name) and self.value.id in self.transformer.active:
                item = call(self.transformer.helper("cotangent_item"), d, index)
                out.append(state.contribute(self.value.id, item, self.line))
            zeroed = call(
                self.transformer.helper("zero_at"),
                load(state.adjoint(self.container)),
                slice_as_value(clone(self.index)),
            )
            out.append(assign(state.adjoint(self.container), zeroed, self.line))
            return out + self.restore()
        if isinstance(self.value, gast.Name) and self.value.id in self.transformer.active:
            # a copy: the slot is zeroed in place just below
            slot = call(
                self.transformer.helper("snapshot"),
                gast.Subscript(value=d, slice=clone(self.index), ctx=gast.Load()),
            )
            if not self.transformer.basic_index(
                self.index
            ):  # an index array may repeat an element
                slot = call(
                    self.transformer.helper("last_writes"),
                    d,
                    load(self.container),
                    slice_as_value(clone(self.index)),
                )
            unbroadcast = self.transformer.helper("unbroadcast")
            out.append(
                state.contribute(
                    self.value.id, call(unbroadcast, slot, load(self.value.id)), self.line
                )
            )
        out += state.make_owned(self.container, self.line)
        target = gast.Subscript(
            value=load(state.adjoint(self.container)), slice=clone(self.index), ctx=gast.Store()
        )
        out.append(assign(target, const(0.0), self.line))
        return out + self.restore()
