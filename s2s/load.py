"""Import a generated file as a real module, so tracebacks, pdb and inspect show its source."""

from __future__ import annotations

import importlib.util
import os
import sys


class LoadedDerivative:
    """The loaded module's entry functions and the source they came from."""

    def __init__(self, module, source: str, entry: str, backward: str | None):
        self.module = module
        self.source = source
        self.function = getattr(module, entry)
        self.backward = getattr(module, backward) if backward else None
        for fn in (self.function, self.backward):
            if fn is not None:
                fn.__s2s_source__ = source


def load_file(path: str, source: str, entry: str, backward: str | None, injected: dict):
    """Execute the module at ``path``; ``injected`` binds closure variables of the source function."""
    name = "s2s_generated." + os.path.basename(path)[:-3].replace(".", "_").replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    module.__dict__.update(injected)
    spec.loader.exec_module(module)
    sys.modules.setdefault(name, module)
    return LoadedDerivative(module, source, entry, backward)


def load_source(source: str, entry: str, backward: str | None, injected: dict, filename: str):
    """Execute generated source that has no file on disk (the in-memory cache fallback)."""
    import linecache
    import types

    module = types.ModuleType("s2s_generated_in_memory")
    module.__dict__.update(injected)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), module.__dict__)
    return LoadedDerivative(module, source, entry, backward)
