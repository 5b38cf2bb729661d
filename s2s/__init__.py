"""s2s: source-to-source automatic differentiation for Python and NumPy."""

from .mount import mount_templates
from .version import __version__

mount_templates()  # before anything imports the rule library

from .api import grad, source, value_and_grad, vjp, vjp_functions  # noqa: E402
from .errors import (  # noqa: E402
    MissingRuleError,
    OutputError,
    RuleError,
    S2SError,
    SourceError,
    TapeError,
    UnsupportedError,
    WrtError,
)
from .rules.registry import frule, nondifferentiable, primal, rrule  # noqa: E402
from .trees import (  # noqa: E402
    TreeDef,
    register_pytree,
    tree_flatten,
    tree_leaves,
    tree_map,
    tree_structure,
    tree_unflatten,
)

__all__ = [
    "__version__",
    "grad",
    "value_and_grad",
    "vjp",
    "vjp_functions",
    "source",
    "rrule",
    "frule",
    "nondifferentiable",
    "S2SError",
    "SourceError",
    "UnsupportedError",
    "MissingRuleError",
    "RuleError",
    "WrtError",
    "primal",
    "OutputError",
    "tree_flatten",
    "tree_unflatten",
    "tree_map",
    "tree_leaves",
    "tree_structure",
    "register_pytree",
    "TreeDef",
    "TapeError",
]
