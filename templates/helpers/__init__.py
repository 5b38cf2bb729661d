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

from .broadcasting import expand_reduced, tangent_like, unbroadcast, unbroadcast_each  # noqa: F401
from .cotangents import (  # noqa: F401
    add_at,
    add_cotangents,
    cotangent_item,
    pack_like,
    snapshot,
    zeros_like,
)
from .curves import (  # noqa: F401
    convolve_full,
    interp_slope,
    interp_weights,
    poly_slope,
    polyval_coefficients_cotangent,
    power_columns,
    trapezoid_weights,
)
from .indexing import (  # noqa: F401
    astype_cotangent,
    flat_positions,
    inverse_axes,
    last_writes,
    meshgrid_cotangent,
    pad_axis,
    parts_like,
    scatter_add,
    split_like,
    unpad,
    unstack_like,
)
from .linalg import (  # noqa: F401
    as_columns,
    cholesky_phi,
    dot_axes,
    einsum_vjp,
    explicit_subscripts,
    fold_to_lower,
    kron_vjp,
    matmul_dx,
    matmul_dy,
    mirror_lower,
    mirror_triangle,
    over_gaps,
    reduced_svd,
    reduced_svd_cotangents,
    solve_vjp,
    tall_qr,
    tensordot_subscripts,
    undiagonal,
)
from .reductions import (  # noqa: F401
    even_shares,
    norm_grad,
    order_weights,
    partition_order,
    prod_others,
    quantile_q_cotangent,
    quantile_q_tangent,
    selected_tangent,
    spread_selected,
    weights_along,
    weights_cotangent,
)
from .special import digamma  # noqa: F401
