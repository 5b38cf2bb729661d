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


class OutputError(S2SError, TypeError):
    """The function's output cannot be differentiated as asked (non-scalar output for grad).
    A TypeError too: the generated code's own check raises one where s2s is not installed."""


class TapeError(S2SError, ValueError):
    """A vjp backward function was given a tape its forward function did not make (another
    function's, another version's, or not a tape). A ValueError too: the generated backward
    function's own check raises one where s2s is not installed."""


#: What the generated output check of ``grad`` says (generated code raises a plain TypeError: it
#: does not import s2s); ``s2s.grad``'s wrapper recognizes it and raises ``OutputError``.
SCALAR_OUTPUT = "grad needs a scalar"


#: What the generated guard before ``y op= v`` says when ``y`` is an array another name shares:
#: ``s2s.grad``'s wrapper recognizes it and raises ``UnsupportedError``.
IN_PLACE_ALIAS = "changes in place the array"


def at(origin, lineno, message: str) -> str:
    """Prefix ``message`` with ``file.py:LINE:`` for the primal line ``lineno``."""
    return f"{origin.location(lineno)}: {message}"
