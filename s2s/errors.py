"""s2s's exceptions. Every message reads like a compiler's: ``file.py:LINE: what; what to do``."""


class S2SError(Exception):
    """Base class: anything s2s refuses or cannot do raises a subclass of this."""


class SourceError(S2SError):
    """The function's source cannot be read (built by exec/eval, a builtin, a lambda in a REPL)."""


class UnsupportedError(S2SError):
    """A construct s2s does not differentiate (try, with, yield, ...)."""


class MissingRuleError(S2SError):
    """A call on a differentiated path has no rule and no readable source."""


class RuleError(S2SError):
    """A registered rule is malformed (no pullback, wrong arity, ...)."""


class WrtError(S2SError):
    """``wrt`` names something that cannot be differentiated."""


class OutputError(S2SError):
    """The function's output cannot be differentiated as asked (non-scalar output for grad)."""


def at(origin, lineno, message: str) -> str:
    """Prefix ``message`` with ``file.py:LINE:`` for the primal line ``lineno``."""
    return f"{origin.location(lineno)}: {message}"
