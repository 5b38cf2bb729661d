"""analysis/mutation.py: the names a block of generated code rebinds, and those whose object it
may change in place (element stores, mutating methods, the helpers restoring items,
``np.add.at``), by the variable an element or slice belongs to."""

from __future__ import annotations

from helpers.passes import generated

from s2s.analysis.mutation import mutated, rebound


def body(text):
    return generated("def f():\n" + "".join(f"    {line}\n" for line in text.splitlines())).body


def test_rebound_names_are_the_stores():
    assert rebound(body("s = tape.pop()\nfor i in range(3):\n    t = i\nx[0] = 1.0")) == {
        "s",
        "i",
        "t",
    }


def test_element_and_slice_stores_change_the_base_variable():
    assert mutated(body("x[i] = v\nB[i][j] = w\nC[1:] += u\ny = x[0]")) == {"x", "B", "C"}


def test_mutating_methods_and_helpers():
    found = mutated(
        body(
            "lst.pop()\nd.update(e)\nacc.append(v)\nrestore_item(arr, 2, saved)\n"
            "np.add.at(dx, index, g)\nundo_pop(stack, k, item)\n"
        )
    )
    assert found == {"lst", "d", "acc", "arr", "dx", "stack"}


def test_reading_methods_and_plain_calls_change_nothing():
    assert (
        mutated(body("s = x.sum()\nc = x.copy()\ny = np.tanh(x)\nz = helper(x)\nt = a.T")) == set()
    )


def test_nested_blocks_count():
    assert mutated(
        body("if c:\n    for i in r:\n        x[i] = 0.0\nelse:\n    lst.insert(0, v)")
    ) == {"x", "lst"}
