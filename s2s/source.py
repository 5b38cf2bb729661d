"""Function object -> gast FunctionDef, the namespace its names resolve in, and where it came from.

Line numbers in the returned tree are the *file's* line numbers, so every later message and
comment can say ``file.py:LINE`` without translation.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import functools
import inspect
import linecache
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
    """The function to differentiate behind ``functools.wraps`` decorators.

    A wrapper is looked through only when it merely forwards its arguments to the function it
    wraps and returns the result (``return fn(*args, **kwargs)``), or has no Python code to read
    (``functools.lru_cache``), or is s2s's own. A wrapper that computes anything else
    (``return 2 * fn(*args)``) is what the user calls, so it is the function differentiated:
    looking through it would silently give the gradient of a different function.
    """
    while hasattr(f, "__wrapped__") and _forwards(f):
        f = f.__wrapped__
    return f


def _forwards(wrapper) -> bool:
    if getattr(wrapper, "__s2s_source__", None) is not None or not inspect.isfunction(wrapper):
        return True
    try:  # the wrapper's own code: inspect.getsource(wrapper) would show the wrapped function's
        tree = ast.parse(textwrap.dedent(inspect.getsource(wrapper.__code__)))
    except (OSError, TypeError, SyntaxError):
        return False
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    if not defs:
        return False
    fn = defs[0]
    body = fn.body[1:] if ast.get_docstring(fn) is not None else fn.body
    if (
        not body
        or not isinstance(body[-1], ast.Return)
        or not isinstance(body[-1].value, ast.Call)
    ):
        return False
    call = body[-1].value
    target = call.func.id if isinstance(call.func, ast.Name) else None
    if target is None or _own_namespace(wrapper).get(target, None) is not getattr(
        wrapper, "__wrapped__", None
    ):
        return False
    a = fn.args
    params = [p.arg for p in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if p]
    positional = [ast.dump(ast.Name(id=p.arg, ctx=ast.Load())) for p in a.posonlyargs + a.args]
    if a.vararg:
        positional.append(
            ast.dump(ast.Starred(value=ast.Name(id=a.vararg.arg, ctx=ast.Load()), ctx=ast.Load()))
        )
    keywords = {(p.arg, p.arg) for p in a.kwonlyargs} | (
        {(None, a.kwarg.arg)} if a.kwarg else set()
    )
    if [ast.dump(x) for x in call.args] != positional:
        return False
    if {(k.arg, getattr(k.value, "id", None)) for k in call.keywords} != keywords:
        return False
    if len(call.keywords) != len(keywords):
        return False
    rebound = {
        n.id
        for stmt in body[:-1]
        for n in ast.walk(stmt)
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)
    }
    return not rebound & set(params)


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
        return textwrap.dedent("".join(_source_lines(f.__code__)))
    except (OSError, TypeError, IndexError) as exc:
        raise SourceError(
            f"{f.__qualname__}: its source is not available ({exc}); functions built by exec/eval "
            "or typed at an interactive prompt cannot be read; define it in a .py file"
        ) from None


def _source_lines(code) -> list[str]:
    """The lines of ``code``'s definition, read through linecache (checked against the file's
    modification time, so an edited file is re-read). Not ``inspect.getsource(f)``, which follows
    ``__wrapped__``, nor ``getsource(code)``, which scans every loaded module first."""
    filename = code.co_filename
    linecache.checkcache(filename)
    lines = linecache.getlines(filename)
    if not lines:
        return inspect.getsourcelines(code)[0]
    return inspect.getblock(lines[code.co_firstlineno - 1 :])


def namespace_of(f) -> dict:
    """The names the function body can see: builtins, then module globals, then closure cells."""
    return _own_namespace(unwrap(f))


def _own_namespace(f) -> dict:
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
    filename = inspect.getsourcefile(f.__code__) or f.__code__.co_filename
    first_line = f.__code__.co_firstlineno
    origin = Origin(filename, f.__module__ or "__main__", f.__qualname__)
    try:
        module = gast.parse(text)
    except SyntaxError as exc:
        raise SourceError(
            f"{origin.location(first_line)}: cannot parse {f.__qualname__}: {exc.msg}"
        ) from None
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
            name="lambda_",
            args=lam.args,
            body=[ret],
            decorator_list=[],
            returns=None,
            type_comment=None,
            type_params=[],
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
