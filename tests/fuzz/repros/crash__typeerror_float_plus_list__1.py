"""Fuzzer repro: CRASH: crash: TypeError in generated derivative: unsupported operand type(s) for
    +: '…' and '…'

[grad] crash: TypeError in generated derivative: unsupported operand type(s) for +: '…' and '…'
    calling the gradient: TypeError: unsupported operand type(s) for +: 'float' and 'list'
[value_and_grad] crash: TypeError in generated derivative: unsupported operand type(s) for +:
    '…' and '…'
    calling value_and_grad: TypeError: unsupported operand type(s) for +: 'float' and 'list'
[vjp] crash: TypeError in generated derivative: unsupported operand type(s) for +: '…' and '…'
    first pullback call: TypeError: unsupported operand type(s) for +: 'float' and 'list'

minimized from 10 to 5 lines in 11 oracle runs

Differentiated as: s2s.grad(loss, wrt=0)(*ARGS)  (and value_and_grad, vjp)
Run: python -m tests.fuzz.repro THIS_FILE   (from the repository root)
"""
import numpy as np

def loss(layers):
    W_first, b_first = layers[0]
    return np.sum(W_first)


# ---- repro data (not part of the program) ----
import numpy as np  # noqa: E402 - for ARGS

FUNCTION = 'loss'
ARGS = (((np.array([[-0.5358469896397775, 0.18566115957830764, -0.8079202662569569], [-0.8193932195957051, 0.11048883402547137, -0.305069675367521], [0.9146521298826689, -0.976683198156574, -0.030580213113006093]]), np.array([0.11295564404370347, 0.2314969272921161, -0.0845669974872097])),),)
WRT = 0
HAS_AUX = False
EXPECTED_CLASS = "crash: TypeError in generated derivative: unsupported operand type(s) for +: '…' and '…'"
STAGES = ('grad', 'value_and_grad', 'vjp')

if __name__ == '__main__':
    import sys

    sys.path.insert(0, '.')
    from tests.fuzz.repro import main

    main([__file__])
