"""Import a generated file as a real module, so tracebacks, pdb and inspect show its source."""

from __future__ import annotations

import importlib.util
import linecache
import os
import sys
import types


class LoadedDerivative:
    """The loaded module's entry functions and the source they came from."""

    def __init__(
        self,
        module,
        source: str,
        entry: str,
        backward: str | None,
        path=None,
        file_text=None,
        filename=None,
    ):
        self.module = module
        self.source = source
        self.entry = entry
        self.backward_name = backward
        self.path = path  # the cache file, None for an in-memory derivative
        self.file_text = file_text  # the file's text as executed (key lines included)
        self.filename = filename  # the pseudo file name of an in-memory derivative
        self.brand: str | None = None  # vjp: what its tapes carry first (``derivatives`` sets it)
        self.function = getattr(module, entry)
        self.backward = getattr(module, backward) if backward else None
        for fn in (self.function, self.backward):
            if fn is not None:
                fn.__s2s_source__ = source


def load_file(
    path: str,
    source: str,
    entry: str,
    backward: str | None,
    injected: dict,
    text: str | None = None,
):
    """Execute the module at ``path``; ``injected`` binds closure variables of the source function.

    ``text`` is the file's content as the caller read and verified it: that exact text is
    executed (compiled under ``path``, so tracebacks and inspect show the file), never a
    re-read that another process may have replaced in between, and no ``__pycache__`` is
    written into the cache directory.
    """
    if text is None:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    name = "s2s_generated." + os.path.basename(path)[:-3].replace(".", "_").replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None  # a path ending in .py always has one
    module = importlib.util.module_from_spec(spec)
    module.__dict__.update(injected)
    exec(compile(text, path, "exec"), module.__dict__)
    sys.modules.setdefault(name, module)
    return LoadedDerivative(module, source, entry, backward, path=path, file_text=text)


def load_source(source: str, entry: str, backward: str | None, injected: dict, filename: str):
    """Execute generated source that has no file on disk (the in-memory cache fallback)."""
    module = types.ModuleType("s2s_generated_in_memory")
    module.__dict__.update(injected)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), module.__dict__)
    return LoadedDerivative(module, source, entry, backward, filename=filename)
