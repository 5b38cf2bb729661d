"""Generated programs as real module files, imported with importlib.

Why real files: s2s reads a function's source with ``inspect`` and its generated derivative
imports the user's module by name, exactly as for a user's own code. Every program gets a new
module name and file, so no stale ``linecache`` entry or ``sys.modules`` entry can mix two
programs up.
"""

from __future__ import annotations

import importlib
import itertools
import os
import sys

_counter = itertools.count()


class Workspace:
    """A directory on ``sys.path`` holding the generated modules."""

    def __init__(self, folder, keep_files=False):
        self.folder = str(folder)
        os.makedirs(self.folder, exist_ok=True)
        if self.folder not in sys.path:
            sys.path.insert(0, self.folder)
        self.keep_files = keep_files

    def load(self, source: str):
        name = f"fz{os.getpid()}_{next(_counter)}"
        path = os.path.join(self.folder, f"{name}.py")
        with open(path, "w") as fh:
            fh.write(source)
        importlib.invalidate_caches()
        sys.modules.pop(name, None)
        return importlib.import_module(name)

    def unload(self, module):
        sys.modules.pop(module.__name__, None)
        if not self.keep_files:
            try:
                os.remove(module.__file__)
            except OSError:
                pass

    def close(self):
        if self.folder in sys.path:
            sys.path.remove(self.folder)
