"""analysis/upward_exposed.py: the names a block reads where some path may not have assigned
them yet (a loop body's loop-carried values)."""

from __future__ import annotations

from helpers.passes import generated

from s2s.analysis.upward_exposed import upward_exposed


def body(text):
    return generated("def f():\n" + "".join(f"    {line}\n" for line in text.splitlines())).body


def test_read_before_assigned():
    assert upward_exposed(body("y = x * 2.0\nx = y\nz = y + w")) == {"x", "w"}


def test_names_defined_before_the_block_are_not_exposed():
    assert upward_exposed(body("y = x * 2.0\nz = y + w"), defined={"x"}) == {"w"}


def test_a_branch_defines_only_what_both_arms_define():
    text = "if c:\n    a = 1.0\n    b = 2.0\nelse:\n    a = 3.0\ny = a + b"
    assert upward_exposed(body(text)) == {"c", "b"}


def test_loop_carried_values_of_a_body():
    """``s = s + x``: the loop body reads the s of the previous trip."""
    loop = body("for x in xs:\n    t = x * 2.0\n    s = s + t")[0]
    assert upward_exposed(loop.body, defined={"x"}) == {"s"}
    assert upward_exposed([loop]) == {"xs", "s"}


def test_a_loop_body_may_not_run_so_it_defines_nothing_after_it():
    text = "while c:\n    u = 1.0\nv = u\nfor i in range(n):\n    k = i\nw = k + i"
    assert upward_exposed(body(text)) == {"c", "u", "range", "n", "k", "i"}  # globals too
