"""The generated module's global names: what each is bound to and how the module gets it.

The user's function, inlined callees from other modules and rule templates all refer to
globals (``np``, ``math``, helpers, the user's constants). They are merged here under clash-free
names; the emitter turns the table into imports and copied helper definitions.
"""

from __future__ import annotations

import builtins
import dataclasses
import sys
import types

import gast

from ..substitute import names_in
from .resolve_callees import local_names


@dataclasses.dataclass(frozen=True)
class Binding:
    """``value`` is reachable as ``module.attr``; ``module`` None: a closure cell of the user's,
    or a constant of the generated module (``comment`` set)."""

    value: object
    module: str | None
    attr: str
    helper: bool = False  # a function of HELPER_MODULES, copied into the module
    #: a constant s2s writes into the module (``name = value``) under this comment (the vjp
    #: tapes' brand): data, never state
    comment: str | None = None


class Globals:
    """Name -> Binding for one generated module."""

    def __init__(self, reserved=()):
        self.table: dict[str, Binding] = {}
        self.reserved = set(reserved)

    def bind(self, name: str, value, module: str | None, attr: str | None = None) -> str:
        """Record that ``name`` means ``value``; return the name to use (renamed on a clash)."""
        attr = attr or name
        binding = Binding(value, module, attr, helper=_is_helper(value))
        candidate, n = name, 1
        while True:
            existing = self.table.get(candidate)
            if existing is not None and existing.value is value:
                return candidate
            if existing is None and candidate not in self.reserved:
                self.table[candidate] = binding
                return candidate
            n += 1
            candidate = f"{name}{n}"

    def constant(self, name: str, value, comment: str) -> str:
        """Bind a constant the module defines itself (``name = value``, a ``repr``-able literal),
        under ``comment``; return the name to use."""
        candidate, n = name, 1
        while candidate in self.table or candidate in self.reserved:
            n += 1
            candidate = f"{name}{n}"
        self.table[candidate] = Binding(value, None, candidate, comment=comment)
        return candidate

    def bind_object(self, name: str, value) -> str:
        """Bind a global a rule or helper uses (``np``, ``math``, a helper function), importable
        from its own module; return the name to use."""
        module = (
            value.__name__
            if isinstance(value, types.ModuleType)
            else getattr(value, "__module__", None)
        )
        return self.bind(name, value, module)

    def bind_free_names(self, fs) -> dict:
        """Bind every free name of the user's function ``fs``, under its own name where that is
        free; return the others' new names (a function emitted after others in one module may
        find its global's name taken by another module's value)."""

        renamed = {}
        for name in sorted(names_in(fs.node, gast.Load) - local_names(fs.node)):
            bound = self.bind_from(name, fs.namespace, fs.origin.module, fs.closure_names)
            if bound is not None and bound != name:
                renamed[name] = bound
        return renamed

    def bind_from(self, name: str, namespace: dict, module: str, closure_names=()) -> str | None:
        """Bind a free name of a user function found in ``namespace``; None if it is a builtin."""
        if name not in namespace:
            return None
        value = namespace[name]
        if getattr(builtins, name, _MISSING) is value and name not in _module_dict(module):
            return None
        where = None if name in closure_names else module
        return self.bind(name, value, where)


_MISSING = object()


def _module_dict(module_name):
    module = sys.modules.get(module_name)
    return vars(module) if module else {}


#: Modules whose functions are copied into the emitted modules that call them: the modules of
#: the ``s2s.templates.helpers`` package (one per job) and ``container_helpers``.
HELPER_MODULES = frozenset(
    {
        *(
            f"s2s.templates.helpers.{job}"
            for job in (
                "broadcasting",
                "cotangents",
                "reductions",
                "indexing",
                "linalg",
                "curves",
                "special",
            )
        ),
        "s2s.templates.container_helpers",
    }
)


def _is_helper(value) -> bool:
    return isinstance(value, types.FunctionType) and value.__module__ in HELPER_MODULES


def helper_function(name: str):
    """The helper called ``name`` (from the ``templates/helpers/`` package or
    ``container_helpers.py``)."""
    from s2s.templates import container_helpers, helpers  # the library loads when first used

    return getattr(helpers, name, None) or getattr(container_helpers, name)
