"""Put the sweeps together into the functions the emitted module defines, one per mode.

- ``grad`` / ``value_and_grad``: ``f_grad(<params>, dout=1.0)`` runs the forward sweep, checks the
  output is a scalar, runs the backward sweep and returns the gradients (and the value).
- ``vjp``: ``f_forward(<params>)`` returns ``(out, residuals)``; ``f_backward(residuals, dout)``
  returns one cotangent per parameter. The residuals are a plain tuple, so the pullback can run
  many times and the tape can be pickled or shipped.
"""

from __future__ import annotations

import gast

from ..nodes import assign, call, const, dotted, load, store, tuple_
from ..substitute import names_in


def _function(name, args, body) -> gast.FunctionDef:
    return gast.FunctionDef(name=name, args=args, body=body, decorator_list=[], returns=None,
                            type_comment=None, type_params=[])


def _with_seed(args: gast.arguments, seed: str, default=1.0) -> gast.arguments:
    params = [gast.Name(id=a.id, ctx=gast.Param(), annotation=a.annotation, type_comment=None)
              for a in args.args]
    defaults = list(args.defaults)
    if defaults or default is not None:
        params.append(gast.Name(id=seed, ctx=gast.Param(), annotation=None, type_comment=None))
        defaults.append(const(default))
    return gast.arguments(args=params, posonlyargs=list(args.posonlyargs), vararg=args.vararg,
                          kwonlyargs=list(args.kwonlyargs), kw_defaults=list(args.kw_defaults),
                          kwarg=args.kwarg, defaults=defaults)


def scalar_check(fn_name: str, out: str):
    """``if np.ndim(out) != 0: raise TypeError(...)``: grad of a non-scalar is a user error."""
    message = gast.JoinedStr(values=[
        const(f"{fn_name}: grad needs a scalar output, got shape "),
        gast.FormattedValue(value=call("np.shape", load(out)), conversion=-1, format_spec=None),
    ])
    test = gast.Compare(left=call("np.ndim", load(out)), ops=[gast.NotEq()], comparators=[const(0)])
    return gast.If(test=test, body=[gast.Raise(exc=call("TypeError", message), cause=None)],
                   orelse=[])


def gradient_result(is_tuple: bool, grads):
    return grads[0] if len(grads) == 1 and not is_tuple else tuple_(grads)


def grad_function(name, fn, sweeps, out, out_value, seed, grads, mode, aux=None):
    """The single function of ``grad``/``value_and_grad`` mode."""
    body = list(sweeps.forward)
    body.append(scalar_check(fn.name, out))
    body += sweeps.backward
    if mode == "value_and_grad":
        value = out_value if aux is None else tuple_([load(out), load(aux)])
        result = tuple_([value, grads])
    elif aux is not None:
        result = tuple_([grads, load(aux)])
    else:
        result = grads
    body.append(gast.Return(value=result))
    return _function(name, _with_seed(fn.args, seed), body)


def vjp_functions(name, fn, sweeps, out_value, seed, grads, bound_globals):
    """``<name>_forward`` and ``<name>_backward`` sharing a plain residual tuple."""
    needed = names_in(sweeps.backward, gast.Load) - names_in(sweeps.backward, gast.Store)
    residuals = sorted(needed - set(bound_globals) - {seed} - _builtins())
    forward_body = list(sweeps.forward)
    forward_body.append(gast.Return(value=tuple_([out_value, tuple_([load(r) for r in residuals])])))
    forward = _function(f"{name}_forward", fn.args, forward_body)
    unpack = []
    if residuals:
        target = gast.Tuple(elts=[store(r) for r in residuals], ctx=gast.Store())
        unpack.append(assign(target, load("residuals")))
    backward_args = gast.arguments(
        args=[gast.Name(id=n, ctx=gast.Param(), annotation=None, type_comment=None)
              for n in ("residuals", seed)],
        posonlyargs=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])
    backward = _function(f"{name}_backward", backward_args,
                         unpack + list(sweeps.backward) + [gast.Return(value=grads)])
    return [forward, backward]


def _builtins():
    import builtins

    return set(dir(builtins))


def zeros_like(name):
    return call(dotted("np.zeros_like"), load(name))
