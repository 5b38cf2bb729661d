"""s2s: source-to-source automatic differentiation for Python and NumPy."""

__version__ = "0.1.0"

from .mount import mount_templates  # noqa: E402

mount_templates()  # before anything imports the rule library

from .api import grad, source, value_and_grad, vjp  # noqa: E402
from .errors import (  # noqa: E402
    MissingRuleError,
    OutputError,
    RuleError,
    S2SError,
    SourceError,
    UnsupportedError,
    WrtError,
)
from .rules.registry import frule, nondifferentiable, primal, rrule  # noqa: E402

__all__ = [
    "grad", "value_and_grad", "vjp", "source", "rrule", "frule", "nondifferentiable", "primal",
    "S2SError", "SourceError", "UnsupportedError", "MissingRuleError", "RuleError", "WrtError",
    "OutputError",
]
