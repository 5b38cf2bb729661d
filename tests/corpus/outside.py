"""Code written the way people outside this project write NumPy: Gaussian processes, attention,
normalization layers, Kalman filters, PDE stencils, integrators carrying tuples of state, mixed
Python floats and arrays, float32 and 0-d inputs, length-one axes in every position."""

import math

import numpy as np

from . import Case, rng

# --- kernels and Gaussian processes -------------------------------------------------------------


def rbf_kernel_energy(x, lengthscale, variance):
    diff = x[:, None] - x[None, :]
    K = variance * np.exp(-0.5 * diff**2 / lengthscale**2)
    return np.sum(K) / x.shape[0]


def rbf_kernel_2d(X, ls):
    sq = np.sum(X**2, axis=1)
    d2 = sq[:, None] + sq[None, :] - 2.0 * X @ X.T
    K = np.exp(-d2 / (2 * ls**2))
    return np.trace(K @ K) / X.shape[0] ** 2


def gp_neg_log_marginal(log_ls, log_sf, log_sn, x, y):
    ls, sf2, sn2 = np.exp(log_ls), np.exp(2 * log_sf), np.exp(2 * log_sn)
    d = x[:, None] - x[None, :]
    K = sf2 * np.exp(-0.5 * (d / ls) ** 2) + sn2 * np.eye(len(x))
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(K, y)
    logdet = 2.0 * np.sum(np.log(np.diag(L)))
    return 0.5 * y @ alpha + 0.5 * logdet + 0.5 * len(x) * np.log(2 * np.pi)


def matern32(r, ell):
    s = math.sqrt(3.0) * r / ell
    return (1.0 + s) * np.exp(-s)


def matern_gram_sum(X, ell):
    diff = X[:, None, :] - X[None, :, :]
    r = np.sqrt(np.sum(diff**2, axis=-1) + 1e-12)
    return np.sum(matern32(r, ell))


# --- attention and normalization ----------------------------------------------------------------


def scaled_attention(Q, K, V):
    d = Q.shape[-1]
    scores = Q @ K.T / np.sqrt(d)
    scores = scores - scores.max(axis=-1, keepdims=True)
    w = np.exp(scores)
    w = w / w.sum(axis=-1, keepdims=True)
    return np.sum((w @ V) ** 2)


def batched_attention(Q, K, V):
    scores = np.matmul(Q, np.swapaxes(K, -1, -2)) / math.sqrt(Q.shape[-1])
    scores -= np.max(scores, axis=-1, keepdims=True)
    p = np.exp(scores)
    p /= np.sum(p, axis=-1, keepdims=True)
    out = np.matmul(p, V)
    return np.mean(out * out)


def causal_attention(X, Wq, Wk):
    T = X.shape[0]
    q = X @ Wq
    k = X @ Wk
    s = q @ k.T
    mask = np.tril(np.ones((T, T))) > 0
    s = np.where(mask, s, -1e9)
    s = s - s.max(axis=1, keepdims=True)
    a = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    return np.sum(a @ X)


def layernorm(x, g, b, eps=1e-5):
    mu = np.mean(x, axis=-1, keepdims=True)
    var = np.var(x, axis=-1, keepdims=True)
    return g * (x - mu) / np.sqrt(var + eps) + b


def layernorm_mlp(x, g, b, W):
    h = layernorm(x, g, b)
    return np.sum(np.tanh(h @ W) ** 2)


def batchnorm_nchw(x, gamma, beta):
    mean = x.mean(axis=(0, 2, 3), keepdims=True)
    var = ((x - mean) ** 2).mean(axis=(0, 2, 3), keepdims=True)
    xhat = (x - mean) / np.sqrt(var + 1e-5)
    y = gamma.reshape(1, -1, 1, 1) * xhat + beta.reshape(1, -1, 1, 1)
    return np.sum(y**2 * np.arange(y.size).reshape(y.shape) / y.size)


def rms_norm(x, weight):
    rms = np.sqrt(np.mean(x**2, axis=-1, keepdims=True) + 1e-6)
    return np.sum(np.sin(x / rms * weight))


def group_norm(x, groups=2):
    n, c = x.shape
    xg = x.reshape(n, groups, c // groups)
    m = xg.mean(axis=2, keepdims=True)
    v = xg.var(axis=2, keepdims=True)
    out = ((xg - m) / np.sqrt(v + 1e-5)).reshape(n, c)
    return np.sum(out * np.cos(np.arange(c)))


# --- losses and likelihoods ---------------------------------------------------------------------


def gaussian_nll_diag(mu, log_sigma, X):
    z = (X - mu) / np.exp(log_sigma)
    return np.sum(0.5 * z**2 + log_sigma + 0.5 * np.log(2 * np.pi))


def multinomial_logit_nll(W, X, y_onehot):
    logits = X @ W
    m = np.max(logits, axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.sum(np.exp(logits - m), axis=1))
    return np.sum(lse) - np.sum(logits * y_onehot)


def focal_loss(logits, targets, gamma=2.0):
    p = 1.0 / (1.0 + np.exp(-logits))
    pt = np.where(targets > 0.5, p, 1 - p)
    return -np.mean((1 - pt) ** gamma * np.log(pt))


def hinge_svm(w, b, X, y, C=1.0):
    margins = 1 - y * (X @ w + b)
    return 0.5 * np.dot(w, w) + C * np.sum(np.maximum(0, margins))


def student_t_loglik(x, mu, log_scale, nu):
    scale = np.exp(log_scale)
    z = (x - mu) / scale
    return np.sum(-0.5 * (nu + 1) * np.log1p(z**2 / nu) - log_scale)


def poisson_regression(beta, X, counts):
    eta = X @ beta
    return np.sum(np.exp(eta) - counts * eta)


def kl_categorical(logits_p, logits_q):
    lp = logits_p - np.log(np.sum(np.exp(logits_p), axis=-1, keepdims=True))
    lq = logits_q - np.log(np.sum(np.exp(logits_q), axis=-1, keepdims=True))
    return np.sum(np.exp(lp) * (lp - lq))


def huber_regression(theta, X, y, delta=1.0):
    r = X @ theta - y
    a = np.abs(r)
    loss = np.where(a <= delta, 0.5 * r**2, delta * (a - 0.5 * delta))
    return loss.sum()


def clipped_ratio_objective(logp_new, logp_old, adv, eps=0.2):
    ratio = np.exp(logp_new - logp_old)
    clipped = np.clip(ratio, 1 - eps, 1 + eps)
    return -np.mean(np.minimum(ratio * adv, clipped * adv))


# --- filters and state-space models -------------------------------------------------------------


def kalman_step_loss(x, P, z, F, H, Q, R):
    x_pred = F @ x
    P_pred = F @ P @ F.T + Q
    S = H @ P_pred @ H.T + R
    K = P_pred @ H.T @ np.linalg.inv(S)
    innov = z - H @ x_pred
    x_new = x_pred + K @ innov
    P_new = (np.eye(len(x)) - K @ H) @ P_pred
    return np.sum(x_new**2) + np.trace(P_new)


def kalman_filter_nll(q, r, zs):
    x, P = 0.0, 1.0
    nll = 0.0
    for z in zs:
        P = P + q
        S = P + r
        K = P / S
        nll += 0.5 * (math.log(2 * math.pi * S) + (z - x) ** 2 / S)
        x = x + K * (z - x)
        P = (1 - K) * P
    return nll


def exponential_smoothing(alpha, series):
    level = series[0]
    sse = 0.0
    for t in range(1, len(series)):
        err = series[t] - level
        sse = sse + err * err
        level = level + alpha * err
    return sse


def ar2_residuals(phi, y):
    resid = y[2:] - phi[0] * y[1:-1] - phi[1] * y[:-2]
    return np.dot(resid, resid)


def batched_discounted_value(v0, rewards, gamma):
    """A scalar initial value that broadcasts up to a batch in the first step."""
    v = v0
    for t in range(rewards.shape[0]):
        v = gamma * v + rewards[t]
    return np.sum(v**2)


def broadcast_accumulate(z, w, steps=2):
    for _ in range(steps):
        z = z + w
    return np.sum(np.sin(z))


# --- integrators and physics --------------------------------------------------------------------


def _pendulum_rhs(state, g, L):
    theta, omega = state
    return omega, -g / L * np.sin(theta)


def pendulum_rk4(theta0, L, g=9.81, dt=0.02, n=30):
    state = (theta0, 0.0)
    for _ in range(n):
        k1 = _pendulum_rhs(state, g, L)
        s2 = (state[0] + 0.5 * dt * k1[0], state[1] + 0.5 * dt * k1[1])
        k2 = _pendulum_rhs(s2, g, L)
        s3 = (state[0] + 0.5 * dt * k2[0], state[1] + 0.5 * dt * k2[1])
        k3 = _pendulum_rhs(s3, g, L)
        s4 = (state[0] + dt * k3[0], state[1] + dt * k3[1])
        k4 = _pendulum_rhs(s4, g, L)
        state = (
            state[0] + dt / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]),
            state[1] + dt / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]),
        )
    return state[0] ** 2 + state[1] ** 2


def nbody_step(pos, vel, masses, dt=0.01):
    diff = pos[None, :, :] - pos[:, None, :]
    dist2 = np.sum(diff**2, axis=-1) + np.eye(pos.shape[0])
    inv3 = dist2**-1.5 * (1 - np.eye(pos.shape[0]))
    acc = np.sum(diff * (inv3 * masses[None, :])[:, :, None], axis=1)
    vel = vel + dt * acc
    pos = pos + dt * vel
    return 0.5 * np.sum(masses[:, None] * vel**2) + np.sum(pos**2)


def pairwise_coulomb(X, q):
    d = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=-1)
    iu = np.triu_indices(X.shape[0], k=1)
    return np.sum(np.outer(q, q)[iu] / d[iu])


def spring_network_energy(pos, edges, k, L0):
    e = 0.0
    for i, j in edges:
        d = pos[i] - pos[j]
        length = np.sqrt(d @ d)
        e += 0.5 * k * (length - L0) ** 2
    return e


def symplectic_euler(q0, p0, k, steps=25, dt=0.1):
    q, p = q0, p0
    traj = []
    for _ in range(steps):
        p = p - dt * k * np.sin(q)
        q = q + dt * p
        traj.append(q)
    return np.sum(np.array(traj) ** 2)


def heat_1d_explicit(u, kappa, n_steps=12):
    u = u.copy()
    for _ in range(n_steps):
        u[1:-1] = u[1:-1] + kappa * (u[2:] - 2 * u[1:-1] + u[:-2])
    return np.sum(u**2)


def laplace_2d(phi, h):
    lap = (
        phi[2:, 1:-1] + phi[:-2, 1:-1] + phi[1:-1, 2:] + phi[1:-1, :-2] - 4 * phi[1:-1, 1:-1]
    ) / h**2
    return 0.5 * np.sum(lap**2)


def advection_upwind(u0, c, steps=10):
    u = u0
    for _ in range(steps):
        u = u - c * (u - np.roll(u, 1))
    return np.sum(u**3)


def gauss_seidel_sweeps(b, omega, n_sweeps=4):
    n = b.shape[0]
    x = np.zeros(n)
    for _ in range(n_sweeps):
        x = x.copy()
        for i in range(n):
            left = x[i - 1] if i > 0 else 0.0
            right = x[i + 1] if i < n - 1 else 0.0
            x[i] = (1 - omega) * x[i] + omega * 0.5 * (b[i] + left + right)
    return np.sum(x**2)


# --- signal processing and convolutions ---------------------------------------------------------


def conv1d_valid(x, w):
    k = len(w)
    out = []
    for i in range(len(x) - k + 1):
        out.append(np.sum(x[i : i + k] * w))
    return np.sum(np.tanh(np.array(out)))


def conv1d_multichannel(x, W):
    c_out, c_in, k = W.shape
    T = x.shape[1] - k + 1
    y = np.zeros((c_out, T))
    for t in range(T):
        y[:, t] = np.tensordot(W, x[:, t : t + k], axes=([1, 2], [0, 1]))
    return np.sum(y**2)


def moving_average_filter(x, weights):
    w = weights / np.sum(weights)
    c = np.convolve(x, w, mode="valid")
    return np.sum(c**2)


def cumulative_returns(log_returns, weights):
    port = log_returns @ weights
    wealth = np.exp(np.cumsum(port))
    drawdown = np.maximum.accumulate(wealth) - wealth
    return wealth[-1] - 0.5 * np.sum(drawdown)


def cumsum_penalty(x):
    c = np.cumsum(x)
    return np.sum(c**2) + np.sum(np.diff(x) ** 2)


# --- regression and polynomials -----------------------------------------------------------------


def polyfit_residual(coef, x, y):
    pred = np.polyval(coef, x)
    return np.mean((pred - y) ** 2)


def vandermonde_ridge(c, x, y, lam):
    V = np.vander(x, len(c), increasing=True)
    r = V @ c - y
    return r @ r + lam * c @ c


def lasso_smooth(beta, X, y, lam=0.1, eps=1e-3):
    r = y - X @ beta
    return 0.5 * np.sum(r**2) + lam * np.sum(np.sqrt(beta**2 + eps))


def normal_equations(X, y, lam):
    A = X.T @ X + lam * np.eye(X.shape[1])
    w = np.linalg.solve(A, X.T @ y)
    return np.sum((X @ w - y) ** 2)


def logistic_mixed_scalars(w, X, y, temperature: float, l2=1e-2):
    z = (X @ w) / temperature
    p = 1 / (1 + np.exp(-z))
    ll = y * np.log(p) + (1 - y) * np.log(1 - p)
    return -ll.mean() + l2 * (w**2).sum()


# --- shapes: reshape, transpose, size-one axes ----------------------------------------------------


def bilinear_form(x, A, y):
    return float(np.squeeze(x @ A @ y))


def column_vector_quadratic(v, M):
    return (v.T @ M @ v)[0, 0]


def row_times_column(r, c):
    return np.sum(np.tanh(r * c))


def transpose_reshape_mix(X, W):
    Y = X.reshape(2, -1).T @ W
    Z = np.transpose(Y)[::-1]
    return np.sum(np.swapaxes(Z.reshape(1, *Z.shape), 0, 1) ** 2)


def outer_product_energy(u, v):
    M = np.outer(u, v)
    return np.sum(np.sin(M)) + np.linalg.norm(M)


def norm_variants(X):
    return (
        np.linalg.norm(X)
        + np.sum(np.linalg.norm(X, axis=0))
        + np.sum(np.linalg.norm(X, axis=1, keepdims=True) ** 2)
    )


def expand_dims_broadcast(a, b):
    aa = np.expand_dims(a, 1)
    bb = np.expand_dims(b, 0)
    return np.sum(np.exp(-((aa - bb) ** 2)))


def stack_and_split(a, b):
    s = np.stack([a, b], axis=1)
    left, right = s[:, 0], s[:, 1]
    return np.sum(left * right**2) + np.sum(np.concatenate([a, b]) ** 2)


def zero_d_scale(a, s):
    return np.sum(a * s) ** 2 + s * s


def float32_mlp(W, x):
    h = np.tanh(x @ W)
    return np.sum(h * h)


# --- control flow, copies, helpers --------------------------------------------------------------


def class_totals(scores, labels, n_classes=3):
    """``totals[labels] += scores`` (NumPy keeps the last write of a repeated label, it does not
    accumulate: people write this expecting np.add.at)."""
    totals = np.zeros(n_classes)
    totals[labels] += scores
    return np.sum(totals * np.array([1.0, -2.0, 3.0]) + totals**2)


def fill_matrix_chained(A, v):
    """``B[i][j] = ...``: B[i] is a view of B, so the store goes through a view (refused)."""
    B = np.zeros((2, 3))
    for i in range(2):
        for j in range(3):
            B[i][j] = A[i, j] * v[j]
    return np.sum(B**2)


def smooth_in_place_alias(u, k):
    """``w = v`` is not a copy: the store into w changes v, which is read afterwards (refused)."""
    v = u.copy()
    w = v
    w[1:-1] = v[1:-1] + k * (v[2:] - 2 * v[1:-1] + v[:-2])
    return np.sum(v**2)


def scale_first_column_by_rows(M, s):
    """``for row in M: row[0] = ...`` writes into M through each row (refused)."""
    M = M.copy()
    for row in M:
        row[0] = row[0] * s
    return np.sum(M**2)


def first_row_energy_after_update(M):
    """``r = M[0]`` is a view of the row: the later store into M changes r (refused)."""
    M = M.copy()
    r = M[0]
    M[0, 0] = 3.0 * M[0, 0]
    return np.sum(r**2)


def piecewise_spline(x, knots_y):
    out = 0.0
    for xi in x:
        if xi < 0.0:
            out += knots_y[0] * xi**2
        elif xi < 1.0:
            out += knots_y[1] * xi + knots_y[2]
        else:
            out += knots_y[3] * np.log(xi + 1.0)
    return out


def rowwise_update(M, v):
    M = M.copy()
    for i in range(M.shape[0]):
        M[i] = M[i] * v + np.sin(M[i])
    return np.sum(M**2)


def masked_clip_loss(x, lo=-0.5, hi=0.5):
    y = np.clip(x, lo, hi)
    y = np.where(np.abs(x) > 0.8, 2 * x, y)
    return np.sum(y**2 + x)


def early_exit_descent(w, A, b, lr=0.1, tol=1e-10):
    for it in range(50):
        g = A @ w - b
        if np.linalg.norm(g) < tol:
            return 0.5 * w @ A @ w - b @ w
        w = w - lr * g
    return 0.5 * w @ A @ w - b @ w


def dict_params_net(params, x):
    h = np.tanh(x @ params["W1"] + params["b1"])
    return np.sum(h @ params["W2"])


def net_from_dict(W1, b1, W2, x):
    params = {"W1": W1, "b1": b1, "W2": W2}
    return dict_params_net(params, x)


def loss_with_metrics(w, X, y):
    pred = X @ w
    err = pred - y
    mse = np.mean(err**2)
    return mse, {"mae": np.mean(np.abs(err)), "max": np.max(np.abs(err))}


def soft_nearest_neighbor(X, labels_eq, T):
    d = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    e = np.exp(-d / T) * (1 - np.eye(X.shape[0]))
    num = np.sum(e * labels_eq, axis=1)
    den = np.sum(e, axis=1)
    return -np.mean(np.log(num / den))


def triplet_margin(anchor, pos, neg, margin=0.5):
    dp = np.sum((anchor - pos) ** 2, axis=1)
    dn = np.sum((anchor - neg) ** 2, axis=1)
    return np.mean(np.maximum(dp - dn + margin, 0.0))


def log_det_cholesky(A):
    L = np.linalg.cholesky(A @ A.T + 3 * np.eye(A.shape[0]))
    return 2 * np.sum(np.log(np.diag(L)))


def mahalanobis(x, mu, Sigma):
    d = x - mu
    return d @ np.linalg.solve(Sigma, d)


def trace_of_inverse(A):
    return np.trace(np.linalg.inv(A + 4.0 * np.eye(A.shape[0])))


def mean_keepdims_center(X):
    Xc = X - X.mean(axis=0, keepdims=True)
    C = Xc.T @ Xc / (X.shape[0] - 1)
    return np.sum(C**2)


def std_ratio(x, y):
    return np.std(x) / np.std(y) + np.std(x - y, ddof=1)


def log_sum_exp_axis0(Z):
    m = Z.max(axis=0)
    return np.sum(m + np.log(np.exp(Z - m).sum(axis=0)))


def max_pool_1d(x):
    n = x.shape[0] // 2
    return np.sum(x[: 2 * n].reshape(n, 2).max(axis=1) ** 2)


def prod_and_abs(x):
    return np.prod(np.abs(x) + 1.0) + np.sum(np.sign(x) * x**3)


def kwargs_helper_chain(x, w):
    return _weighted(x, w=w, power=3) + _weighted(x, w=w)


def _weighted(x, w, power=2):
    return np.sum(w * np.abs(x) ** power)


def arctan2_angles(y, x):
    theta = np.arctan2(y, x)
    r = np.hypot(x, y)
    return np.sum(theta * r)


def sorted_quantile_loss(x):
    s = np.sort(x)
    return np.sum(s * np.linspace(0.0, 1.0, s.shape[0]))


def zscore_with_conversions(x, counts):
    """``.item()`` and ``.astype(float)``, as people convert before math calls."""
    n = counts.astype(float)
    m = np.sum(x * n) / np.sum(n)
    var = (np.sum(n * (x - m) ** 2) / np.sum(n)).item()
    return math.log(var) + m.item() ** 2


def float_and_array(alpha: float, beta, x):
    y = alpha * x + beta
    return math.exp(alpha) + float(np.sum(y**2))


CASES = [
    Case(rbf_kernel_energy, lambda: (rng(900).normal(size=5), 0.8, 1.3), (0, 1, 2), tags=("gp",)),
    Case(rbf_kernel_2d, lambda: (rng(901).normal(size=(4, 2)), 0.9), (0, 1), tags=("gp",)),
    Case(
        gp_neg_log_marginal,
        lambda: (0.1, -0.2, -1.0, np.linspace(0, 2, 5), rng(902).normal(size=5)),
        (0, 1, 2, 3, 4),
        tags=("gp", "linalg"),
    ),
    Case(
        matern_gram_sum, lambda: (rng(903).normal(size=(4, 3)), 1.2), (0, 1), tags=("gp", "call")
    ),
    Case(
        scaled_attention,
        lambda: (
            rng(904).normal(size=(3, 4)),
            rng(905).normal(size=(5, 4)),
            rng(906).normal(size=(5, 2)),
        ),
        (0, 1, 2),
        tags=("attention",),
    ),
    Case(
        batched_attention,
        lambda: (
            rng(907).normal(size=(2, 3, 4)),
            rng(908).normal(size=(2, 5, 4)),
            rng(909).normal(size=(2, 5, 3)),
        ),
        (0, 1, 2),
        tags=("attention",),
    ),
    Case(
        causal_attention,
        lambda: (
            rng(910).normal(size=(4, 3)),
            rng(911).normal(size=(3, 2)),
            rng(912).normal(size=(3, 2)),
        ),
        (0, 1, 2),
        tags=("attention", "where"),
    ),
    Case(
        layernorm_mlp,
        lambda: (
            rng(913).normal(size=(3, 4)),
            rng(914).normal(size=4),
            rng(915).normal(size=4),
            rng(916).normal(size=(4, 2)),
        ),
        (0, 1, 2, 3),
        tags=("layernorm", "call"),
    ),
    Case(
        batchnorm_nchw,
        lambda: (
            rng(917).normal(size=(2, 3, 2, 2)),
            rng(918).normal(size=3),
            rng(919).normal(size=3),
        ),
        (0, 1, 2),
        tags=("batchnorm", "axes-tuple"),
    ),
    Case(rms_norm, lambda: (rng(920).normal(size=(3, 5)), rng(921).normal(size=5)), (0, 1)),
    Case(group_norm, lambda: (rng(922).normal(size=(3, 4)),), 0, tags=("reshape",)),
    Case(
        gaussian_nll_diag,
        lambda: (
            rng(923).normal(size=3),
            0.1 * rng(924).normal(size=3),
            rng(925).normal(size=(6, 3)),
        ),
        (0, 1, 2),
    ),
    Case(
        multinomial_logit_nll,
        lambda: (
            rng(926).normal(size=(3, 4)),
            rng(927).normal(size=(5, 3)),
            np.eye(4)[rng(928).integers(0, 4, 5)],
        ),
        (0, 1),
    ),
    Case(
        focal_loss,
        lambda: (rng(929).normal(size=6), rng(930).integers(0, 2, 6).astype(float)),
        0,
        tags=("where",),
    ),
    Case(
        hinge_svm,
        lambda: (
            rng(931).normal(size=3),
            0.2,
            rng(932).normal(size=(7, 3)),
            np.sign(rng(933).normal(size=7)),
        ),
        (0, 1, 2),
    ),
    Case(student_t_loglik, lambda: (rng(934).normal(size=6), 0.3, -0.1, 4.0), (0, 1, 2, 3)),
    Case(
        poisson_regression,
        lambda: (
            0.3 * rng(935).normal(size=3),
            rng(936).normal(size=(6, 3)),
            rng(937).integers(0, 5, 6).astype(float),
        ),
        (0, 1),
    ),
    Case(
        kl_categorical,
        lambda: (rng(938).normal(size=(2, 4)), rng(939).normal(size=(2, 4))),
        (0, 1),
    ),
    Case(
        huber_regression,
        lambda: (rng(940).normal(size=3), rng(941).normal(size=(8, 3)), rng(942).normal(size=8)),
        (0, 1, 2),
        tags=("where",),
    ),
    Case(
        clipped_ratio_objective,
        lambda: (
            np.array([-0.1, 0.5, 0.03, -0.6, 0.1]),
            np.array([0.0, 0.1, 0.0, -0.1, 0.2]),
            np.array([1.0, -0.5, 2.0, 0.3, -1.0]),
        ),
        (0, 1, 2),
        tags=("clip",),
    ),
    Case(
        kalman_step_loss,
        lambda: (
            rng(943).normal(size=2),
            np.eye(2) * 0.5,
            rng(944).normal(size=1),
            np.array([[1.0, 0.1], [0.0, 1.0]]),
            np.array([[1.0, 0.0]]),
            0.01 * np.eye(2),
            np.array([[0.2]]),
        ),
        (0, 1, 2, 3, 4, 5, 6),
        tags=("kalman", "linalg"),
    ),
    Case(
        kalman_filter_nll,
        lambda: (0.1, 0.5, rng(945).normal(size=8)),
        (0, 1, 2),
        tags=("kalman", "loop"),
    ),
    Case(exponential_smoothing, lambda: (0.3, rng(946).normal(size=10)), (0, 1), tags=("loop",)),
    Case(
        ar2_residuals,
        lambda: (np.array([0.5, -0.2]), rng(947).normal(size=10)),
        (0, 1),
        tags=("slice",),
    ),
    Case(
        batched_discounted_value,
        lambda: (0.3, rng(1029).normal(size=(4, 3)), 0.9),
        (0, 1, 2),
        tags=("loop", "broadcast-growth"),
    ),
    Case(
        broadcast_accumulate,
        lambda: (rng(1030).normal(size=(1, 3)), rng(1031).normal(size=(2, 3))),
        (0, 1),
        tags=("loop", "broadcast-growth"),
    ),
    Case(pendulum_rk4, lambda: (0.4, 1.5), (0, 1), tags=("rk4", "tuple", "call")),
    Case(
        nbody_step,
        lambda: (
            rng(948).normal(size=(4, 3)),
            rng(949).normal(size=(4, 3)),
            rng(950).uniform(1, 2, 4),
        ),
        (0, 1, 2),
        tags=("pairs",),
    ),
    Case(
        pairwise_coulomb,
        lambda: (rng(951).normal(size=(4, 3)), rng(952).normal(size=4)),
        (0, 1),
        tags=("pairs", "fancy-index"),
    ),
    Case(
        spring_network_energy,
        lambda: (rng(953).normal(size=(4, 2)), [(0, 1), (1, 2), (2, 3), (3, 0)], 2.0, 1.0),
        (0, 2, 3),
        tags=("loop", "tuple-target"),
    ),
    Case(
        symplectic_euler,
        lambda: (np.array([0.3, -0.2]), np.array([0.1, 0.4]), 1.5),
        (0, 1, 2),
        tags=("integrator", "append"),
    ),
    Case(
        heat_1d_explicit, lambda: (rng(954).normal(size=9), 0.2), (0, 1), tags=("pde", "setitem")
    ),
    Case(laplace_2d, lambda: (rng(955).normal(size=(5, 6)), 0.5), (0, 1), tags=("pde", "slice")),
    Case(advection_upwind, lambda: (rng(956).normal(size=8), 0.4), (0, 1), tags=("pde", "roll")),
    Case(
        gauss_seidel_sweeps,
        lambda: (rng(957).normal(size=5), 1.2),
        (0, 1),
        tags=("copy", "setitem"),
    ),
    Case(
        conv1d_valid,
        lambda: (rng(958).normal(size=9), rng(959).normal(size=3)),
        (0, 1),
        tags=("conv", "append"),
    ),
    Case(
        conv1d_multichannel,
        lambda: (rng(960).normal(size=(2, 7)), rng(961).normal(size=(3, 2, 3))),
        (0, 1),
        tags=("conv", "tensordot"),
    ),
    Case(
        moving_average_filter,
        lambda: (rng(962).normal(size=10), rng(963).uniform(0.5, 1.5, 3)),
        (0, 1),
        tags=("convolve",),
    ),
    Case(
        cumulative_returns,
        lambda: (0.05 * rng(964).normal(size=(6, 3)), np.array([0.5, 0.3, 0.2])),
        (0, 1),
        tags=("cumsum", "ufunc-accumulate"),
    ),
    Case(cumsum_penalty, lambda: (rng(965).normal(size=7),), 0, tags=("cumsum",)),
    Case(
        polyfit_residual,
        lambda: (rng(966).normal(size=4), rng(967).normal(size=8), rng(968).normal(size=8)),
        (0, 1, 2),
        tags=("polyval",),
    ),
    Case(
        vandermonde_ridge,
        lambda: (rng(969).normal(size=4), rng(970).normal(size=6), rng(971).normal(size=6), 0.1),
        (0, 1, 2, 3),
        tags=("vander",),
    ),
    Case(
        lasso_smooth,
        lambda: (rng(972).normal(size=4), rng(973).normal(size=(6, 4)), rng(974).normal(size=6)),
        (0, 1, 2),
    ),
    Case(
        normal_equations,
        lambda: (rng(975).normal(size=(6, 3)), rng(976).normal(size=6), 0.5),
        (0, 1, 2),
        tags=("linalg",),
    ),
    Case(
        logistic_mixed_scalars,
        lambda: (
            rng(977).normal(size=3),
            rng(978).normal(size=(6, 3)),
            rng(979).integers(0, 2, 6).astype(float),
            1.7,
        ),
        (0, 1, 3),
        tags=("annotation",),
    ),
    Case(
        bilinear_form,
        lambda: (
            rng(980).normal(size=(1, 3)),
            rng(981).normal(size=(3, 4)),
            rng(982).normal(size=(4, 1)),
        ),
        (0, 1, 2),
        tags=("size-one",),
    ),
    Case(
        column_vector_quadratic,
        lambda: (rng(983).normal(size=(3, 1)), rng(984).normal(size=(3, 3))),
        (0, 1),
        tags=("size-one",),
    ),
    Case(
        row_times_column,
        lambda: (rng(985).normal(size=(1, 4)), rng(986).normal(size=(3, 1))),
        (0, 1),
        tags=("size-one",),
    ),
    Case(
        transpose_reshape_mix,
        lambda: (rng(987).normal(size=(3, 4)), rng(988).normal(size=(2, 3))),
        (0, 1),
        tags=("reshape", "transpose"),
    ),
    Case(
        outer_product_energy,
        lambda: (rng(989).normal(size=3), rng(990).normal(size=4)),
        (0, 1),
        tags=("outer", "norm"),
    ),
    Case(norm_variants, lambda: (rng(991).normal(size=(3, 4)),), 0, tags=("norm",)),
    Case(
        expand_dims_broadcast, lambda: (rng(992).normal(size=4), rng(993).normal(size=3)), (0, 1)
    ),
    Case(stack_and_split, lambda: (rng(994).normal(size=4), rng(995).normal(size=4)), (0, 1)),
    Case(
        zero_d_scale, lambda: (rng(996).normal(size=(2, 3)), np.array(0.7)), (0, 1), tags=("0-d",)
    ),
    Case(
        float32_mlp,
        lambda: (
            rng(997).normal(size=(3, 2)).astype(np.float32),
            rng(998).normal(size=(4, 3)).astype(np.float32),
        ),
        (0, 1),
        tol=(2e-3, 1e-4),
        tags=("float32",),
    ),
    Case(
        piecewise_spline,
        lambda: (np.array([-0.7, 0.3, 0.8, 1.6, 2.5]), np.array([0.5, 1.2, -0.3, 2.0])),
        (0, 1),
        tags=("if", "loop"),
    ),
    Case(
        class_totals,
        lambda: (rng(1032).normal(size=5), np.array([0, 2, 0, 1, 2])),
        0,
        tags=("fancy-setitem", "repeated-index"),
    ),
    Case(
        fill_matrix_chained,
        lambda: (rng(1033).normal(size=(2, 3)), rng(1034).normal(size=3)),
        (0, 1),
        tags=("view-write",),
    ),
    Case(
        smooth_in_place_alias,
        lambda: (rng(1035).normal(size=6), 0.2),
        (0, 1),
        tags=("view-write",),
    ),
    Case(
        scale_first_column_by_rows,
        lambda: (rng(1037).normal(size=(3, 2)), 0.5),
        (0, 1),
        tags=("view-write",),
    ),
    Case(
        first_row_energy_after_update,
        lambda: (rng(1038).normal(size=(2, 3)),),
        0,
        tags=("view-write",),
    ),
    Case(
        rowwise_update,
        lambda: (rng(999).normal(size=(3, 4)), rng(1000).normal(size=4)),
        (0, 1),
        tags=("copy", "setitem"),
    ),
    Case(
        masked_clip_loss,
        lambda: (np.array([-1.2, -0.6, -0.3, 0.1, 0.45, 0.7, 0.95]),),
        0,
        tags=("clip", "where"),
    ),
    Case(
        early_exit_descent,
        lambda: (np.zeros(2), np.array([[2.0, 0.3], [0.3, 1.0]]), np.array([1.0, -0.5])),
        (0, 1, 2),
        tags=("return-in-loop",),
    ),
    Case(
        net_from_dict,
        lambda: (
            rng(1001).normal(size=(3, 4)),
            rng(1002).normal(size=4),
            rng(1003).normal(size=(4, 2)),
            rng(1004).normal(size=(5, 3)),
        ),
        (0, 1, 2, 3),
        tags=("dict", "call"),
    ),
    Case(
        loss_with_metrics,
        lambda: (
            rng(1005).normal(size=3),
            rng(1006).normal(size=(6, 3)),
            rng(1007).normal(size=6),
        ),
        (0, 1, 2),
        has_aux=True,
        tags=("aux",),
    ),
    Case(
        soft_nearest_neighbor,
        lambda: (
            rng(1008).normal(size=(4, 2)),
            (np.array([0, 0, 1, 1])[:, None] == np.array([0, 0, 1, 1])[None, :]).astype(float),
            0.8,
        ),
        (0, 2),
    ),
    Case(
        triplet_margin,
        lambda: (
            rng(1009).normal(size=(5, 3)),
            rng(1010).normal(size=(5, 3)),
            rng(1011).normal(size=(5, 3)),
        ),
        (0, 1, 2),
    ),
    Case(log_det_cholesky, lambda: (rng(1012).normal(size=(3, 3)),), 0, tags=("linalg",)),
    Case(
        mahalanobis,
        lambda: (
            rng(1013).normal(size=3),
            rng(1014).normal(size=3),
            np.array([[2.0, 0.3, 0.1], [0.3, 1.5, 0.2], [0.1, 0.2, 1.0]]),
        ),
        (0, 1, 2),
        tags=("linalg",),
    ),
    Case(trace_of_inverse, lambda: (rng(1015).normal(size=(3, 3)),), 0, tags=("linalg",)),
    Case(mean_keepdims_center, lambda: (rng(1016).normal(size=(5, 3)),), 0),
    Case(
        std_ratio,
        lambda: (rng(1017).normal(size=6), rng(1018).normal(size=6)),
        (0, 1),
        tags=("ddof",),
    ),
    Case(log_sum_exp_axis0, lambda: (rng(1019).normal(size=(4, 3)),), 0),
    Case(max_pool_1d, lambda: (rng(1020).normal(size=7),), 0, tags=("reshape", "max")),
    Case(prod_and_abs, lambda: (rng(1021).normal(size=5),), 0),
    Case(
        kwargs_helper_chain,
        lambda: (rng(1022).normal(size=4), rng(1023).normal(size=4)),
        (0, 1),
        tags=("kwargs", "defaults"),
    ),
    Case(arctan2_angles, lambda: (rng(1024).normal(size=4), rng(1025).normal(size=4)), (0, 1)),
    Case(sorted_quantile_loss, lambda: (rng(1026).normal(size=6),), 0, tags=("sort",)),
    Case(
        zscore_with_conversions,
        lambda: (rng(1036).normal(size=5), np.array([1, 3, 2, 1, 4])),
        0,
        tags=("item", "astype"),
    ),
    Case(
        float_and_array,
        lambda: (0.3, rng(1027).normal(size=3), rng(1028).normal(size=3)),
        (0, 1, 2),
        tags=("annotation", "mixed"),
    ),
]
