"""Fuzzer repro: WRONG: wrong gradient (grad)

[grad] wrong gradient (grad)
    d/dp['W']: s2s [-0.477718, 0.218147, 0.717852, -0.161547, ...] vs finite differences
    [-0.479666, 0.21807, 0.681558, -0.159959, ...]; at (1, 2): 2.46507 vs 2.36501 (1 leaf/leaves
    differ)
[value_and_grad] wrong gradient (value_and_grad)
    d/dp['W']: s2s [-0.477718, 0.218147, 0.717852, -0.161547, ...] vs finite differences
    [-0.479666, 0.21807, 0.681558, -0.159959, ...]; at (1, 2): 2.46507 vs 2.36501 (1 leaf/leaves
    differ)

program 1652 of seed '11'

Differentiated as: s2s.grad(model, wrt=('p', 'layers'), has_aux=True)(*ARGS)  (and
    value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np


def model(p, layers):
    r = np.max(p['W'], axis=0)
    count = 0
    while count < 3:
        z = p['W'].T @ np.min(p['W'], axis=1) / (1.0 + np.cos(r) ** 2)
        r = r - 0.5 * z
        z[count] = np.sin(np.sum(r))
        if np.max(p['bias']) < z[4]:
            break
        count += 1
    if p['bias'][0] < 1.0:
        r = np.tanh(r + r)
        r = r - p['bias'] ** 2 @ p['W']
    else:
        r = 0.7 * r + 0.1 * np.tanh(np.tanh(r))
    m = r.copy()
    m[1:] = -0.3
    m *= 2.0
    h = np.cos(np.mean(p['W'], axis=1))
    out = h * (h * p['bias'])
    for i, xi in enumerate(r):
        h = np.tanh(h + p['W'] @ m)
    for i, (W_l, bias_l) in enumerate(layers):
        z_l = W_l @ r + bias_l
        if i < len(layers) - 1:
            r = np.tanh(z_l)
        else:
            r = z_l
    return r @ r + h @ h + 2.0 * (out @ out), np.min(h)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'model'
ARGS = ({'W': np.array([[0.05272044377170268, -0.45662202766444154, -0.6099594065890758, -0.42888713809873225, 0.43717977792907636], [-0.9117808130926063, -1.334419785833054, 0.2656221464323588, -0.13410214882586272, 0.37634014479071487]]), 'bias': np.array([-0.6032586201324149, 0.5511150388090984])}, ((np.array([[0.13262537477954467, -0.04039845915637248, -0.32321656847093067, 0.04537233950994284, -0.6426950015482733], [0.41597424924982473, -1.3555372783092925, 0.8147806693786595, -0.13956855756192832, -0.4676288578597097]]), np.array([0.18305053511679345, 0.3274858839129633])), (np.array([[-0.7381483620973263, 0.14224922227624553], [-0.436246133224824, -0.7069680066753599], [0.1188607958497373, -0.44402494226947636], [-1.1119176045025332, -0.2747840873015676], [0.4395889379735101, -0.1782924682507224]]), np.array([-0.3231441292583422, -0.5162906552914428, -0.06705356786541672, -0.04770126057594383, 0.016144542191990567]))))
WRT = ('p', 'layers')
HAS_AUX = True
EXPECTED_CLASS = 'wrong gradient (grad)'
STAGES = ('grad',)

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
