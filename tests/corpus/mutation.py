"""In-place updates on local arrays, augmented assignment on every operator, names reused."""

import numpy as np

from . import Case, rng


def scale_first_element(x):
    y = x.copy()
    y[0] = y[0] * 2.0
    y[-1] = np.sin(y[-1])
    return np.sum(y**2)


def add_to_row(A, v):
    B = A.copy()
    B[1, :] += v
    return np.sum(B**2)


def relu_by_mask(x, w):
    y = np.copy(x)
    y[y < 0] = 0.0
    return np.sum(y * w)


def every_augmented_operator(x, y):
    z = x
    z += y
    z -= 0.5 * x
    z *= y
    z /= 1.0 + x * x
    z **= 2
    z %= 1.5
    return z


def augmented_floor_division(t, period):
    cycles = t
    cycles //= period
    phase = t - cycles * period
    return phase * phase


def augmented_matmul(M, v):
    A = np.eye(3)
    A @= M
    A @= M
    return v @ A @ v


def reuse_parameter_name(x):
    x = x * 2.0
    x = np.sin(x)
    x = x + x**2
    return np.sum(x)


def fill_kernel_matrix(x, length):
    n = len(x)
    K = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            K[i, j] = np.exp(-((x[i] - x[j]) ** 2) / (2 * length**2))
    return np.sum(K @ x)


def running_average(x, alpha):
    y = np.zeros_like(x)
    y[0] = x[0]
    for i in range(1, len(x)):
        y[i] = alpha * y[i - 1] + (1 - alpha) * x[i]
    return np.sum(y**2)


def slice_assign(x):
    n = x.shape[0]
    y = np.zeros(2 * n)
    y[:n] = x
    y[n:] = x**2
    return np.sum(np.cumsum(y) * 0.1)


def scale_column(A, s):
    B = A.copy()
    B[:, 0] *= s
    return np.sum(B @ B.T)


def thomas_solve(lower, diag, upper, rhs):
    n = len(diag)
    c = np.zeros(n)
    d = np.zeros(n)
    c[0] = upper[0] / diag[0]
    d[0] = rhs[0] / diag[0]
    for i in range(1, n):
        denom = diag[i] - lower[i] * c[i - 1]
        if i < n - 1:
            c[i] = upper[i] / denom
        d[i] = (rhs[i] - lower[i] * d[i - 1]) / denom
    x = np.zeros(n)
    x[n - 1] = d[n - 1]
    for i in range(n - 2, -1, -1):
        x[i] = d[i] - c[i] * x[i + 1]
    return np.sum(x * np.arange(1, n + 1))


def forward_substitution(L, b):
    n = b.shape[0]
    x = np.zeros(n)
    for i in range(n):
        x[i] = b[i]
        for j in range(i):
            x[i] -= L[i, j] * x[j]
        x[i] /= L[i, i]
    return np.sum(x**2)


def scatter_values(x, v):
    y = x.copy()
    idx = np.array([0, 2, 3])
    y[idx] = v * 3.0
    return np.sum(np.sin(y))


def masked_double(x):
    y = x.copy()
    y[y > 0.5] *= 2.0
    return np.sum(y**3)


def overwrite_in_branch(x, flag):
    y = x * 1.0
    if flag:
        y[0] = 1.0
        y[1] = y[2] + y[0]
    return np.sum(y * x)


def gaussian_elimination_det(A):
    M = A.copy()
    n = M.shape[0]
    det = 1.0
    for k in range(n):
        det *= M[k, k]
        for i in range(k + 1, n):
            factor = M[i, k] / M[k, k]
            M[i, k:] -= factor * M[k, k:]
    return det


def counter_and_total(x):
    total = 0.0
    count = 0
    for v in x:
        count += 1
        total += v * count
        total *= 0.9
    return total


def rotate_in_place(x, theta):
    p = x.copy()
    c, s = np.cos(theta), np.sin(theta)
    for i in range(0, len(p) - 1, 2):
        a = p[i]
        b = p[i + 1]
        p[i] = c * a - s * b
        p[i + 1] = s * a + c * b
    return np.sum(p * np.arange(len(p)))


def shadowed_accumulator(x):
    s = np.sum(x)
    s = s * s
    t = s
    s = np.sqrt(t) + x[0]
    s += t
    return s


def update_2d_block(A, B):
    C = np.zeros((4, 4))
    C[:2, :2] = A
    C[2:, 2:] = B
    C[:2, 2:] = A @ B
    return np.sum(C @ C)


CASES = [
    Case(scale_first_element, lambda: (rng(160).normal(size=4),), 0, tags=("setitem",)),
    Case(
        add_to_row,
        lambda: (rng(161).normal(size=(3, 4)), rng(162).normal(size=4)),
        (0, 1),
        tags=("setitem", "augassign"),
    ),
    Case(
        relu_by_mask,
        lambda: (np.array([0.5, -1.0, 2.0, -0.3, 0.8]), rng(163).normal(size=5)),
        (0, 1),
        tags=("mask",),
    ),
    Case(every_augmented_operator, lambda: (0.7, 1.3), (0, 1), tags=("augassign",)),
    Case(augmented_floor_division, lambda: (7.3, 2.0), (0, 1), tags=("augassign",)),
    Case(
        augmented_matmul,
        lambda: (rng(164).normal(size=(3, 3)), rng(165).normal(size=3)),
        (0, 1),
        tags=("augassign",),
    ),
    Case(reuse_parameter_name, lambda: (rng(166).normal(size=4),), 0, tags=("shadow",)),
    Case(
        fill_kernel_matrix,
        lambda: (rng(167).normal(size=4), 0.9),
        (0, 1),
        tags=("setitem", "nested"),
    ),
    Case(
        running_average, lambda: (rng(168).normal(size=5), 0.6), (0, 1), tags=("setitem", "loop")
    ),
    Case(slice_assign, lambda: (rng(169).normal(size=3),), 0, tags=("setitem", "slice")),
    Case(
        scale_column,
        lambda: (rng(170).normal(size=(3, 2)), 1.7),
        (0, 1),
        tags=("setitem", "augassign"),
    ),
    Case(
        thomas_solve,
        lambda: (
            rng(171).uniform(-1, 1, size=5),
            rng(172).uniform(4, 5, size=5),
            rng(173).uniform(-1, 1, size=5),
            rng(174).normal(size=5),
        ),
        (0, 1, 2, 3),
        tags=("setitem", "loop", "range-negative"),
    ),
    Case(
        forward_substitution,
        lambda: (np.tril(rng(175).normal(size=(4, 4))) + 3 * np.eye(4), rng(176).normal(size=4)),
        (0, 1),
        tags=("setitem", "augassign"),
    ),
    Case(
        scatter_values,
        lambda: (rng(177).normal(size=5), rng(178).normal(size=3)),
        (0, 1),
        tags=("setitem", "fancy"),
    ),
    Case(masked_double, lambda: (np.array([0.1, 0.9, -0.4, 1.5]),), 0, tags=("mask", "augassign")),
    Case(overwrite_in_branch, lambda: (rng(179).normal(size=4), True), 0, tags=("setitem", "if")),
    Case(
        gaussian_elimination_det,
        lambda: (rng(180).normal(size=(3, 3)) + 3 * np.eye(3),),
        0,
        tags=("setitem", "augassign", "nested"),
    ),
    Case(counter_and_total, lambda: (rng(181).normal(size=5),), 0, tags=("augassign",)),
    Case(
        rotate_in_place,
        lambda: (rng(182).normal(size=6), 0.4),
        (0, 1),
        tags=("setitem", "range-step"),
    ),
    Case(shadowed_accumulator, lambda: (rng(183).uniform(0.5, 1, size=3),), 0, tags=("names",)),
    Case(
        update_2d_block,
        lambda: (rng(184).normal(size=(2, 2)), rng(185).normal(size=(2, 2))),
        (0, 1),
        tags=("setitem", "slice"),
    ),
]
