"""Fuzzer repro: WRONG: wrong gradient (grad)

[grad] wrong gradient (grad)
    d/du: s2s [4.89595, 0.133551, 3.48877] vs finite differences [7.23353, -0.386318, 4.44025];
    at 0: 4.89595 vs 7.23353 (1 leaf/leaves differ)
[value_and_grad] wrong value (value_and_grad)
    value: s2s -5.9372 vs plain call -10.228994327266731
[value_and_grad] wrong gradient (value_and_grad)
    d/du: s2s [4.89595, 0.133551, 3.48877] vs finite differences [7.23353, -0.386318, 4.44025];
    at 0: 4.89595 vs 7.23353 (1 leaf/leaves differ)
[vjp] wrong value (vjp)
    vjp's y: s2s -5.9372 vs plain call -10.228994327266731
[vjp] wrong gradient (vjp)
    d/du: s2s [4.89595, 0.133551, 3.48877] vs finite differences [7.23353, -0.386318, 4.44025];
    at 0: 4.89595 vs 7.23353 (1 leaf/leaves differ)

program 1263 of seed '7'

Differentiated as: s2s.grad(forward, wrt=0)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

RATE = 0.5


def forward(u, X):
    feat = np.sin(u) + (X.T @ np.mean(X, axis=1) + (u[0] + u))
    delta = feat
    if RATE < 0.3:
        delta = np.tanh(delta + np.where(u > 0.0, np.sum(X, axis=0), 0.1 * np.sum(X, axis=0)))
        if np.sum(delta) > np.mean(X):
            X = -X
        else:
            feat = 0.5 * feat
            u = 0.1 * u
    elif np.sum(delta) > 0.5:
        r = X.mean(axis=0)
        feat = feat + 0.5 * r
    else:
        feat -= (np.mean(delta) - u[1]) * -1.5
        feat -= -X[-1] + 2.0
    hidden = delta
    h = X[1]
    act = np.zeros_like(feat)
    act[1] += np.cos(X[-1, 1])
    objective_value = feat[-1] + np.mean(hidden)
    objective_value += h[-1]
    objective_value += 2.0 * np.mean(act)
    return objective_value


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'forward'
ARGS = (np.array([-0.8296358915323471, -0.28285832063566546, -0.44417436534193716]), np.array([[0.15249821464368996, 0.03470372844324799, 0.234325929664252], [-1.4458867711677572, -0.7236630857860549, 0.16851908961554218]]))
WRT = 0
HAS_AUX = False
EXPECTED_CLASS = 'wrong gradient (grad)'
STAGES = ('grad',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
