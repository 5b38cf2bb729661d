"""The rule registry: callee object -> rule, as data.

Why a registry and not branches in the transformer: a rule is looked up by the *object* a call
resolves to (``np.tanh``, ``math.sin``, ``operator.mul``), so aliases (``from numpy import tanh``,
``import numpy as onp``) all find the same rule, and users add rules without touching s2s.

Library rules live in ``templates/`` (installed as ``s2s.templates``) and are imported lazily the
first time a rule is looked up; user rules are registered by ``@s2s.rrule`` / ``@s2s.frule`` /
``s2s.nondifferentiable`` at the user's import time.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import sys
from typing import Callable

import numpy as np

REVERSE = "reverse"
FORWARD = "forward"


@dataclasses.dataclass(frozen=True)
class Rule:
    """One registered rule: ``func`` is the closure-style template written in Python."""

    primal: object
    mode: str  # REVERSE or FORWARD
    func: Callable
    family: str
    methods: tuple[str, ...] = ()
    properties: tuple[str, ...] = ()
    user: bool = False

    @property
    def name(self) -> str:
        return primal_name(self.primal)


def primal_name(obj) -> str:
    """A dotted, human name for a callable (``numpy.tanh``, ``math.sin``, ``operator.mul``)."""
    module = getattr(obj, "__module__", None) or ""
    if isinstance(obj, type(abs)) and module in ("", "builtins", None):
        module = "builtins"
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None) or repr(obj)
    if module == "numpy" or module.startswith("numpy."):
        module = _public_numpy_module(obj, name, module)
    return f"{module}.{name}" if module else name


def _public_numpy_module(obj, name, module):
    """``numpy._core.umath`` and friends are private spellings; name the public one."""
    for public, namespace in (("numpy", np), ("numpy.linalg", np.linalg)):
        if getattr(namespace, name, None) is obj:
            return public
    return module


class _Registry:
    """Maps callee objects (and ndarray method / property names) to rules."""

    def __init__(self):
        self.by_primal: dict[tuple[str, object], Rule] = {}
        self.methods: dict[tuple[str, str], Rule] = {}
        self.properties: dict[tuple[str, str], Rule] = {}
        self.nondifferentiable: set = set()
        self.nondiff_methods: set[str] = set()
        self.nondiff_properties: set[str] = set()
        self.loaded_families: set[str] = set()
        self.family_names: list[str] | None = None  # the modules of s2s.templates

    def add(self, rule: Rule) -> None:
        self.by_primal[(rule.mode, _key(rule.primal))] = rule
        self.nondifferentiable.discard(_key(rule.primal))
        for method in rule.methods:
            self.methods[(rule.mode, method)] = rule
        for prop in rule.properties:
            self.properties[(rule.mode, prop)] = rule


REGISTRY = _Registry()
_loading_library = False


def _key(obj):
    """Hashable identity of a callee (ufuncs and builtins hash; bound methods compare by value)."""
    try:
        hash(obj)
        return obj
    except TypeError:
        return id(obj)


def _family_of(func) -> str:
    module = getattr(func, "__module__", "") or ""
    return module.rsplit(".", 1)[-1] if module.startswith("s2s.templates") else "user"


def _register(mode, primal, methods, properties):
    def decorate(func):
        REGISTRY.add(
            Rule(
                primal=primal,
                mode=mode,
                func=func,
                family=_family_of(func),
                methods=tuple(methods),
                properties=tuple(properties),
                user=not _loading_library,
            )
        )
        return func

    return decorate


def rrule(primal, *, methods=(), properties=()):
    """Register a closure-style reverse rule for ``primal``.

    The rule takes the primal's arguments, computes the output and returns ``(y, pullback)``;
    ``pullback(dy)`` returns one cotangent per positional parameter (``None`` for none; trailing
    ones may be omitted). ``methods``/``properties`` name ndarray spellings (``x.sum()``, ``x.T``).
    """
    return _register(REVERSE, primal, methods, properties)


def frule(primal, *, methods=(), properties=()):
    """Register a forward rule ``(x..., dx...) -> (y, dy)`` for ``primal``."""
    return _register(FORWARD, primal, methods, properties)


def nondifferentiable(primal=None, *, methods=(), properties=()):
    """Declare that ``primal`` has no derivative: calls pass through both modes untouched.

    Usable as ``nondifferentiable(fn)`` or as a decorator on the user's own function.
    """
    if primal is not None:
        REGISTRY.nondifferentiable.add(_key(primal))
    REGISTRY.nondiff_methods.update(methods)
    REGISTRY.nondiff_properties.update(properties)
    return primal


#: Rule families for optional packages: imported only once the package itself is (a function of
#: it cannot be called before), so importing s2s never pays for importing SciPy.
OPTIONAL_FAMILIES = {"scipy_special": "scipy"}


def load_library(everything: bool = False) -> None:
    """Import the modules of ``s2s.templates`` once, registering the library's rules.

    Families for optional packages load when that package has been imported (or with
    ``everything``, e.g. to list all rules)."""
    global _loading_library
    if REGISTRY.family_names is None:
        import s2s.templates as templates  # the library loads on the first lookup, not at import

        REGISTRY.family_names = sorted(m.name for m in pkgutil.iter_modules(templates.__path__))
    if len(REGISTRY.loaded_families) == len(REGISTRY.family_names):
        return
    wanted = [n for n in REGISTRY.family_names if n not in REGISTRY.loaded_families and (
        everything or OPTIONAL_FAMILIES.get(n) is None or OPTIONAL_FAMILIES[n] in sys.modules)]
    if not wanted:
        return
    _loading_library = True
    try:
        for name in wanted:
            importlib.import_module(f"s2s.templates.{name}")
            REGISTRY.loaded_families.add(name)
    finally:
        _loading_library = False


def lookup(primal, mode: str = REVERSE) -> Rule | None:
    load_library()
    return REGISTRY.by_primal.get((mode, _key(primal)))


def lookup_method(name: str, mode: str = REVERSE) -> Rule | None:
    load_library()
    return REGISTRY.methods.get((mode, name))


def lookup_property(name: str, mode: str = REVERSE) -> Rule | None:
    load_library()
    return REGISTRY.properties.get((mode, name))


def is_nondifferentiable(primal) -> bool:
    load_library()
    try:
        return _key(primal) in REGISTRY.nondifferentiable
    except TypeError:
        return False


def user_rules() -> list[Rule]:
    """Rules the user registered (without importing the library), in a stable order."""
    rules = [r for r in REGISTRY.by_primal.values() if r.user]
    return sorted(rules, key=lambda r: (r.name, r.mode))


def all_rules(mode: str | None = None) -> list[Rule]:
    """Every registered rule (library and user), in a stable order."""
    load_library(everything=True)
    rules = [r for (m, _), r in REGISTRY.by_primal.items() if mode in (None, m)]
    return sorted(rules, key=lambda r: (r.family, r.name, r.mode))
