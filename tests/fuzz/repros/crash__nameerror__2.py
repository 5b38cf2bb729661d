"""Fuzzer repro: CRASH: crash: NameError in generated derivative: name '…' is not defined

[grad] crash: NameError in generated derivative: name '…' is not defined
    calling the gradient: NameError: name 'layer' is not defined
[value_and_grad] crash: NameError in generated derivative: name '…' is not defined
    calling value_and_grad: NameError: name 'layer' is not defined
[vjp] crash: NameError in generated derivative: name '…' is not defined
    s2s.vjp: NameError: name 'layer' is not defined

re-minimized (10 oracle runs)

Differentiated as: s2s.grad(model, wrt=('net', 'coeffs'))(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def model(net, coeffs):

    def layer(s, v):
        return 1.0
    act = np.linspace(0.5, 1.5, 3)
    if layer(coeffs[0], act) < 0.2:
        pass
    energy = sum((t for t in act))
    return energy


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'model'
ARGS = ([(np.array([[0.9467666969975819, -0.28287961272521595, 0.6871149404339398, 0.3942200465255391], [-1.095839674160566, 0.4331095993592427, -0.13053614648996287, 0.5494978116492795], [0.644638255975205, 1.1481436121595248, -0.20682176349049203, 0.9301792500882716], [-0.8621138372367149, -0.06453049455708496, 0.7172570068263753, -0.7909333658984019]]), np.array([-0.06982557035943436, 0.04542762116109809, -0.11753556166767212, -0.5949332065808448]))], [-0.44541811818204813, -1.0333086406107403, 0.6210491101976128])
WRT = ('net', 'coeffs')
HAS_AUX = False
EXPECTED_CLASS = "crash: NameError in generated derivative: name '…' is not defined"
STAGES = ('grad', 'value_and_grad', 'vjp')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
