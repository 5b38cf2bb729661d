"""The public API: resolve ``wrt``, find or make the derivative, load it, hand it back."""

from __future__ import annotations

import functools
import inspect

import numpy as np

from . import cache
from .errors import UnsupportedError, WrtError
from .options import Options
from .source import source_text, unwrap


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


def _checked(g, f, options: Options):
    """Wrap ``g``: refuse integer ``wrt`` arguments (their gradient is undefined), and give a
    Python float argument a Python float gradient (rules may produce 0-d arrays).

    The wrapper runs on every call of the gradient, so its common path (positional arguments,
    no 0-d results) does one type test per ``wrt`` argument and nothing else.
    """
    params = list(inspect.signature(unwrap(f), follow_wrapped=False).parameters)
    wanted = [(params.index(name), name) for name in options.wrt]
    single = len(options.wrt) == 1 and not options.wrt_is_tuple
    split = {"value_and_grad": 1, "grad": 0 if options.has_aux else None}.get(options.mode)

    def refuse(name, value):
        raise WrtError(f"{unwrap(f).__qualname__}: cannot differentiate with respect to '{name}': "
                       f"it is an integer ({value!r}); pass a float (e.g. {name}=float({name}))")

    def project(grads, floats):
        if single:
            return _as_float(grads)
        if np.ndarray not in map(type, grads):  # the usual case: nothing to convert
            return grads
        return tuple(_as_float(d) if is_float else d for d, is_float in zip(grads, floats))

    def finish(result, floats):
        """Python floats get Python-float gradients."""
        if True not in floats:
            return result
        if split is None:
            return project(result, floats)
        parts = list(result)
        parts[split] = project(parts[split], floats)
        return tuple(parts)

    def general(args, kwargs):
        floats = []
        for i, name in wanted:
            value = args[i] if i < len(args) else kwargs.get(name)
            if type(value) is not float and _is_integer(value):
                refuse(name, value)
            floats.append(type(value) is float)
        return finish(g(*args, **kwargs), floats)

    checked = functools.wraps(g)(_fast_path(wanted, general, finish, g, single, split))
    checked.__s2s_source__ = g.__s2s_source__
    return checked


def _fast_path(wanted, general, finish, g, single, split):
    """A wrapper specialized to the ``wrt`` positions (no loops): when they are all passed
    positionally as floats or float arrays it costs a few type tests; anything else (integers to
    refuse, keywords) takes ``general``."""
    needed = max(i for i, _ in wanted) + 1
    lines = ["def checked(*args, **kwargs):",
             f"    if kwargs or len(args) < {needed}:",
             "        return general(args, kwargs)"]
    floats = []
    for i, _ in wanted:
        lines += [f"    a{i} = args[{i}]",
                  f"    f{i} = type(a{i}) is float",
                  f"    if not f{i} and not (type(a{i}) is ndarray and a{i}.dtype.kind in 'fc'):",
                  "        return general(args, kwargs)"]
        floats.append(f"f{i}")
    any_float, flags = " or ".join(floats), f"({', '.join(floats)},)"
    lines.append("    result = g(*args)")
    if split is not None:
        lines.append(f"    return finish(result, {flags}) if {any_float} else result")
    elif single:
        lines.append(f"    return float(result) if {any_float} and type(result) is ndarray else result")
    else:  # a tuple of gradients: convert only if one of them came back as an array
        lines.append(f"    if ({any_float}) and ndarray in map(type, result):")
        lines.append(f"        return finish(result, {flags})")
        lines.append("    return result")
    namespace = {"ndarray": np.ndarray, "general": general, "finish": finish, "g": g}
    exec(compile("\n".join(lines) + "\n", "<s2s argument check>", "exec"), namespace)  # noqa: S102
    return namespace["checked"]


def _as_float(gradient):
    """A 0-d array gradient of a Python float argument, as a Python float."""
    return float(gradient) if isinstance(gradient, np.ndarray) and gradient.ndim == 0 else gradient


def _is_integer(value) -> bool:
    if isinstance(value, bool) or isinstance(value, int):
        return True
    dtype = getattr(value, "dtype", None)
    return dtype is not None and dtype.kind in "biu"


def _derivative(f, wrt, mode, has_aux=False):
    names, is_tuple = _resolve_wrt(f, wrt)
    options = Options(wrt=names, mode=mode, has_aux=has_aux, wrt_is_tuple=is_tuple)
    return cache.derivative(f, options), options


def grad(f, wrt=0, *, has_aux=False):
    """The gradient of scalar-valued ``f`` with respect to ``wrt`` (a position, name, or tuple)."""
    module, options = _derivative(f, wrt, "grad", has_aux)
    return _checked(module.function, f, options)


def value_and_grad(f, wrt=0, *, has_aux=False):
    """Like ``grad``, returning ``(value, gradient)``; ``((value, aux), gradient)`` with has_aux."""
    module, options = _derivative(f, wrt, "value_and_grad", has_aux)
    return _checked(module.function, f, options)


def vjp(f, *primals):
    """``(y, pullback)``: ``pullback(dy)`` returns one cotangent per primal, any number of times."""
    source_text(f)  # a builtin or exec-made function: a SourceError, before its signature is read
    params = list(inspect.signature(unwrap(f), follow_wrapped=False).parameters)
    if len(primals) > len(params):
        raise WrtError(f"{unwrap(f).__qualname__} takes {len(params)} arguments, got {len(primals)}")
    wrt = tuple(i for i, p in enumerate(primals) if not _is_integer(p) and _is_numeric(p))
    if not wrt:
        raise WrtError(f"{unwrap(f).__qualname__}: no floating-point argument to differentiate")
    module, options = _derivative(f, wrt, "vjp")
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


def _is_numeric(value) -> bool:
    import numpy as np

    return isinstance(value, (float, complex, np.ndarray, np.generic)) or (
        isinstance(value, (list, tuple)) and len(value) > 0)


def source(g) -> str:
    """The generated source of a function s2s returned."""
    text = getattr(g, "__s2s_source__", None)
    if text is None:
        raise TypeError(f"{g!r} was not made by s2s")
    return text
