"""Plain functions that rules call; s2s copies the ones a derivative uses into the emitted module.

They must stay self-contained (only ``np``, ``math`` and each other, no s2s imports) so emitted
modules run where s2s is not installed. One module per job:

- ``broadcasting``: undoing broadcasting and reductions (``unbroadcast``, ``expand_reduced``,
  ``tangent_like``): what nearly every rule calls.
- ``cotangents``: zeros and sums of cotangents of any structure, for the transform's own code.
- ``reductions``: how a reduction's cotangent is shared (extrema, norms, quantiles...).
- ``indexing``: gathers, scatters, joins and splits (entries moved around).
- ``linalg``: products, contractions and decompositions.
- ``curves``: interpolation, integration, convolution and polynomials.
- ``special``: ``digamma`` (``math`` has none).

Rules import them from here (``from s2s.templates.helpers import unbroadcast``). A new module
must also be listed in ``HELPER_MODULES`` (``s2s/normalize/bindings.py``): that is how s2s
knows to copy its functions rather than import them.
"""

from .broadcasting import unbroadcast, unbroadcast_each, expand_reduced, tangent_like  # noqa: F401
from .cotangents import (  # noqa: F401
    zeros_like,
    add_cotangents,
    pack_like,
    add_at,
    cotangent_item,
    snapshot,
)
from .reductions import (  # noqa: F401
    even_shares,
    prod_others,
    norm_grad,
    weights_along,
    weights_cotangent,
    order_weights,
    spread_selected,
    selected_tangent,
    quantile_q_cotangent,
    quantile_q_tangent,
    partition_order,
)
from .indexing import (  # noqa: F401
    flat_positions,
    scatter_add,
    inverse_axes,
    split_like,
    parts_like,
    unstack_like,
    pad_axis,
    unpad,
    last_writes,
    astype_cotangent,
    meshgrid_cotangent,
)
from .linalg import (  # noqa: F401
    matmul_dx,
    matmul_dy,
    dot_axes,
    tensordot_subscripts,
    einsum_vjp,
    explicit_subscripts,
    kron_vjp,
    undiagonal,
    solve_vjp,
    as_columns,
    mirror_lower,
    mirror_triangle,
    fold_to_lower,
    cholesky_phi,
    over_gaps,
    reduced_svd,
    reduced_svd_cotangents,
    tall_qr,
)
from .curves import (  # noqa: F401
    interp_slope,
    interp_weights,
    trapezoid_weights,
    convolve_full,
    power_columns,
    poly_slope,
    polyval_coefficients_cotangent,
)
from .special import digamma  # noqa: F401
