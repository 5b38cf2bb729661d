"""Function object -> gast FunctionDef, the namespace its names resolve in, and where it came from.

Line numbers in the returned tree are the *file's* line numbers, so every later message and
comment can say ``file.py:LINE`` without translation.
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
import inspect
import os
import textwrap

import gast

from .errors import SourceError


@dataclasses.dataclass(frozen=True)
class Origin:
    """Where a function's source lives: used for messages, comments and imports."""

    filename: str
    module: str
    qualname: str

    def __deepcopy__(self, memo):  # annotations are shared facts, not tree nodes
        return self

    def location(self, lineno) -> str:
        name = os.path.basename(self.filename)
        return f"{name}:{lineno}" if lineno else name


@dataclasses.dataclass
class FunctionSource:
    node: gast.FunctionDef
    namespace: dict
    origin: Origin
    text: str  # the exact source text, part of the cache key
    closure_names: tuple = ()  # free variables bound by closure cells, not importable


def unwrap(f):
    """The plain function behind ``functools.partial``-free wrappers (``functools.wraps``)."""
    while hasattr(f, "__wrapped__"):
        f = f.__wrapped__
    return f


def source_text(f) -> str:
    """The function's source text, or a SourceError saying why there is none."""
    f = unwrap(f)
    if isinstance(f, functools.partial):
        raise SourceError(
            f"{f!r}: functools.partial objects have no source; differentiate a def that calls it"
        )
    if not inspect.isfunction(f):
        raise SourceError(
            f"{f!r} is not a Python function with source; s2s differentiates plain def functions "
            "(register a rule with @s2s.rrule for builtins and compiled callables)"
        )
    try:
        return textwrap.dedent(inspect.getsource(f))
    except (OSError, TypeError) as exc:
        raise SourceError(
            f"{f.__qualname__}: its source is not available ({exc}); functions built by exec/eval "
            "or typed at an interactive prompt cannot be read; define it in a .py file"
        ) from None


def namespace_of(f) -> dict:
    """The names the function body can see: builtins, then module globals, then closure cells."""
    f = unwrap(f)
    names = dict(vars(builtins))
    names.update(f.__globals__)
    if f.__closure__:
        for name, cell in zip(f.__code__.co_freevars, f.__closure__):
            try:
                names[name] = cell.cell_contents
            except ValueError:  # an empty cell: the name is not bound yet
                pass
    return names


def read(f) -> FunctionSource:
    """Parse ``f``'s source into a gast FunctionDef with file line numbers."""
    f = unwrap(f)
    text = source_text(f)
    filename = inspect.getsourcefile(f) or f.__code__.co_filename
    first_line = f.__code__.co_firstlineno
    origin = Origin(filename, f.__module__ or "__main__", f.__qualname__)
    try:
        module = gast.parse(text)
    except SyntaxError as exc:
        raise SourceError(f"{origin.location(first_line)}: cannot parse {f.__qualname__}: {exc.msg}")
    node = _find_function(module, f, origin, first_line)
    # co_firstlineno and getsource both start at the first decorator, so one shift fits all.
    for child in gast.walk(node):
        if getattr(child, "lineno", None):
            child.lineno += first_line - 1
            if getattr(child, "end_lineno", None):
                child.end_lineno += first_line - 1
    node.decorator_list = []
    return FunctionSource(node, namespace_of(f), origin, text, f.__code__.co_freevars)


def _find_function(module, f, origin, first_line):
    if f.__name__ == "<lambda>":
        lambdas = [n for n in gast.walk(module) if isinstance(n, gast.Lambda)]
        if len(lambdas) != 1:
            raise SourceError(
                f"{origin.location(first_line)}: cannot tell which lambda on this line to "
                "differentiate; bind it with def"
            )
        lam = lambdas[0]
        ret = gast.Return(value=lam.body)
        gast.copy_location(ret, lam)
        fn = gast.FunctionDef(
            name="lambda_", args=lam.args, body=[ret], decorator_list=[], returns=None,
            type_comment=None, type_params=[],
        )
        return gast.copy_location(fn, lam)
    for node in module.body:
        if isinstance(node, (gast.FunctionDef, gast.AsyncFunctionDef)):
            if isinstance(node, gast.AsyncFunctionDef):
                raise SourceError(
                    f"{origin.location(first_line)}: 'async def {node.name}' cannot be "
                    "differentiated; make it a plain def"
                )
            return node
    raise SourceError(f"{origin.location(first_line)}: no function definition found in the source")
