"""Scalar physics with the math module: the energy of a damped pendulum."""

import math

G = 9.81


def energy(theta: float, omega: float, length: float, damping: float):
    """Kinetic plus potential energy, damped over time."""
    kinetic = 0.5 * (length * omega) ** 2
    potential = G * length * (1.0 - math.cos(theta))
    decay = math.exp(-damping * length)
    return (kinetic + potential) * decay + math.sqrt(1.0 + theta * theta)
