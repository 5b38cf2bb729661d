"""Find the value being differentiated: the function's return value (or its first element when
``has_aux``), checked to be a single return at the end of the core-form body."""

from __future__ import annotations

import dataclasses

import gast

from ..annotations import Anno, get_anno
from ..errors import OutputError, UnsupportedError
from ..nodes import load


@dataclasses.dataclass
class Output:
    name: str  # the differentiated variable
    index: int  # position of the return statement in the body
    value: gast.AST  # what the function returned (for value_and_grad / vjp)
    aux: str | None = None  # has_aux: the auxiliary output's name


def _where(fs, stmt):
    line = get_anno(stmt, Anno.LINE, None)
    return line[0].location(line[1]) if line else fs.origin.location(fs.node.lineno)


def find_output(body, fs, options) -> Output:
    returns = [i for i, s in enumerate(body) if isinstance(s, gast.Return)]
    nested = [n for s in body if not isinstance(s, gast.Return)
              for n in gast.walk(s) if isinstance(n, gast.Return)]
    if nested or len(returns) > 1:
        raise UnsupportedError(f"{_where(fs, nested[0] if nested else body[returns[1]])}: "
                               "several return statements are not supported yet; assign the result "
                               "to one variable and return it at the end")
    raises = [n for s in body for n in gast.walk(s) if isinstance(n, gast.Raise)]
    if not returns and raises:
        raise OutputError(f"{_where(fs, raises[0])}: {fs.node.name} always raises here and "
                          "returns nothing to differentiate")
    if not returns:
        raise OutputError(f"{fs.origin.location(fs.node.lineno)}: {fs.node.name} returns nothing; "
                          "return the value to differentiate")
    index = returns[0]
    value = body[index].value
    if not isinstance(value, gast.Name):
        raise OutputError(f"{_where(fs, body[index])}: {fs.node.name} returns the constant "
                          f"{gast.unparse(value)}, which has no derivative")
    if not options.has_aux:
        return Output(value.id, index, load(value.id))
    for stmt in reversed(body[:index]):
        if (isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name)
                and stmt.targets[0].id == value.id):
            if isinstance(stmt.value, gast.Tuple) and len(stmt.value.elts) == 2 and all(
                    isinstance(e, gast.Name) for e in stmt.value.elts):
                loss, aux = stmt.value.elts
                return Output(loss.id, index, load(value.id), aux=aux.id)
            break
    raise OutputError(f"{_where(fs, body[index])}: with has_aux=True, {fs.node.name} must return "
                      "a pair (loss, aux)")
