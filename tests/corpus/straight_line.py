"""Straight-line scientific code: no control flow, just NumPy, math and scipy.special."""

import math

import numpy as np
from scipy.special import expit, gammaln

from . import Case, rng

GRAVITY = 9.81


def pendulum_energy(theta, omega, length=1.0, mass=1.0):
    kinetic = 0.5 * mass * (length * omega) ** 2
    potential = mass * GRAVITY * length * (1.0 - math.cos(theta))
    return kinetic + potential


def gaussian_log_likelihood(mu, log_sigma, data):
    sigma = np.exp(log_sigma)
    n = data.shape[0]
    resid = (data - mu) / sigma
    return -0.5 * np.sum(resid**2) - n * log_sigma - 0.5 * n * np.log(2 * np.pi)


def softplus_total(x):
    return np.sum(np.log1p(np.exp(x)))


def rosenbrock(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def quadratic_form(A, x):
    return x @ A @ x + 0.5 * x.dot(x)


def logsumexp_stable(x):
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


def binary_cross_entropy(logit, target):
    p = 1.0 / (1.0 + math.exp(-logit))
    return -(target * math.log(p) + (1.0 - target) * math.log(1.0 - p))


def kinetic_energy(masses, velocities):
    return 0.5 * np.sum(masses[:, None] * velocities**2)


def cosine_similarity(a, b):
    return np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))


def black_scholes_call(spot, strike, maturity, rate, vol):
    sqrt_t = math.sqrt(maturity)
    d1 = (math.log(spot / strike) + (rate + 0.5 * vol**2) * maturity) / (vol * sqrt_t)
    d2 = d1 - vol * sqrt_t
    cdf1 = 0.5 * (1.0 + math.erf(d1 / math.sqrt(2.0)))
    cdf2 = 0.5 * (1.0 + math.erf(d2 / math.sqrt(2.0)))
    return spot * cdf1 - strike * math.exp(-rate * maturity) * cdf2


def ellipse_perimeter(a, b):
    h = ((a - b) / (a + b)) ** 2
    return math.pi * (a + b) * (1 + 3 * h / (10 + math.sqrt(4 - 3 * h)))


def gaussian_kernel_sum(x, y, bandwidth):
    d = x[:, None] - y[None, :]
    return np.sum(np.exp(-(d**2) / (2.0 * bandwidth**2)))


def least_squares(W, X, Y):
    residual = X @ W - Y
    return np.sum(residual**2) / (2 * X.shape[0])


def total_variance(X):
    Xc = X - X.mean(axis=0)
    cov = Xc.T @ Xc / (X.shape[0] - 1)
    return np.trace(cov) + cov.sum()


def gaussian_entropy(L):
    n = L.shape[0]
    cov = L @ L.T + 0.1 * np.eye(n)
    return 0.5 * np.log(np.linalg.det(2 * np.pi * np.e * cov))


def solve_and_norm(A, b):
    x = np.linalg.solve(A, b)
    return np.sum(x**2)


def projectile_range(v0, angle):
    return v0**2 * math.sin(2.0 * angle) / GRAVITY


def poisson_nll(log_rate, counts):
    rate = np.exp(log_rate)
    return np.sum(rate - counts * log_rate + gammaln(counts + 1.0))


def logistic_probabilities(w, X):
    p = expit(X @ w)
    return np.mean(p * (1 - p))


def vector_geometry(p, q, r):
    normal = np.cross(q - p, r - p)
    area = 0.5 * np.linalg.norm(normal)
    centroid = (p + q + r) / 3.0
    return area + np.sum(centroid**2)


def reshape_and_transpose(x):
    M = x.reshape(3, 4)
    G = M @ M.T
    return np.sum(np.diag(G)) + np.sum(np.tanh(M.ravel()))


def concatenate_features(a, b):
    feats = np.concatenate([a, b**2, np.sin(a)])
    return np.sum(feats * np.arange(feats.shape[0]))


def van_der_waals_pressure(volume, temperature, a=0.364, b=4.27e-5):
    R = 8.314
    return R * temperature / (volume - b) - a / volume**2


def weighted_rms(x, w):
    return np.sqrt(np.average(x**2, weights=w))


def planck_radiance(wavelength, temperature):
    h = 6.626e-34
    c = 2.998e8
    k = 1.381e-23
    a = 2.0 * h * c**2 / wavelength**5
    return a / np.expm1(h * c / (wavelength * k * temperature))


def einsum_bilinear(A, x, y):
    return np.einsum("ij,i,j->", A, x, y) + np.einsum("ii->", A)


CASES = [
    Case(pendulum_energy, lambda: (0.4, 1.3, 0.8, 2.0), (0, 1, 2)),
    Case(
        gaussian_log_likelihood, lambda: (0.3, -0.2, rng(1).normal(size=10)), ("mu", "log_sigma")
    ),
    Case(softplus_total, lambda: (rng(2).normal(size=6),), 0),
    Case(rosenbrock, lambda: (rng(3).uniform(-1, 1, size=5),), 0),
    Case(quadratic_form, lambda: (rng(4).normal(size=(4, 4)), rng(5).normal(size=4)), (0, 1)),
    Case(logsumexp_stable, lambda: (rng(6).normal(size=7),), 0),
    Case(binary_cross_entropy, lambda: (0.7, 0.2), "logit"),
    Case(
        kinetic_energy, lambda: (rng(7).uniform(1, 2, size=4), rng(8).normal(size=(4, 3))), (0, 1)
    ),
    Case(cosine_similarity, lambda: (rng(9).normal(size=5), rng(10).normal(size=5)), (0, 1)),
    Case(black_scholes_call, lambda: (100.0, 95.0, 0.5, 0.02, 0.25), ("spot", "vol", "maturity")),
    Case(ellipse_perimeter, lambda: (3.0, 1.5), (0, 1)),
    Case(
        gaussian_kernel_sum, lambda: (rng(11).normal(size=4), rng(12).normal(size=5), 0.8), (0, 2)
    ),
    Case(
        least_squares,
        lambda: (
            rng(13).normal(size=(3, 2)),
            rng(14).normal(size=(6, 3)),
            rng(15).normal(size=(6, 2)),
        ),
        0,
    ),
    Case(total_variance, lambda: (rng(16).normal(size=(5, 3)),), 0),
    Case(gaussian_entropy, lambda: (rng(17).normal(size=(3, 3)),), 0),
    Case(
        solve_and_norm,
        lambda: (rng(18).normal(size=(3, 3)) + 3 * np.eye(3), rng(19).normal(size=3)),
        (0, 1),
    ),
    Case(projectile_range, lambda: (12.0, 0.6), ("v0", "angle")),
    Case(
        poisson_nll,
        lambda: (rng(20).normal(size=5), rng(21).poisson(3.0, size=5).astype(float)),
        0,
    ),
    Case(logistic_probabilities, lambda: (rng(22).normal(size=3), rng(23).normal(size=(6, 3))), 0),
    Case(
        vector_geometry,
        lambda: (rng(24).normal(size=3), rng(25).normal(size=3), rng(26).normal(size=3)),
        (0, 1, 2),
    ),
    Case(reshape_and_transpose, lambda: (rng(27).normal(size=12),), 0),
    Case(concatenate_features, lambda: (rng(28).normal(size=3), rng(29).normal(size=2)), (0, 1)),
    Case(van_der_waals_pressure, lambda: (0.0224, 300.0), (0, 1)),
    Case(weighted_rms, lambda: (rng(30).normal(size=6), rng(31).uniform(0.5, 2, size=6)), (0, 1)),
    Case(planck_radiance, lambda: (5e-7, 5800.0), "temperature", tol=(1e-5, 1e-8)),
    Case(
        einsum_bilinear,
        lambda: (rng(32).normal(size=(3, 3)), rng(33).normal(size=3), rng(34).normal(size=3)),
        (0, 1, 2),
    ),
]
