"""Command line: ``python -m s2s grad module:func``, ``python -m s2s cache path|clear|verify``,
``python -m s2s rules [PATTERN]``.

Exit status: 0 on success, 1 when differentiation fails (an ``S2SError``) or ``cache verify``
finds a problem, 2 for usage errors. No traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import sys

from . import api, cache
from .dispatch import specialized
from .errors import S2SError, WrtError
from .options import Options
from .rules import registry
from .target import resolve


class UsageError(Exception):
    """Bad command-line input (exit status 2)."""


class UserCodeError(Exception):
    """The user's module failed while being imported (exit status 1)."""


def _load_function(spec: str):
    module_name, sep, qualname = spec.partition(":")
    if not sep or not module_name or not qualname:
        raise UsageError(f"expected MODULE:FUNCTION (e.g. s2s.examples.mlp:loss), got {spec!r}")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        obj = importlib.import_module(module_name)
    except ImportError as exc:
        raise UsageError(f"cannot import module {module_name!r}: {exc}") from None
    except SyntaxError as exc:
        where = f"{os.path.basename(exc.filename or module_name)}:{exc.lineno}"
        raise UserCodeError(f"{where}: cannot import module {module_name!r}: {exc.msg}") from exc
    except Exception as exc:  # the user's module raised while running its top level
        raise UserCodeError(
            f"importing module {module_name!r} raised {type(exc).__name__}: {exc} "
            "(run with --debug to see the traceback)"
        ) from exc
    for part in qualname.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise UsageError(f"module {module_name!r} has no function {qualname!r}") from None
    if not callable(obj):
        raise UsageError(f"{spec} is not a function")
    return obj


def _wrt(text: str | None, f):
    """``--wrt "W,1"`` -> ``("W", 1)``, checked against ``f``'s parameters: naming one it does
    not have is a mistake in the command line (exit 2), not a failure to differentiate."""
    if text is None:
        return 0
    items = tuple(
        int(t) if t.strip().lstrip("-").isdigit() else t.strip()
        for t in text.split(",")
        if t.strip()
    )
    wrt = items if len(items) > 1 else items[0] if items else ()
    try:
        api.resolve_wrt(resolve(f).function, wrt)
    except WrtError as exc:
        raise UsageError(f"--wrt {text}: {exc}") from None
    return wrt


def _shapes(text: str | None, f) -> dict:
    """``--shapes "x=5x3,b=4,s=()"`` -> {"x": (5, 3), "b": (4,), "s": ()}."""
    shapes = {}
    params = inspect.signature(f).parameters
    for item in (text or "").split(","):
        if not item.strip():
            continue
        name, sep, dims = (part.strip() for part in item.partition("="))
        if not sep or name not in params:
            raise UsageError(
                f"--shapes: expected NAME=SHAPE with NAME one of {', '.join(params)}, "
                f"got {item.strip()!r}"
            )
        try:
            shapes[name] = () if dims in ("()", "") else tuple(int(d) for d in dims.split("x"))
        except ValueError:
            raise UsageError(
                f"--shapes: {name}'s shape {dims!r} is not like 5x3, 4 or ()"
            ) from None
    return shapes


def _cmd_grad(args) -> int:
    f = _load_function(args.function)
    modes = {"grad": api.grad, "value_and_grad": api.value_and_grad}
    shapes = _shapes(args.shapes, f)
    wrt = _wrt(args.wrt, f)
    if args.mode == "vjp":
        target = resolve(f)
        names, is_tuple = api.resolve_wrt(target.function, wrt)
        options = Options(wrt=names, mode="vjp", wrt_is_tuple=is_tuple)
        params = list(inspect.signature(target.function).parameters)
        text = specialized(target, options, params, tuple(shapes.get(p) for p in params)).source
    else:
        g = modes[args.mode](f, wrt=wrt, has_aux=args.has_aux)
        variants = g.__s2s_variants__
        if shapes and variants is None:
            raise UsageError("--shapes needs a function whose parameters are all positional")
        text = (
            variants.module(tuple(shapes.get(p) for p in variants.params)).source
            if shapes
            else api.source(g)
        )
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _cmd_cache(args) -> int:
    if args.remove and args.action != "verify":
        raise UsageError("--remove goes with `cache verify` (`cache clear` removes every entry)")
    if args.action == "path":
        print(cache.directory())
    elif args.action == "clear":
        print(f"removed {cache.clear()} cached derivative(s) from {cache.directory()}")
    else:
        return _verify(args.remove)
    return 0


def _verify(remove: bool) -> int:
    """Print one line per problem and a summary; 1 if the cache still has a problem."""
    report = cache.verify()
    if report.unsafe:
        print(f"unsafe: {report.unsafe}")
    for path, why in report.bad:
        if remove:
            cache.remove(path)
        print(f"{'removed' if remove else 'bad'}: {path}: {why}")
    summary = (
        f"{len(report.good) + len(report.bad)} cached derivative(s) in {report.folder}: "
        f"{len(report.good)} good, {len(report.bad)} bad"
    )
    if report.bad:
        summary += (
            ", removed (s2s regenerates them when needed)"
            if remove
            else "; `python -m s2s cache verify --remove` deletes them (s2s regenerates them)"
        )
    print(summary)
    return 1 if report.unsafe or (report.bad and not remove) else 0


def _cmd_rules(args) -> int:
    pattern = (args.pattern or "").lower()
    by_name: dict[str, dict] = {}
    for rule in registry.all_rules():
        if pattern in rule.name.lower():
            entry = by_name.setdefault(rule.name, {"family": rule.family, "modes": set()})
            entry["modes"].add(rule.mode)
    for name in sorted(by_name):
        entry = by_name[name]
        print(f"{name:40} {entry['family']:20} {'/'.join(sorted(entry['modes']))}")
    print(f"{len(by_name)} rule(s)", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="s2s",
        description="Source-to-source automatic differentiation for Python/NumPy.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  s2s grad mymodule:loss                 print the gradient module of loss\n"
        "  s2s grad mymodule:loss --wrt W1,b -o loss_grad.py\n"
        "  s2s grad mymodule:loss --shapes W=64x32,b=32,x=16x64\n"
        "  s2s rules tanh                         rules whose name contains 'tanh'\n"
        "  s2s cache verify                       check every cached derivative\n\n"
        "Exit status: 0 success, 1 differentiation failed (or cache verify found a\n"
        "problem), 2 usage error.\n"
        "Derivatives are cached as .py files in $S2S_CACHE_DIR (else "
        "$XDG_CACHE_HOME/s2s,\nelse ~/.cache/s2s); S2S_NO_CACHE=1 keeps them in memory.",
    )
    p.add_argument("--debug", action="store_true", help="show Python tracebacks on errors")
    # --debug is also accepted after the command (s2s grad m:f --debug); SUPPRESS keeps the
    # subcommand's default from overwriting a --debug given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show Python tracebacks on errors",
    )
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser(
        "grad",
        help="print (or write) the derivative module of MODULE:FUNCTION",
        parents=[common],
        description="Generate the derivative of a function and print its module.",
    )
    g.add_argument("function", metavar="MODULE:FUNCTION", help="e.g. s2s.examples.mlp:loss")
    g.add_argument("--wrt", help="parameter names or positions, comma-separated (default: 0)")
    g.add_argument(
        "--mode",
        choices=["grad", "value_and_grad", "vjp"],
        default="grad",
        help="what the generated function returns (default: grad)",
    )
    g.add_argument(
        "--has-aux",
        action="store_true",
        help="the function returns (loss, aux); differentiate loss only",
    )
    g.add_argument(
        "--shapes",
        metavar="NAME=SHAPE,...",
        help="specialize to arrays of these shapes, e.g. 'x=16x64,W=64x32,b=32' "
        "(what s2s.grad does when called): plain NumPy instead of shape helpers",
    )
    g.add_argument(
        "-o", "--output", metavar="FILE", help="write the module here instead of stdout"
    )
    g.set_defaults(run=_cmd_grad)
    c = sub.add_parser(
        "cache",
        help="show, check or clear the derivative cache",
        parents=[common],
        description="path: print the cache directory; clear: delete every cached "
        "derivative; verify: check each one (and the directory's "
        "permissions), exit 1 if any is bad.",
    )
    c.add_argument("action", choices=["path", "clear", "verify"])
    c.add_argument(
        "--remove",
        action="store_true",
        help="with verify: delete the bad entries (s2s regenerates them when needed)",
    )
    c.set_defaults(run=_cmd_cache)
    r = sub.add_parser("rules", help="list registered derivative rules", parents=[common])
    r.add_argument("pattern", nargs="?", help="only rules whose name contains this")
    r.set_defaults(run=_cmd_rules)
    return p


def main(argv=None) -> int:
    """Run the command; a reader that stops early (``| head``) ends it quietly.

    Python ignores SIGPIPE, so writing to a closed pipe raises BrokenPipeError; as the Python
    docs advise (``signal`` module, "Note on SIGPIPE"), stdout is then pointed at devnull, so the
    flush at exit does not fail again, and the status is 1."""
    try:
        status = _run(argv)
        sys.stdout.flush()  # a closed pipe shows here, inside the try, not at interpreter exit
        return status
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _run(argv) -> int:
    """Parse ``argv`` and run its command: an error is one line on stderr and a status, a
    traceback only with --debug."""
    p = parser()
    args = p.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        if args.debug:
            raise
        p.error(str(exc))  # exits with status 2
    except UserCodeError as exc:
        if args.debug:
            assert exc.__cause__ is not None  # UserCodeError is raised from the user's error
            raise exc.__cause__ from None  # the user's own traceback, not ours
        print(f"s2s: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise  # not an error of the command: main ends quietly
    except (S2SError, OSError, ValueError) as exc:
        if args.debug:
            raise
        print(f"s2s: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
