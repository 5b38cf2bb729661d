"""The cache key of a derivative: a hash of everything the generated code depends on.

s2s's version, the options, the function's source, the sources of every user function it calls
(transitively), what every global name and callee of those functions resolves to (rebinding
``act = np.tanh`` to ``np.sin`` changes the derivative without changing the source), the user's
rules, and the code that writes the output (the rule templates and s2s's own modules).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import types

import gast

from .emit import formatting
from .normalize.resolve_callees import local_names, resolve
from .rules import registry
from .substitute import names_in
from .version import __version__

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def key(target, options) -> str:
    """The cache key of ``target``'s derivative for ``options`` (a hex digest)."""
    digest = hashlib.sha256()
    digest.update(f"s2s {__version__}\n{options.key()}\n{library_fingerprint()}\n".encode())
    digest.update(f"formatted={formatting()}\n".encode())
    for g in target.graph:
        fs = target.read(g)
        digest.update(f"{fs.origin.module}:{fs.origin.qualname}\n{fs.text}\n".encode())
        digest.update(_resolutions(fs).encode())
    for rule in registry.user_rules():
        if rule.user:
            digest.update(f"rule {rule.name} {rule.mode}\n{_rule_source(rule)}\n".encode())
    return digest.hexdigest()


def tape_brand(target, key: str) -> str:
    """What a vjp derivative's tapes carry first, and its backward function checks: the
    function it differentiates and the start of its cache ``key``, so a tape of another
    function, of other options or shapes, or of another version of the function is refused."""
    origin = target.source.origin
    return f"s2s:{origin.module}.{origin.qualname}:{key[:20]}"


@functools.cache
def library_fingerprint() -> str:
    """A hash of the rule templates and of s2s's own modules: the code that writes the output.
    Computed once per process (reading ~80 files costs a few milliseconds)."""
    import s2s.templates as templates  # only the package (mounted or installed: s2s.mount)

    digest = hashlib.sha256()
    for name, folders in (("s2s", [_PACKAGE]), (templates.__name__, templates.__path__)):
        for folder in folders:
            for root, dirs, files in os.walk(folder):
                dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
                for filename in sorted(files):
                    if filename.endswith(".py"):
                        path = os.path.join(root, filename)
                        with open(path, "rb") as fh:
                            rel = os.path.relpath(path, folder).replace(os.sep, "/")
                            digest.update(f"{name}/{rel}".encode() + b"\0" + fh.read())
    return digest.hexdigest()


def _resolutions(fs) -> str:
    """What the function's free names and callees stand for, one line each.

    The emitted code bakes in which rule a call uses (``act(x)`` with ``act = np.tanh`` becomes
    ``1 - y*y`` in the adjoint), so a rebinding in the user's module must change the key even
    though the function's own source did not change.
    """
    locals_ = local_names(fs.node)
    lines = [
        f"name {name} = {_describe(fs.namespace[name])}"
        for name in sorted(names_in(fs.node, gast.Load) - locals_)
        if name in fs.namespace
    ]
    for node in gast.walk(fs.node):
        if isinstance(node, gast.Call):
            callee = resolve(node.func, fs.namespace, locals_)
            if callee.resolved:
                lines.append(f"call {callee.text} = {_describe(callee.value)}")
    return "\n".join(sorted(set(lines))) + "\n"


def _describe(value) -> str:
    """A process-independent description of what a global stands for (never an id or address)."""
    if isinstance(value, types.ModuleType):
        return f"module {value.__name__}"
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if isinstance(name, str) and callable(value):
        return f"{kind} {getattr(value, '__module__', None)}.{name}"
    return kind


def _rule_source(rule) -> str:
    try:
        return inspect.getsource(rule.func)
    except (OSError, TypeError):
        return repr(rule.func.__code__.co_code)
