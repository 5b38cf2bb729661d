"""The annotation keys passes attach to nodes, one documented enum.

Analyses annotate, transformations read. Reading a missing annotation is an error naming the pass
that should have produced it, never a silent default.
"""

from __future__ import annotations

import enum


class Anno(enum.Enum):
    """Each key names the pass that produces it."""

    #: normalize.resolve_callees: what a Call's callee is (a ``Callee``).
    CALLEE = "normalize.resolve_callees"
    #: normalize (every pass): the primal source line a statement stands for (int).
    LINE = "normalize"
    #: normalize.flatten: ``y = <y op v>`` came from ``y op= v``, which NumPy runs in place on
    #: an array (every other name for the array sees the change).
    AUGMENTED = "normalize.flatten (augmented)"
    #: transform.views: a run-time check before ``y op= v`` (an ``if`` that only raises), kept in
    #: the forward sweep as it is: it has no adjoint.
    GUARD = "transform.views (guard)"
    #: transform.reverse: marks a comment statement: (kind, primal line) (see ``nodes.comment``).
    COMMENT = "transform.reverse"
    #: transform.assemble: marks grad's output check; its value is the checked name (str).
    OUTPUT_CHECK = "transform.assemble"
    #: transform.assemble: marks ``s_final = s``, a returned value taken at the split point.
    RETURNED = "transform.assemble (returned)"
    #: transform.reverse: a save point in the forward sweep, resolved by transform.tape (SavePoint).
    SAVE = "transform.reverse (save)"
    #: transform.reverse: the matching restore point in the backward sweep (SavePoint).
    RESTORE = "transform.reverse (restore)"


_STORE = "_s2s_anno"


def set_anno(node, key: Anno, value) -> None:
    annos = getattr(node, _STORE, None)
    if annos is None:
        annos = {}
        setattr(node, _STORE, annos)
    annos[key] = value


def has_anno(node, key: Anno) -> bool:
    return key in getattr(node, _STORE, {})


def get_anno(node, key: Anno, default=...):
    annos = getattr(node, _STORE, {})
    if key in annos:
        return annos[key]
    if default is not ...:
        return default
    raise KeyError(
        f"internal error: {type(node).__name__} has no {key.name} annotation; "
        f"the pass {key.value} should have produced it"
    )


def copy_annos(src, dst):
    """Carry ``src``'s annotations over to a node built to replace it."""
    annos = getattr(src, _STORE, None)
    if annos:
        setattr(dst, _STORE, dict(annos))
    return dst
