"""Generated functions -> one standalone, black-formatted module.

The module has a header naming its source and options, imports only what it uses, carries copies
of the helpers it calls (so it runs where s2s is not installed) and comments each adjoint block
with the primal line it comes from.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import os
import re
import sys
import types

import gast

from .annotations import Anno, get_anno
from .nodes import is_comment
from .normalize.bindings import HELPER_MODULES
from .substitute import names_in

_MARK = "__s2s_comment_{}__"
# a marker unparses as '...', or as a """docstring""" when it opens a function body
_MARK_LINE = re.compile(r"^(\s*)(?:'|\"\"\")__s2s_comment_(\d+)__(?:'|\"\"\")\s*$", re.M)


def source_line(line) -> str:
    origin, lineno = line
    return linecache.getline(origin.filename, lineno).strip() if lineno else ""


def _comment_for(line, prefix="") -> str:
    origin, lineno = line
    text = source_line(line)
    return (
        f"{prefix}{text}  ({origin.location(lineno)})"
        if text
        else f"{prefix}({origin.location(lineno)})"
    )


class _Commenter:
    """Replaces comment annotations by marker strings, unparsed and swapped back afterwards."""

    def __init__(self):
        self.comments: list[str] = []

    def marker(self, text):
        self.comments.append(text)
        return gast.Expr(
            value=gast.Constant(value=_MARK.format(len(self.comments) - 1), kind=None)
        )

    def block(self, stmts):
        """Comment statements become markers; a comment with no code under it, or repeating the
        one just above, is dropped."""
        out, last = [], None
        for i, stmt in enumerate(stmts):
            if is_comment(stmt):
                kind, line = get_anno(stmt, Anno.COMMENT)
                following = stmts[i + 1] if i + 1 < len(stmts) else None
                if following is not None and not is_comment(following) and (kind, line) != last:
                    out.append(self.marker(_comment_for(line, f"{kind}: ")))
                    last = (kind, line)
                continue
            for field in ("body", "orelse"):
                if getattr(stmt, field, None):
                    setattr(stmt, field, self.block(getattr(stmt, field)))
            out.append(stmt)
        return out

    def restore(self, text: str) -> str:
        return _MARK_LINE.sub(lambda m: f"{m.group(1)}# {self.comments[int(m.group(2))]}", text)


def _import_lines(bindings, used) -> list[str]:
    lines, injected = [], []
    for name in sorted(used):
        binding = bindings.table.get(name)
        if binding is None or binding.helper or binding.comment is not None:
            continue
        value = binding.value
        if isinstance(value, types.ModuleType):
            module = value.__name__
            lines.append(f"import {module}" if module == name else f"import {module} as {name}")
        elif binding.module is None:
            injected.append(name)
        else:
            module, attr = _home(binding)
            lines.append(f"from {module} import {attr}" + ("" if attr == name else f" as {name}"))
    lines.sort(key=lambda line: (not line.startswith("import"), line))
    if injected:
        lines.append(
            f"# Bound by s2s when loading (closure variables of the source): {', '.join(injected)}"
        )
    return lines


def _constant_lines(bindings, used) -> list[str]:
    """The module's own constants (``Globals.constant``), each under its comment."""
    return [
        f"# {binding.comment}\n{name} = {binding.value!r}"
        for name, binding in sorted(bindings.table.items())
        if binding.comment is not None and name in used
    ]


def _home(binding):
    """Where an object can be imported from: its defining module if that exports it."""
    value = binding.value
    module = getattr(value, "__module__", None)
    name = getattr(value, "__name__", None)
    if module and name and getattr(sys.modules.get(module), name, None) is value:
        return module, name
    return binding.module, binding.attr


def _helpers(bindings, used) -> list[str]:
    """Sources of the helpers used, and of helpers those call, in a stable order."""
    names, todo = [], sorted(n for n in used if n in bindings.table and bindings.table[n].helper)
    while todo:
        name = todo.pop(0)
        if name in names:
            continue
        names.append(name)
        fn = bindings.table[name].value
        for other in sorted(_global_names(fn.__code__) & set(fn.__globals__)):
            value = fn.__globals__[other]
            if isinstance(value, types.FunctionType) and value.__module__ in HELPER_MODULES:
                todo.append(bindings.bind(other, value, None))
    return [inspect.getsource(bindings.table[n].value) for n in sorted(names)]


def _global_names(code) -> set[str]:
    """The global names a code object reads, those of its comprehensions and inner functions
    included (before Python 3.12 a list comprehension is a code object of its own)."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def _helper_names(sources) -> set[str]:
    used = set()
    for src in sources:
        used |= {n.id for n in ast.walk(ast.parse(src)) if isinstance(n, ast.Name)}
    return used


def emit(functions, bindings, header: str) -> str:
    """Black-formatted module source defining ``functions``."""
    commenter = _Commenter()
    for fn in functions:
        fn.body = commenter.block(fn.body)
    used = set()
    for fn in functions:
        used |= names_in(fn, gast.Load)
    helpers = _helpers(bindings, used)
    used |= _helper_names(helpers)
    parts = ["# " + header, *_import_lines(bindings, used), ""]
    parts += helpers
    parts += _constant_lines(bindings, used)
    module = gast.Module(body=list(functions), type_ignores=[])
    tree = ast.fix_missing_locations(gast.gast_to_ast(module))
    parts.append(commenter.restore(ast.unparse(tree)))
    return format_source("\n\n".join(parts) + "\n")


def formatting() -> bool:
    """Whether generated modules are black-formatted: always, unless ``S2S_FORMAT=0``.

    Black costs about a third of a transform. A test suite that runs thousands of derivatives
    without reading them (finite-difference oracles, random programs) sets ``S2S_FORMAT=0``;
    the flag is part of the cache key, so a formatted entry and an unformatted one never stand
    in for each other."""
    return os.environ.get("S2S_FORMAT", "1").strip() != "0"


def format_source(text: str) -> str:
    if not formatting():
        return text
    import black  # ~0.1 s to import: only when a derivative is generated, not on a cache hit

    return black.format_str(text, mode=black.Mode(line_length=99))
