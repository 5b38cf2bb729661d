"""Scientific computing: integrators, spring chains, polynomials, Newton iterations, quadrature,
Runge-Kutta, pair potentials, PDE stencils."""

import math

import numpy as np

from . import Case, rng
from .kernels import lennard_jones


def euler_decay(k, y0, dt=0.01, n_steps=100):
    y = y0
    for _ in range(n_steps):
        y = y - dt * k * y
    return y


def verlet_oscillator(k, x0, v0, mass=1.0, dt=0.05, steps=40):
    x = x0
    v = v0
    a = -k * x / mass
    for _ in range(steps):
        x = x + v * dt + 0.5 * a * dt * dt
        a_new = -k * x / mass
        v = v + 0.5 * (a + a_new) * dt
        a = a_new
    return 0.5 * mass * v * v + 0.5 * k * x * x


def spring_chain(x, k, rest):
    energy = 0.0
    for i in range(len(x) - 1):
        stretch = x[i + 1] - x[i] - rest
        energy += 0.5 * k * stretch * stretch
    return energy


def horner(coeffs, x):
    result = coeffs[0]
    for c in coeffs[1:]:
        result = result * x + c
    return result


def newton_cube_root(a):
    x = a
    while True:
        dx = (x**3 - a) / (3 * x**2)
        x -= dx
        if abs(dx) < 1e-15 * abs(x):
            break
    return x


def trapezoid_gaussian(mu, sigma, a, b, n=200):
    h = (b - a) / n
    total = 0.0
    for i in range(n + 1):
        x = a + i * h
        fx = math.exp(-0.5 * ((x - mu) / sigma) ** 2)
        if i == 0 or i == n:
            total += 0.5 * fx
        else:
            total += fx
    return total * h


def simpson_moment(p, n=20):
    a, b = 0.0, 1.0
    h = (b - a) / n
    s = 0.0
    for i in range(n + 1):
        x = a + i * h
        w = 1 if i == 0 or i == n else (4 if i % 2 == 1 else 2)
        s += w * x**p * np.exp(-x)
    return s * h / 3


def lotka_volterra_rhs(u, v, alpha, beta, gamma, delta):
    return alpha * u - beta * u * v, delta * u * v - gamma * v


def lotka_volterra_rk4(alpha, beta, gamma, delta, dt=0.05, steps=30):
    u, v = 1.0, 0.5
    for _ in range(steps):
        k1u, k1v = lotka_volterra_rhs(u, v, alpha, beta, gamma, delta)
        k2u, k2v = lotka_volterra_rhs(
            u + 0.5 * dt * k1u, v + 0.5 * dt * k1v, alpha, beta, gamma, delta
        )
        k3u, k3v = lotka_volterra_rhs(
            u + 0.5 * dt * k2u, v + 0.5 * dt * k2v, alpha, beta, gamma, delta
        )
        k4u, k4v = lotka_volterra_rhs(u + dt * k3u, v + dt * k3v, alpha, beta, gamma, delta)
        u = u + dt / 6.0 * (k1u + 2 * k2u + 2 * k3u + k4u)
        v = v + dt / 6.0 * (k1v + 2 * k2v + 2 * k3v + k4v)
    return u + v


def lennard_jones_cluster(pos, epsilon, sigma):
    n = len(pos)
    energy = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            r = np.linalg.norm(pos[i] - pos[j])
            sr6 = (sigma / r) ** 6
            energy += 4 * epsilon * (sr6**2 - sr6)
    return energy


def heat_equation(u0, alpha, steps=10):
    u = u0.copy()
    for _ in range(steps):
        lap = np.zeros_like(u)
        lap[1:-1] = u[:-2] - 2 * u[1:-1] + u[2:]
        u = u + alpha * lap
    return np.sum(u**2)


def projectile_with_drag(v0, angle, drag, dt=0.01, steps=100):
    vx = v0 * math.cos(angle)
    vy = v0 * math.sin(angle)
    x, y = 0.0, 0.0
    for _ in range(steps):
        speed = math.sqrt(vx * vx + vy * vy)
        vx -= drag * speed * vx * dt
        vy -= (9.81 + drag * speed * vy) * dt
        x += vx * dt
        y += vy * dt
    return x + y


def leapfrog_kepler(q, p, dt=0.01, steps=50):
    for _ in range(steps):
        r = np.sqrt(np.sum(q**2))
        p = p - 0.5 * dt * q / r**3
        q = q + dt * p
        r = np.sqrt(np.sum(q**2))
        p = p - 0.5 * dt * q / r**3
    return 0.5 * np.sum(p**2) - 1.0 / np.sqrt(np.sum(q**2))


def wave_equation(u0, c, steps=8):
    n = u0.shape[0]
    u_prev = u0.copy()
    u = u0.copy()
    for _ in range(steps):
        u_next = np.zeros(n)
        for i in range(1, n - 1):
            u_next[i] = 2 * u[i] - u_prev[i] + c**2 * (u[i + 1] - 2 * u[i] + u[i - 1])
        u_prev = u
        u = u_next
    return np.sum(u**2)


def gravitational_potential(masses, pos):
    n = masses.shape[0]
    U = 0.0
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            r = np.sqrt(np.sum((pos[i] - pos[j]) ** 2))
            U -= 0.5 * masses[i] * masses[j] / r
    return U


def chebyshev_series(coeffs, x):
    t_prev = 1.0
    t = x
    total = coeffs[0] * t_prev + coeffs[1] * t
    for k in range(2, len(coeffs)):
        t_prev, t = t, 2 * x * t - t_prev
        total += coeffs[k] * t
    return total


def mean_field_magnetization(J, h):
    m = 0.5
    for _ in range(200):
        m_new = math.tanh(J * m + h)
        if abs(m_new - m) < 1e-15:
            m = m_new
            break
        m = m_new
    return m


def gauss_legendre(k, omega):
    nodes = np.array([-0.9061798459, -0.5384693101, 0.0, 0.5384693101, 0.9061798459])
    weights = np.array([0.2369268851, 0.4786286705, 0.5688888889, 0.4786286705, 0.2369268851])
    total = 0.0
    for xi, wi in zip(nodes, weights):
        total += wi * math.exp(-k * xi * xi) * math.cos(omega * xi)
    return total


def laplacian_energy(field, h):
    n, m = field.shape
    energy = 0.0
    for i in range(1, n - 1):
        for j in range(1, m - 1):
            lap = (
                field[i + 1, j]
                + field[i - 1, j]
                + field[i, j + 1]
                + field[i, j - 1]
                - 4 * field[i, j]
            ) / h**2
            energy += lap**2
    return energy * h * h


def damped_oscillator_rk2(zeta, omega, x0):
    x, v = x0, 0.0
    dt = 0.02
    for _ in range(50):
        ax = -2 * zeta * omega * v - omega**2 * x
        xm = x + 0.5 * dt * v
        vm = v + 0.5 * dt * ax
        am = -2 * zeta * omega * vm - omega**2 * xm
        x += dt * vm
        v += dt * am
    return x * x + v * v


def monte_carlo_expectation(theta, samples):
    values = np.exp(theta[0] * samples) * np.cos(theta[1] * samples)
    return np.mean(values)


def radioactive_chain(l1, l2, dt=0.1, steps=30):
    a, b, c = 1.0, 0.0, 0.0
    for _ in range(steps):
        da = -l1 * a
        db = l1 * a - l2 * b
        dc = l2 * b
        a, b, c = a + dt * da, b + dt * db, c + dt * dc
    return b + 0.5 * c


def bouncing_ball(h0, restitution, dt=0.01, steps=150):
    y = h0
    v = 0.0
    for _ in range(steps):
        v -= 9.81 * dt
        y += v * dt
        if y < 0.0:
            y = -y * restitution
            v = -v * restitution
    return y + 0.1 * v


def ideal_gas_mixture(n_moles, temperature, volume):
    R = 8.314
    pressures = [n * R * temperature / volume for n in n_moles]
    return sum(pressures) / 1000.0


def arc_length(coeffs, n=50):
    total = 0.0
    x_prev = 0.0
    y_prev = coeffs[0]
    for i in range(1, n + 1):
        x = i / n
        y = coeffs[0] + coeffs[1] * x + coeffs[2] * x**2
        total += math.sqrt((x - x_prev) ** 2 + (y - y_prev) ** 2)
        x_prev, y_prev = x, y
    return total


def secant_root(a, b):
    x0, x1 = 0.5, 2.0
    f0 = x0**3 - a * x0 - b
    f1 = x1**3 - a * x1 - b
    n = 0
    while abs(f1) > 1e-13 and n < 60:
        x2 = x1 - f1 * (x1 - x0) / (f1 - f0)
        x0, f0 = x1, f1
        x1 = x2
        f1 = x1**3 - a * x1 - b
        n += 1
    return x1


def rk4_vector_field(A, y0, h=0.1, steps=10):
    y = y0
    for _ in range(steps):
        k1 = A @ y
        k2 = A @ (y + 0.5 * h * k1)
        k3 = A @ (y + 0.5 * h * k2)
        k4 = A @ (y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return np.sum(y**2)


def pair_potential_min_image(pos, box):
    n = pos.shape[0]
    e = 0.0
    for i in range(n - 1):
        for j in range(i + 1, n):
            d = pos[i] - pos[j]
            d = d - box * np.round(d / box)
            r = np.sqrt(np.dot(d, d))
            e += lennard_jones(r, sigma=0.8)
    return e


def stiffness_eigen_penalty(k, masses):
    """Spring chain: penalize the lowest vibration frequency and shape the lowest mode."""
    n = masses.shape[0]
    K = np.diag(k[:-1] + k[1:]) - np.diag(k[1:-1], 1) - np.diag(k[1:-1], -1)
    scale = 1.0 / np.sqrt(masses)
    w, v = np.linalg.eigh(scale[:, None] * K * scale[None, :])
    mode = v[:, 0] ** 2
    return (w[0] - 1.0) ** 2 + np.sum(mode * np.linspace(-1.0, 1.0, n))


def sampled_work(force_samples, x):
    """A force known at grid points, interpolated at positions x, its square integrated."""
    grid = np.linspace(0.0, 1.0, 5)
    f = np.interp(x, grid, force_samples)
    return np.trapezoid(f * f, dx=0.25) + np.sum(np.sinc(3.0 * x))


CASES = [
    Case(euler_decay, lambda: (0.7, 2.0), (0, 1), tags=("integrator", "defaults")),
    Case(verlet_oscillator, lambda: (1.3, 0.5, -0.2), (0, 1, 2), tags=("integrator",)),
    Case(
        spring_chain,
        lambda: (np.array([0.0, 1.1, 1.9, 3.2, 4.3]), 2.0, 1.0),
        (0, 1, 2),
        tags=("loop",),
    ),
    Case(horner, lambda: (rng(310).normal(size=6), 0.6), (0, 1), tags=("loop", "slice")),
    Case(newton_cube_root, lambda: (5.0,), 0, tags=("while-true", "converge", "augassign")),
    Case(
        trapezoid_gaussian, lambda: (0.3, 0.8, -1.0, 2.0), (0, 1, 2, 3), tags=("quadrature", "or")
    ),
    Case(simpson_moment, lambda: (2.5,), 0, tags=("quadrature", "ifexp")),
    Case(
        lotka_volterra_rk4,
        lambda: (1.1, 0.4, 0.9, 0.3),
        (0, 1, 2, 3),
        tags=("rk4", "call", "tuple"),
    ),
    Case(
        lennard_jones_cluster,
        lambda: (
            np.array([[0.0, 0.0, 0.0], [1.1, 0.0, 0.1], [0.5, 0.95, 0.0], [0.4, 0.4, 0.9]]),
            1.0,
            1.0,
        ),
        (0, 1, 2),
        tags=("pairs", "nested"),
    ),
    Case(heat_equation, lambda: (rng(311).normal(size=8), 0.2), (0, 1), tags=("pde", "setitem")),
    Case(
        projectile_with_drag,
        lambda: (20.0, 0.7, 0.02),
        (0, 1, 2),
        tags=("integrator", "augassign"),
    ),
    Case(
        leapfrog_kepler,
        lambda: (np.array([1.0, 0.1]), np.array([0.05, 0.9])),
        (0, 1),
        tags=("integrator",),
    ),
    Case(
        wave_equation,
        lambda: (np.sin(np.linspace(0, np.pi, 7)), 0.5),
        (0, 1),
        tags=("pde", "nested"),
    ),
    Case(
        gravitational_potential,
        lambda: (rng(312).uniform(1, 2, size=4), rng(313).normal(size=(4, 3))),
        (0, 1),
        tags=("pairs", "continue"),
    ),
    Case(chebyshev_series, lambda: (rng(314).normal(size=6), 0.4), (0, 1), tags=("loop", "swap")),
    Case(mean_field_magnetization, lambda: (0.8, 0.3), (0, 1), tags=("converge", "break")),
    Case(gauss_legendre, lambda: (0.7, 2.0), (0, 1), tags=("quadrature", "zip")),
    Case(
        laplacian_energy,
        lambda: (rng(315).normal(size=(4, 5)), 0.5),
        (0, 1),
        tags=("pde", "nested"),
    ),
    Case(
        damped_oscillator_rk2, lambda: (0.1, 2.0, 1.0), (0, 1, 2), tags=("integrator", "augassign")
    ),
    Case(
        monte_carlo_expectation,
        lambda: (np.array([0.3, 1.2]), rng(316).normal(size=50)),
        0,
        tags=("monte-carlo",),
    ),
    Case(radioactive_chain, lambda: (0.5, 0.2), (0, 1), tags=("integrator", "tuple")),
    Case(bouncing_ball, lambda: (1.0, 0.8), (0, 1), tags=("integrator", "if")),
    Case(
        ideal_gas_mixture,
        lambda: (rng(317).uniform(1, 2, size=3), 300.0, 0.05),
        (0, 1, 2),
        tags=("listcomp",),
    ),
    Case(arc_length, lambda: (np.array([0.1, 0.5, -0.8]),), 0, tags=("quadrature",)),
    Case(secant_root, lambda: (1.0, 1.0), (0, 1), tags=("while", "converge", "tuple")),
    Case(
        rk4_vector_field,
        lambda: (np.array([[-0.5, 1.0], [-1.0, -0.2]]), np.array([1.0, 0.0])),
        (0, 1),
        tags=("rk4",),
    ),
    Case(
        pair_potential_min_image,
        lambda: (np.array([[0.1, 0.2], [0.9, 0.4], [1.6, 1.5], [0.3, 1.9]]), 2.0),
        0,
        tags=("pairs", "round", "call"),
    ),
    Case(
        stiffness_eigen_penalty,
        lambda: (rng(318).uniform(1, 2, size=5), rng(319).uniform(1, 2, size=4)),
        (0, 1),
        tags=("linalg", "tuple"),
    ),
    Case(
        sampled_work,
        lambda: (rng(901).normal(size=5), np.array([0.05, 0.3, 0.45, 0.7, 0.95])),
        (0, 1),
        tags=("interp", "trapezoid", "sinc"),
    ),
]
