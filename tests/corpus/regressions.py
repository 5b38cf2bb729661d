"""Programs s2s once got silently wrong (or crashed on), each minimized from a report or from the
random-program generator (tests/fuzz). One per class of bug; docs/trust.md says how each class
was closed. ``CASES`` must differentiate right; ``REFUSED`` must be refused at the marked line."""

import numpy as np

from . import Case, rng

DECAY = 1.5


# -- values returned after the backward sweep --------------------------------------------------


def loop_sum(a):
    s = 0.0
    for i in range(3):
        s = s + a * i
    return s


def return_inside_loop(a):
    for i in range(3):
        if i == 1:
            return a * i
    return a


def aux_reassigned_in_loop(a):
    s = 0.0
    t = 1.0
    for i in range(3):
        s = s + a * i
        t = t * 2
    return s, t


def aux_holds_a_restored_array(mu):
    out = np.zeros(5)
    col = 0
    out[col] += mu
    feat = out
    return np.mean(out), {"h": feat, "norm": feat[1]}


def aux_is_a_restored_array(tau, w):
    w = w[1:] @ np.outer(w[1:], w)
    energy = w[2]
    values = []
    i = 0
    values.append(w[-1 - i])
    cost = values[-1]
    if energy > 0.3:
        return cost, DECAY + w
    w[1] = energy
    return 0.1 * np.mean(w) - 0.1 * cost, w


def aux_dict_of_parameter_and_constant(v):
    return 0.1 * np.sum(v), {"h": v, "norm": 0.1}


# -- containers as the differentiated argument -------------------------------------------------


def layers_by_pairs(params, x):
    for W, b in params:
        x = np.tanh(x @ W + b)
    return np.sum(x)


def layers_by_enumerate(params, x):
    for i, (W, b) in enumerate(params):
        x = np.tanh(x @ W + b) * (1.0 + 0.1 * i)
    return np.sum(x)


def first_layer_unpacked(layers):
    W_first, b_first = layers[0]
    return np.sum(W_first * W_first)


def unpacked_layer_added(net, v):
    delta = v.copy()
    W_last, b_last = net[1]
    result = np.sum(delta)
    result += W_last[0, 1]
    return result


def sum_of_a_list_of_items(v, w):
    gain = v[4] * w[0]
    values = []
    values.append(gain)
    return np.sum(values)


def row_of_a_dict_entry(p):
    m = p["W"][0]
    states = []
    states.append(m)
    return np.sum(states) + np.sum(p["bias"] ** 2)


def structurally_zero_array(a, b):
    if b > 100:
        return np.sum(a * b)
    return b * 2.0


# -- names, views and loops --------------------------------------------------------------------


def index_computed_before_a_store(target, x):
    i = 0
    hidden = x
    x = 0.5 * hidden
    x[1 - i] += np.dot(target, x[1:])
    return np.sum(target) * np.sum(x * x)


def mask_store_then_reduction(bias_vec, w):
    bias_vec[bias_vec < -1.0] = 1.0
    w = np.outer(bias_vec, w).max(axis=0)
    return np.mean(w)


def slice_read_before_its_base_changes(w):
    m = np.zeros_like(w)
    m[1:] += w[:3]
    m[1] += m[1:] @ w[1:]
    h = m.copy()
    return np.sum(h)


def iterates_a_name_it_rebinds(A):
    S = A
    for row in S:
        H2 = row[3]
        S = S + H2
    return S[0, 1]


def enumerates_a_name_it_rebinds(A):
    z = A
    for i, xi in enumerate(z):
        if i < 1:
            z = 0.7 * z
        else:
            z = z / (1.0 + xi * xi)
    return np.mean(z)


def rebound_in_a_branch_then_indexed(W, i):
    if i > 0:
        W = 0.1 * W
    return W[1, -2] * 3.0


def negated_in_a_loop_then_indexed(x):
    for i in range(1, 3):
        x = -x
    return x[1] * x[0]


def loop_variable_of_one_branch(theta, mu):
    if mu < 0.0:
        theta = theta * 2.0
    else:
        for i in range(1, 4):
            theta = theta * 1.1
    s = 0.0
    for i in range(3):
        s = s + theta[i] * mu
    return s


def store_through_an_alias_after_use(alpha, w):
    m = np.ones(4)
    for k in range(2):
        m[3] = m[3] + m[k]
        alpha = alpha - 0.5 * np.sum(np.outer(m, w))
    delta = m
    delta[-1] += 1.0
    return np.sin(alpha) + np.mean(m)


def store_indexed_by_a_while_counter(W):
    r = np.max(W, axis=0)
    count = 0
    while count < 3:
        z = W.T @ np.min(W, axis=1) / (1.0 + np.cos(r) ** 2)
        r = r - 0.5 * z
        z[count] = np.sin(np.sum(r))
        count += 1
    return np.sum(r * r)


def boolean_operators_as_values(x):
    y = x or 1.0
    z = x and x * 3.0
    return y * z


def items_read_in_a_later_trip(x):
    """An inner loop over a list whose items' adjoints are zero on the outer loop's first
    backward trip and set on the next: the backward loop must still read items by index."""
    signal = x * 1.0
    v = 0.0
    for i in range(2):
        v = np.sum(signal * signal)
        if i == 0:
            signal[-1] = max(t * t for t in x)
    return v


def layers_items_read_in_a_later_trip(xs):
    total = 0.0
    acc = 0.0
    for k in range(3):
        total = total + acc
        acc = 0.0
        for x in xs:
            acc = acc + np.sum(np.tanh(x))
    return total


CASES = [
    Case(loop_sum, lambda: (2.0,)),
    Case(return_inside_loop, lambda: (2.0,)),
    Case(aux_reassigned_in_loop, lambda: (2.0,), has_aux=True),
    Case(aux_holds_a_restored_array, lambda: (np.float64(-0.0978),), has_aux=True),
    Case(aux_is_a_restored_array, lambda: (-1.18, rng(301).normal(size=5)), (0, 1), has_aux=True),
    Case(aux_dict_of_parameter_and_constant, lambda: (rng(302).normal(size=4),), has_aux=True),
    Case(
        layers_by_pairs,
        lambda: (
            (
                (rng(303).normal(size=(2, 3)), rng(304).normal(size=3)),
                (rng(305).normal(size=(3, 2)), rng(306).normal(size=2)),
            ),
            rng(307).normal(size=(4, 2)),
        ),
        (0, 1),
    ),
    Case(
        layers_by_enumerate,
        lambda: (
            [
                (rng(308).normal(size=(2, 3)), rng(309).normal(size=3)),
                (rng(310).normal(size=(3, 2)), rng(311).normal(size=2)),
            ],
            rng(312).normal(size=(4, 2)),
        ),
        0,
    ),
    Case(
        first_layer_unpacked, lambda: (((rng(313).normal(size=(3, 3)), rng(314).normal(size=3)),),)
    ),
    Case(
        unpacked_layer_added,
        lambda: (
            (
                (rng(315).normal(size=(4, 3)), rng(316).normal(size=3)),
                (rng(317).normal(size=(3, 2)), rng(318).normal(size=2)),
            ),
            rng(319).normal(size=3),
        ),
        "net",
    ),
    Case(
        sum_of_a_list_of_items, lambda: (rng(320).normal(size=5), rng(321).normal(size=5)), (0, 1)
    ),
    Case(
        row_of_a_dict_entry,
        lambda: ({"W": rng(322).normal(size=(2, 3)), "bias": rng(323).normal(size=2)},),
    ),
    Case(structurally_zero_array, lambda: (rng(324).normal(size=3), 1.5), (0, 1)),
    Case(
        index_computed_before_a_store,
        lambda: (rng(325).normal(size=3), rng(326).normal(size=4)),
        (0, 1),
    ),
    Case(
        mask_store_then_reduction, lambda: (rng(327).normal(size=4), rng(328).normal(size=5)), "w"
    ),
    Case(slice_read_before_its_base_changes, lambda: (rng(329).normal(size=4),)),
    Case(iterates_a_name_it_rebinds, lambda: (rng(330).normal(size=(2, 4)),)),
    Case(enumerates_a_name_it_rebinds, lambda: (rng(331).normal(size=(2, 5)),)),
    Case(rebound_in_a_branch_then_indexed, lambda: (rng(332).normal(size=(3, 3)), 1.0)),
    Case(negated_in_a_loop_then_indexed, lambda: (rng(333).normal(size=3),)),
    Case(boolean_operators_as_values, lambda: (1.3,)),
    Case(store_indexed_by_a_while_counter, lambda: (rng(336).normal(size=(2, 5)),)),
    Case(loop_variable_of_one_branch, lambda: (rng(334).normal(size=3), 0.7), (0, 1)),
    Case(store_through_an_alias_after_use, lambda: (0.4, rng(335).normal(size=3)), (0, 1)),
    Case(items_read_in_a_later_trip, lambda: (rng(337).normal(size=4),)),
    Case(
        layers_items_read_in_a_later_trip,
        lambda: ([rng(338).normal(size=3), rng(339).normal(size=(2, 2))],),
    ),
]


# -- refused at their line: NumPy changes an array in place that another name shares ----------


def alias_updated_in_place(t, u):
    u = 2.0 * u
    out = u
    out += t  # <- here
    return np.sum(u)


def view_updated_in_place(theta):
    state = theta[1:] + theta[1:]
    hidden = state
    hidden -= 1.0  # <- here
    return np.mean(state)


def slice_updated_then_name_rebound(v):
    hidden = v.copy()
    row0 = hidden[1:]
    row0 += 0.5  # <- here
    row0 = row0 * 2.0
    return np.sum(hidden)


def row_kept_in_a_list_then_base_updated(net):
    P = np.outer(1.5 * net, DECAY)
    history = []
    history.append(P[-1])
    P -= P  # <- here
    return np.sum(history)


def walks_an_alias_it_changes(A):
    A = -A
    S = A
    for row in S:
        S = -1.0 * S
        A *= row[1]  # <- here
    return np.mean(A)


def stores_into_rows_a_list_holds(mu):
    delta = np.ones(4) * mu
    terms = []
    for i in range(2):
        terms.append(delta[:3])
        delta[i] = mu / 2.0  # <- here
    return np.sum(np.array(terms))


def scatter_add_in_place(x):
    out = np.zeros(3)
    np.add.at(out, [0, 0, 1], x)  # <- here
    return np.sum(out * out)


#: (function, arguments, words the message must hold)
REFUSED = [
    (alias_updated_in_place, lambda: (0.3, rng(340).normal(size=3)), "in place"),
    (view_updated_in_place, lambda: (rng(341).normal(size=4),), "in place"),
    (slice_updated_then_name_rebound, lambda: (rng(342).normal(size=5),), "in place"),
    (row_kept_in_a_list_then_base_updated, lambda: (rng(343).normal(size=2),), "in place"),
    (walks_an_alias_it_changes, lambda: (rng(345).normal(size=(2, 3)),), "in place"),
    (stores_into_rows_a_list_holds, lambda: (0.7,), "list holding it"),
    (scatter_add_in_place, lambda: (rng(344).normal(size=3),), "np.add.at"),
]
