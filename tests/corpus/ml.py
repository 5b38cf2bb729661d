"""Machine-learning code: losses, layers, recurrent nets, attention, training-step loops."""

import numpy as np
from scipy.special import logsumexp

from . import Case, rng
from .kernels import log_softmax, sigmoid, softmax


def mlp_cross_entropy(W1, b1, W2, b2, X, Y):
    h = np.tanh(X @ W1 + b1)
    logits = h @ W2 + b2
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return -np.sum(Y * log_probs) / X.shape[0]


def logistic_regression(w, b, X, y, lam=0.01):
    z = X @ w + b
    nll = np.mean(np.logaddexp(0.0, z) - y * z)
    return nll + 0.5 * lam * np.sum(w * w)


def rnn_sequence_loss(Wxh, Whh, Why, xs, targets):
    h = np.zeros(Whh.shape[0])
    loss = 0.0
    for t in range(len(xs)):
        h = np.tanh(Wxh @ xs[t] + Whh @ h)
        y = Why @ h
        loss += 0.5 * np.sum((y - targets[t]) ** 2)
    return loss


def self_attention(Wq, Wk, Wv, X):
    Q = X @ Wq
    K = X @ Wk
    V = X @ Wv
    scores = Q @ K.T / np.sqrt(Q.shape[1])
    weights = softmax(scores, axis=1)
    out = weights @ V
    return np.sum(out**2)


def layer_norm_loss(gamma, beta, X, eps=1e-5):
    mu = X.mean(axis=-1, keepdims=True)
    var = X.var(axis=-1, keepdims=True)
    Xn = (X - mu) / np.sqrt(var + eps)
    out = gamma * Xn + beta
    return np.sum(out**3)


def sgd_train(w0, X, y, lr, steps=5):
    w = w0
    for _ in range(steps):
        pred = X @ w
        grad = X.T @ (pred - y) / X.shape[0]
        w = w - lr * grad
    return np.mean((X @ w - y) ** 2)


def momentum_train(w0, X, y, lr, beta):
    w = w0.copy()
    v = np.zeros_like(w)
    for step in range(6):
        grad = 2.0 * X.T @ (X @ w - y) / len(y)
        v = beta * v + grad
        w -= lr * v
    return np.sum((X @ w - y) ** 2)


def gru_sequence(Wz, Wr, Wh, xs):
    n = Wz.shape[0]
    h = np.zeros(n)
    for x in xs:
        hx = np.concatenate([h, x])
        z = sigmoid(Wz @ hx)
        r = sigmoid(Wr @ hx)
        cand = np.tanh(Wh @ np.concatenate([r * h, x]))
        h = (1 - z) * h + z * cand
    return np.sum(h)


def conv1d_loss(kernel, signal, target):
    k = kernel.shape[0]
    n = signal.shape[0] - k + 1
    out = np.zeros(n)
    for i in range(n):
        out[i] = np.dot(signal[i : i + k], kernel)
    return np.sum((out - target) ** 2)


def soft_kmeans_objective(centroids, X, beta):
    d2 = np.sum((X[:, None, :] - centroids[None, :, :]) ** 2, axis=2)
    resp = softmax(-beta * d2, axis=1)
    return np.sum(resp * d2)


def batch_norm_forward(gamma, beta, X):
    mean = np.mean(X, axis=0)
    var = np.var(X, axis=0)
    Xhat = (X - mean) / np.sqrt(var + 1e-5)
    out = gamma * Xhat + beta
    return np.sum(np.tanh(out) * np.arange(1, X.shape[1] + 1))


def elastic_net(w, X, y, l1=0.1, l2=0.01):
    r = y - X @ w
    return 0.5 * np.mean(r**2) + l1 * np.sum(np.abs(w)) + l2 * np.sum(w**2)


def autoencoder_loss(W_enc, W_dec, X):
    code = np.tanh(X @ W_enc)
    recon = code @ W_dec
    return np.mean((recon - X) ** 2)


def integer_label_cross_entropy(W, X, labels):
    logits = X @ W
    logp = log_softmax(logits, axis=1)
    n = X.shape[0]
    return -np.mean(logp[np.arange(n), labels])


def gaussian_mixture_nll(means, log_stds, logits, x):
    log_w = logits - logsumexp(logits)
    stds = np.exp(log_stds)
    z = (x[:, None] - means[None, :]) / stds[None, :]
    log_comp = -0.5 * z**2 - log_stds[None, :] - 0.5 * np.log(2 * np.pi) + log_w[None, :]
    return -np.sum(logsumexp(log_comp, axis=1))


def adam_train(w0, X, y, lr=0.05, b1=0.9, b2=0.999, eps=1e-8):
    w = w0
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, 5):
        g = X.T @ (X @ w - y) / X.shape[0]
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return np.sum((X @ w - y) ** 2)


def lstm_sequence(W, U, b, xs):
    n = U.shape[1]
    h = np.zeros(n)
    c = np.zeros(n)
    for x in xs:
        gates = W @ x + U @ h + b
        i = sigmoid(gates[:n])
        f = sigmoid(gates[n : 2 * n])
        o = sigmoid(gates[2 * n : 3 * n])
        g = np.tanh(gates[3 * n :])
        c = f * c + i * g
        h = o * np.tanh(c)
    return np.sum(h**2)


def minibatch_epoch(w, X, y, lr):
    batch = 2
    for start in range(0, X.shape[0], batch):
        Xb = X[start : start + batch]
        yb = y[start : start + batch]
        p = sigmoid(Xb @ w)
        w = w - lr * Xb.T @ (p - yb) / len(yb)
    return -np.mean(y * np.log(sigmoid(X @ w)) + (1 - y) * np.log(1 - sigmoid(X @ w)))


def contrastive_loss(E1, E2, temperature):
    n1 = E1 / np.linalg.norm(E1, axis=1, keepdims=True)
    n2 = E2 / np.linalg.norm(E2, axis=1, keepdims=True)
    sim = n1 @ n2.T / temperature
    logp = sim - logsumexp(sim, axis=1, keepdims=True)
    return -np.mean(np.diag(logp))


def weight_decay_schedule(w, X, y, lr):
    for epoch in range(4):
        decay = 0.1 if epoch < 2 else 0.01
        grad = X.T @ (X @ w - y) + decay * w
        w = w - lr * grad
    return np.sum(w**2) + np.sum((X @ w - y) ** 2)


def dropout_fixed_mask(W, X, mask):
    h = np.maximum(X @ W, 0.0) * mask / 0.5
    return np.sum(h**2)


def mse_with_early_stop(w, X, y, lr):
    prev = np.inf
    for epoch in range(20):
        r = X @ w - y
        loss = np.mean(r**2)
        if prev - loss < 1e-3:
            break
        prev = loss
        w = w - lr * 2.0 * X.T @ r / len(y)
    return loss


def gaussian_nll(L, mu, X):
    """Negative log-likelihood of rows of X under N(mu, L L^T + I): slogdet and solve."""
    cov = L @ L.T + np.eye(L.shape[0])
    sign, logdet = np.linalg.slogdet(cov)
    centered = X - mu
    mahalanobis = np.sum(centered * np.linalg.solve(cov, centered.T).T)
    return 0.5 * (X.shape[0] * logdet + mahalanobis)


def nuclear_norm_completion(U, V, M, mask):
    """Matrix completion: squared error on observed entries plus a nuclear-norm penalty."""
    P = U @ V.T
    error = np.sum(mask * (P - M) ** 2)
    return error + 0.1 * np.sum(np.linalg.svd(P, compute_uv=False))


def spectral_whitening(W, X):
    """PCA-style whitening of X @ W through its (full) SVD: the loss reads singular vectors and
    values, but none of the arbitrary extra columns of U."""
    U, s, Vt = np.linalg.svd(X @ W)
    return np.sum((U[:, 0] * s[0]) ** 2 * np.arange(U.shape[0])) + np.sum(s**3) + np.sum(Vt**4)


def projection_residual(X, y):
    """Least-squares residual through a QR factorization, plus the design's log-volume."""
    Q, R = np.linalg.qr(X)
    residual = y - Q @ (Q.T @ y)
    return residual @ residual + np.sum(np.log(np.abs(np.diag(R))))


def batched_mahalanobis(X, L):
    """Mean squared Mahalanobis length of each row of X under the precision L L^T (einsum)."""
    P = np.einsum("ik,jk->ij", L, L)
    return np.mean(np.einsum("...i,ij,...j->...", X, P, X))


def mad_robust_regression(w, X, y):
    """A Cauchy loss on residuals standardized by their median and median absolute deviation."""
    r = X @ w - y
    center = np.median(r)
    mad = np.median(np.abs(r - center))
    z = (r - center) / (1.4826 * mad + 1e-3)
    return np.mean(np.log1p(z**2))


def ensemble_pinball_loss(W, X, y, levels):
    """Quantile regression from an ensemble: the ensemble's quantiles at ``levels``, scored with
    the pinball loss (``levels`` is differentiated too)."""
    preds = X @ W
    qs = np.quantile(preds, levels, axis=1)
    r = y - qs
    tau = levels[:, None]
    return np.mean(np.maximum(tau * r, (tau - 1.0) * r))


def percentile_scaled_features(x, scale):
    """Robust per-feature scaling between the 5th and 95th percentiles, then a smooth loss."""
    bounds = np.percentile(x, [5.0, 95.0], axis=0)
    lo = bounds[0]
    hi = bounds[1]
    xn = (x - lo) / (hi - lo)
    return np.sum(np.tanh(scale * xn) ** 2)


def trimmed_squared_loss(w, X, y, keep=5):
    """Least trimmed squares: the mean of the ``keep`` smallest squared residuals."""
    sq = (X @ w - y) ** 2
    smallest = np.partition(sq, keep - 1)[:keep]
    return np.mean(smallest)


CASES = [
    Case(
        mlp_cross_entropy,
        lambda: (
            0.5 * rng(240).normal(size=(4, 5)),
            0.1 * rng(241).normal(size=5),
            0.5 * rng(242).normal(size=(5, 3)),
            0.1 * rng(243).normal(size=3),
            rng(244).normal(size=(6, 4)),
            np.eye(3)[rng(245).integers(0, 3, 6)],
        ),
        (0, 1, 2, 3),
        tags=("mlp",),
    ),
    Case(
        logistic_regression,
        lambda: (
            rng(246).normal(size=3),
            0.1,
            rng(247).normal(size=(8, 3)),
            rng(248).integers(0, 2, 8).astype(float),
        ),
        (0, 1),
        tags=("logistic",),
    ),
    Case(
        rnn_sequence_loss,
        lambda: (
            0.5 * rng(249).normal(size=(4, 2)),
            0.5 * rng(250).normal(size=(4, 4)),
            0.5 * rng(251).normal(size=(2, 4)),
            rng(252).normal(size=(5, 2)),
            rng(253).normal(size=(5, 2)),
        ),
        (0, 1, 2),
        tags=("rnn", "loop"),
    ),
    Case(
        self_attention,
        lambda: (
            0.5 * rng(254).normal(size=(3, 2)),
            0.5 * rng(255).normal(size=(3, 2)),
            0.5 * rng(256).normal(size=(3, 2)),
            rng(257).normal(size=(4, 3)),
        ),
        (0, 1, 2, 3),
        tags=("attention",),
    ),
    Case(
        layer_norm_loss,
        lambda: (rng(258).normal(size=4), rng(259).normal(size=4), rng(260).normal(size=(3, 4))),
        (0, 1, 2),
        tags=("layernorm",),
    ),
    Case(
        sgd_train,
        lambda: (
            rng(261).normal(size=3),
            rng(262).normal(size=(6, 3)),
            rng(263).normal(size=6),
            0.1,
        ),
        (0, 3),
        tags=("training", "loop", "defaults"),
    ),
    Case(
        momentum_train,
        lambda: (
            rng(264).normal(size=3),
            rng(265).normal(size=(6, 3)),
            rng(266).normal(size=6),
            0.05,
            0.9,
        ),
        (0, 3, 4),
        tags=("training", "augassign"),
    ),
    Case(
        gru_sequence,
        lambda: (
            0.5 * rng(267).normal(size=(3, 5)),
            0.5 * rng(268).normal(size=(3, 5)),
            0.5 * rng(269).normal(size=(3, 5)),
            rng(270).normal(size=(4, 2)),
        ),
        (0, 1, 2, 3),
        tags=("rnn", "loop"),
    ),
    Case(
        conv1d_loss,
        lambda: (rng(271).normal(size=3), rng(272).normal(size=8), rng(273).normal(size=6)),
        (0, 1),
        tags=("conv", "setitem"),
    ),
    Case(
        soft_kmeans_objective,
        lambda: (rng(274).normal(size=(3, 2)), rng(275).normal(size=(6, 2)), 1.5),
        (0, 2),
        tags=("kmeans",),
    ),
    Case(
        batch_norm_forward,
        lambda: (rng(276).normal(size=3), rng(277).normal(size=3), rng(278).normal(size=(5, 3))),
        (0, 1, 2),
        tags=("batchnorm",),
    ),
    Case(
        elastic_net,
        lambda: (rng(279).normal(size=4), rng(280).normal(size=(6, 4)), rng(281).normal(size=6)),
        0,
        tags=("abs",),
    ),
    Case(
        autoencoder_loss,
        lambda: (
            0.5 * rng(282).normal(size=(4, 2)),
            0.5 * rng(283).normal(size=(2, 4)),
            rng(284).normal(size=(5, 4)),
        ),
        (0, 1),
        tags=("autoencoder",),
    ),
    Case(
        integer_label_cross_entropy,
        lambda: (
            rng(285).normal(size=(3, 4)),
            rng(286).normal(size=(5, 3)),
            np.array([0, 3, 1, 1, 2]),
        ),
        (0, 1),
        tags=("int-index",),
    ),
    Case(
        gaussian_mixture_nll,
        lambda: (
            np.array([-1.0, 0.5, 2.0]),
            np.array([-0.2, 0.1, -0.4]),
            np.array([0.3, -0.1, 0.2]),
            rng(287).normal(size=6),
        ),
        (0, 1, 2, 3),
        tags=("logsumexp",),
    ),
    Case(
        adam_train,
        lambda: (rng(288).normal(size=3), rng(289).normal(size=(6, 3)), rng(290).normal(size=6)),
        0,
        tags=("training", "loop", "defaults"),
    ),
    Case(
        lstm_sequence,
        lambda: (
            0.4 * rng(291).normal(size=(12, 2)),
            0.4 * rng(292).normal(size=(12, 3)),
            0.1 * rng(293).normal(size=12),
            rng(294).normal(size=(4, 2)),
        ),
        (0, 1, 2),
        tags=("rnn", "loop", "slice"),
    ),
    Case(
        minibatch_epoch,
        lambda: (
            rng(295).normal(size=3),
            rng(296).normal(size=(6, 3)),
            rng(297).integers(0, 2, 6).astype(float),
            0.5,
        ),
        (0, 3),
        tags=("training", "range-step", "slice"),
    ),
    Case(
        contrastive_loss,
        lambda: (rng(298).normal(size=(4, 3)), rng(299).normal(size=(4, 3)), 0.5),
        (0, 1, 2),
        tags=("logsumexp",),
    ),
    Case(
        weight_decay_schedule,
        lambda: (
            rng(300).normal(size=3),
            0.5 * rng(301).normal(size=(5, 3)),
            rng(302).normal(size=5),
            0.05,
        ),
        (0, 3),
        tags=("training", "ifexp"),
    ),
    Case(
        dropout_fixed_mask,
        lambda: (
            rng(303).normal(size=(3, 4)),
            rng(304).normal(size=(5, 3)),
            rng(305).integers(0, 2, (5, 4)).astype(float),
        ),
        0,
        tags=("relu",),
    ),
    Case(
        mse_with_early_stop,
        lambda: (np.zeros(3), rng(306).normal(size=(8, 3)), rng(307).normal(size=8), 0.05),
        (0, 3),
        tags=("training", "break"),
    ),
    Case(
        gaussian_nll,
        lambda: (
            np.tril(rng(308).normal(size=(3, 3))),
            rng(309).normal(size=3),
            rng(310).normal(size=(6, 3)),
        ),
        (0, 1),
        tags=("linalg", "tuple"),
    ),
    Case(
        nuclear_norm_completion,
        lambda: (
            rng(311).normal(size=(5, 2)),
            rng(312).normal(size=(4, 2)),
            rng(313).normal(size=(5, 4)),
            (rng(314).uniform(size=(5, 4)) < 0.7).astype(float),
        ),
        (0, 1),
        tags=("linalg",),
    ),
    Case(
        spectral_whitening,
        lambda: (rng(315).normal(size=(3, 3)), rng(316).normal(size=(6, 3))),
        0,
        tags=("linalg", "tuple"),
    ),
    Case(
        projection_residual,
        lambda: (rng(317).normal(size=(6, 3)), rng(318).normal(size=6)),
        (0, 1),
        tags=("linalg", "tuple"),
    ),
    Case(
        batched_mahalanobis,
        lambda: (rng(319).normal(size=(2, 5, 3)), rng(320).normal(size=(3, 3))),
        (0, 1),
        tags=("einsum",),
    ),
    Case(
        mad_robust_regression,
        lambda: (rng(900).normal(size=3), rng(910).normal(size=(8, 3)), rng(920).normal(size=8)),
        (0, 2),
        tags=("median", "robust"),
    ),
    Case(
        ensemble_pinball_loss,
        lambda: (
            rng(930).normal(size=(3, 6)),
            rng(940).normal(size=(5, 3)),
            rng(950).normal(size=5),
            np.array([0.1, 0.5, 0.9]),
        ),
        (0, 3),
        tags=("quantile",),
    ),
    Case(
        percentile_scaled_features,
        lambda: (rng(960).normal(size=(20, 3)), 0.7),
        (0, 1),
        tags=("percentile",),
    ),
    Case(
        trimmed_squared_loss,
        lambda: (rng(970).normal(size=3), rng(980).normal(size=(8, 3)), rng(990).normal(size=8)),
        (0, 2),
        tags=("partition", "defaults"),
    ),
]
