"""The rule registry: callee object -> rule, as data.

Why a registry and not branches in the transformer: a rule is looked up by the *object* a call
resolves to (``np.tanh``, ``math.sin``, ``operator.mul``), so aliases (``from numpy import tanh``,
``import numpy as onp``) all find the same rule, and users add rules without touching s2s.

Library rules live in ``templates/`` (installed as ``s2s.templates``) and are imported lazily the
first time a rule is looked up; user rules are registered by ``@s2s.rrule`` / ``@s2s.frule`` /
``s2s.nondifferentiable`` at the user's import time.

One rule function may serve several primals (``@rrule(np.max, np.amax, np.nanmax)``): it is
written once and registered once per primal. Its body calls the function being differentiated as
``primal(...)``; each registration gets its own copy of the function in which ``primal`` is that
primal, so the rule still runs as plain Python (the tests call it), and the inliner replaces the
call by the user's own expression as for any rule (see ``rules/inline.py``).
"""

from __future__ import annotations

import builtins
import dataclasses
import importlib
import pkgutil
import sys
import types
from collections.abc import Callable

import numpy as np

from ..errors import RuleError

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


class _Primal:
    """``primal``: in a rule's body, the function the rule is differentiating.

    A rule registered for several primals calls ``primal(...)`` where a single-primal rule would
    spell its primal (``y = primal(a, axis=axis)`` for ``np.max``, ``np.amax``, ...), and may test
    it (``0 if primal is np.vstack else 1``: the inliner folds such tests, the generated code keeps
    the branch the call site takes). The registry binds the name in each primal's copy of the rule;
    this object only stands in for it at import time (for readers and linters).
    """

    def __call__(self, *args, **kwargs):
        raise RuleError(
            "'primal' is bound only in a registered rule: call the rule through the "
            "registry (registry.lookup(fn).func), not the decorated function itself"
        )

    def __repr__(self):
        return "primal"


primal = _Primal()
PRIMAL = "primal"  # the placeholder's name in rule sources


class _WithPrimal(dict):
    """A rule module's globals, read through, with ``primal`` bound to one primal: the globals of
    that primal's copy of a shared rule (live: names the module defines later are found too, as
    the interpreter reads a function's globals through ``__getitem__`` when they are not a plain
    dict, so ``__missing__`` answers)."""

    def __init__(self, module_globals: dict, bound):
        super().__init__(
            {PRIMAL: bound, "__builtins__": module_globals.get("__builtins__", builtins)}
        )
        self.module_globals = module_globals

    def __missing__(self, name):
        return self.module_globals[name]

    def __contains__(self, name):
        return dict.__contains__(self, name) or name in self.module_globals

    def get(self, name, default=None):
        return self[name] if name in self else default


def _global_names(code) -> set[str]:
    """The global names a code object reads, its nested functions' (the pullback's) included."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def _for_primal(func, bound):
    """``func`` with ``primal`` bound to ``bound``: the same code (and source), its own globals."""
    if PRIMAL not in _global_names(func.__code__):
        return func
    copy = types.FunctionType(
        func.__code__,
        _WithPrimal(func.__globals__, bound),
        func.__name__,
        func.__defaults__,
        func.__closure__,
    )
    copy.__kwdefaults__ = func.__kwdefaults__
    copy.__qualname__, copy.__module__, copy.__doc__ = (
        func.__qualname__,
        func.__module__,
        func.__doc__,
    )
    return copy


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


def _register(mode, primals, methods, properties):
    if not primals:
        raise TypeError(f"{'rrule' if mode == REVERSE else 'frule'}() needs at least one primal")

    def decorate(func):
        if len(primals) > 1 and PRIMAL not in _global_names(func.__code__):
            raise RuleError(
                f"rule {func.__qualname__} is registered for {len(primals)} functions: its body "
                "must call the one being differentiated as primal(...), not spell one of them"
            )
        for i, p in enumerate(primals):
            REGISTRY.add(
                Rule(
                    primal=p,
                    mode=mode,
                    func=_for_primal(func, p),
                    family=_family_of(func),
                    methods=tuple(methods) if i == 0 else (),
                    properties=tuple(properties) if i == 0 else (),
                    user=not _loading_library,
                )
            )
        return func

    return decorate


def rrule(*primals, methods=(), properties=()):
    """Register a closure-style reverse rule for each of ``primals``.

    The rule takes the primal's arguments, computes the output and returns ``(y, pullback)``;
    ``pullback(dy)`` returns one cotangent per positional parameter (``None`` for none; trailing
    ones may be omitted). ``methods``/``properties`` name ndarray spellings of the first primal
    (``x.sum()``, ``x.T``).

    Several primals share one rule when their derivatives are the same code
    (``@rrule(np.max, np.amax, np.nanmax, methods=("max",))``): the body then calls ``primal(...)``
    (``from s2s import primal``) for the function being differentiated, and may test which one it
    is (``primal is np.nanmax``). Each primal still gets its own rule.
    """
    return _register(REVERSE, primals, methods, properties)


def frule(*primals, methods=(), properties=()):
    """Register a forward rule ``(x..., dx...) -> (y, dy)`` for each of ``primals`` (several
    primals: as for ``rrule``, the body calls ``primal(...)``)."""
    return _register(FORWARD, primals, methods, properties)


def nondifferentiable(*primals, methods=(), properties=()):
    """Declare that each of ``primals`` has no derivative: calls pass through both modes untouched.

    Usable as ``nondifferentiable(fn, ...)``, with ndarray ``methods``/``properties`` names only,
    or as a decorator on the user's own function (returns the first primal).
    """
    for p in primals:
        REGISTRY.nondifferentiable.add(_key(p))
    REGISTRY.nondiff_methods.update(methods)
    REGISTRY.nondiff_properties.update(properties)
    return primals[0] if primals else None


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
    wanted = [
        n
        for n in REGISTRY.family_names
        if n not in REGISTRY.loaded_families
        and (everything or OPTIONAL_FAMILIES.get(n) is None or OPTIONAL_FAMILIES[n] in sys.modules)
    ]
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
