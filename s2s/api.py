"""The public API: resolve ``wrt``, find or make the derivative, load it, hand it back."""

from __future__ import annotations

import inspect


from . import cache
from .dispatch import checked, shapes_of, specialized
from .errors import UnsupportedError, WrtError
from .options import Options
from .source import source_text, unwrap
from .trees import has_float_leaf


def _resolve_wrt(f, wrt) -> tuple[tuple[str, ...], bool]:
    """Positions and names -> parameter names; also whether the user asked for a tuple."""
    f = unwrap(f)
    source_text(f)  # a function without source fails here, with its own clear message
    params = [p for p in inspect.signature(f, follow_wrapped=False).parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    names = [p.name for p in params]
    if not names and hasattr(f, "__wrapped__"):
        _refuse_wrapper(f)
    is_tuple = isinstance(wrt, (tuple, list))
    items = list(wrt) if is_tuple else [wrt]
    if not items:
        raise WrtError(f"{f.__qualname__}: wrt=() names nothing to differentiate")
    out = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (int, str)):
            raise WrtError(f"{f.__qualname__}: wrt must be a parameter position or name, got {item!r}")
        if isinstance(item, int):
            if not -len(names) <= item < len(names):
                raise WrtError(f"{f.__qualname__}: wrt={item} is out of range; it takes "
                               f"{len(names)} parameter(s): {', '.join(names)}")
            item = names[item]
        elif item not in names:
            raise WrtError(f"{f.__qualname__}: wrt={item!r} is not a parameter; parameters: "
                           f"{', '.join(names)}")
        if item in out:
            raise WrtError(f"{f.__qualname__}: wrt names {item!r} twice")
        out.append(item)
    return tuple(out), is_tuple


def _refuse_wrapper(f):
    """A decorator's wrapper that changes the result and takes only ``*args, **kwargs``."""
    import os

    code = f.__code__
    where = f"{os.path.basename(code.co_filename)}:{code.co_firstlineno}"
    raise UnsupportedError(
        f"{where}: the decorator's wrapper {getattr(code, 'co_qualname', code.co_name)} around "
        f"{getattr(f.__wrapped__, '__qualname__', f.__wrapped__)!r} does more than call it, so s2s "
        "differentiates the wrapper, and cannot follow its *args/**kwargs; give the wrapper named "
        "parameters, or differentiate the undecorated function")


def _derivative(f, wrt, mode, has_aux=False):
    names, is_tuple = _resolve_wrt(f, wrt)
    options = Options(wrt=names, mode=mode, has_aux=has_aux, wrt_is_tuple=is_tuple)
    return cache.derivative(f, options), options


def grad(f, wrt=0, *, has_aux=False):
    """The gradient of scalar-valued ``f`` with respect to ``wrt`` (a position, name, or tuple)."""
    module, options = _derivative(f, wrt, "grad", has_aux)
    return checked(module.function, f, options)


def value_and_grad(f, wrt=0, *, has_aux=False):
    """Like ``grad``, returning ``(value, gradient)``; ``((value, aux), gradient)`` with has_aux."""
    module, options = _derivative(f, wrt, "value_and_grad", has_aux)
    return checked(module.function, f, options)


def vjp(f, *primals):
    """``(y, pullback)``: ``pullback(dy)`` returns one cotangent per primal, any number of times."""
    source_text(f)  # a builtin or exec-made function: a SourceError, before its signature is read
    params = list(inspect.signature(unwrap(f), follow_wrapped=False).parameters)
    if len(primals) > len(params):
        raise WrtError(f"{unwrap(f).__qualname__} takes {len(params)} arguments, got {len(primals)}")
    wrt = tuple(i for i, p in enumerate(primals) if has_float_leaf(p))
    if not wrt:
        raise WrtError(f"{unwrap(f).__qualname__}: no floating-point argument to differentiate")
    names, _ = _resolve_wrt(f, wrt)
    shapes = shapes_of(params, names, dict(zip(params, primals)))
    options = Options(wrt=names, mode="vjp", wrt_is_tuple=True)
    module = specialized(f, options, params, shapes)  # the primals' shapes are known: use them
    y, residuals = module.function(*primals)
    backward = module.backward
    positions = [params.index(n) for n in options.wrt]

    def pullback(dy):
        cotangents = backward(residuals, dy)  # a tuple, one per wrt name: wrt is a tuple here
        out = [None] * len(primals)
        for i, c in zip(positions, cotangents):
            out[i] = c
        return tuple(out)

    pullback.__s2s_source__ = module.source
    return y, pullback


def source(g, *args, **kwargs) -> str:
    """The generated source of a function s2s returned; given example arguments, the source of
    the derivative specialized to their shapes (the one a call with them runs)."""
    text = getattr(g, "__s2s_source__", None)
    if text is None:
        raise TypeError(f"{g!r} was not made by s2s")
    variants = getattr(g, "__s2s_variants__", None)
    if (args or kwargs) and variants is not None:
        return variants.module_for(args, kwargs).source
    return text
