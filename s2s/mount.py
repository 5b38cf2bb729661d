"""Make the rule library importable as ``s2s.templates`` whichever way s2s was put on the path.

The rules live in the top-level ``templates/`` folder of a checkout. An installed wheel maps that
folder to ``s2s.templates`` (``package-dir`` in ``pyproject.toml``), but a plain checkout put on
``PYTHONPATH`` has no such mapping, and an editable install of *another* checkout would map it to
that other checkout's rules. So when s2s is imported from a checkout (its parent folder holds
``pyproject.toml`` and ``templates/__init__.py``), that checkout's ``templates/`` is mounted as
``s2s.templates`` before anything imports it; otherwise the installed mapping is left alone.
"""

import importlib.util
import os
import sys

NAME = "s2s.templates"


def checkout_templates() -> str | None:
    """The ``templates/`` folder of the checkout this s2s package belongs to, if it is one."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    folder = os.path.join(root, "templates")
    if os.path.isfile(os.path.join(root, "pyproject.toml")) and os.path.isfile(
        os.path.join(folder, "__init__.py")
    ):
        return folder
    return None


def mount_templates() -> None:
    if NAME in sys.modules:
        return
    folder = checkout_templates()
    if folder is None:
        return
    spec = importlib.util.spec_from_file_location(
        NAME, os.path.join(folder, "__init__.py"), submodule_search_locations=[folder]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[NAME] = module
    spec.loader.exec_module(module)
    vars(sys.modules["s2s"])["templates"] = module  # bound on the package, as an import does
