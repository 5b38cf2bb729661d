"""Find the value being differentiated: the function's return value (or its first element when
``has_aux``), checked to be a single return at the end of the core-form body."""

from __future__ import annotations

import dataclasses

import gast

from ..annotations import Anno, get_anno
from ..errors import OutputError, UnsupportedError
from ..nodes import assign, load, store
from ..substitute import names_in


@dataclasses.dataclass
class Output:
    name: str  # the differentiated variable
    index: int  # position of the return statement in the body
    value: gast.AST  # what the function returned (for value_and_grad / vjp)
    aux: str | None = None  # has_aux: the auxiliary output's name
    where: str = ""  # ``file.py:LINE`` of the return statement


def _where(fs, stmt):
    line = get_anno(stmt, Anno.LINE, None)
    return line[0].location(line[1]) if line else fs.origin.location(fs.node.lineno)


def _check_returns(body, fs) -> int:
    """The index of the one final ``return`` (``lower_jumps`` made it so), or a located error."""
    returns = [i for i, s in enumerate(body) if isinstance(s, gast.Return)]
    nested = [
        n
        for s in body
        if not isinstance(s, gast.Return)
        for n in gast.walk(s)
        if isinstance(n, gast.Return)
    ]
    if nested or len(returns) > 1:
        raise UnsupportedError(
            f"{_where(fs, nested[0] if nested else body[returns[1]])}: "
            "several return statements are not supported yet; assign the result "
            "to one variable and return it at the end"
        )
    raises = [n for s in body for n in gast.walk(s) if isinstance(n, gast.Raise)]
    if not returns and raises:
        raise OutputError(
            f"{_where(fs, raises[0])}: {fs.node.name} always raises here and "
            "returns nothing to differentiate"
        )
    if not returns:
        raise OutputError(
            f"{fs.origin.location(fs.node.lineno)}: {fs.node.name} returns nothing; "
            "return the value to differentiate"
        )
    index = returns[0]
    value = body[index].value
    if not isinstance(value, gast.Name):
        raise OutputError(
            f"{_where(fs, body[index])}: {fs.node.name} returns the constant "
            f"{gast.unparse(value)}, which has no derivative"
        )
    return index


def _definition(body, index, name):
    """The last top-level assignment to ``name`` before ``body[index]``, if it is the only kind
    of definition there (none in a branch or loop after it)."""
    for stmt in reversed(body[:index]):
        if name in names_in(stmt, gast.Store):
            if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name):
                return stmt
            return None
    return None


def _pair(stmt):
    """``(loss, aux)`` names if ``stmt`` is ``name = (loss, aux)`` of two names, else None."""
    if (
        stmt is not None
        and isinstance(stmt.value, gast.Tuple)
        and len(stmt.value.elts) == 2
        and all(isinstance(e, gast.Name) for e in stmt.value.elts)
    ):
        return tuple(e.id for e in stmt.value.elts)
    return None


def prepare_output(body, fs, options, namer) -> list:
    """Check the function returns something to differentiate, and give a ``has_aux`` result
    its two parts by name: ``loss, aux = result`` before the return, unless the result is
    already built from two names (``return loss, aux``). So several ``return (loss, aux)``
    statements, a constant aux or a pair from a call all work alike."""
    index = _check_returns(body, fs)
    name = body[index].value.id
    if options.has_aux and _pair(_definition(body, index, name)) is None:
        parts = gast.Tuple(
            elts=[store(namer.fresh("loss")), store(namer.fresh("aux"))], ctx=gast.Store()
        )
        line = get_anno(body[index], Anno.LINE, (fs.origin, fs.node.lineno))
        body.insert(index, assign(parts, load(name), line))
    elif not options.has_aux and options.mode != "vjp":
        stmt = _definition(body, index, name)
        if stmt is not None and isinstance(stmt.value, (gast.Tuple, gast.List)):
            raise OutputError(
                f"{_where(fs, body[index])}: {fs.node.name} returns a tuple of "
                f"{len(stmt.value.elts)} values, and grad differentiates one scalar; return one "
                "value, or pass has_aux=True to differentiate the first and return the rest "
                "beside the gradient (use s2s.vjp for the derivative of every item)"
            )
    return body


def find_output(body, fs, options) -> Output:
    """The differentiated value of a body ``prepare_output`` has seen (names may have changed
    since: ``normalize/rename_reassigned``)."""
    index = _check_returns(body, fs)
    value = body[index].value
    where = _where(fs, body[index])
    if not options.has_aux:
        return Output(value.id, index, load(value.id), where=where)
    pair = _pair(_definition(body, index, value.id))
    unpack = body[index - 1] if index else None
    if (
        pair is None
        and isinstance(unpack, gast.Assign)
        and isinstance(unpack.value, gast.Name)
        and unpack.value.id == value.id
        and isinstance(unpack.targets[0], gast.Tuple)
    ):
        pair = tuple(e.id for e in unpack.targets[0].elts)
    if pair is None:
        raise OutputError(
            f"{where}: with has_aux=True, {fs.node.name} must return a pair " "(loss, aux)"
        )
    loss, aux = pair
    return Output(loss, index, load(value.id), aux=aux, where=where)
