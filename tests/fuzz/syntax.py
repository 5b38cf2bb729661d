"""Expressions as code: text plus precedence, so generated code has only the parentheses
Python needs and reads like what a person writes.

Why text and not ASTs: programs are written out to module files (s2s reads their source), and
readable text is what a failure report shows; precedence is all an AST would add here.
"""

from __future__ import annotations

import dataclasses
import re

# Operator precedence, to parenthesize only where Python needs it.
ATOM, POW, UNARY, MUL, ADD, COND = 100, 90, 80, 70, 60, 10


@dataclasses.dataclass
class E:
    """An expression: its code and its precedence."""

    code: str
    prec: int = ATOM


def wrap(e: E, prec: int) -> str:
    return f"({e.code})" if e.prec < prec else e.code


def binop(a: E, op: str, b: E) -> E:
    if op == "**":
        return E(f"{wrap(a, POW + 1)} ** {wrap(b, UNARY)}", POW)
    if (
        op in "+-"
        and b.prec == UNARY
        and b.code.startswith("-")
        and b.code[1:].replace(".", "", 1).isdigit()
    ):  # x + -1.5 -> x - 1.5
        op, b = "-" if op == "+" else "+", E(b.code[1:])
    prec = {"+": ADD, "-": ADD, "*": MUL, "/": MUL, "@": MUL}[op]
    return E(f"{wrap(a, prec)} {op} {wrap(b, prec + 1)}", prec)


def call(fn: str, *args) -> E:
    return E(f"{fn}({', '.join(a.code if isinstance(a, E) else a for a in args)})")


def lit(x: float) -> E:
    return E(repr(float(x)), UNARY if x < 0 else ATOM)


_VIEW = re.compile(r"^[A-Za-z_]\w*(\[[^\[\]]*\])*(\.T)?$")


def is_fresh(e: E) -> bool:
    """Whether ``e`` makes a new array (``np.tanh(x)``, ``2 * x``) rather than naming or viewing
    one (``x``, ``x[1:]``, ``M[:, 0]``, ``M.T``): only fresh arrays may be updated in place
    without reaching the caller's arguments."""
    return not _VIEW.match(e.code)
