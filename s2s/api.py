"""The public API: resolve ``wrt``, find or make the derivative, load it, hand it back."""

from __future__ import annotations

import inspect
import os
import types

from .derivatives import derivative
from .dispatch import (
    checked,
    like,
    output_error,
    shapes_of,
    specialized,
    taped,
    wrt_problem,
)
from .errors import S2SError, UnsupportedError, WrtError
from .options import Options
from .target import Target, resolve
from .trees import has_float_leaf


def resolve_wrt(f, wrt, bound=False) -> tuple[tuple[str, ...], bool]:
    """Positions and names -> parameter names; also whether the user asked for a tuple.
    ``f``: the function itself (``Target.function``); ``bound``: its first parameter is the
    receiver of a bound method (not counted)."""
    signature = inspect.signature(f, follow_wrapped=False).parameters.values()
    params = [
        p
        for p in signature
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]
    names = [p.name for p in params][int(bound) :]
    if not names and hasattr(f, "__wrapped__"):
        _refuse_wrapper(f)
    is_tuple = isinstance(wrt, (tuple, list))
    items = list(wrt) if is_tuple else [wrt]
    if not items:
        raise WrtError(f"{f.__qualname__}: wrt=() names nothing to differentiate")
    out = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (int, str)):
            raise WrtError(
                f"{f.__qualname__}: wrt must be a parameter position or name, got {item!r}"
            )
        if isinstance(item, int):
            if not -len(names) <= item < len(names):
                _refuse_variadic(f, signature)
                raise WrtError(
                    f"{f.__qualname__}: wrt={item} is out of range; it takes "
                    f"{len(names)} parameter(s): {', '.join(names)}"
                )
            item = names[item]
        elif item not in names:
            raise WrtError(
                f"{f.__qualname__}: wrt={item!r} is not a parameter; parameters: "
                f"{', '.join(names)}"
            )
        if item in out:
            raise WrtError(f"{f.__qualname__}: wrt names {item!r} twice")
        out.append(item)
    return tuple(out), is_tuple


def _definition(f) -> str:
    """``file.py:LINE`` of ``f``'s ``def``."""
    code = f.__code__
    return f"{os.path.basename(code.co_filename)}:{code.co_firstlineno}"


def _refuse_variadic(f, signature) -> None:
    """``wrt`` points past the named parameters of a function taking ``*args``: say so there."""
    star = [p.name for p in signature if p.kind == p.VAR_POSITIONAL]
    if star:
        raise UnsupportedError(
            f"{_definition(f)}: {f.__qualname__} takes *{star[0]}, and s2s.grad differentiates "
            f"named parameters; give it one parameter per input (def {f.__name__}(a, b)), or "
            f"one parameter holding a tuple or list ({star[0]}) and call it with the sequence"
        )


def _receiver(f):
    """``(function, receiver)`` for a bound method (``model.loss``) or an object with a
    ``__call__`` method, whose function is differentiated with the receiver as its first
    argument; ``(f, None)`` for anything else."""
    if inspect.ismethod(f) and inspect.isfunction(f.__func__):
        return f.__func__, f.__self__
    call = getattr(type(f), "__call__", None)  # noqa: B004 - the method, not callable(f)
    if not inspect.isfunction(f) and not inspect.isclass(f) and inspect.isfunction(call):
        return call, f
    return f, None


def _bind(g, receiver):
    """The derivative ``g`` of a method, bound to the receiver the user's method was bound to."""
    return g if receiver is None else types.MethodType(g, receiver)


def _refuse_wrapper(f):
    """A decorator's wrapper that changes the result and takes only ``*args, **kwargs``."""
    code = f.__code__
    where = f"{os.path.basename(code.co_filename)}:{code.co_firstlineno}"
    raise UnsupportedError(
        f"{where}: the decorator's wrapper {getattr(code, 'co_qualname', code.co_name)} around "
        f"{getattr(f.__wrapped__, '__qualname__', f.__wrapped__)!r} does more than call it, so s2s "
        "differentiates the wrapper, and cannot follow its *args/**kwargs; give the wrapper named "
        "parameters, or differentiate the undecorated function"
    )


def _derivative(target: Target, wrt, mode, has_aux=False, bound=False):
    names, is_tuple = resolve_wrt(target.function, wrt, bound)
    options = Options(wrt=names, mode=mode, has_aux=has_aux, wrt_is_tuple=is_tuple)
    origin = getattr(target.function, "__s2s_origin__", None)  # f is a derivative s2s made
    try:
        module = derivative(target, options)
    except S2SError as exc:
        if origin is None:
            raise
        raise type(exc)(
            f"{origin}: differentiating the derivative s2s made of this function "
            f"(higher-order derivatives are not supported yet): {exc}"
        ) from exc
    module.function.__s2s_origin__ = origin or _definition(target.function)
    return module, options


def grad(f, wrt=0, *, has_aux=False):
    """The gradient of scalar-valued ``f`` with respect to ``wrt`` (a position, name, or tuple)."""
    return _checked_derivative(f, wrt, "grad", has_aux)


def value_and_grad(f, wrt=0, *, has_aux=False):
    """Like ``grad``, returning ``(value, gradient)``; ``((value, aux), gradient)`` with has_aux."""
    return _checked_derivative(f, wrt, "value_and_grad", has_aux)


def _checked_derivative(f, wrt, mode, has_aux):
    f, receiver = _receiver(f)
    target = resolve(f)  # a function without source fails here, with its own clear message
    module, options = _derivative(target, wrt, mode, has_aux, receiver is not None)
    return _bind(checked(module.function, target, options), receiver)


def vjp(f, *primals):
    """``(y, pullback)``: ``pullback(dy)`` returns one cotangent per primal, any number of times."""
    f, receiver = _receiver(f)
    target = resolve(f)  # a builtin or exec-made function: a SourceError, before anything else
    function = target.function
    skip = int(receiver is not None)
    arguments = ((receiver,) if skip else ()) + primals
    params = list(inspect.signature(function, follow_wrapped=False).parameters)
    if len(arguments) > len(params):
        raise WrtError(
            f"{target.qualname} takes {len(params) - skip} arguments, got " f"{len(primals)}"
        )
    wrt = tuple(i for i, p in enumerate(primals) if has_float_leaf(p))
    if not wrt:
        raise WrtError(f"{target.qualname}: no floating-point argument to differentiate")
    names, _ = resolve_wrt(function, wrt, bound=bool(skip))
    for name, i in zip(names, wrt):
        problem = wrt_problem(name, primals[i])
        if problem is not None:
            raise WrtError(
                f"{target.qualname}: cannot differentiate with respect to " f"'{name}': {problem}"
            )
    shapes = shapes_of(params, names, dict(zip(params, arguments)))
    options = Options(wrt=names, mode="vjp", wrt_is_tuple=True)
    module = specialized(target, options, params, shapes)  # the primals' shapes are known
    try:
        y, residuals = module.function(*arguments)
    except TypeError as exc:  # a refusal the generated code makes at run time
        output_error(exc, function)
        raise
    backward = module.backward

    def pullback(dy):
        cotangents = backward(residuals, dy)  # a tuple, one per wrt name: wrt is a tuple here
        out = [None] * len(primals)
        for i, c in zip(wrt, cotangents):
            out[i] = like(primals[i], c)
        return tuple(out)

    pullback.__s2s_source__ = module.source
    return y, pullback


def vjp_functions(f, wrt=0):
    """``(fwd, bwd)``, the vjp as two functions and a tape you can keep: ``fwd(*args, **kwargs)``
    returns ``(y, tape)``; ``bwd(tape, dy)`` returns the cotangents of ``wrt`` (a tuple for a
    tuple ``wrt``, as ``grad``), any number of times, from several threads. The tape is a plain
    tuple (it pickles), branded with the derivative that made it: ``bwd`` refuses another's."""
    f, receiver = _receiver(f)
    target = resolve(f)
    general, options = _derivative(target, wrt, "vjp", bound=receiver is not None)
    fwd, bwd = taped(general, target, options)
    return _bind(fwd, receiver), bwd


def source(g, *args, **kwargs) -> str:
    """The generated source of a function s2s returned; given example arguments, the source of
    the derivative specialized to their shapes (the one a call with them runs)."""
    text = getattr(g, "__s2s_source__", None)
    if text is None:
        raise TypeError(f"{g!r} was not made by s2s")
    variants = getattr(g, "__s2s_variants__", None)
    if inspect.ismethod(g) and (args or kwargs):  # a method's derivative: its receiver first
        args = (g.__self__, *args)
    if (args or kwargs) and variants is not None:
        return variants.module_for(args, kwargs).source
    return text
